"""The life of a case, a booking and a complaint: their statuses, the moves
allowed between them, and the "may I?" answers that views, presenters and
templates read instead of asking the status themselves.

Pure: no Flask, no database, no clock. A booking's facts come in as a
`SessionFacts` snapshot and the current moment as `now`; an answer is a
`Verdict`, true when allowed, with the reason (a code the pages word) when not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from . import RuleError


class TransitionError(RuleError):
    """A status change the life of the object does not allow."""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str | None = None

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def refused(reason: str) -> Verdict:
    return Verdict(False, reason)


def to_the_minute(moment: datetime) -> datetime:
    """Deadlines are given to the minute ("kl. 12.00"): anything within 12.00 is at 12.00."""
    return moment.replace(second=0, microsecond=0)


def _check(transitions: dict, current: str, new: str, what: str) -> None:
    if new not in transitions.get(current, ()):
        raise TransitionError(f"a {what} cannot go from {current} to {new}")


# ====================================================================== case

class CaseStatus(StrEnum):
    RECEIVED = "received"  # modtaget
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # a relative applied; the citizen must confirm
    VISITATION = "visitation"  # visitation meeting booked or held
    DECIDED = "decided"  # afgørelse truffet
    TRAINING = "training"  # træning i gang
    CLOSED = "closed"  # afsluttet
    WITHDRAWN = "withdrawn"  # trukket tilbage (or rejected by the citizen)


CASE_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.AWAITING_CONFIRMATION: frozenset({CaseStatus.RECEIVED, CaseStatus.WITHDRAWN}),
    CaseStatus.RECEIVED: frozenset({CaseStatus.VISITATION, CaseStatus.DECIDED, CaseStatus.WITHDRAWN}),
    CaseStatus.VISITATION: frozenset({CaseStatus.VISITATION, CaseStatus.DECIDED, CaseStatus.WITHDRAWN}),
    CaseStatus.DECIDED: frozenset({CaseStatus.TRAINING, CaseStatus.CLOSED}),
    CaseStatus.TRAINING: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
}

# Before the decision, the case is the municipality's to handle and the citizen's to withdraw.
_BEFORE_DECISION = frozenset({CaseStatus.RECEIVED, CaseStatus.VISITATION})


def check_case_transition(current: str, new: str) -> None:
    _check(CASE_TRANSITIONS, CaseStatus(current), CaseStatus(new), "case")


def may_decide(status: str) -> Verdict:
    """The visitator records the afgørelse on a case that is received or in visitation."""
    if status in _BEFORE_DECISION:
        return ALLOWED
    if status == CaseStatus.AWAITING_CONFIRMATION:
        return refused("awaiting_confirmation")
    if status == CaseStatus.WITHDRAWN:
        return refused("withdrawn")
    return refused("already_decided")


def may_record_visitation(status: str) -> Verdict:
    return ALLOWED if status in _BEFORE_DECISION else refused("not_open_for_visitation")


def may_withdraw(status: str) -> Verdict:
    """The citizen may withdraw their own application until the decision."""
    return ALLOWED if status in _BEFORE_DECISION else refused("not_withdrawable")


def may_confirm(status: str) -> Verdict:
    """A relative's application waits for the citizen to confirm or reject it."""
    return ALLOWED if status == CaseStatus.AWAITING_CONFIRMATION else refused("not_awaiting_confirmation")


# A case for an offer is still open while it is waiting, being handled, or
# granted and in training; a rejection or a withdrawal leaves room to apply again.
OPEN_CASE_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.AWAITING_CONFIRMATION, CaseStatus.VISITATION,
                                CaseStatus.DECIDED, CaseStatus.TRAINING})


def is_open_for_the_offer(status: str, *, rejected: bool) -> bool:
    """Would a new application for the same offer duplicate this case?"""
    return status in OPEN_CASE_STATUSES and not (status == CaseStatus.DECIDED and rejected)


def case_status_after_booking(status: str) -> str:
    """Booking or marking a session of a decided case means the training has begun."""
    return CaseStatus.TRAINING if status == CaseStatus.DECIDED else status


# =================================================================== booking

