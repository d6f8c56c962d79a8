"""Filing complaints and moving them along their route. Every function changes
models, writes the audit entry and flushes; the view commits once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal import audit, clock, municipalities
from portal.auth.models import Person, StaffMember
from portal.cases.models import Case, new_reference
from portal.extensions import db
from portal.municipalities.schema import Municipality
from portal.rules import states
from portal.rules.complaint_deadlines import decision_complaint_deadline, is_late, reconsideration_answer_deadline
from portal.schedule.models import ATTENDED, CANCELLED_BY_MUNICIPALITY, NO_SHOW, Booking, Decision, Slot

from . import notifications
from .models import (
    ANSWERED, CASE_HANDLING, DECISION, DELIVERY, FORWARDED, KEPT, RECEIVED, RECONSIDERING, SENT_TO_VISITATION,
    UPHELD, WITH_PROVIDER, Complaint, ComplaintEvent,
)


class ComplaintStateError(ValueError):
    """The complaint is not in a state where this step can be taken."""


# ------------------------------------------------------------ what is whose

# References in URLs and forms (TP-…, KL-…, a booking's, a submission token):
# anything else is simply not found, and never reaches the database.
_REFERENCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _is_reference(value: str | None) -> bool:
    return bool(value) and _REFERENCE.match(value) is not None


is_token = _is_reference


def municipality_for(citizen: Person, case: Case | None = None) -> Municipality | None:
    """The municipality that handles the complaint: the case's, else the citizen's,
    else the one of the citizen's latest case."""
    municipality_id = case.municipality_id if case is not None else citizen.municipality_id
    if municipality_id is None:
        municipality_id = db.session.scalar(
            select(Case.municipality_id).where(Case.citizen_id == citizen.id).order_by(Case.received_at.desc()).limit(1)
        )
    if municipality_id is None:
        return None
    try:
        return municipalities.get(municipality_id)
    except municipalities.UnknownMunicipality:
        return None


def own_cases(citizen: Person) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.citizen_id == citizen.id).order_by(Case.received_at.desc())
    ))


def own_case(citizen: Person, reference: str) -> Case | None:
    if not _is_reference(reference):
        return None
    return db.session.scalar(select(Case).where(Case.citizen_id == citizen.id, Case.reference == reference))


def latest_decision(case: Case) -> Decision | None:
    from portal.schedule.services import latest_decision as the_decision

    return the_decision(case)


def own_decisions(citizen: Person) -> list[Decision]:
    """The latest decision on each of the citizen's cases, newest first."""
    decisions = []
    for case in own_cases(citizen):
        decision = latest_decision(case)
        if decision is not None:
            decisions.append(decision)
    return sorted(decisions, key=lambda d: (d.decided_on, d.id), reverse=True)


def own_decision(citizen: Person, case_reference: str) -> Decision | None:
    case = own_case(citizen, case_reference)
    return latest_decision(case) if case is not None else None


def own_bookings(citizen: Person, *, limit: int = 40) -> list[Booking]:
    """Sessions a citizen can complain about: held, missed or cancelled by the municipality."""
    now = clock.now()
    rows = db.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Booking.citizen_id == citizen.id)
        .where(
            (Slot.starts_at <= now) | (Booking.status == CANCELLED_BY_MUNICIPALITY)
            | (Booking.status.in_((ATTENDED, NO_SHOW)))
        )
        .order_by(Slot.starts_at.desc())
        .limit(limit)
    )
    return list(rows)


def own_booking(citizen: Person, reference: str) -> Booking | None:
    if not _is_reference(reference):
        return None
    return db.session.scalar(select(Booking).where(Booking.citizen_id == citizen.id, Booking.reference == reference))


def complaints_of(citizen: Person) -> list[Complaint]:
    return list(db.session.scalars(
        select(Complaint).where(Complaint.citizen_id == citizen.id).order_by(Complaint.received_at.desc())
    ))


def complaints_about_case(case: Case) -> list[Complaint]:
    return list(db.session.scalars(
        select(Complaint).where(Complaint.case_id == case.id).order_by(Complaint.received_at.desc())
    ))


def open_complaint_about(decision: Decision) -> Complaint | None:
    return db.session.scalar(
        select(Complaint).where(Complaint.decision_id == decision.id, Complaint.closed_at.is_(None)).limit(1)
    )


# ------------------------------------------------------------------ filing

def _unique_reference() -> str:
    while True:
        reference = new_reference("KL")
        if db.session.scalar(select(Complaint.id).where(Complaint.reference == reference)) is None:
            return reference


