"""Deadlines a municipality promises, counted the Danish way (DOMAIN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from . import RuleError
from .calendar import add_business_days, add_calendar_days


class Unit(str, Enum):
    BUSINESS_DAYS = "hverdage"
    DAYS = "dage"
    WEEKS = "uger"


@dataclass(frozen=True)
class DeadlineRule:
    """"`count` `unit` after some event"; count None means "as soon as possible"."""

    count: int | None
    unit: Unit | None

    @property
    def has_date(self) -> bool:
        return self.count is not None and self.unit is not None


def deadline_date(rule: DeadlineRule, start: date) -> date | None:
    """The last day that keeps the promise, or None when the rule has no number."""
    if not rule.has_date:
        return None
    assert rule.count is not None
    if rule.unit is Unit.BUSINESS_DAYS:
        return add_business_days(start, rule.count)
    if rule.unit is Unit.DAYS:
        return add_calendar_days(start, rule.count)
    if rule.unit is Unit.WEEKS:
        return add_calendar_days(start, 7 * rule.count)
    raise RuleError(f"unknown unit {rule.unit!r}")


def is_kept(rule: DeadlineRule, start: date, done: date) -> bool | None:
    """Whether something done on `done` kept the promise; None if no number."""
    last = deadline_date(rule, start)
    if last is None:
        return None
    return done <= last
