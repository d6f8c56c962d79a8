"""Ages from birth dates: month arithmetic, folkepensionsalder, and the birth
date in a CPR number (DOMAIN.md §9). Pure: the day asked about is passed in."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from . import RuleError


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day when
    it has no such day (31 August + 6 months = 28 or 29 February)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def reaches_age(born: date, years: int | float) -> date:
    """The day someone born on `born` reaches `years` (halves allowed). A person
    born 29 February reaches an age on 28 February in a year without one."""
    return add_months(born, round(years * 12))


def age_on(born: date, on: date) -> int:
    """Whole years reached on `on`."""
    if on < born:
        raise RuleError("born after the day asked about")
    years = on.year - born.year
    if reaches_age(born, years) > on:
        years -= 1
    return years


# Folkepensionsalder by date of birth (lov om social pension § 1 a, and the
# 2025 amendment), as DOMAIN.md §9 states it: (born on or before, age in months).
_PENSION_AGE: tuple[tuple[date, int], ...] = (
    (date(1953, 12, 31), 65 * 12),
    (date(1954, 6, 30), 65 * 12 + 6),
    (date(1954, 12, 31), 66 * 12),
    (date(1955, 6, 30), 66 * 12 + 6),
    (date(1962, 12, 31), 67 * 12),
    (date(1966, 12, 31), 68 * 12),
    (date(1970, 12, 31), 69 * 12),
)
_PENSION_AGE_LATER = 70 * 12


@dataclass(frozen=True)
class PensionAge:
    date: date  # the day the person reaches folkepensionsalder
    years: float  # 65.0, 65.5, … 70.0


def pension_age(born: date) -> PensionAge:
    """Folkepensionsalder for someone born on `born`: the age and the day it is reached."""
    months = next((months for last, months in _PENSION_AGE if born <= last), _PENSION_AGE_LATER)
    return PensionAge(add_months(born, months), months / 12)


def at_or_over_pension_age(born: date, on: date) -> bool:
    """From the day the person reaches folkepensionsalder."""
    return on >= pension_age(born).date


_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$")


def cpr_century(year2: int, seventh: int) -> int:
    """DOMAIN.md §9: the first digit of SSSS picks the century."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def born_from_cpr(cpr: str) -> date:
    """The birth date in a CPR number DDMMYY-SSSS (the dash may be left out).
    Raises RuleError when it is malformed or its date does not exist."""
    match = _CPR.match(cpr or "")
    if match is None:
        raise RuleError("a CPR number is DDMMYY-SSSS")
    day, month, year2, seventh = (int(part) for part in match.groups()[:4])
    try:
        return date(cpr_century(year2, seventh) + year2, month, day)
    except ValueError:
        raise RuleError("the CPR number's date does not exist") from None
