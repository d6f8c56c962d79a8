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