class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"  # by the citizen (afbud), on time or late
    CANCELLED_BY_MUNICIPALITY = "cancelled_by_municipality"
    MOVED = "moved"  # moved to another slot (the new booking points back)
    ATTENDED = "attended"
    NO_SHOW = "no_show"


# A booking in one of these holds a place on its slot; the database counts them.
LIVE = frozenset({BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW})
# The municipality has taken the session away; a replacement is owed or given.
CANCELLED_STATUSES = frozenset({BookingStatus.CANCELLED, BookingStatus.CANCELLED_BY_MUNICIPALITY})
# A booking that uses one of the sessions the decision grants.
USING_A_SESSION = LIVE

BOOKING_TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.BOOKED: frozenset({
        BookingStatus.CANCELLED, BookingStatus.CANCELLED_BY_MUNICIPALITY, BookingStatus.MOVED,
        BookingStatus.ATTENDED, BookingStatus.NO_SHOW,
    }),
    BookingStatus.CANCELLED: frozenset({BookingStatus.BOOKED}),  # the afbud is taken back
    BookingStatus.ATTENDED: frozenset({BookingStatus.ATTENDED, BookingStatus.NO_SHOW}),  # marked again, or corrected
    BookingStatus.NO_SHOW: frozenset({BookingStatus.NO_SHOW, BookingStatus.ATTENDED}),
    BookingStatus.CANCELLED_BY_MUNICIPALITY: frozenset(),
    BookingStatus.MOVED: frozenset(),
}


def check_booking_transition(current: str, new: str) -> None:
    _check(BOOKING_TRANSITIONS, BookingStatus(current), BookingStatus(new), "booking")


@dataclass(frozen=True)
class ReplacementFacts:
    """The session chosen to replace a cancelled one."""

    status: str
    was_moved: bool  # the citizen moved the replacement on to another time


@dataclass(frozen=True)
class SessionFacts:
    """What the answers about one booking depend on."""

    status: str
    starts_at: datetime
    ends_at: datetime
    slot_cancelled: bool
    cancel_deadline: datetime | None = None  # set while the afbud stands
    cancel_on_time: bool | None = None
    replacement_offered: bool | None = None
    replacement: ReplacementFacts | None = None
    moving_allowed: bool = True
    move_deadline: datetime | None = None


def is_upcoming(facts: SessionFacts, now: datetime) -> bool:
    return facts.ends_at > now


def may_cancel(facts: SessionFacts, now: datetime) -> Verdict:
    """Afbud: to a booked session that has not begun (late afbud is accepted, and marked)."""
    if facts.status != BookingStatus.BOOKED or facts.slot_cancelled or facts.starts_at <= now:
        return refused("not_cancellable")
    return ALLOWED


def may_undo(facts: SessionFacts, now: datetime) -> Verdict:
    """Taking an afbud back: until its deadline, and not once the replacement has been moved on."""
    if (facts.status != BookingStatus.CANCELLED or facts.cancel_deadline is None or facts.slot_cancelled
            or facts.starts_at <= now or to_the_minute(now) > facts.cancel_deadline):
        return refused("undo_too_late")
    if facts.replacement is not None and (facts.replacement.status != BookingStatus.BOOKED or facts.replacement.was_moved):
        return refused("replacement_in_use")
    return ALLOWED


def may_move(facts: SessionFacts, now: datetime) -> Verdict:
    """Moving follows the deadline for afbud for any other reason (DOMAIN.md §6)."""
    if not facts.moving_allowed:
        return refused("moving_not_allowed")
    if not may_cancel(facts, now):
        return refused("not_cancellable")
    if facts.move_deadline is None or to_the_minute(now) > facts.move_deadline:
        return refused("move_too_late")
    return ALLOWED


def may_choose_replacement(facts: SessionFacts) -> Verdict:
    """A replacement after an afbud on time for illness or bereavement, chosen once."""
    if facts.status != BookingStatus.CANCELLED:
        return refused("no_replacement")
    if facts.replacement is not None:
        return refused("replacement_chosen")
    if not facts.cancel_on_time:
        return refused("cancelled_late")
    if not facts.replacement_offered:
        return refused("no_replacement_for_reason")
    return ALLOWED


