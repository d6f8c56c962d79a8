"""Training sessions as iCalendar (RFC 5545): one session, or a person's subscription feed."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event

from portal import clock
from portal.rules.cancellation import COPENHAGEN

from .models import CANCELLED, CANCELLED_BY_MUNICIPALITY, MOVED, Booking
from .presenters import offer_name

UID_DOMAIN = "traeningsportalen.local"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Træningsportalen//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    return calendar


def _event(booking: Booking, stamp: datetime) -> Event:
    slot = booking.slot
    event = Event()
    event.add("uid", f"{booking.reference}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(COPENHAGEN))
    event.add("dtstart", slot.starts_at.astimezone(COPENHAGEN))
    event.add("dtend", slot.ends_at.astimezone(COPENHAGEN))
    event.add("summary", offer_name(slot.municipality_id, slot.offer_id))
    event.add("location", slot.place)
    event.add("description", gettext("Terapeut: %(name)s. Reference: %(reference)s.", name=slot.therapist, reference=booking.reference))
    cancelled = booking.status in (CANCELLED, CANCELLED_BY_MUNICIPALITY, MOVED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A changed status must replace the copy a calendar already holds.
    event.add("sequence", 1 if cancelled else 0)
    return event


def _finish(calendar: Calendar, bookings: list[Booking]) -> bytes:
    if bookings:
        first = min(b.slot.starts_at for b in bookings).date() - timedelta(days=1)
        last = max(b.slot.starts_at for b in bookings).date() + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def session_file(booking: Booking) -> bytes:
    calendar = _calendar(gettext("Træning"))
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(booking, clock.now()))
    return _finish(calendar, [booking])


def feed(bookings: list[Booking]) -> bytes:
    calendar = _calendar(gettext("Min træning"))
    now = clock.now()
    for booking in bookings:
        calendar.add_component(_event(booking, now))
    return _finish(calendar, bookings)
