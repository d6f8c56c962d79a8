"""`flask demo load`: the demo people of the README, their fuldmagt and, from
each capability's demo.py, their cases, decisions, sessions and complaints.
Everything goes through the app's own models and services."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal import clock
from portal.auth.models import Grant, Person, StaffMember
from portal.demo_people import PEOPLE, STAFF
from portal.extensions import db

demo_cli = AppGroup("demo", help="Demodata for `make run` og browsertestene.")

# Capabilities whose demo.py adds data, in dependency order.
CAPABILITY_LOADERS = ("apply", "schedule", "complaints", "messages")


@dataclass
class DemoWorld:
    people: dict[str, Person] = field(default_factory=dict)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def load() -> DemoWorld:
    now = clock.now()
    world = DemoWorld()
    for demo in PEOPLE:
        person = Person(cpr=demo.cpr, name=demo.name, municipality_id=demo.municipality_id,
                        email=demo.email, created_at=now)
        db.session.add(person)
        world.people[demo.key] = person
    for demo in STAFF:
        member = StaffMember(subject=demo.subject, name=demo.name, municipality_id=demo.municipality_id,
                             roles=",".join(demo.roles), created_at=now)
        db.session.add(member)
        world.staff[demo.key] = member
    db.session.flush()
    db.session.add(Grant(
        grantor_id=world.people["birthe"].id, holder_id=world.people["mette"].id,
        scopes="apply,view,cancel,complain,messages", valid_until=None, created_at=now, updated_at=now,
    ))
    db.session.flush()
    for package in CAPABILITY_LOADERS:
        importlib.import_module(f"portal.{package}.demo").load(world)
        db.session.flush()
    from portal import demo_history

    demo_history.load(world)
    db.session.flush()
    return world


def is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(Person)) == 0


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Gør intet, hvis databasen allerede har data.")
def load_command(if_empty: bool) -> None:
    if not is_empty():
        if if_empty:
            click.echo("Databasen har allerede data; demodata indlæses ikke.")
            return
        raise click.ClickException("databasen har allerede data; brug en tom database")
    load()
    db.session.commit()
    click.echo(f"Demodata indlæst: {len(PEOPLE)} personer og {len(STAFF)} medarbejdere.")
