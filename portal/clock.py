"""The one place the portal reads the current time; tests move it with time-machine."""

from datetime import date, datetime

from portal.rules.cancellation import COPENHAGEN


def now() -> datetime:
    """The current moment, in Copenhagen time."""
    return datetime.now(COPENHAGEN)


def today() -> date:
    return now().date()
