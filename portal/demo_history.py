"""The demo's history: what the people in it did and when, as the audit log
of a real case would show it (Birthe's /aktivitet reads like six weeks of a
real course: Lone reads and decides, Peter books and marks attendance, Mette
looks at her mother's plan). Written through portal.audit, as if at the time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal import audit, clock
from portal.rules.cancellation import COPENHAGEN


def _at(day, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def load(world) -> None:
    case = world.extra["cases"]["birthe"]
    decision = world.extra["decisions"]["birthe"]
    lone, peter = world.staff["lone"], world.staff["peter"]
    mette, birthe = world.people["mette"], world.people["birthe"]
    received = case.received_at.date()
    with audit.as_if(_at(received + timedelta(days=1), 9, 14), staff=lone):
        audit.record("case.view", "case", case.reference, subject=birthe)
    with audit.as_if(_at(decision.decided_on, 10, 52), staff=lone):
        audit.record("decision.staff_view", "case", case.reference, subject=birthe)
    with audit.as_if(_at(decision.decided_on, 13, 5), staff=peter):
        audit.record("course.staff_view", "case", case.reference, subject=birthe)
        audit.record("schedule.book", "case", case.reference, subject=birthe,
                     detail=f"{len(world.extra['bookings']['birthe'])} træningstider")
    for booking in world.extra["bookings"]["birthe_past"]:
        marked = booking.slot.ends_at + timedelta(minutes=7)
        with audit.as_if(marked, staff=peter):
            words = "mødt" if booking.status == "attended" else "udeblevet"
            audit.record("booking.attendance", "booking", booking.reference, subject=birthe,
                         detail=f"{words}, træningen {booking.slot.starts_at.astimezone(COPENHAGEN):%d.%m.%Y %H.%M}")
    yesterday = clock.today() - timedelta(days=1)
    with audit.as_if(_at(yesterday, 19, 41), person=mette):
        audit.record("overview.view", "person", "min-side", subject=birthe)
        audit.record("schedule.view", "person", "traeningsplan", subject=birthe)
