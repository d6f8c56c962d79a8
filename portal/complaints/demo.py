"""Demo data for complaints. Runs after the apply and schedule loaders and
uses what they made: Birthe's attended sessions, and Ali's rejection in
København (received a few days ago, so his complaint deadline lies ahead).

Ali has no complaint (the browser test files one). Birthe has one answered
delivery complaint, so the "not satisfied" step can be shown."""

from __future__ import annotations

from datetime import datetime, time, timedelta


from portal import audit, clock, municipalities
from portal.extensions import db
from portal.outbox.services import notices_suppressed
from portal.rules.calendar import add_business_days
from portal.rules.cancellation import COPENHAGEN
from portal.schedule.models import ATTENDED, Booking

from . import services

# A complaint handler in København, so Ali's complaint has someone to handle it.
# (Also listed in portal/demo_people.STAFF, so the demo sign-in page offers him.)


def load(world) -> None:
    birthe_bookings = _birthe_sessions(world)
    complaint = _birthe_delivery_complaint(world, birthe_bookings)
    world.extra.setdefault("complaints", {})["birthe"] = complaint
    world.extra["complaint"] = complaint


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def _birthe_sessions(world) -> list[Booking]:
    """Birthe's attended sessions (the schedule loader made them), oldest first."""
    return [booking for booking in world.extra["bookings"]["birthe_past"] if booking.status == ATTENDED]


def _birthe_delivery_complaint(world, bookings: list[Booking]):
    """An answered complaint about Birthe's first session, as if two weeks old."""
    birthe = world.people["birthe"]
    hanne = world.staff["hanne"]
    booking = bookings[0]
    m = municipalities.get(booking.case.municipality_id)
    filed_at = datetime.combine(clock.today() - timedelta(days=14), time(14, 20), tzinfo=COPENHAGEN)
    with audit.as_if(filed_at, person=birthe), notices_suppressed():
        complaint = services.file_complaint(
            citizen=birthe, filed_by=birthe, m=m, subject="delivery", booking=booking,
            text=services.ComplaintText(
                what_happened="Træningen begyndte 20 minutter for sent, og der var ikke tid til alle øvelserne.",
                wants="At træningen begynder til tiden.", new_information=None, contact="digital_post",
                contact_phone=None, contact_email=None,
            ),
        )
    answered_at = datetime.combine(add_business_days(filed_at.date(), 3), time(10, 45), tzinfo=COPENHAGEN)
    with audit.as_if(answered_at, staff=hanne), notices_suppressed():
        services.answer(hanne, complaint,
                        "Undskyld ventetiden. Vi har lagt holdene om, så din træning begynder til tiden fremover.")
    back = timedelta(days=14)
    complaint.received_at -= back
    complaint.received_on -= back
    for event in complaint.events:
        event.at -= back if event.status != "answered" else timedelta(days=10)
    complaint.decided_at = complaint.received_at + timedelta(days=4)
    db.session.flush()
    return complaint
