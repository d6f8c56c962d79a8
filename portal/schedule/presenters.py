"""What the schedule and decision pages show, in words, from the models and the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

from flask_babel import lazy_gettext

from portal import clock, i18n, municipalities
from portal.i18n import gettext
from portal.municipalities import wording
from portal.municipalities.schema import Municipality, Offer
from portal.auth.models import Person
from portal.rules import states
from portal.rules.cancellation import Reason, cancellation_deadline

from . import services
from .models import (
    ATTENDED,
    BOOKED,
    CANCELLED,
    CANCELLED_BY_MUNICIPALITY,
    GRANTED,
    MOVED,
    NO_SHOW,
    PARTLY_GRANTED,
    REJECTED,
    Booking,
    Decision,
    Slot,
)

OUTCOME_LABELS = {
    GRANTED: lazy_gettext("Bevilget"),
    PARTLY_GRANTED: lazy_gettext("Delvist bevilget"),
    REJECTED: lazy_gettext("Afslag"),
}

OUTCOME_SENTENCES = {
    GRANTED: lazy_gettext("Du har fået bevilget træning."),
    PARTLY_GRANTED: lazy_gettext("Du har fået bevilget en del af den træning, du søgte om."),
    REJECTED: lazy_gettext("Du har fået afslag på træning."),
}

# The form of training as a noun, for forms and the decision letter.
FORM_NAMES = {
    "individuel": lazy_gettext("Individuel træning"),
    "hold": lazy_gettext("Holdtræning"),
    "hjemme": lazy_gettext("Træning i dit hjem"),
    "bassin": lazy_gettext("Træning i bassin"),
    "døgn": lazy_gettext("Træning under døgnophold"),
}

REASON_CHOICES = [
    (Reason.ILLNESS.value, lazy_gettext("Jeg er syg")),
    (Reason.BEREAVEMENT.value, lazy_gettext("Dødsfald i min nærmeste familie")),
    (Reason.OTHER.value, lazy_gettext("Andet")),
]

REASON_LABELS = {
    Reason.ILLNESS.value: lazy_gettext("sygdom"),
    Reason.BEREAVEMENT.value: lazy_gettext("dødsfald i nærmeste familie"),
    Reason.OTHER.value: lazy_gettext("andet"),
}


def offer_for(municipality_id: str, offer_id: str | None) -> Offer | None:
    if not offer_id:
        return None
    try:
        return municipalities.get(municipality_id).offer(offer_id)
    except municipalities.UnknownMunicipality:
        return None


def offer_name(municipality_id: str, offer_id: str | None) -> str:
    offer = offer_for(municipality_id, offer_id)
    return offer.name if offer else (offer_id or "")


def when(moment: datetime) -> str:
    """"torsdag den 3. december 2026 kl. 10.00"."""
    return i18n.long_datetime(moment)


def deadline_words(m: Municipality, start: datetime) -> str:
    """"Afbud senest onsdag den 2. december kl. 12.00 — ved sygdom senest torsdag kl. 08.00"."""
    policy = m.cancellation.policy
    other = cancellation_deadline(policy, start, Reason.OTHER)
    illness = cancellation_deadline(policy, start, Reason.ILLNESS)
    return gettext(
        "Afbud senest %(other)s — ved sygdom senest %(illness)s",
        other=f"{i18n.day_month(other)} {i18n.clock_time(other)}",
        illness=f"{i18n.weekday(illness)} {i18n.clock_time(illness)}",
    )


def duration(slot: Slot) -> str:
    """"kl. 10.00, 45 minutter"."""
    return gettext("%(time)s, %(minutes)d minutter", time=i18n.clock_time(slot.starts_at), minutes=slot.minutes)


def status_label(booking: Booking, now: datetime | None = None) -> str:
    now = now or clock.now()
    if booking.status == BOOKED:
        if booking.slot.starts_at > now:
            return gettext("Aftalt")
        return gettext("Afventer registrering")
    if booking.status == CANCELLED:
        return gettext("Afbud meldt til tiden") if booking.cancel_on_time else gettext("Afbud meldt for sent")
    if booking.status == CANCELLED_BY_MUNICIPALITY:
        return gettext("Aflyst af kommunen")
    if booking.status == MOVED:
        return gettext("Flyttet")
    if booking.status == ATTENDED:
        return gettext("Mødt")
    if booking.status == NO_SHOW:
        return gettext("Udeblevet")
    return booking.status


@dataclass
class SessionView:
    """One booking as a row on /traeningsplan, with what may be done with it now
    (the answers of portal.rules.states, asked once per row)."""

    booking: Booking
    m: Municipality
    now: datetime
    # Replacements fetched for all rows at once (booking id → replacement); None: ask per row.
    known_replacements: dict | None = None

    @property
    def slot(self) -> Slot:
        return self.booking.slot

    @property
    def reference(self) -> str:
        return self.booking.reference

    @property
    def offer_name(self) -> str:
        return offer_name(self.slot.municipality_id, self.slot.offer_id)

    @property
    def status(self) -> str:
        return status_label(self.booking, self.now)

    @cached_property
    def facts(self) -> states.SessionFacts:
        return services.facts(self.booking, self.replacement)

    @property
    def upcoming(self) -> bool:
        return states.is_upcoming(self.facts, self.now)

    @property
    def other_deadline(self) -> datetime:
        return cancellation_deadline(self.m.cancellation.policy, self.slot.starts_at, Reason.OTHER)

    @property
    def illness_deadline(self) -> datetime:
        return cancellation_deadline(self.m.cancellation.policy, self.slot.starts_at, Reason.ILLNESS)

    @property
    def move_deadline(self) -> datetime | None:
        return self.facts.move_deadline

    @property
    def deadline_words(self) -> str:
        return deadline_words(self.m, self.slot.starts_at)

    @cached_property
    def can_cancel(self) -> states.Verdict:
        return states.may_cancel(self.facts, self.now)

    @cached_property
    def can_move(self) -> states.Verdict:
        return states.may_move(self.facts, self.now)

    @cached_property
    def can_undo(self) -> states.Verdict:
        return states.may_undo(self.facts, self.now)

    @cached_property
    def can_choose_replacement(self) -> states.Verdict:
        return states.may_choose_replacement(self.facts)

    @cached_property
    def replacement(self) -> Booking | None:
        if self.booking.status not in (CANCELLED, CANCELLED_BY_MUNICIPALITY):
            return None
        if self.known_replacements is not None:
            return self.known_replacements.get(self.booking.id)
        return services.replacement_of(self.booking)

    @property
    def cancelled(self) -> bool:
        return self.booking.status in (CANCELLED, CANCELLED_BY_MUNICIPALITY)

    @property
    def late(self) -> bool:
        return self.booking.status == CANCELLED and self.booking.cancel_on_time is False


def session_view(booking: Booking, now: datetime | None = None, known_replacements: dict | None = None) -> SessionView:
    return SessionView(booking, services.municipality_of(booking), now or clock.now(), known_replacements)


@dataclass
class PlanView:
    """The citizen's training plan: upcoming and past sessions, the summary, the rules."""

    citizen: Person
    upcoming: list[SessionView]
    past: list[SessionView]
    m: Municipality | None
    flagged: list

    @property
    def booked(self) -> list[SessionView]:
        return [view for view in self.upcoming if view.booking.status == BOOKED]

    def context(self) -> dict:
        booked = self.booked
        return {"upcoming": self.upcoming, "past": self.past, "m": self.m, "flagged": self.flagged,
                "booked_count": len(booked), "next_session": booked[0] if booked else None, "citizen": self.citizen,
                "cancellation_rules": cancellation_rules(self.m) if self.m else []}


