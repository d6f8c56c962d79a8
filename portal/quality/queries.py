"""The quality figures as SQL aggregates: the database groups and counts, and
Python sees only the small grouped rows (never one row per case).

Each promise is a select of (due, done, since, reference): the last day that
keeps it, the day it was kept (NULL while open), the day it counts from, and
the case or complaint it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, extract, func, literal, or_, select

from portal.cases.models import WITHDRAWN, Case
from portal.cases.timeline import DECISION_STEP, RESPONSE_STEP
from portal.complaints.models import DECISION as DECISION_COMPLAINT
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.municipalities.schema import Deadline, Municipality
from portal.schedule.models import (
    ATTENDED, CANCELLED, CANCELLED_BY_MUNICIPALITY, NO_SHOW, REJECTED, Booking, Decision, Slot,
)

from .sql import calendar_cte, days_between, local_date

# The promises the follow-up measures, in the order a case meets them.
PROMISE_KINDS = ("response", "provider_contact", "start", "reconsideration")
CASE_LAWS = ("sel_86_1", "sel_86_2")  # the offers applied for in the portal


@dataclass(frozen=True)
class PromiseRows:
    kind: str
    deadline: Deadline
    rows: Select  # due, done, since, reference


def _laws_with_date(m: Municipality, kind: str) -> tuple[Deadline | None, list[str]]:
    laws = [law for law in CASE_LAWS if (p := m.promise(kind, law)) is not None and p.rule.has_date]
    return (m.promise(kind, laws[0]) if laws else None), laws


def _response(m: Municipality) -> PromiseRows | None:
    deadline, laws = _laws_with_date(m, "response")
    if deadline is None:
        return None
    done = Case.decided_on if RESPONSE_STEP.get(deadline.event, DECISION_STEP) == DECISION_STEP else Case.visitation_on
    rows = (select(Case.response_due.label("due"), done.label("done"), local_date(Case.received_at).label("since"),
                   Case.reference.label("reference"))
            .where(Case.municipality_id == m.id, Case.response_due.is_not(None),
                   or_(Case.status != WITHDRAWN, done.is_not(None))))
    return PromiseRows("response", deadline, rows)


def _granted_cases(m: Municipality, laws: list[str], anchor, *, outer: bool) -> Select:
    """Cases whose training the promise is about: not rejected, not withdrawn before it began."""
    query = select(Case.id).select_from(Case)
    query = (query.outerjoin if outer else query.join)(Decision, Decision.case_id == Case.id)
    return query.where(Case.municipality_id == m.id, Case.law.in_(laws), anchor.is_not(None),
                       or_(Decision.id.is_(None), Decision.outcome != REJECTED))


def _with_calendar(kind: str, deadline: Deadline, base: Select, anchor, done, reference) -> Select:
    """Adds the promised day from the promise's calendar over the anchors' range."""
    first, last = db.session.execute(base.with_only_columns(func.min(anchor), func.max(anchor))).one()
    if first is None:
        first = last = date(2000, 1, 1)
    cal = calendar_cte(f"cal_{kind}", deadline.rule, first, last)
    return (base.with_only_columns(cal.c.column2.label("due"), done.label("done"), anchor.label("since"),
                                   reference.label("reference"))
            .join(cal, cal.c.column1 == anchor))


def _start(m: Municipality) -> PromiseRows | None:
    deadline, laws = _laws_with_date(m, "start")
    if deadline is None:
        return None
    anchor = {"decision": Decision.decided_on, "decision_received": Decision.received_on,
              "visitation_visit": Case.visitation_on}.get(deadline.after)
    if anchor is None:
        return None
    base = _granted_cases(m, laws, anchor, outer=deadline.after == "visitation_visit").where(
        or_(Case.status != WITHDRAWN, Case.training_started_on.is_not(None)))
    return PromiseRows("start", deadline, _with_calendar("start", deadline, base, anchor, Case.training_started_on,
                                                         Case.reference))


def _provider_contact(m: Municipality) -> PromiseRows | None:
    """The training place's first contact: the day it booked the first session."""
    deadline, laws = _laws_with_date(m, "provider_contact")
    if deadline is None:
        return None
    first_booking = (select(func.min(Booking.created_at)).where(Booking.case_id == Case.id)
                     .correlate(Case).scalar_subquery())
    base = _granted_cases(m, laws, Decision.decided_on, outer=False)
    return PromiseRows("provider_contact", deadline, _with_calendar(
        "provider_contact", deadline, base, Decision.decided_on, local_date(first_booking), Case.reference))