def may_mark_attendance(facts: SessionFacts, now: datetime) -> Verdict:
    """Mødt or udeblevet, once the session has begun; a marking may be corrected."""
    if facts.status not in LIVE:
        return refused("not_markable")
    if facts.starts_at > now:
        return refused("not_started")
    return ALLOWED


def may_cancel_slot(*, cancelled: bool, starts_at: datetime, now: datetime) -> Verdict:
    """The municipality may cancel a session that has not begun (and must offer a replacement)."""
    if cancelled:
        return refused("already_cancelled")
    if starts_at <= now:
        return refused("in_the_past")
    return ALLOWED


# ================================================================= complaint

class ComplaintStatus(StrEnum):
    RECEIVED = "received"  # modtaget
    RECONSIDERING = "reconsidering"  # under genvurdering / under behandling
    UPHELD = "upheld"  # medhold: the municipality changes its decision
    KEPT = "kept"  # fastholdt: the forwarding package is ready for Ankestyrelsen
    FORWARDED = "forwarded"  # fastholdt og sendt til Ankestyrelsen
    WITH_PROVIDER = "with_provider"  # sendt til lederen af træningsstedet
    ANSWERED = "answered"  # besvaret
    SENT_TO_VISITATION = "sent_to_visitation"  # sendt videre til visitationen


COMPLAINT_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.RECEIVED: frozenset({ComplaintStatus.RECONSIDERING, ComplaintStatus.ANSWERED, ComplaintStatus.WITH_PROVIDER}),
    ComplaintStatus.RECONSIDERING: frozenset({ComplaintStatus.UPHELD, ComplaintStatus.KEPT, ComplaintStatus.ANSWERED}),
    ComplaintStatus.KEPT: frozenset({ComplaintStatus.FORWARDED}),
    ComplaintStatus.WITH_PROVIDER: frozenset({ComplaintStatus.ANSWERED}),
    ComplaintStatus.ANSWERED: frozenset({ComplaintStatus.SENT_TO_VISITATION}),
    ComplaintStatus.SENT_TO_VISITATION: frozenset({ComplaintStatus.ANSWERED}),
    ComplaintStatus.UPHELD: frozenset(),
    ComplaintStatus.FORWARDED: frozenset(),
}

HANDLER = "klagebehandler"  # the visitation's complaint handler
PROVIDER_LEADER = "leder"  # the leader of the training provider


def check_complaint_transition(current: str, new: str) -> None:
    _check(COMPLAINT_TRANSITIONS, ComplaintStatus(current), ComplaintStatus(new), "complaint")


def may_see_complaint(subject: str, roles: frozenset[str] | set[str]) -> bool:
    """Complaint handlers see their municipality's complaints; the provider's
    leader sees the delivery complaints (DOMAIN.md §7)."""
    return HANDLER in roles or (PROVIDER_LEADER in roles and subject == "delivery")


def complaint_actions(subject: str, status: str, roles: frozenset[str] | set[str], *, has_package: bool) -> frozenset[str]:
    """What a member of staff with these roles can do with the complaint now."""
    if not may_see_complaint(subject, roles):
        return frozenset()
    handler = HANDLER in roles
    actions: set[str] = set()
    if subject == "decision" and handler:
        actions |= {ComplaintStatus.RECEIVED: {"start"}, ComplaintStatus.RECONSIDERING: {"reconsider"},
                    ComplaintStatus.KEPT: {"forward"}}.get(status, set())
    if subject == "case_handling" and handler:
        if status == ComplaintStatus.RECEIVED:
            actions.add("start")
        if status in (ComplaintStatus.RECEIVED, ComplaintStatus.RECONSIDERING):
            actions.add("answer")
    if subject == "delivery":
        if status == ComplaintStatus.WITH_PROVIDER and PROVIDER_LEADER in roles:
            actions.add("answer")
        if status == ComplaintStatus.SENT_TO_VISITATION and handler:
            actions.add("answer")
    if has_package and handler:
        actions.add("package")
    return frozenset(actions)


def may_escalate(subject: str, status: str, level: int, is_open: bool) -> Verdict:
    """A delivery complaint answered by the provider can go on to the visitation, once."""
    if subject == "delivery" and status == ComplaintStatus.ANSWERED and level == 0 and is_open:
        return ALLOWED
    return refused("not_escalatable")
