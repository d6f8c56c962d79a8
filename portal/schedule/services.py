"""Decisions, sessions, cancelling and moving: state changes that flush and never commit.

Every change writes its audit entry and, where the citizen must be told, its
outbox message in the caller's transaction. A refused change raises
ScheduleError before or during the change; the view then rolls back, so
nothing is half-written.

A slot's place count is kept by the database (`places.py`): a booking that
becomes live takes a place, one that stops being live gives it back. Before
a place is taken the slot's row is locked and looked at (`_take_place`), so
when two people take the last place at the same moment, the second waits for
the first and is told the slot is full. The objects a view changes arrive
locked (`portal.access`); what "may I?" means lives in `portal.rules.states`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import has_request_context, url_for
from flask_babel import lazy_gettext
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from portal import audit, clock, municipalities
from portal.access import lock
from portal.auth.models import AuditEntry, Person, StaffMember
from portal.cases.models import DECIDED, Case, new_reference
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
from portal.rules import states
from portal.rules.deadlines import deadline_date
from portal.rules.states import LIVE, USING_A_SESSION, ReplacementFacts, SessionFacts, Verdict, to_the_minute

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


class ScheduleError(Exception):
    """A change the rules or the data do not allow. `code` names it; the view words it."""

    def __init__(self, code: str, **info):
        super().__init__(code)
        self.code = code
        self.info = info


class SlotFull(ScheduleError):
    def __init__(self, slot: Slot):
        super().__init__("slot_full", slot=slot)


def _to(booking: Booking, status: str) -> None:
    """A step in the booking's life, as the rules allow it (portal.rules.states)."""
    states.check_booking_transition(booking.status, status)
    booking.status = status


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
    """The decision that stands: the one recorded last (the only one in this
    portal, where a case is decided once; a reconsideration changes the case
    outside it). A page that only reads (GET) asks the database once, however
    many of its parts show the decision; a change asks every time."""
    kept = _read_only_request_memo("latest_decision")
    if kept is not None and case.id in kept:
        return kept[case.id]
    decision = db.session.scalar(
        select(Decision).where(Decision.case_id == case.id).order_by(Decision.created_at.desc(), Decision.id.desc()).limit(1)
    )
    if kept is not None:
        kept[case.id] = decision
    return decision


def _read_only_request_memo(name: str) -> dict | None:
    from flask import has_request_context, request

    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return None
    memos = request.environ.setdefault("portal.read_memos", {})  # this request's only, whatever the app context
    return memos.setdefault(name, {})


def may_decide(case: Case) -> Verdict:
    return states.may_decide(case.status)


def complaint_deadline(m: Municipality, received_on: date) -> date:
    return deadline_date(m.deadlines.complaint.rule, received_on)


def record_decision(case: Case, staff: StaffMember, fields: dict) -> Decision:
    """Store the afgørelse, mark the case decided, and tell the citizen.
    The case arrives locked: a second decision at the same moment finds it decided."""
    if not may_decide(case):
        raise ScheduleError(may_decide(case).reason or "already_decided")
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
    states.check_case_transition(case.status, DECIDED)
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

def _take_place(slot: Slot, case: Case) -> None:
    """Lock the slot and check it has a place for the case's citizen; the
    booking that follows takes it (the database counts it)."""
    lock(slot)
    if slot.cancelled_at is not None or slot.starts_at <= clock.now():
        raise ScheduleError("not_offered")
    if db.session.scalar(select(Booking.id).where(
            Booking.slot_id == slot.id, Booking.citizen_id == case.citizen_id, Booking.status.in_(LIVE)).limit(1)):
        raise ScheduleError("already_booked")
    if slot.booked >= slot.capacity:
        raise SlotFull(slot)


