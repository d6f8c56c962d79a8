"""Decisions, sessions, cancelling and moving: state changes that flush and never commit.

Every change writes its audit entry and, where the citizen must be told, its
outbox message in the caller's transaction. A refused change raises
ScheduleError before or during the change; the view then rolls back, so
nothing is half-written.

Places on a slot are taken and given back only by atomic conditional UPDATEs
(`take_place`, `release_place`): when two people take the last place at the
same moment, the database lets exactly one of them have it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import has_request_context, url_for
from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload
from sqlalchemy import func, select, update

from portal import audit, clock, municipalities
from portal.auth.models import Person, StaffMember
from portal.cases.models import DECIDED, TRAINING, Case, new_reference
from portal.extensions import db
from portal.municipalities.schema import Municipality
from portal.outbox.services import enqueue_template
from portal.rules.cancellation import (
    CancellationOutcome,
    Reason,
    cancellation_deadline,
    cancellation_outcome,
    needs_reassessment,
)
from portal.rules.deadlines import deadline_date

from .models import (
    ATTENDED,
    BOOKED,
    CANCELLED,
    CANCELLED_BY_MUNICIPALITY,
    MOVED,
    NO_SHOW,
    REJECTED,
    Booking,
    Decision,
    Slot,
)

# Bookings that use one of the sessions a decision grants.
USING_A_SESSION = (BOOKED, ATTENDED, NO_SHOW)


class ScheduleError(Exception):
    """A change the rules or the data do not allow. `code` names it; the view words it."""

    def __init__(self, code: str, **info):
        super().__init__(code)
        self.code = code
        self.info = info


class SlotFull(ScheduleError):
    def __init__(self, slot: Slot):
        super().__init__("slot_full", slot=slot)


def to_the_minute(moment: datetime) -> datetime:
    """Deadlines are given to the minute ("kl. 12.00"): anything within 12.00 is at 12.00."""
    return moment.replace(second=0, microsecond=0)


def municipality_of(booking: Booking) -> Municipality:
    return municipalities.get(booking.slot.municipality_id)


def _link(endpoint: str, **values) -> str:
    """An absolute link for a message, when there is a request to build it from."""
    if not has_request_context():
        return ""
    return url_for(endpoint, _external=True, **values)


def _booking_reference() -> str:
    while True:
        reference = new_reference("TB")
        if db.session.scalar(select(Booking.id).where(Booking.reference == reference)) is None:
            return reference


# ------------------------------------------------------------------ decisions

def latest_decision(case: Case) -> Decision | None:
    return db.session.scalar(
        select(Decision).where(Decision.case_id == case.id).order_by(Decision.created_at.desc(), Decision.id.desc()).limit(1)
    )


def complaint_deadline(m: Municipality, received_on: date) -> date:
    return deadline_date(m.deadlines.complaint.rule, received_on)


def record_decision(case: Case, staff: StaffMember, fields: dict) -> Decision:
    """Store the afgørelse, mark the case decided, and tell the citizen."""
    m = municipalities.get(case.municipality_id)
    received_on: date = fields["received_on"]
    decision = Decision(
        case_id=case.id, decided_by_id=staff.id, created_at=clock.now(),
        complaint_deadline=complaint_deadline(m, received_on), **fields,
    )
    if decision.outcome == REJECTED:
        # A rejection grants nothing: no frequency, sessions or period.
        for name in ("form", "frequency", "session_minutes", "max_sessions", "period_start", "period_end"):
            setattr(decision, name, None)
    db.session.add(decision)
    case.status = DECIDED
    case.decided_on = decision.decided_on
    db.session.flush()
    audit.record("decision.create", "case", case.reference, subject=case.citizen, detail=decision.outcome)
    enqueue_template(
        case.citizen, "decision", lazy_gettext("Du har fået en afgørelse om træning"), "decision.txt",
        case=case, decision=decision, link=_link("schedule.decision", reference=case.reference),
    )
    return decision


# ------------------------------------------------------------------- capacity

def take_place(slot: Slot) -> bool:
    """Take one place on `slot` if one is free, atomically; False if it is full or cancelled."""
    result = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.booked < Slot.capacity, Slot.cancelled_at.is_(None))
        .values(booked=Slot.booked + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(slot, ["booked"])
    return result.rowcount == 1


def release_place(slot: Slot) -> None:
    db.session.execute(
        update(Slot).where(Slot.id == slot.id, Slot.booked > 0).values(booked=Slot.booked - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(slot, ["booked"])


def book(case: Case, slot: Slot, *, replacement_for: Booking | None = None, moved_from: Booking | None = None) -> Booking:
    """A place for the case's citizen on `slot`; SlotFull if someone else got the last one."""
    if not take_place(slot):
        raise SlotFull(slot)
    booking = Booking(
        reference=_booking_reference(), slot_id=slot.id, case_id=case.id, citizen_id=case.citizen_id,
        status=BOOKED, replacement_for_id=replacement_for.id if replacement_for else None,
        moved_from_id=moved_from.id if moved_from else None, created_at=clock.now(),
    )
    db.session.add(booking)
    db.session.flush()
    return booking


