"""The quality figures as SQL aggregates: the database groups and counts, and
Python sees only the small grouped rows (never one row per case).

Each promise is a select of (since, done, reference[, due]): the day it
counts from, the day it was kept (NULL while open), the case or complaint it
belongs to, and the last day that keeps it where the case stores that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, exists, extract, func, or_, select

from portal.cases.models import AWAITING_CONFIRMATION, DECIDED, RECEIVED, VISITATION, WITHDRAWN, Case
from portal.cases.timeline import DECISION_STEP, RESPONSE_STEP
from portal.complaints.models import DECISION as DECISION_COMPLAINT
from portal.complaints.models import RECEIVED as COMPLAINT_RECEIVED
from portal.complaints.models import RECONSIDERING, UPHELD, Complaint
from portal.extensions import db
from portal.municipalities.schema import Deadline, Municipality
from portal.rules.quality import last_event_day
from portal.schedule.models import (
    ATTENDED, CANCELLED, CANCELLED_BY_MUNICIPALITY, NO_SHOW, REJECTED, Booking, Decision, Slot,
)

from .sql import LeftFirstJoin, days_between, local_date

# The promises the follow-up measures, in the order a case meets them.
PROMISE_KINDS = ("response", "provider_contact", "start", "reconsideration")
CASE_LAWS = ("sel_86_1", "sel_86_2")  # the offers applied for in the portal


@dataclass(frozen=True)
class PromiseRows:
    kind: str
    deadline: Deadline
    rows: Select  # since, done, reference, and due where the case stores it
    stored_due: bool  # False: the rules give the promised day from `since`
    # The statuses an open promise can be in: the same rows as "done IS NULL", found through the status index.
    open_when: ColumnElement[bool] | None = None


def _laws_with_date(m: Municipality, kind: str) -> tuple[Deadline | None, list[str]]:
    laws = [law for law in CASE_LAWS if (p := m.promise(kind, law)) is not None and p.rule.has_date]
    return (m.promise(kind, laws[0]) if laws else None), laws


def _response(m: Municipality) -> PromiseRows | None:
    deadline, laws = _laws_with_date(m, "response")
    if deadline is None:
        return None
    done = Case.decided_on if RESPONSE_STEP.get(deadline.event, DECISION_STEP) == DECISION_STEP else Case.visitation_on
    # A relative's application counts from the citizen's confirmation (cases.services.confirm).
    received = local_date(func.coalesce(Case.confirmed_at, Case.received_at))
    rows = (select(Case.response_due.label("due"), received.label("since"), done.label("done"),
                   Case.reference.label("reference"))
            .where(Case.municipality_id == m.id, Case.response_due.is_not(None),
                   or_(Case.status != WITHDRAWN, done.is_not(None))))
    return PromiseRows("response", deadline, rows, stored_due=True,
                       open_when=Case.status.in_((RECEIVED, AWAITING_CONFIRMATION, VISITATION)))


def _granted_cases(m: Municipality, laws: list[str], since, done, *, join_decision: bool = False) -> Select:
    """Cases whose training the promise is about: not rejected, not withdrawn before it began."""
    rejected = exists().where(Decision.case_id == Case.id, Decision.outcome == REJECTED)
    query = select(since.label("since"), done.label("done"), Case.reference.label("reference")).select_from(Case)
    if join_decision:
        query = query.join(Decision, Decision.case_id == Case.id)
    return query.where(Case.municipality_id == m.id, Case.law.in_(laws), since.is_not(None), ~rejected,
                       or_(Case.status != WITHDRAWN, done.is_not(None)))


# The day a start promise counts from. The case keeps its decision's date (schedule.services.decide).
_START_SINCE = {"decision": Case.decided_on, "decision_received": Decision.received_on,
                "visitation_visit": Case.visitation_on}


def _start(m: Municipality) -> PromiseRows | None:
    deadline, laws = _laws_with_date(m, "start")
    if deadline is None or deadline.after not in _START_SINCE:
        return None
    rows = _granted_cases(m, laws, _START_SINCE[deadline.after], Case.training_started_on,
                          join_decision=deadline.after == "decision_received")
    return PromiseRows("start", deadline, rows, stored_due=False, open_when=Case.status.in_((VISITATION, DECIDED)))


def _provider_contact(m: Municipality) -> PromiseRows | None:
    """The training place's first contact: the day it booked the first session."""
    deadline, laws = _laws_with_date(m, "provider_contact")
    if deadline is None:
        return None
    first_booking = (select(func.min(Booking.created_at)).where(Booking.case_id == Case.id)
                     .correlate(Case).scalar_subquery())
    rows = _granted_cases(m, laws, Case.decided_on, local_date(first_booking))
    return PromiseRows("provider_contact", deadline, rows, stored_due=False, open_when=Case.status == DECIDED)