def book(case: Case, slot: Slot, *, replacement_for: Booking | None = None, moved_from: Booking | None = None) -> Booking:
    """A place for the case's citizen on `slot`; SlotFull if someone else got the last one."""
    _take_place(slot, case)
    booking = Booking(
        reference=_booking_reference(), slot_id=slot.id, case_id=case.id, citizen_id=case.citizen_id,
        status=BOOKED, replacement_for_id=replacement_for.id if replacement_for else None,
        moved_from_id=moved_from.id if moved_from else None, created_at=clock.now(),
    )
    db.session.add(booking)
    db.session.flush()
    db.session.expire(slot, ["booked"])
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
        # Not a time they hold, nor one they have just said they cannot come to.
        taken = select(Booking.slot_id).where(Booking.citizen_id == citizen_id,
                                              Booking.status.in_([*LIVE, CANCELLED]))
        query = query.where(Slot.id.not_in(taken))
    return list(db.session.scalars(query))


def _same_offer(slot: Slot, other: Slot) -> bool:
    return slot.municipality_id == other.municipality_id and slot.offer_id == other.offer_id


# ------------------------------------------------------- what may be done now

_UNKNOWN = object()


def move_deadline(booking: Booking) -> datetime:
    """Moving follows the deadline for afbud for any other reason (DOMAIN.md §6)."""
    return cancellation_deadline(municipality_of(booking).cancellation.policy, booking.slot.starts_at, Reason.OTHER)


def facts(booking: Booking, replacement=_UNKNOWN) -> SessionFacts:
    """The booking as the rules see it. `replacement`, when the caller already
    knows it (None for none), saves a query."""
    if replacement is _UNKNOWN:
        replacement = replacement_of(booking) if booking.status in states.CANCELLED_STATUSES else None
    slot = booking.slot
    return SessionFacts(
        status=booking.status, starts_at=slot.starts_at, ends_at=slot.ends_at, slot_cancelled=slot.cancelled_at is not None,
        cancel_deadline=booking.cancel_deadline, cancel_on_time=booking.cancel_on_time,
        replacement_offered=booking.replacement_offered,
        replacement=ReplacementFacts(replacement.status, replacement.moved_from_id is not None) if replacement else None,
        moving_allowed=municipality_of(booking).cancellation.moving_allowed, move_deadline=move_deadline(booking),
    )


def is_upcoming(booking: Booking, now: datetime | None = None) -> bool:
    return booking.slot.ends_at > (now or clock.now())


def _require(verdict: Verdict, **info) -> None:
    if not verdict:
        raise ScheduleError(verdict.reason or "not_allowed", **info)


# ---------------------------------------------------- cancelling (the citizen)

def outcome_for(booking: Booking, reason: Reason, at: datetime | None = None) -> CancellationOutcome:
    return cancellation_outcome(municipality_of(booking).cancellation.policy, booking.slot.starts_at,
                                to_the_minute(at or clock.now()), reason)


def cancel(booking: Booking, reason: Reason, by: Person) -> CancellationOutcome:
    """The citizen's afbud: accepted on time or late, recorded as such; the place is freed."""
    now = clock.now()
    _require(states.may_cancel(facts(booking, None), now))
    outcome = outcome_for(booking, reason, now)
    _to(booking, CANCELLED)
    booking.cancelled_at = now
    booking.cancel_reason = reason.value
    booking.cancel_on_time = outcome.on_time
    booking.cancel_deadline = outcome.deadline
    booking.replacement_offered = outcome.replacement
    booking.cancelled_by_id = by.id
    db.session.flush()
    db.session.expire(booking.slot, ["booked"])
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


def undo_cancellation(booking: Booking, by: Person) -> Booking | None:
    """Take the afbud back before its deadline. A replacement chosen meanwhile is
    given back (returned, so the view can say so)."""
    replacement = replacement_of(booking)
    _require(states.may_undo(facts(booking, replacement), clock.now()))
    if replacement is not None:
        lock(replacement.slot, replacement)
    # The place may have gone to someone else since the afbud.
    if booking.slot.booked >= booking.slot.capacity:
        raise SlotFull(booking.slot)
    if replacement is not None:
        audit.record("booking.release", "booking", replacement.reference, subject=booking.citizen_id)
        db.session.delete(replacement)
        db.session.flush()
    _to(booking, BOOKED)
    for name in ("cancelled_at", "cancel_reason", "cancel_on_time", "cancel_deadline", "replacement_offered", "cancelled_by_id"):
        setattr(booking, name, None)
    db.session.flush()
    db.session.expire(booking.slot, ["booked"])
    audit.record("booking.undo_cancel", "booking", booking.reference, subject=booking.citizen_id)
    enqueue_template(
        booking.citizen, "undo_receipt", lazy_gettext("Dit afbud er fortrudt"), "undo_receipt.txt",
        booking=booking, replacement=replacement, by=by, link=_link("schedule.plan"),
    )
    return replacement


