"""`flask --app portal …` commands: the rules (DOMAIN.md §8 and §9) and the demo data."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from portal import municipalities
from portal.municipalities import wording
from portal.municipalities.bodies import route_bodies
from portal.rules import RuleError, routing
from portal.rules.ages import born_from_cpr, pension_age
from portal.rules.cancellation import Reason, cancellation_outcome
from portal.rules.complaints import Subject
from portal.rules.deadlines import deadline_date


class OneLineErrors:
    """Bad input ends in one line on stderr and a non-zero exit, never a usage dump."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.Exit:
            raise
        except click.UsageError as error:
            raise click.ClickException(error.format_message().replace("\n", " ")) from None


class RulesCommand(OneLineErrors, click.Command):
    pass


class RulesGroup(OneLineErrors, AppGroup):
    command_class = RulesCommand

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise click.ClickException(error.format_message().replace("\n", " ")) from None


rules = RulesGroup("rules", help="Kommunernes regler som JSON (DOMAIN.md §8 og §9).")


def _municipality(municipality_id: str):
    try:
        return municipalities.get(municipality_id)
    except municipalities.UnknownMunicipality:
        known = ", ".join(municipalities.all_municipalities())
        raise click.ClickException(f"ukendt kommune {municipality_id!r}; kendte kommuner: {known}") from None


def _moment(value: str, option: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise click.ClickException(f"{option} skal være en dato og et klokkeslæt som 2026-11-12T14:00, ikke {value!r}") from None


def _day(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.ClickException(f"{option} skal være en dato som 2026-11-12, ikke {value!r}") from None


def _emit(payload: dict) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False))


@rules.command("cancel", help="Er et afbud rettidigt, hvad er fristen, og gives erstatningstræning?")
@click.option("--municipality", required=True)
@click.option("--start", "start_text", required=True, help="Træningens start, YYYY-MM-DDTHH:MM")
@click.option("--at", "at_text", required=True, help="Tidspunktet for afbuddet, YYYY-MM-DDTHH:MM")
@click.option("--reason", required=True, help="illness | bereavement | other")
def cancel(municipality: str, start_text: str, at_text: str, reason: str) -> None:
    m = _municipality(municipality)
    start = _moment(start_text, "--start")
    at = _moment(at_text, "--at")
    try:
        why = Reason.parse(reason)
    except RuleError:
        raise click.ClickException(f"ukendt årsag {reason!r}; brug illness, bereavement eller other") from None
    outcome = cancellation_outcome(m.cancellation.policy, start, at, why)
    _emit({
        "on_time": outcome.on_time,
        "deadline": outcome.deadline.isoformat(timespec="seconds"),
        "replacement": outcome.replacement,
    })


@rules.command("deadline", help="Kommunens frist fra en given dato.")
@click.option("--municipality", required=True)
@click.option("--kind", required=True, help="response | start | complaint")
@click.option("--from", "from_text", required=True, help="YYYY-MM-DD")
def deadline(municipality: str, kind: str, from_text: str) -> None:
    m = _municipality(municipality)
    if kind not in ("response", "start", "complaint"):
        raise click.ClickException(f"ukendt frist {kind!r}; brug response, start eller complaint")
    start = _day(from_text, "--from")
    rule = getattr(m.deadlines, kind)
    last = deadline_date(rule.rule, start)
    with force_locale("da"):
        text = wording.deadline_rule(rule)
    _emit({"deadline": last.isoformat() if last else None, "rule": text})


@rules.command("complaint", help="Hvor en klage skal hen.")
@click.option("--municipality", required=True)
@click.option("--about", required=True, help="decision | case_handling | delivery | treatment | compensation")
def complaint(municipality: str, about: str) -> None:
    m = _municipality(municipality)
    try:
        subject = Subject.parse(about)
    except RuleError:
        choices = ", ".join(s.value for s in Subject)
        raise click.ClickException(f"ukendt klageemne {about!r}; brug {choices}") from None
    route, bodies = route_bodies(m, subject)
    _emit({"route": [b.as_json() for b in bodies], "appealable": route.appealable})


def _choice(value: str, option: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise click.ClickException(f"{option} skal være {' eller '.join(choices)}, ikke {value!r}")
    return value


def _yes(value: str, option: str) -> bool:
    return _choice(value, option, ("yes", "no")) == "yes"


@rules.command("guide", help="Hvilken vej passer til en person (DOMAIN.md §9)?")
@click.option("--municipality", required=True)
@click.option("--born", "born_text", required=True, help="Fødselsdato, YYYY-MM-DD")
@click.option("--on", "on_text", required=True, help="Dagen, der spørges om, YYYY-MM-DD")
@click.option("--hospital", required=True, help="no | admitted | discharged")
@click.option("--plan", default="no", show_default=True, help="yes | no: en genoptræningsplan fra sygehuset")
@click.option("--need", required=True, help="regain | maintain")
@click.option("--referral", default="no", show_default=True, help="yes | no: lægehenvisning til vederlagsfri fysioterapi")
@click.option("--care", default="no", show_default=True, help="yes | no: brug for pleje og omsorg")
@click.option("--group", default="none", show_default=True, help="handicap | sindslidelse | misbrug | none")
@click.option("--last-course", "last_course_text", default=None, help="Da det sidste vedligeholdende forløb sluttede, YYYY-MM-DD")
def guide(municipality, born_text, on_text, hospital, plan, need, referral, care, group, last_course_text) -> None:
    m = _municipality(municipality)
    facts = routing.Facts(
        born=_day(born_text, "--born"),
        hospital=_choice(hospital, "--hospital", routing.HOSPITAL_VALUES),
        need=_choice(need, "--need", routing.NEED_VALUES),
        plan=_yes(plan, "--plan"), referral=_yes(referral, "--referral"), care=_yes(care, "--care"),
        group=_choice(group, "--group", routing.GROUP_VALUES),
        last_course=_day(last_course_text, "--last-course") if last_course_text is not None else None,
    )
    on = _day(on_text, "--on")
    try:
        decision = routing.outcome(m.routing, facts, on)
    except RuleError as error:
        raise click.ClickException(f"kan ikke afgøre vejen: {error}") from None
    _emit(decision.as_json())


@rules.command("pension-age", help="Hvornår en person når folkepensionsalderen.")
@click.option("--born", "born_text", required=True, help="Fødselsdato, YYYY-MM-DD")
def pension_age_command(born_text: str) -> None:
    found = pension_age(_day(born_text, "--born"))
    _emit({"date": found.date.isoformat(), "years": found.years})


_CPR_FORM = re.compile(r"^\d{6}-\d{4}$")


@rules.command("born", help="Fødselsdatoen i et cpr-nummer.")
@click.option("--cpr", required=True, help="DDMMYY-SSSS")
def born(cpr: str) -> None:
    if not _CPR_FORM.match(cpr or ""):
        raise click.ClickException("--cpr skal være et cpr-nummer som DDMMYY-SSSS")
    try:
        found = born_from_cpr(cpr)
    except RuleError:
        raise click.ClickException("--cpr har en dato, der ikke findes") from None
    _emit({"born": found.isoformat()})


def init_app(app: Flask) -> None:
    from portal.consistency import check_command
    from portal.demo import demo_cli

    app.cli.add_command(rules)
    app.cli.add_command(demo_cli)
    app.cli.add_command(check_command)
