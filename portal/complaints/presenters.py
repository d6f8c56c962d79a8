"""What the complaint pages say: the route in plain words, status labels and
the history, built from the rules and the municipality's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext, lazy_gettext

from portal import i18n
from portal.municipalities import wording
from portal.municipalities.bodies import Body, route_bodies
from portal.municipalities.schema import Municipality
from portal.public.presenters import SUBJECT_EXAMPLES, SUBJECT_LABELS
from portal.rules.complaint_deadlines import LIMITATIONS
from portal.rules.complaints import (
    ANKESTYRELSEN, MUNICIPALITY_VISITATION, PATIENTERSTATNINGEN, STYRELSEN_FOR_PATIENTKLAGER, TRAINING_PROVIDER,
    Route, Subject,
)
from portal.schedule.models import GRANTED, PARTLY_GRANTED, REJECTED

from .models import (
    ANSWERED, DECISION, DELIVERY, FORWARDED, KEPT, RECEIVED, RECONSIDERING, SENT_TO_VISITATION,
    UPHELD, WITH_PROVIDER, Complaint, ComplaintEvent,
)

__all__ = ["SUBJECT_EXAMPLES", "SUBJECT_LABELS"]

# The heading of a complaint page, per subject.
SUBJECT_TITLES = {
    Subject.DECISION: lazy_gettext("Klage over en afgørelse"),
    Subject.CASE_HANDLING: lazy_gettext("Klage over ventetid eller sagsbehandling"),
    Subject.DELIVERY: lazy_gettext("Klage over den træning, du har fået"),
    Subject.TREATMENT: lazy_gettext("Klage over en sundhedspersons behandling"),
    Subject.COMPENSATION: lazy_gettext("Søg erstatning for en skade"),
}

OUTCOME_LABELS = {
    GRANTED: lazy_gettext("Bevilget"),
    PARTLY_GRANTED: lazy_gettext("Delvist bevilget"),
    REJECTED: lazy_gettext("Afslag"),
}

CONTACT_LABELS = {
    "digital_post": lazy_gettext("Digital Post"),
    "phone": lazy_gettext("Telefon"),
    "email": lazy_gettext("E-mail"),
}


def subject_title(subject: str) -> str:
    return str(SUBJECT_TITLES[Subject(subject)])


def subject_label(subject: str) -> str:
    return str(SUBJECT_LABELS[Subject(subject)])


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))


# ------------------------------------------------------------------ route

@dataclass
class RouteStep:
    number: int
    body: Body
    does: list[str]  # what happens at this step, in plain sentences


@dataclass
class RoutePage:
    subject: Subject
    route: Route
    steps: list[RouteStep]
    deadline: str  # the rule that applies, as a sentence
    after: str  # what happens once the route has run
    oral: list[str]  # the oral alternative (or, for the national bodies, who to ring)


def _step_text(m: Municipality, subject: Subject, body_id: str, index: int) -> list[str]:
    d = m.deadlines
    if subject is Subject.DECISION and body_id == MUNICIPALITY_VISITATION:
        lines = [
            gettext("Du sender klagen til kommunen. Kommunen genvurderer afgørelsen: den ser på sagen igen med din klage og de nye oplysninger, du sender med."),
        ]
        if d.reconsideration is not None:
            lines.append(wording.deadline_rule(d.reconsideration))
        return lines
    if subject is Subject.DECISION and body_id == ANKESTYRELSEN:
        return [
            gettext("Fastholder kommunen afgørelsen, sender den klagen videre til Ankestyrelsen sammen med sagens papirer. Du skal ikke selv sende den."),
            gettext("Ankestyrelsen kan fastholde eller ændre afgørelsen. Du får svaret fra Ankestyrelsen."),
        ]
    if subject is Subject.CASE_HANDLING:
        return [gettext("Kommunen behandler din klage over ventetiden eller sagsbehandlingen og svarer dig.")]
    if subject is Subject.DELIVERY and body_id == TRAINING_PROVIDER:
        return [gettext("Klagen går først til træningsstedet, hvor %(leader)s svarer dig.", leader=m.complaints.provider_leader)]
    if subject is Subject.DELIVERY and body_id == MUNICIPALITY_VISITATION:
        return [gettext("Er du ikke tilfreds med svaret, kan du bede om, at klagen går videre til visitationen i kommunen. Det gør du på siden med din klage.")]
    if body_id in (STYRELSEN_FOR_PATIENTKLAGER, PATIENTERSTATNINGEN):
        return [line for line in (_national_how(body_id),) if line]
    return []


def _national_how(body_id: str) -> str:
    from portal.i18n import language
    from portal.municipalities import national

    body = national()[body_id]
    return (body.how_en if language() == "en" and body.how_en else body.how)


def deadline_text(m: Municipality, subject: Subject) -> str:
    if subject is Subject.DECISION:
        return wording.deadline_rule(m.deadlines.complaint)
    if subject is Subject.TREATMENT:
        period = LIMITATIONS[Subject.TREATMENT]
        return gettext(
            "Du skal klage senest %(relative)d år efter, at du fandt ud af, at der kunne være sket en fejl, "
            "og senest %(absolute)d år efter behandlingen.",
            relative=period.relative_years, absolute=period.absolute_years,
        )
    if subject is Subject.COMPENSATION:
        period = LIMITATIONS[Subject.COMPENSATION]
        return gettext(
            "Du skal søge senest %(relative)d år efter, at du fandt ud af, at du var kommet til skade, "
            "og senest %(absolute)d år efter skaden.",
            relative=period.relative_years, absolute=period.absolute_years,
        )
    return gettext("Der er ingen fast frist for at klage over det. Klag gerne så hurtigt som muligt, så det kan blive rettet.")


def after_text(subject: Subject, route: Route) -> str:
    if subject is Subject.DECISION:
        return gettext("Giver kommunen dig medhold, ændrer den afgørelsen. Fastholder kommunen afgørelsen, sender den klagen videre til Ankestyrelsen, og du får besked om det her i portalen.")
    if subject is Subject.CASE_HANDLING:
        return gettext("Kommunen svarer dig. En klage over sagsbehandling kan ikke sendes videre til en anden myndighed.")
    if subject is Subject.DELIVERY:
        return gettext("Du kan følge klagen her i portalen. En klage over leveringen af træningen kan ikke sendes videre til en anden myndighed.")
    if subject is Subject.TREATMENT:
        return gettext("Portalen sender ikke klagen for dig. Du klager direkte til Styrelsen for Patientklager, som behandler klagen og svarer dig.")
    return gettext("Portalen sender ikke ansøgningen for dig. Du søger direkte hos Patienterstatningen, som behandler sagen og svarer dig.")


def oral_alternative(m: Municipality) -> str:
    oral = m.complaints.oral
    if oral.phone and oral.hours:
        return gettext("Du kan også klage mundtligt. Ring til kommunen på %(phone)s, %(hours)s.", phone=oral.phone, hours=oral.hours)
    if oral.phone:
        return gettext("Du kan også klage mundtligt. Ring til kommunen på %(phone)s.", phone=oral.phone)
    return gettext("Du kan også klage mundtligt ved at kontakte %(name)s.", name=m.name)


def _oral_lines(m: Municipality, route: Route, bodies: list[Body]) -> list[str]:
    if route.filed_in_portal:
        return [oral_alternative(m)]
    lines = []
    for body in bodies:
        if body.phone:
            lines.append(gettext("Du kan også ringe til %(name)s på %(phone)s.", name=body.name, phone=body.phone))
        elif body.web:
            lines.append(gettext("Du finder %(name)s på %(web)s.", name=body.name, web=body.web))
    oral = m.complaints.oral
    if oral.phone:
        lines.append(gettext("Har du brug for hjælp til at finde ud af, hvor du skal klage, kan du ringe til kommunen på %(phone)s.", phone=oral.phone))
    else:
        lines.append(gettext("Har du brug for hjælp til at finde ud af, hvor du skal klage, kan du kontakte %(name)s.", name=m.name))
    return lines


def route_page(m: Municipality, subject: Subject | str) -> RoutePage:
    subject = Subject(subject)
    route, bodies = route_bodies(m, subject)
    steps = [
        RouteStep(index + 1, body, _step_text(m, subject, body.id, index)) for index, body in enumerate(bodies)
    ]
    return RoutePage(subject, route, steps, deadline_text(m, subject), after_text(subject, route), _oral_lines(m, route, bodies))


# ---------------------------------------------------------------- statuses

def status_label(complaint: Complaint, status: str | None = None) -> str:
    status = status or complaint.status
    if status == RECEIVED:
        return gettext("Modtaget")
    if status == RECONSIDERING:
        return gettext("Under genvurdering") if complaint.subject == DECISION else gettext("Under behandling")
    if status == UPHELD:
        return gettext("Medhold")
    if status == KEPT:
        return gettext("Fastholdt – sendes til Ankestyrelsen")
    if status == FORWARDED:
        return gettext("Fastholdt og sendt til Ankestyrelsen")
    if status == WITH_PROVIDER:
        return gettext("Sendt til lederen af træningsstedet")
    if status == ANSWERED:
        return gettext("Besvaret")
    if status == SENT_TO_VISITATION:
        return gettext("Sendt videre til visitationen")
    return status


def status_badge(complaint: Complaint) -> str:
    """The DKFDS badge variant for the status."""
    if complaint.status in (UPHELD, ANSWERED, FORWARDED):
        return "success"
    if complaint.status == KEPT:
        return "warning"
    return "info"


def status_detail(complaint: Complaint) -> str:
    """What goes with the status: the date it was sent on, or when the answer is due."""
    if complaint.status == FORWARDED and complaint.forwarded_on:
        return gettext("Sendt til Ankestyrelsen %(date)s.", date=i18n.long_date(complaint.forwarded_on))
    if complaint.status in (RECEIVED, RECONSIDERING) and complaint.answer_due:
        return gettext("Kommunen svarer senest %(date)s.", date=i18n.long_date(complaint.answer_due))
    return ""


@dataclass
class HistoryItem:
    at: datetime
    title: str
    lines: list[str]
    quote: str | None  # an answer or reasons, shown as written
    current: bool


def history(complaint: Complaint, m: Municipality) -> list[HistoryItem]:
    items: list[HistoryItem] = []
    escalated = False
    events: list[ComplaintEvent] = list(complaint.events)
    for position, event in enumerate(events):
        lines: list[str] = []
        quote = None
        if event.status == RECEIVED:
            if complaint.subject == DELIVERY:
                lines.append(gettext("Portalen har modtaget din klage."))
            else:
                lines.append(gettext("Kommunen har modtaget din klage."))
            if event.actor_person_id and event.actor_person_id != complaint.citizen_id and event.actor_person:
                lines.append(gettext("Klagen blev sendt af %(name)s med fuldmagt.", name=event.actor_person.name))
            if complaint.late and complaint.deadline:
                lines.append(gettext("Klagen kom efter fristen %(date)s.", date=i18n.long_date(complaint.deadline)))
        elif event.status == RECONSIDERING:
            if complaint.subject == DECISION:
                lines.append(gettext("Kommunen genvurderer afgørelsen."))
                if complaint.answer_due:
                    lines.append(gettext("Kommunen svarer senest %(date)s.", date=i18n.long_date(complaint.answer_due)))
            else:
                lines.append(gettext("Kommunen behandler din klage."))
        elif event.status == UPHELD:
            lines.append(gettext("Du har fået medhold. Kommunen ændrer afgørelsen sådan:"))
            quote = complaint.changes
        elif event.status == KEPT:
            lines.append(gettext("Kommunen har genvurderet afgørelsen og fastholder den. Klagen bliver sendt videre til Ankestyrelsen. Kommunens begrundelse:"))
            quote = complaint.reasons
        elif event.status == FORWARDED:
            lines.append(gettext(
                "Kommunen har sendt klagen og sagens papirer til Ankestyrelsen %(date)s. Ankestyrelsen behandler nu klagen og sender dig svaret.",
                date=i18n.long_date(complaint.forwarded_on or event.at),
            ))
        elif event.status == WITH_PROVIDER:
            lines.append(gettext(
                "Klagen er sendt til træningsstedet (%(provider)s), hvor %(leader)s svarer dig.",
                provider=_provider_name(m), leader=m.complaints.provider_leader,
            ))
        elif event.status == ANSWERED:
            if complaint.subject == DELIVERY and not escalated:
                lines.append(gettext("Træningsstedet har svaret:"))
                quote = complaint.answer
            else:
                lines.append(gettext("Kommunen har svaret:"))
                quote = complaint.final_answer
        elif event.status == SENT_TO_VISITATION:
            escalated = True
            lines.append(gettext("Du var ikke tilfreds med svaret. Klagen er sendt videre til visitationen i kommunen."))
            quote = complaint.not_satisfied_reason
        items.append(HistoryItem(event.at, status_label(complaint, event.status), lines, quote, position == len(events) - 1))
    return items


def _provider_name(m: Municipality) -> str:
    return m.contact(m.complaints.training_provider).name


def concern_label(complaint: Complaint, m: Municipality) -> str:
    """What the complaint is about, in one line ("Afslag af 3. marts 2026, sag TP-…")."""
    if complaint.decision is not None:
        return decision_label(complaint.decision)
    if complaint.booking is not None:
        return booking_label(complaint.booking)
    if complaint.case is not None:
        return gettext("Sag %(reference)s", reference=complaint.case.reference)
    return gettext("Ingen bestemt sag")


def decision_label(decision) -> str:
    """The decision in one line; its offer from the deciding municipality's catalogue."""
    from portal import municipalities

    deciding = municipalities.get(decision.case.municipality_id)
    offer = deciding.offer(decision.offer_id) if decision.offer_id else None
    what = offer.name if offer else decision.legal_basis
    return gettext(
        "%(outcome)s: %(what)s – afgørelse af %(date)s (sag %(reference)s)",
        outcome=outcome_label(decision.outcome), what=what, date=i18n.short_date(decision.decided_on),
        reference=decision.case.reference,
    )