def _check_target(booking_slot: Slot, target: Slot | None) -> Slot:
    if target is None or not _same_offer(booking_slot, target) or target.id == booking_slot.id:
        raise ScheduleError("not_offered")
    if target.cancelled_at is not None or target.starts_at <= clock.now():
        raise ScheduleError("not_offered")
    return target


def choose_replacement(booking: Booking, target: Slot | None, by: Person) -> Booking:
    _require(states.may_choose_replacement(facts(booking)))
    target = _check_target(booking.slot, target)
    new = book(booking.case, target, replacement_for=booking)
    audit.record("booking.replacement", "booking", new.reference, subject=booking.citizen_id)
    enqueue_template(
        booking.citizen, "replacement_receipt", lazy_gettext("Din erstatningstræning er booket"), "replacement_receipt.txt",
        booking=new, cancelled=booking, by=by, link=_link("schedule.plan"),
    )
    return new


# --------------------------------------------------------------------- moving

def move(booking: Booking, target: Slot | None, by: Person) -> Booking:
    """Move to another free slot of the same offer; the old place is freed.
    The old booking is marked moved before the new one exists, so the one
    replacement a cancelled session may have is never two at once."""
    _require(states.may_move(facts(booking, None), clock.now()), deadline=move_deadline(booking))
    target = _check_target(booking.slot, target)
    lock(target)
    _to(booking, MOVED)
    db.session.flush()
    new = book(booking.case, target, moved_from=booking)
    new.replacement_for_id = booking.replacement_for_id  # a moved replacement is still the replacement
    db.session.flush()
    db.session.expire(booking.slot, ["booked"])
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
        case.status = states.case_status_after_booking(case.status)
        audit.record("schedule.book", "case", case.reference, subject=case.citizen,
                     detail=f"{len(bookings)} træningstider")
    return Created(slots, bookings)


def book_existing(staff: StaffMember, case: Case, slot: Slot) -> Booking:
    """Put the citizen on an existing slot (a place on a hold, say). The case
    arrives locked, so two bookings at once cannot both fit under the cap."""
    decision = bookable_decision(case)
    if decision is None or decision.offer_id != slot.offer_id or slot.municipality_id != case.municipality_id:
        raise ScheduleError("not_granted")
    if decision.max_sessions is not None and sessions_used(case) + 1 > decision.max_sessions:
        raise ScheduleError("too_many", used=sessions_used(case), wanted=1, most=decision.max_sessions)
    booking = book(case, slot)
    case.status = states.case_status_after_booking(case.status)
    audit.record("schedule.book", "case", case.reference, subject=case.citizen, detail="1 træningstid")
    return booking


# ------------------------------------------------------- attendance, no-shows