def free_slots(municipality_id: str, offer_id: str, *, citizen_id: int | None = None,
               exclude_slot_id: int | None = None, places: int = 1, limit: int = 40) -> list[Slot]:
    """Future slots of the offer with at least `places` free places, that the citizen is not already on."""
    query = (
        select(Slot)
        .where(
            Slot.municipality_id == municipality_id, Slot.offer_id == offer_id,
            Slot.starts_at > clock.now(), Slot.cancelled_at.is_(None),
            Slot.booked + places <= Slot.capacity,
        )
        .order_by(Slot.starts_at, Slot.id)
        .limit(limit)
    )
    if exclude_slot_id is not None:
        query = query.where(Slot.id != exclude_slot_id)
    if citizen_id is not None:
        taken = select(Booking.slot_id).where(Booking.citizen_id == citizen_id, Booking.status == BOOKED)
        query = query.where(Slot.id.not_in(taken))
    return list(db.session.scalars(query))


def _same_offer(slot: Slot, other: Slot) -> bool:
    return slot.municipality_id == other.municipality_id and slot.offer_id == other.offer_id


def _check_target(booking_slot: Slot, target: Slot | None) -> Slot:
    if target is None or not _same_offer(booking_slot, target) or target.id == booking_slot.id:
        raise ScheduleError("not_offered")
    if target.cancelled_at is not None or target.starts_at <= clock.now():
        raise ScheduleError("not_offered")
    return target


# ---------------------------------------------------- cancelling (the citizen)

def is_upcoming(booking: Booking, now: datetime | None = None) -> bool:
    return booking.slot.ends_at > (now or clock.now())