def _reconsideration(m: Municipality) -> PromiseRows | None:
    deadline = m.deadlines.reconsideration
    if deadline is None or not deadline.rule.has_date:
        return None
    rows = (select(Complaint.answer_due.label("due"), local_date(Complaint.decided_at).label("done"),
                   Complaint.received_on.label("since"), Complaint.reference.label("reference"))
            .where(Complaint.municipality_id == m.id, Complaint.subject == DECISION_COMPLAINT,
                   Complaint.answer_due.is_not(None)))
    return PromiseRows("reconsideration", deadline, rows)


_BUILDERS = {"response": _response, "provider_contact": _provider_contact, "start": _start,
             "reconsideration": _reconsideration}


def promise_rows(m: Municipality, kind: str) -> PromiseRows | None:
    """The promise's rows, or None where the standard promises no date for it."""
    return _BUILDERS[kind](m)


def promise_months(rows: Select, today: date) -> list[tuple[int, int, int | None, bool, int]]:
    """(year, month of the promised day, days late or None while open, the day has passed, how many)."""
    r = rows.subquery()
    year, month = extract("year", r.c.due), extract("month", r.c.due)
    late = days_between(r.c.due, r.c.done)
    passed = case((r.c.due < literal(today), 1), else_=0)
    query = select(year, month, late, passed, func.count()).group_by(year, month, late, passed)
    return [(int(y), int(mo), lt, bool(p), n) for y, mo, lt, p, n in db.session.execute(query)]


def promise_days(rows: Select) -> list[tuple[int, int, int]]:
    """(year of the promised day, days from the event to the day it was done, how many)."""
    r = rows.subquery()
    year, days = extract("year", r.c.due), days_between(r.c.since, r.c.done)
    query = select(year, days, func.count()).where(r.c.done.is_not(None)).group_by(year, days)
    return [(int(y), int(d), n) for y, d, n in db.session.execute(query)]


def open_promises(rows: Select, until: date, limit: int) -> list[tuple[date, str]]:
    """Open promises due on or before `until`, the earliest first: (due, reference)."""
    r = rows.subquery()
    query = (select(r.c.due, r.c.reference).where(r.c.done.is_(None), r.c.due <= until)
             .order_by(r.c.due, r.c.reference).limit(limit))
    return [(due, reference) for due, reference in db.session.execute(query)]


def cancellations(m: Municipality) -> list[tuple[int, str, str | None, bool | None, bool | None, int]]:
    """(year, status, reason, on time, replacement offered, how many) for the sessions of the municipality."""
    year = extract("year", Slot.starts_at)
    query = (select(year, Booking.status, Booking.cancel_reason, Booking.cancel_on_time, Booking.replacement_offered,
                    func.count())
             .join(Slot, Slot.id == Booking.slot_id)
             .where(Slot.municipality_id == m.id,
                    Booking.status.in_((ATTENDED, NO_SHOW, CANCELLED, CANCELLED_BY_MUNICIPALITY)))
             .group_by(year, Booking.status, Booking.cancel_reason, Booking.cancel_on_time,
                       Booking.replacement_offered))
    return [(int(y), *rest) for y, *rest in db.session.execute(query)]


def complaints(m: Municipality) -> list[tuple[int, str, str, int]]:
    """(year received, subject, status, how many)."""
    year = extract("year", Complaint.received_on)
    query = (select(year, Complaint.subject, Complaint.status, func.count())
             .where(Complaint.municipality_id == m.id)
             .group_by(year, Complaint.subject, Complaint.status))
    return [(int(y), subject, status, n) for y, subject, status, n in db.session.execute(query)]