BOOKING_STATUS_LABELS = {
    "attended": lazy_gettext("du deltog"),
    "no_show": lazy_gettext("registreret som udeblevet"),
    "cancelled": lazy_gettext("du meldte afbud"),
    "cancelled_by_municipality": lazy_gettext("aflyst af kommunen"),
    "moved": lazy_gettext("flyttet"),
    "booked": lazy_gettext("booket"),
}


def booking_label(booking) -> str:
    slot = booking.slot
    status = BOOKING_STATUS_LABELS.get(booking.status)
    text = gettext(
        "%(when)s, %(place)s, %(therapist)s", when=i18n.long_datetime(slot.starts_at), place=slot.place,
        therapist=slot.therapist,
    )
    return f"{text} ({status})" if status else text


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def route_context(citizen, m: Municipality, subject: Subject, decision, booking) -> dict:
    """What the route page for one kind of complaint shows: the bodies in order,
    the deadline, and the decision or session it is about."""
    from portal import clock, municipalities

    from . import services

    decision = decision if subject is Subject.DECISION else None
    return dict(
        m=m, page=route_page(m, subject), subject=subject, title=subject_title(subject.value),
        decision=decision, booking=booking if subject is Subject.DELIVERY else None,
        decision_deadline=services.decision_deadline(m, decision) if decision else None, today=clock.today(),
        complaints=services.complaints_of(citizen),
        own_decisions=services.own_decisions(citizen) if (subject is Subject.DECISION and decision is None) else [],
        deadline_of=lambda d: services.decision_deadline(municipalities.get(d.case.municipality_id), d),
    )