def mark_attendance(booking: Booking, attended: bool, staff: StaffMember) -> bool:
    """Mødt or udeblevet (a correction is allowed). Returns True when this
    marking flagged the case for reassessment."""
    _require(states.may_mark_attendance(facts(booking, None), clock.now()))
    before = booking.status
    _to(booking, ATTENDED if attended else NO_SHOW)
    booking.marked_at = clock.now()
    booking.marked_by_id = staff.id
    case = booking.case
    if attended and case.training_started_on is None:
        case.training_started_on = booking.slot.starts_at.date()
    case.status = states.case_status_after_booking(case.status)
    db.session.flush()
    words = {ATTENDED: "mødt", NO_SHOW: "udeblevet"}
    detail = words[booking.status] if before == BOOKED or before == booking.status else (
        f"rettet fra {words[before]} til {words[booking.status]}")
    audit.record("booking.attendance", "booking", booking.reference, subject=booking.citizen_id,
                 detail=f"{detail}, træningen {booking.slot.starts_at:%d.%m.%Y %H.%M}")
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
    replacement (an existing free slot of the offer, or a new time) and a message.
    The slot arrives locked, so no one books it meanwhile; its bookings are locked here."""
    now = clock.now()
    _require(states.may_cancel_slot(cancelled=slot.cancelled_at is not None, starts_at=slot.starts_at, now=now))
    affected = booked_on(slot)
    lock(*affected)
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
        _to(booking, CANCELLED_BY_MUNICIPALITY)
        booking.cancelled_at = now
        booking.cancelled_by_staff_id = staff.id
        booking.replacement_offered = True
        db.session.flush()
        new = book(booking.case, target, replacement_for=booking)
        new_bookings.append(new)
        audit.record("booking.municipality_cancel", "booking", booking.reference, subject=booking.citizen_id,
                     detail=f"erstatning {new.reference}")
        enqueue_template(
            booking.citizen, "municipality_cancel", lazy_gettext("Kommunen har aflyst en træning – du har fået en ny tid"),
            "municipality_cancel.txt", booking=booking, new=new, note=note, m=municipality_of(booking),
            link=_link("schedule.plan"),
        )
    db.session.flush()
    db.session.expire(slot, ["booked"])
    return new_bookings


def booked_on(slot: Slot) -> list[Booking]:
    """The citizens booked on a slot that has not been held yet."""
    return list(db.session.scalars(
        select(Booking).where(Booking.slot_id == slot.id, Booking.status == BOOKED).order_by(Booking.id)))


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


# ---------------------------------------------------------------------- reads

def citizen_bookings(citizen: Person) -> list[Booking]:
    """Every session of the citizen's plan (moved ones live on as their new time)."""
    return list(db.session.scalars(
        select(Booking).join(Slot).options(contains_eager(Booking.slot))
        .where(Booking.citizen_id == citizen.id, Booking.status != MOVED)
        .order_by(Slot.starts_at, Booking.id)
    ))


def next_session(citizen: Person) -> Booking | None:
    return db.session.scalar(
        select(Booking).join(Slot).where(
            Booking.citizen_id == citizen.id, Booking.status == BOOKED, Slot.starts_at > clock.now(),
        ).order_by(Slot.starts_at).limit(1)
    )


def flagged_cases(citizen: Person) -> list[Case]:
    """The citizen's courses marked for reassessment after too many no-shows."""
    return list(db.session.scalars(select(Case).where(
        Case.citizen_id == citizen.id, Case.reassessment_flagged_at.is_not(None))))


def moved_to(booking: Booking) -> Booking | None:
    if booking.status != MOVED:
        return None
    return db.session.scalar(select(Booking).where(Booking.moved_from_id == booking.id))


def calendar_feed_bookings(person: Person) -> list[Booking]:
    since = clock.now() - timedelta(days=90)
    return list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.citizen_id == person.id, Slot.starts_at >= since).order_by(Slot.starts_at)
    ))


def person_with_calendar(token: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.calendar_token == token))


def record_feed_read(person: Person) -> None:
    """Calendars fetch often; one entry a day in the log says the feed is in use."""
    start_of_day = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    # The calendar reads by the link, not as anyone signed in: along ix_audit_by_others.
    logged = db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.subject_person_id == person.id, AuditEntry.actor_person_id.is_(None),
        AuditEntry.action == "calendar.feed", AuditEntry.at >= start_of_day).limit(1))
    if logged is None:
        audit.record("calendar.feed", "person", "kalender", subject=person, by_link=True)


@dataclass
class StaffOverview:
    slots: list[Slot]  # the next four weeks
    unmarked: list[Slot]  # held in the last 60 days with attendance still to record
    courses: list[Case]  # granted and not closed