def by_submission(citizen: Person, token: str) -> Complaint | None:
    if not _is_reference(token):
        return None
    return db.session.scalar(
        select(Complaint).where(Complaint.citizen_id == citizen.id, Complaint.submission_token == token)
    )


def decision_deadline(m: Municipality, decision: Decision) -> date | None:
    """The citizen's last day to complain: what the decision letter said, from the same rule."""
    return decision.complaint_deadline or decision_complaint_deadline(m.deadlines.complaint.rule, decision.received_on)


@dataclass
class ComplaintText:
    what_happened: str
    wants: str
    new_information: str | None
    contact: str
    contact_phone: str | None
    contact_email: str | None


def file_complaint(
    *, citizen: Person, filed_by: Person, m: Municipality, subject: str, text: ComplaintText,
    case: Case | None = None, decision: Decision | None = None, booking: Booking | None = None,
    submission_token: str | None = None,
) -> Complaint:
    if subject not in (DECISION, CASE_HANDLING, DELIVERY):
        raise ValueError(f"{subject!r} is not filed in the portal")
    if subject == DECISION and decision is None:
        raise ValueError("a decision complaint needs its decision")
    if subject == DELIVERY and booking is None:
        raise ValueError("a delivery complaint needs its session")
    now = clock.now()
    today = now.date()
    if decision is not None:
        case = decision.case
    if booking is not None:
        case = booking.case
    deadline = decision_deadline(m, decision) if subject == DECISION else None
    answer_due = None
    if subject == DECISION and m.deadlines.reconsideration is not None:
        answer_due = reconsideration_answer_deadline(m.deadlines.reconsideration.rule, today)
    complaint = Complaint(
        reference=_unique_reference(), citizen_id=citizen.id, filed_by_id=filed_by.id,
        filed_as="self" if filed_by.id == citizen.id else "fuldmagt",
        municipality_id=m.id, subject=subject,
        case_id=case.id if case else None, decision_id=decision.id if decision else None,
        booking_id=booking.id if booking else None,
        what_happened=text.what_happened, wants=text.wants,
        new_information=(text.new_information or None) if subject == DECISION else None,
        contact=text.contact,
        contact_phone=text.contact_phone if text.contact == "phone" else None,
        contact_email=text.contact_email if text.contact == "email" else None,
        received_at=now, received_on=today, deadline=deadline, late=is_late(deadline, today),
        answer_due=answer_due, status=RECEIVED, level=0, submission_token=submission_token or None,
    )
    db.session.add(complaint)
    db.session.flush()
    _event(complaint, RECEIVED, person=filed_by)
    if subject == DELIVERY:
        # The provider's leader answers first (DOMAIN.md §7): it goes there at once.
        _to(complaint, WITH_PROVIDER)
        _event(complaint, WITH_PROVIDER, person=filed_by)
    audit.record("complaint.create", "complaint", complaint.reference, subject=citizen, detail=subject)
    notifications.status_changed(complaint)
    db.session.flush()
    return complaint


def _event(complaint: Complaint, status: str, *, person: Person | None = None, staff: StaffMember | None = None) -> None:
    complaint.events.append(ComplaintEvent(
        at=clock.now(), status=status,
        actor_person_id=person.id if person else None, actor_staff_id=staff.id if staff else None,
    ))


def _to(complaint: Complaint, status: str) -> None:
    """A step along the complaint's route, as its life allows (portal.rules.states)."""
    states.check_complaint_transition(complaint.status, status)
    complaint.status = status


def _close(complaint: Complaint) -> None:
    complaint.closed_at = clock.now()


# ------------------------------------------------------------ staff side

def may_see(staff: StaffMember, complaint: Complaint) -> bool:
    """Complaint handlers see their municipality's complaints; the provider's
    leader sees the delivery complaints (DOMAIN.md §7)."""
    return staff.municipality_id == complaint.municipality_id and states.may_see_complaint(
        complaint.subject, set(staff.role_list))


def actions_for(staff: StaffMember, complaint: Complaint) -> frozenset[str]:
    """What this member of staff can do with the complaint now (portal.rules.states)."""
    if staff.municipality_id != complaint.municipality_id:
        return frozenset()
    return states.complaint_actions(complaint.subject, complaint.status, set(staff.role_list),
                                    has_package=bool(complaint.package_html))


@dataclass
class Inbox:
    to_handle: list[Complaint]
    others: list[Complaint]


