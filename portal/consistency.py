"""`flask --app portal check`: what the data must never say, asked of the data.

The database forbids most of it (unique indexes, the place-counting
triggers, CHECK constraints); this looks anyway, so a copy restored from
before the constraints, a hand edit or a bug in a migration is found and
named. Each finding is one line; any finding exits non-zero.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from portal.cases.models import Case
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.rules.states import LIVE, BookingStatus, CaseStatus, ComplaintStatus
from portal.schedule.models import MOVED, Booking, Decision, Slot

_LIVE = tuple(status.value for status in LIVE)


def _places_miscounted() -> list[str]:
    live = (select(Booking.slot_id, func.count().label("n")).where(Booking.status.in_(_LIVE))
            .group_by(Booking.slot_id).subquery())
    rows = db.session.execute(
        select(Slot.id, Slot.booked, func.coalesce(live.c.n, 0)).outerjoin(live, live.c.slot_id == Slot.id)
        .where(Slot.booked != func.coalesce(live.c.n, 0)).order_by(Slot.id))
    return [f"slot {slot_id}: counts {booked} places taken, but {n} live bookings hold one" for slot_id, booked, n in rows]


def _overbooked() -> list[str]:
    rows = db.session.execute(select(Slot.id, Slot.booked, Slot.capacity).where(Slot.booked > Slot.capacity))
    return [f"slot {slot_id}: {booked} places taken of {capacity}" for slot_id, booked, capacity in rows]


def _double_places() -> list[str]:
    rows = db.session.execute(
        select(Booking.slot_id, Booking.citizen_id, func.count()).where(Booking.status.in_(_LIVE))
        .group_by(Booking.slot_id, Booking.citizen_id).having(func.count() > 1))
    return [f"slot {slot_id}: person {citizen} holds {n} places" for slot_id, citizen, n in rows]


def _moved_twice() -> list[str]:
    rows = db.session.execute(
        select(Booking.moved_from_id, func.count()).where(Booking.moved_from_id.is_not(None))
        .group_by(Booking.moved_from_id).having(func.count() > 1))
    return [f"booking {booking}: moved {n} times" for booking, n in rows]


def _moved_nowhere() -> list[str]:
    successor = aliased(Booking)
    rows = db.session.execute(
        select(Booking.reference).outerjoin(successor, successor.moved_from_id == Booking.id)
        .where(Booking.status == MOVED, successor.id.is_(None)))
    return [f"booking {reference}: marked moved, but no booking took its place" for (reference,) in rows]


def _replaced_twice() -> list[str]:
    rows = db.session.execute(
        select(Booking.replacement_for_id, func.count())
        .where(Booking.replacement_for_id.is_not(None), Booking.status != MOVED)
        .group_by(Booking.replacement_for_id).having(func.count() > 1))
    return [f"booking {booking}: {n} standing replacements" for booking, n in rows]


def _live_on_cancelled_slots() -> list[str]:
    rows = db.session.execute(
        select(Booking.reference, Slot.id).join(Slot, Booking.slot_id == Slot.id)
        .where(Slot.cancelled_at.is_not(None), Booking.status == BookingStatus.BOOKED.value))
    return [f"booking {reference}: still booked on slot {slot_id}, which the municipality cancelled"
            for reference, slot_id in rows]


def _someone_elses_case() -> list[str]:
    rows = db.session.execute(
        select(Booking.reference).join(Case, Booking.case_id == Case.id).join(Slot, Booking.slot_id == Slot.id)
        .where((Booking.citizen_id != Case.citizen_id) | (Slot.municipality_id != Case.municipality_id)))
    return [f"booking {reference}: its citizen or municipality differs from its case's" for (reference,) in rows]


def _unknown_statuses() -> list[str]:
    findings = []
    for model, statuses in ((Booking, BookingStatus), (Case, CaseStatus), (Complaint, ComplaintStatus)):
        known = [status.value for status in statuses]
        rows = db.session.execute(select(model.reference, model.status).where(model.status.not_in(known)))
        findings += [f"{model.__tablename__} {reference}: unknown status {status!r}" for reference, status in rows]
    return findings


def _decisions_and_statuses() -> list[str]:
    decided = select(Decision.case_id)
    needs = (CaseStatus.DECIDED.value, CaseStatus.TRAINING.value)
    before = (CaseStatus.RECEIVED.value, CaseStatus.VISITATION.value, CaseStatus.AWAITING_CONFIRMATION.value)
    without = db.session.scalars(select(Case.reference).where(Case.status.in_(needs), Case.id.not_in(decided)))
    early = db.session.scalars(select(Case.reference).where(Case.status.in_(before), Case.id.in_(decided)))
    return ([f"case {reference}: decided, but has no decision" for reference in without]
            + [f"case {reference}: has a decision, but its status says it has none" for reference in early])


def _over_the_grant() -> list[str]:
    used = (select(Booking.case_id, func.count().label("n")).where(Booking.status.in_(_LIVE))
            .group_by(Booking.case_id).subquery())
    latest = select(func.max(Decision.id)).group_by(Decision.case_id)
    rows = db.session.execute(
        select(Case.reference, used.c.n, Decision.max_sessions).join(used, used.c.case_id == Case.id)
        .join(Decision, and_(Decision.case_id == Case.id, Decision.id.in_(latest)))
        .where(Decision.max_sessions.is_not(None), used.c.n > Decision.max_sessions))
    return [f"case {reference}: {n} sessions booked, the decision grants {most}" for reference, n, most in rows]


CHECKS = (
    _places_miscounted, _overbooked, _double_places, _moved_twice, _moved_nowhere, _replaced_twice,
    _live_on_cancelled_slots, _someone_elses_case, _unknown_statuses, _decisions_and_statuses, _over_the_grant,
)


def findings() -> list[str]:
    return [finding for check in CHECKS for finding in check()]


@click.command("check")
@with_appcontext
def check_command() -> None:
    """Report any inconsistency in the data; exit 1 if there is one."""
    found = findings()
    for finding in found:
        click.echo(finding)
    if found:
        click.echo(f"{len(found)} inconsistencies", err=True)
        raise SystemExit(1)
    click.echo("The data is consistent.")
