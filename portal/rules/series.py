"""A weekly series of training sessions: which days it falls on, and which it skips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from . import RuleError
from .calendar import day_off_name, is_business_day

MAX_WEEKS = 26


@dataclass(frozen=True)
class SkippedDay:
    day: date
    name: str | None  # the holiday's Danish name; None for a weekend


@dataclass(frozen=True)
class Series:
    days: list[date]
    skipped: list[SkippedDay]


def series_days(first_day: date, weekdays: Iterable[int], weeks: int) -> Series:
    """Every chosen weekday (0 = Monday) from `first_day` for `weeks` weeks
    (first_day up to, not including, first_day + 7 × weeks). Days that are not
    hverdage are left out and listed as skipped, with the holiday's name."""
    chosen = sorted(set(weekdays))
    if not chosen:
        raise RuleError("choose at least one weekday")
    if any(day not in range(7) for day in chosen):
        raise RuleError("weekdays are 0 (Monday) to 6 (Sunday)")
    if not 1 <= weeks <= MAX_WEEKS:
        raise RuleError(f"weeks must be 1 to {MAX_WEEKS}")
    days: list[date] = []
    skipped: list[SkippedDay] = []
    for offset in range(7 * weeks):
        day = first_day + timedelta(days=offset)
        if day.weekday() not in chosen:
            continue
        if is_business_day(day):
            days.append(day)
        else:
            skipped.append(SkippedDay(day, day_off_name(day)))
    return Series(days, skipped)