def inbox(staff: StaffMember, *, recent: int = 30) -> Inbox:
    rows = db.session.scalars(
        select(Complaint).where(Complaint.municipality_id == staff.municipality_id).order_by(Complaint.received_at.desc())
    )
    to_handle, others = [], []
    for complaint in rows:
        if not may_see(staff, complaint):
            continue
        if actions_for(staff, complaint) - {"package"}:
            to_handle.append(complaint)
        elif len(others) < recent:
            others.append(complaint)
    far = date.max
    to_handle.sort(key=lambda c: (c.answer_due or far, c.received_at))
    return Inbox(to_handle, others)


def is_overdue(complaint: Complaint, today: date) -> bool:
    return complaint.is_open and complaint.answer_due is not None and today > complaint.answer_due


def _require(staff: StaffMember, complaint: Complaint, action: str) -> None:
    if action not in actions_for(staff, complaint):
        raise ComplaintStateError(action)


def start_reconsideration(staff: StaffMember, complaint: Complaint) -> None:
    _require(staff, complaint, "start")
    _to(complaint, RECONSIDERING)
    complaint.handler_id = staff.id
    _event(complaint, RECONSIDERING, staff=staff)
    audit.record("complaint.start", "complaint", complaint.reference, subject=complaint.citizen_id)
    notifications.status_changed(complaint)
    db.session.flush()


def record_reconsideration(staff: StaffMember, complaint: Complaint, *, outcome: str, changes: str, reasons: str) -> None:
    """Medhold (the municipality changes its decision) or fastholdt (it keeps it,
    and the forwarding package for Ankestyrelsen is produced)."""
    _require(staff, complaint, "reconsider")
    if outcome not in ("upheld", "kept"):
        raise ValueError(outcome)
    complaint.handler_id = staff.id
    complaint.decided_at = clock.now()
    if outcome == "upheld":
        _to(complaint, UPHELD)
        complaint.changes = changes
        complaint.reasons = reasons or None
        _close(complaint)
        _event(complaint, UPHELD, staff=staff)
        audit.record("complaint.upheld", "complaint", complaint.reference, subject=complaint.citizen_id)
    else:
        from .package import forwarding_package

        _to(complaint, KEPT)
        complaint.reasons = reasons
        complaint.changes = None
        _event(complaint, KEPT, staff=staff)
        db.session.flush()
        complaint.package_html = forwarding_package(complaint)
        audit.record("complaint.kept", "complaint", complaint.reference, subject=complaint.citizen_id)
    notifications.status_changed(complaint)
    db.session.flush()


def mark_forwarded(staff: StaffMember, complaint: Complaint) -> None:
    _require(staff, complaint, "forward")
    _to(complaint, FORWARDED)
    complaint.forwarded_on = clock.today()
    _close(complaint)
    _event(complaint, FORWARDED, staff=staff)
    audit.record("complaint.forward", "complaint", complaint.reference, subject=complaint.citizen_id)
    notifications.status_changed(complaint)
    db.session.flush()


def answer(staff: StaffMember, complaint: Complaint, text: str) -> None:
    """The provider's leader or the visitation answers; the visitation's answer is final."""
    _require(staff, complaint, "answer")
    complaint.handler_id = staff.id
    complaint.decided_at = clock.now()
    if complaint.subject == DELIVERY and complaint.status == WITH_PROVIDER:
        complaint.answer = text
    else:
        complaint.final_answer = text
        _close(complaint)
    _to(complaint, ANSWERED)
    _event(complaint, ANSWERED, staff=staff)
    audit.record("complaint.answer", "complaint", complaint.reference, subject=complaint.citizen_id)
    notifications.status_changed(complaint)
    db.session.flush()


def record_package_download(complaint: Complaint) -> None:
    audit.record("complaint.package", "complaint", complaint.reference, subject=complaint.citizen_id)


# ----------------------------------------------------------- citizen side

def may_escalate(complaint: Complaint) -> states.Verdict:
    """A delivery complaint answered by the provider can go on to the visitation."""
    return states.may_escalate(complaint.subject, complaint.status, complaint.level, complaint.is_open)


def not_satisfied(person: Person, complaint: Complaint, reason: str) -> None:
    if not may_escalate(complaint):
        raise ComplaintStateError("escalate")
    _to(complaint, SENT_TO_VISITATION)
    complaint.level = 1
    complaint.not_satisfied_reason = reason or None
    _event(complaint, SENT_TO_VISITATION, person=person)
    audit.record("complaint.escalate", "complaint", complaint.reference, subject=complaint.citizen_id)
    notifications.status_changed(complaint)
    db.session.flush()