def staff_overview(staff: StaffMember) -> StaffOverview:
    now = clock.now()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    mine = Slot.municipality_id == staff.municipality_id
    slots = db.session.scalars(
        select(Slot).where(mine, Slot.starts_at >= start_of_day, Slot.starts_at < start_of_day + timedelta(days=29))
        .order_by(Slot.starts_at, Slot.id))
    unmarked = db.session.scalars(
        select(Slot).join(Booking).where(mine, Slot.starts_at < now, Slot.starts_at >= now - timedelta(days=60),
                                         Booking.status == BOOKED).distinct().order_by(Slot.starts_at))
    granted = select(Decision.case_id).where(Decision.outcome != REJECTED)
    courses = db.session.scalars(
        select(Case).where(Case.id.in_(granted), Case.municipality_id == staff.municipality_id, Case.closed_on.is_(None))
        .order_by(Case.reference))
    return StaffOverview(list(slots), list(unmarked), list(courses))


def course_bookings(case: Case) -> list[Booking]:
    return list(db.session.scalars(
        select(Booking).join(Slot).where(Booking.case_id == case.id).order_by(Slot.starts_at, Booking.id)))


def slot_bookings(slot: Slot) -> list[Booking]:
    """The people on a slot, with their case and name in the same query."""
    return list(db.session.scalars(
        select(Booking).where(Booking.slot_id == slot.id).order_by(Booking.id)
        .options(joinedload(Booking.case), joinedload(Booking.citizen))))


def no_shows_by_case(case_ids: list[int]) -> dict[int, int]:
    """no_shows for many cases in one query (the participants of a slot)."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(Booking.case_id, func.count()).where(Booking.case_id.in_(case_ids), Booking.status == NO_SHOW)
        .group_by(Booking.case_id))
    return dict(rows.all())


def slot_booking(slot: Slot, reference: str) -> Booking | None:
    return db.session.scalar(select(Booking).where(Booking.slot_id == slot.id, Booking.reference == reference))


def last_place(municipality_id: str) -> str | None:
    """Where the municipality's newest training time was held: the likely place of the next."""
    return db.session.scalar(select(Slot.place).where(Slot.municipality_id == municipality_id)
                             .order_by(Slot.id.desc()).limit(1))


def replacement_options(slot: Slot, affected: list[Booking]) -> list[Slot]:
    """Free times of the same offer with room for everyone on a slot the
    municipality cancels, that none of them is already booked on."""
    options = free_slots(slot.municipality_id, slot.offer_id, exclude_slot_id=slot.id, places=max(len(affected), 1))
    citizens = [booking.citizen_id for booking in affected]
    if not citizens or not options:
        return options
    taken = set(db.session.scalars(select(Booking.slot_id).where(
        Booking.slot_id.in_([option.id for option in options]), Booking.citizen_id.in_(citizens),
        Booking.status.in_(LIVE))))
    return [option for option in options if option.id not in taken]


def free_slots_for(booking: Booking) -> list[Slot]:
    """Free times a citizen can move this session to, or take as its replacement."""
    return free_slots(booking.slot.municipality_id, booking.slot.offer_id, citizen_id=booking.citizen_id,
                      exclude_slot_id=booking.slot_id)


def may_cancel_slot(slot: Slot) -> Verdict:
    return states.may_cancel_slot(cancelled=slot.cancelled_at is not None, starts_at=slot.starts_at, now=clock.now())


def overlapping(citizen_id: int, starts_at: datetime, ends_at: datetime, *, other_than: int | None = None) -> list[Booking]:
    """The citizen's live sessions that overlap the time from `starts_at` to
    `ends_at`: staff are told before they book a second place at the same time."""
    candidates = db.session.scalars(
        select(Booking).join(Slot).options(contains_eager(Booking.slot))
        .where(Booking.citizen_id == citizen_id, Booking.status.in_(LIVE), Slot.starts_at < ends_at,
               Slot.starts_at > starts_at - timedelta(hours=24))
        .order_by(Slot.starts_at)
    )
    return [b for b in candidates if b.slot.ends_at > starts_at and b.slot_id != other_than]
