"""`flask outbox send`, and the demo page where the demo's messages can be read."""

from __future__ import annotations

import click
from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import func, select

from portal.auth.current import actor, staff_required
from portal.auth.models import Person
from portal.extensions import db

from . import delivery
from .models import PENDING, OutboxMessage

bp = Blueprint("outbox", __name__)  # its CLI group is `flask outbox …`


@bp.cli.command("send", help="Send ventende beskeder fra udbakken med SMTP.")
@click.option("--limit", default=500, show_default=True, help="Højst så mange forsøg i denne kørsel.")
def send_command(limit: int) -> None:
    try:
        result = delivery.send_pending(current_app.config, limit=limit)
    except delivery.ConfigurationMissing as error:
        raise click.ClickException(str(error)) from None
    waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == PENDING))
    click.echo(f"Sendt: {result.sent}. Fejlede og prøves igen senere: {result.failed}. Venter i alt: {waiting}.")


@bp.get("/demo/outbox")
def demo_outbox():
    if not current_app.config.get("DEMO"):
        abort(404)
    return _staff_outbox()


@staff_required()
def _staff_outbox():
    # The messages carry citizens' names, addresses and case details: only
    # staff read them, and only those to citizens of their own municipality.
    messages = db.session.scalars(
        select(OutboxMessage).join(Person, OutboxMessage.person_id == Person.id)
        .where(Person.municipality_id == actor().staff.municipality_id)
        .order_by(OutboxMessage.id.desc()).limit(200)
    ).all()
    return render_template("outbox/demo.html", messages=messages)