def can_cancel(booking: Booking, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return booking.status == BOOKED and booking.slot.cancelled_at is None and booking.slot.starts_at > now


def outcome_for(booking: Booking, reason: Reason, at: datetime | None = None) -> CancellationOutcome:
    return cancellation_outcome(municipality_of(booking).cancellation.policy, booking.slot.starts_at,
                                to_the_minute(at or clock.now()), reason)


def cancel(booking: Booking, reason: Reason, by: Person) -> CancellationOutcome:
    """The citizen's afbud: accepted on time or late, recorded as such; the place is freed."""
    now = clock.now()
    if not can_cancel(booking, now):
        raise ScheduleError("not_cancellable")
    outcome = outcome_for(booking, reason, now)
    booking.status = CANCELLED
    booking.cancelled_at = now
    booking.cancel_reason = reason.value
    booking.cancel_on_time = outcome.on_time
    booking.cancel_deadline = outcome.deadline
    booking.replacement_offered = outcome.replacement
    booking.cancelled_by_id = by.id
    release_place(booking.slot)
    db.session.flush()
    audit.record("booking.cancel", "booking", booking.reference, subject=booking.citizen_id,
                 detail="til tiden" if outcome.on_time else "for sent")
    enqueue_template(
        booking.citizen, "cancel_receipt", lazy_gettext("Kvittering for dit afbud"), "cancel_receipt.txt",
        booking=booking, outcome=outcome, by=by, link=_link("schedule.receipt", reference=booking.reference),
    )
    return outcome


def replacement_of(booking: Booking) -> Booking | None:
    """The session that replaces a cancelled one (after any moves), if one was chosen."""
    return db.session.scalar(
        select(Booking).where(Booking.replacement_for_id == booking.id, Booking.status != MOVED)
        .order_by(Booking.id.desc()).limit(1)
    )


def replacements_of(bookings: list[Booking]) -> dict[int, Booking]:
    """replacement_of for many bookings in one query (for the plan's rows)."""
    ids = [b.id for b in bookings if b.status in (CANCELLED, CANCELLED_BY_MUNICIPALITY)]
    if not ids:
        return {}
    found: dict[int, Booking] = {}
    # No ORDER BY: with one, SQLite scans the whole table in id order instead
    # of using the index on replacement_for_id. The newest wins, as in replacement_of.
    replacements = db.session.scalars(
        select(Booking).options(selectinload(Booking.slot))
        .where(Booking.replacement_for_id.in_(ids), Booking.status != MOVED)
    ).all()
    for replacement in sorted(replacements, key=lambda b: b.id):
        found[replacement.replacement_for_id] = replacement
    return found


def can_undo(booking: Booking, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return (
        booking.status == CANCELLED and booking.cancel_deadline is not None
        and to_the_minute(now) <= booking.cancel_deadline
        and booking.slot.cancelled_at is None and booking.slot.starts_at > now
    )


def undo_cancellation(booking: Booking, by: Person) -> Booking | None:
    """Take the afbud back before its deadline. A replacement chosen meanwhile is
    given back (returned, so the view can say so)."""
    if not can_undo(booking):
        raise ScheduleError("undo_too_late")
    replacement = replacement_of(booking)
    if replacement is not None and (replacement.status != BOOKED or replacement.moved_from_id is not None):
        raise ScheduleError("replacement_in_use")
    if not take_place(booking.slot):
        raise SlotFull(booking.slot)
    if replacement is not None:
        release_place(replacement.slot)
        audit.record("booking.release", "booking", replacement.reference, subject=booking.citizen_id)
        db.session.delete(replacement)
    booking.status = BOOKED
    for name in ("cancelled_at", "cancel_reason", "cancel_on_time", "cancel_deadline", "replacement_offered", "cancelled_by_id"):
        setattr(booking, name, None)
    db.session.flush()
    audit.record("booking.undo_cancel", "booking", booking.reference, subject=booking.citizen_id)
    enqueue_template(
        booking.citizen, "undo_receipt", lazy_gettext("Dit afbud er fortrudt"), "undo_receipt.txt",
        booking=booking, replacement=replacement, by=by, link=_link("schedule.plan"),
    )
    return replacement


_UNKNOWN = object()


def can_choose_replacement(booking: Booking, replacement=_UNKNOWN) -> bool:
    """`replacement`, when the caller already knows it (None for none), saves a query."""
    if booking.status != CANCELLED or not booking.replacement_offered:
        return False
    if replacement is _UNKNOWN:
        replacement = replacement_of(booking)
    return replacement is None


def choose_replacement(booking: Booking, target: Slot | None, by: Person) -> Booking:
    if not can_choose_replacement(booking):
        raise ScheduleError("no_replacement")
    target = _check_target(booking.slot, target)
    new = book(booking.case, target, replacement_for=booking)
    audit.record("booking.replacement", "booking", new.reference, subject=booking.citizen_id)
    enqueue_template(
        booking.citizen, "replacement_receipt", lazy_gettext("Din erstatningstræning er booket"), "replacement_receipt.txt",
        booking=new, cancelled=booking, by=by, link=_link("schedule.plan"),
    )
    return new


# --------------------------------------------------------------------- moving

def move_deadline(booking: Booking) -> datetime:
    """Moving follows the deadline for afbud for any other reason (DOMAIN.md §6)."""
    return cancellation_deadline(municipality_of(booking).cancellation.policy, booking.slot.starts_at, Reason.OTHER)


def moving_allowed(booking: Booking) -> bool:
    return municipality_of(booking).cancellation.moving_allowed


def can_move(booking: Booking, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return moving_allowed(booking) and can_cancel(booking, now) and to_the_minute(now) <= move_deadline(booking)


def move(booking: Booking, target: Slot | None, by: Person) -> Booking:
    """Move to another free slot of the same offer; the old place is freed."""
    if not moving_allowed(booking):
        raise ScheduleError("moving_not_allowed")
    if not can_cancel(booking):
        raise ScheduleError("not_cancellable")
    if to_the_minute(clock.now()) > move_deadline(booking):
        raise ScheduleError("move_too_late", deadline=move_deadline(booking))
    target = _check_target(booking.slot, target)
    new = book(booking.case, target, moved_from=booking)
    new.replacement_for_id = booking.replacement_for_id  # a moved replacement is still the replacement
    booking.status = MOVED
    release_place(booking.slot)
    db.session.flush()
    audit.record("booking.move", "booking", new.reference, subject=booking.citizen_id, detail=f"fra {booking.reference}")
    enqueue_template(
        booking.citizen, "move_receipt", lazy_gettext("Din træning er flyttet"), "move_receipt.txt",
        booking=new, old=booking, by=by, link=_link("schedule.plan"),
    )
    return new


# -------------------------------------------------------------------- courses

def sessions_used(case: Case) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Booking).where(Booking.case_id == case.id, Booking.status.in_(USING_A_SESSION))
    ) or 0


def no_shows(case: Case) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Booking).where(Booking.case_id == case.id, Booking.status == NO_SHOW)
    ) or 0