def _reconsideration(m: Municipality) -> PromiseRows | None:
    deadline = m.deadlines.reconsideration
    if deadline is None or not deadline.rule.has_date:
        return None
    rows = (select(Complaint.answer_due.label("due"), Complaint.received_on.label("since"),
                   local_date(Complaint.decided_at).label("done"), Complaint.reference.label("reference"))
            .where(Complaint.municipality_id == m.id, Complaint.subject == DECISION_COMPLAINT,
                   Complaint.answer_due.is_not(None)))
    if deadline.event == "upheld_answer":
        # Glostrup promises the answer within 4 uger only where the complaint is upheld (DOMAIN.md §5):
        # a decision kept goes on to Ankestyrelsen, and that promise was never made for it.
        rows = rows.where(Complaint.status.in_((COMPLAINT_RECEIVED, RECONSIDERING, UPHELD)))
    return PromiseRows("reconsideration", deadline, rows, stored_due=True,
                       open_when=Complaint.status.in_((COMPLAINT_RECEIVED, RECONSIDERING)))


_BUILDERS = {"response": _response, "provider_contact": _provider_contact, "start": _start,
             "reconsideration": _reconsideration}


def promise_rows(m: Municipality, kind: str) -> PromiseRows | None:
    """The promise's rows, or None where the standard promises no date for it."""
    return _BUILDERS[kind](m)


def promise_groups(source: PromiseRows) -> list[tuple[date | None, date, int | None, int]]:
    """(stored promised day or None, the day it counts from, days until done or None while open, how many).
    Grouped by the day it counts from: the rules turn each such day into its promised day."""
    r = source.rows.subquery()
    days = days_between(r.c.since, r.c.done)
    keys = ([r.c.due] if source.stored_due else []) + [r.c.since, days]
    query = select(*keys, func.count()).group_by(*keys)
    result = db.session.execute(query).all()
    if source.stored_due:
        return [(due, since, d, n) for due, since, d, n in result]
    return [(None, since, d, n) for since, d, n in result]


def open_promises(source: PromiseRows, until: date, limit: int) -> list[tuple[date, str]]:
    """Open promises due on or before `until`, the earliest first: (stored due or the day it counts from, reference).
    A later event day never has an earlier promised day, so the order is the same."""
    rows = source.rows if source.open_when is None else source.rows.where(source.open_when)
    r = rows.subquery()
    key = r.c.due if source.stored_due else r.c.since
    last = until if source.stored_due else last_event_day(source.deadline.rule, until)
    query = (select(key, r.c.reference).where(r.c.done.is_(None), key <= last)
             .order_by(key, r.c.reference).limit(limit))
    return [(day, reference) for day, reference in db.session.execute(query)]


def cancellations(m: Municipality) -> list[tuple[int, str, str | None, bool | None, bool | None, int]]:
    """(year, status, reason, on time, replacement offered, how many) for the sessions of the municipality."""
    year = extract("year", Slot.starts_at)
    query = (select(year, Booking.status, Booking.cancel_reason, Booking.cancel_on_time, Booking.replacement_offered,
                    func.count())
             .select_from(LeftFirstJoin(Booking.__table__, Slot.__table__, Slot.id == Booking.slot_id))
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
