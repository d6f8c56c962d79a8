"""CPR numbers: validation, masking and age. A CPR number is personal data: it
is never put in a URL, a log line or an error page."""

from __future__ import annotations

import re
from datetime import date

from portal.rules.ages import cpr_century

_DIGITS = re.compile(r"^\d{10}$")


class InvalidCpr(ValueError):
    pass


def normalise(value: str) -> str:
    """Strip spaces and the dash; raise InvalidCpr unless 10 digits form a real date."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not _DIGITS.match(digits):
        raise InvalidCpr("not ten digits")
    birth_date(digits)
    return digits


def birth_date(digits: str) -> date:
    """The birth date, by DOMAIN.md §9's century rule (portal/rules/ages.py)."""
    day, month, year2 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        return date(cpr_century(year2, int(digits[6])) + year2, month, day)
    except ValueError:
        raise InvalidCpr("not a real date") from None


def age(digits: str, on: date) -> int:
    born = birth_date(digits)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def mask(digits: str) -> str:
    """"010203-XXXX": enough for a person to recognise their own number."""
    return f"{digits[:6]}-XXXX"