def bookable_decision(case: Case) -> Decision | None:
    decision = latest_decision(case)
    if decision is None or decision.outcome == REJECTED:
        return None
    return decision


@dataclass
class Created:
    slots: list[Slot]
    bookings: list[Booking]


def create_slots(staff: StaffMember, *, offer_id: str, form: str, starts: list[datetime], minutes: int,
                 place: str, therapist: str, capacity: int, case: Case | None = None) -> Created:
    """New training times; with a case, its citizen is booked on each of them."""
    now = clock.now()
    if not starts:
        raise ScheduleError("no_days")
    if any(start <= now for start in starts):
        raise ScheduleError("in_the_past")
    decision = None
    if case is not None:
        decision = bookable_decision(case)
        if decision is None or decision.offer_id != offer_id:
            raise ScheduleError("not_granted")
        if decision.max_sessions is not None and sessions_used(case) + len(starts) > decision.max_sessions:
            raise ScheduleError("too_many", used=sessions_used(case), wanted=len(starts), most=decision.max_sessions)
    slots = []
    for start in sorted(starts):
        slot = Slot(
            municipality_id=staff.municipality_id, offer_id=offer_id, form=form, starts_at=start, minutes=minutes,
            place=place, therapist=therapist, capacity=capacity, booked=0, created_by_id=staff.id,
        )
        db.session.add(slot)
        slots.append(slot)
    db.session.flush()
    bookings = []
    if case is not None:
        bookings = [book(case, slot) for slot in slots]
        if case.status == DECIDED:
            case.status = TRAINING
        audit.record("schedule.book", "case", case.reference, subject=case.citizen,
                     detail=f"{len(bookings)} træningstider")
    return Created(slots, bookings)


def book_existing(staff: StaffMember, case: Case, slot: Slot) -> Booking:
    """Put the citizen on an existing slot (a place on a hold, say)."""
    decision = bookable_decision(case)
    if decision is None or decision.offer_id != slot.offer_id or slot.municipality_id != case.municipality_id:
        raise ScheduleError("not_granted")
    if slot.cancelled_at is not None or slot.starts_at <= clock.now():
        raise ScheduleError("not_offered")
    if db.session.scalar(select(Booking.id).where(Booking.slot_id == slot.id, Booking.case_id == case.id, Booking.status == BOOKED)):
        raise ScheduleError("already_booked")
    if decision.max_sessions is not None and sessions_used(case) + 1 > decision.max_sessions:
        raise ScheduleError("too_many", used=sessions_used(case), wanted=1, most=decision.max_sessions)
    booking = book(case, slot)
    if case.status == DECIDED:
        case.status = TRAINING
    audit.record("schedule.book", "case", case.reference, subject=case.citizen, detail="1 træningstid")
    return booking


# ------------------------------------------------------- attendance, no-shows