def plan_view(citizen: Person) -> PlanView:
    now = clock.now()
    bookings = services.citizen_bookings(citizen)
    replacements = services.replacements_of(bookings)
    views = [session_view(b, now, replacements) for b in bookings]
    municipality_id = views[0].slot.municipality_id if views else citizen.municipality_id
    m = municipalities.find(municipality_id) if municipality_id else None
    return PlanView(citizen, [v for v in views if v.upcoming], [v for v in reversed(views) if not v.upcoming], m,
                    services.flagged_cases(citizen))


def slot_label(slot: Slot) -> str:
    """A free time in a list to choose from."""
    text = f"{when(slot.starts_at)} · {slot.place} · {slot.therapist}"
    if slot.is_team:
        text += " · " + gettext("hold, %(n)d ledige pladser", n=slot.free_places)
    return text


def slot_choices(slots: list[Slot]) -> list[tuple[str, str]]:
    return [(str(slot.id), slot_label(slot)) for slot in slots]


def cancellation_rules(m: Municipality) -> list[str]:
    return wording.cancellation_rules(m.cancellation.policy)


def complaint_deadline_sentence(decision: Decision) -> str:
    """"Du kan klage senest mandag den 28. december 2026"."""
    return gettext("Du kan klage senest %(date)s", date=i18n.long_date(decision.complaint_deadline))


def reason_label(reason: str | None) -> str:
    return str(REASON_LABELS.get(reason or "", reason or ""))


_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def is_calendar_token(token: str) -> bool:
    return _TOKEN.match(token or "") is not None


def decision_letter(case, decision: Decision) -> dict:
    """What the decision letter shows: the afgørelse with its offer, the complaint route and deadline."""
    from portal.municipalities.bodies import route_bodies
    from portal.rules.complaints import Subject

    m = municipalities.get(case.municipality_id)
    route, bodies = route_bodies(m, Subject.DECISION)
    return dict(
        case=case, decision=decision, m=m, offer=m.offer(decision.offer_id or ""), bodies=bodies,
        outcome_label=OUTCOME_LABELS.get(decision.outcome, decision.outcome),
        outcome_sentence=OUTCOME_SENTENCES.get(decision.outcome, ""),
        form_name=FORM_NAMES.get(decision.form or "", decision.form),
        complaint_amount=wording.amount(m.deadlines.complaint), complaint_from=wording.counted_from(m.deadlines.complaint),
        deadline_sentence=complaint_deadline_sentence(decision),
        deadline_passed=clock.today() > decision.complaint_deadline,
    )


# ------------------------------------------ blocks on other capabilities' pages

def next_session_for_actor() -> SessionView | None:
    from portal.auth.current import actor

    current = actor()
    if current is None or current.citizen is None or not current.may("view"):
        return None
    booking = services.next_session(current.citizen)
    return session_view(booking) if booking else None


def flagged_cases_for_actor() -> list:
    from portal.auth.current import actor

    current = actor()
    if current is None or current.citizen is None or not current.may("view"):
        return []
    return services.flagged_cases(current.citizen)


def decision_for_block(case) -> Decision | None:
    from portal.auth.current import actor

    current = actor()
    if current is None or not (current.staff or current.may("view")):
        return None
    return services.latest_decision(case)
