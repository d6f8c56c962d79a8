"""CPR numbers: validation, masking and age. A CPR number is personal data: it
is never put in a URL, a log line or an error page."""

from __future__ import annotations

import re
from datetime import date

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


def _century(year2: int, seventh: int) -> int:
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def birth_date(digits: str) -> date:
    day, month, year2 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        return date(_century(year2, int(digits[6])) + year2, month, day)
    except ValueError:
        raise InvalidCpr("not a real date") from None


def age(digits: str, on: date) -> int:
    born = birth_date(digits)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def mask(digits: str) -> str:
    """"010203-XXXX": enough for a person to recognise their own number."""
    return f"{digits[:6]}-XXXX"