def mark_attendance(booking: Booking, attended: bool, staff: StaffMember) -> bool:
    """Mødt or udeblevet (a correction is allowed). Returns True when this
    marking flagged the case for reassessment."""
    if booking.slot.starts_at > clock.now():
        raise ScheduleError("not_started")
    if booking.status not in (BOOKED, ATTENDED, NO_SHOW):
        raise ScheduleError("not_markable")
    booking.status = ATTENDED if attended else NO_SHOW
    booking.marked_at = clock.now()
    booking.marked_by_id = staff.id
    case = booking.case
    if attended and case.training_started_on is None:
        case.training_started_on = booking.slot.starts_at.date()
    if case.status == DECIDED:
        case.status = TRAINING
    db.session.flush()
    audit.record("booking.attendance", "booking", booking.reference, subject=booking.citizen_id,
                 detail="mødt" if attended else "udeblevet")
    m = municipality_of(booking)
    count = no_shows(case)
    if case.reassessment_flagged_at is None and needs_reassessment(m.cancellation.policy, count):
        case.reassessment_flagged_at = clock.now()
        audit.record("case.reassessment_flag", "case", case.reference, subject=case.citizen, detail=f"{count} udeblivelser")
        enqueue_template(
            case.citizen, "reassessment", lazy_gettext("Dit træningsforløb bliver vurderet igen"), "reassessment.txt",
            case=case, count=count, m=m, link=_link("schedule.plan"),
        )
        return True
    return False


# ------------------------------------------------- the municipality cancels

def cancel_slot(slot: Slot, staff: StaffMember, note: str, *, replacement: Slot | None = None,
                new_start: datetime | None = None) -> list[Booking]:
    """The municipality cancels a session. Everyone booked on it gets a
    replacement (an existing free slot of the offer, or a new time) and a message."""
    now = clock.now()
    if slot.cancelled_at is not None:
        raise ScheduleError("already_cancelled")
    if slot.starts_at <= now:
        raise ScheduleError("in_the_past")
    affected = list(db.session.scalars(
        select(Booking).where(Booking.slot_id == slot.id, Booking.status == BOOKED).order_by(Booking.id)
    ))
    target = None
    if new_start is not None:
        if new_start <= now:
            raise ScheduleError("in_the_past")
        target = Slot(
            municipality_id=slot.municipality_id, offer_id=slot.offer_id, form=slot.form, starts_at=new_start,
            minutes=slot.minutes, place=slot.place, therapist=slot.therapist, capacity=max(slot.capacity, len(affected)),
            booked=0, created_by_id=staff.id,
        )
        db.session.add(target)
        db.session.flush()
    elif replacement is not None:
        target = _check_target(slot, replacement)
    if affected and target is None:
        raise ScheduleError("replacement_required")
    slot.cancelled_at = now
    slot.cancel_note = note[:300]
    new_bookings = []
    for booking in affected:
        booking.status = CANCELLED_BY_MUNICIPALITY
        booking.cancelled_at = now
        booking.cancelled_by_staff_id = staff.id
        booking.replacement_offered = True
        new = book(booking.case, target, replacement_for=booking)
        new_bookings.append(new)
        audit.record("booking.municipality_cancel", "booking", booking.reference, subject=booking.citizen_id,
                     detail=f"erstatning {new.reference}")
        enqueue_template(
            booking.citizen, "municipality_cancel", lazy_gettext("Kommunen har aflyst en træning – du har fået en ny tid"),
            "municipality_cancel.txt", booking=booking, new=new, note=note, m=municipality_of(booking),
            link=_link("schedule.plan"),
        )
    # Everyone on the cancelled slot has left it.
    db.session.execute(update(Slot).where(Slot.id == slot.id).values(booked=0).execution_options(synchronize_session=False))
    db.session.expire(slot, ["booked"])
    db.session.flush()
    return new_bookings


# ------------------------------------------------------------------- calendar

def renew_calendar_token(person: Person) -> str:
    """A new unguessable address for the calendar subscription; the old one stops working."""
    person.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    audit.record("calendar.renew", "person", "kalender", subject=person)
    return person.calendar_token


def stop_calendar(person: Person) -> None:
    person.calendar_token = None
    db.session.flush()
    audit.record("calendar.stop", "person", "kalender", subject=person)
