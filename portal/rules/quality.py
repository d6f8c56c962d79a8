"""The quality follow-up's pure parts: whether a promise was kept, the
percentiles of days counted by the database, which figures are too small to
publish, and which open promises are about to be missed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Iterable

from .calendar import add_business_days
from .deadlines import DeadlineRule, deadline_date

# No figure about fewer people than this is published: no one can be recognised.
MIN_GROUP = 5
# Staff see a promise as about to be missed this many hverdage before its date.
AT_RISK_BUSINESS_DAYS = 2


class Outcome(StrEnum):
    KEPT = "kept"
    MISSED = "missed"
    PENDING = "pending"  # not done yet and the promised date has not passed


def outcome(late_by: int | None, due_passed: bool) -> Outcome:
    """`late_by`: days from the promised date to the day it was done (0 is the
    last day, negative is early), None when it is not done yet; `due_passed`:
    the promised date lies before today."""
    if late_by is None:
        return Outcome.MISSED if due_passed else Outcome.PENDING
    return Outcome.KEPT if late_by <= 0 else Outcome.MISSED


def percentile(histogram: Iterable[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of (value, how many) pairs; None when empty."""
    items = sorted((value, count) for value, count in histogram if count > 0)
    total = sum(count for _, count in items)
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    running = 0
    for value, count in items:
        running += count
        if running >= rank:
            return value
    return items[-1][0]


def median(histogram: Iterable[tuple[int, int]]) -> int | None:
    return percentile(histogram, 0.5)


def publishable(count: int) -> bool:
    """A group of `count` cases may be shown (an empty group shows as 0)."""
    return count == 0 or count >= MIN_GROUP


def share_kept(kept: int, missed: int) -> float | None:
    """The share of the decided promises that were kept, or None with none decided."""
    decided = kept + missed
    return kept / decided if decided else None


@dataclass(frozen=True)
class Tally:
    kept: int = 0
    missed: int = 0
    pending: int = 0

    @property
    def cases(self) -> int:
        return self.kept + self.missed

    @property
    def share(self) -> float | None:
        return share_kept(self.kept, self.missed)

    def add(self, result: Outcome, count: int) -> "Tally":
        return Tally(
            self.kept + (count if result is Outcome.KEPT else 0),
            self.missed + (count if result is Outcome.MISSED else 0),
            self.pending + (count if result is Outcome.PENDING else 0),
        )


def last_event_day(rule: DeadlineRule, until: date) -> date:
    """The latest day a promise can count from and still fall due on or before
    `until` (a later event day never has an earlier promised day)."""
    day = until
    while (deadline_date(rule, day) or day) > until:
        day -= timedelta(days=1)
    return day


class Urgency(StrEnum):
    MISSED = "missed"
    AT_RISK = "at_risk"


def at_risk_until(today: date) -> date:
    """The last promised date that counts as about to be missed today."""
    return add_business_days(today, AT_RISK_BUSINESS_DAYS)


def urgency(due: date | None, done: date | None, today: date) -> Urgency | None:
    """An open promise whose date has passed is missed; one due within two
    hverdage is at risk; anything else needs no attention yet."""
    if due is None or done is not None:
        return None
    if today > due:
        return Urgency.MISSED
    if due <= at_risk_until(today):
        return Urgency.AT_RISK
    return None
