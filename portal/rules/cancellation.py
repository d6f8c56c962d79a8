"""Cancelling a training session (afbud), DOMAIN.md §6.

Times are Europe/Copenhagen wall-clock time: a deadline's UTC offset follows
daylight saving time. "On time" means at or before the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from . import RuleError

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class Reason(str, Enum):
    ILLNESS = "illness"
    BEREAVEMENT = "bereavement"
    OTHER = "other"

    @classmethod
    def parse(cls, value: str) -> "Reason":
        try:
            return cls(value)
        except ValueError:
            raise RuleError(f"unknown reason {value!r}") from None


@dataclass(frozen=True)
class CancellationPolicy:
    """A municipality's afbud rules; the defaults are Glostrup's, the portal-wide ones."""

    same_day_deadline: time = time(8, 0)  # illness or bereavement: the session's morning
    other_deadline: time = time(12, 0)  # any other reason: the day before …
    other_days_before: int = 1  # … this many calendar days before
    replacement_when_on_time: bool = True  # illness/bereavement on time may get a replacement
    no_show_limit: int = 2  # more no-shows than this: the course is reassessed
    late_arrival_minutes: int = 30  # a longer delay may cancel the session


@dataclass(frozen=True)
class CancellationOutcome:
    on_time: bool
    deadline: datetime
    replacement: bool


def local(moment: datetime) -> datetime:
    """`moment` in Copenhagen time; a naive value is read as Copenhagen wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=COPENHAGEN)
    return moment.astimezone(COPENHAGEN)


def cancellation_deadline(policy: CancellationPolicy, start: datetime, reason: Reason) -> datetime:
    """The last moment a cancellation for `reason` counts as on time."""
    start = local(start)
    if reason in (Reason.ILLNESS, Reason.BEREAVEMENT):
        morning = datetime.combine(start.date(), policy.same_day_deadline, tzinfo=COPENHAGEN)
        return min(morning, start)
    day = start.date() - timedelta(days=policy.other_days_before)
    return datetime.combine(day, policy.other_deadline, tzinfo=COPENHAGEN)


def cancellation_outcome(
    policy: CancellationPolicy, start: datetime, at: datetime, reason: Reason
) -> CancellationOutcome:
    """What a cancellation made at `at` for a session starting at `start` means."""
    deadline = cancellation_deadline(policy, start, reason)
    on_time = local(at) <= deadline
    replacement = (
        on_time
        and policy.replacement_when_on_time
        and reason in (Reason.ILLNESS, Reason.BEREAVEMENT)
    )
    return CancellationOutcome(on_time=on_time, deadline=deadline, replacement=replacement)


def needs_reassessment(policy: CancellationPolicy, no_shows: int) -> bool:
    """More than `no_show_limit` no-shows: the course is reassessed (Glostrup)."""
    return no_shows > policy.no_show_limit


def deadline_phase(policy: CancellationPolicy, start: datetime, end: datetime, now: datetime,
                   *own_deadlines: datetime | None) -> int:
    """How many of the moments that change what a session shows have passed at
    `now`: the deadline for afbud for any other reason (12:00 the day before),
    the illness deadline (08:00 the same morning), any deadline of the booking's
    own (an afbud's, until which it may be taken back), the start and the end.

    With Glostrup's times, 0 is before the 12:00 deadline, 1 between it and the
    illness deadline, 2 after that, 3 begun, 4 over. The number only grows, and
    it changes the minute any of these moments passes, so a rendered session
    kept under it can never show a deadline as open after it has passed.
    Deadlines are to the minute ("kl. 12.00" is open all through 12.00, passed
    at 12.01, as in portal.rules.states); the start and the end to the moment.
    """
    now = local(now)
    minute = now.replace(second=0, microsecond=0)
    deadlines = (cancellation_deadline(policy, start, Reason.OTHER), cancellation_deadline(policy, start, Reason.ILLNESS),
                 *own_deadlines)
    passed = sum(1 for deadline in deadlines if deadline is not None and minute > local(deadline))
    return passed + (now >= local(start)) + (now >= local(end))
