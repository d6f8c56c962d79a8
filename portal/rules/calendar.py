"""Danish business days (hverdage) and the two ways Danish deadlines count.

A hverdag is Monday–Friday except Danish public holidays and three days that
are off in practice: Grundlovsdag (5 June), juleaftensdag (24 December) and
nytårsaftensdag (31 December). 1 May is a hverdag. Store bededag is a holiday
only up to 2023, which the `holidays` package already knows.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Names as the `holidays` package spells them in Danish (language="da").
_EXTRA_DAYS_OFF = {"Grundlovsdag", "Juleaftensdag", "Nytårsaften", "Nytårsaftensdag"}


@lru_cache(maxsize=64)
def days_off(year: int) -> dict[date, str]:
    """Every non-weekend day off in `year`, with its Danish name."""
    public = holidays.DK(years=year, categories=("public",), language="da")
    optional = holidays.DK(years=year, categories=("optional",), language="da")
    result = dict(public.items())
    for day, name in optional.items():
        if name in _EXTRA_DAYS_OFF:
            result[day] = name
    return result


def day_off_name(day: date) -> str | None:
    """The Danish name of the holiday on `day`, or None."""
    return days_off(day.year).get(day)


def is_business_day(day: date) -> bool:
    """True when `day` is a hverdag."""
    return day.weekday() < 5 and day not in days_off(day.year)


def next_business_day(day: date) -> date:
    """`day` itself if it is a hverdag, else the first hverdag after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(start: date, count: int) -> date:
    """The `count`-th hverdag strictly after `start` ("N hverdage efter D")."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    return day


def add_calendar_days(start: date, days: int) -> date:
    """`start` + `days`, moved to the next hverdag if that day is not one
    ("N dage / N uger efter D")."""
    return next_business_day(start + timedelta(days=days))
