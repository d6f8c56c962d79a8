"""Demo decisions and training for Birthe (granted genoptræning in Glostrup, with
past and upcoming sessions and free times to move to) and Ali (rejected in
København, complaint deadline still ahead). Everything is relative to clock.now().

Hands on to later loaders (complaints):
  world.extra["decisions"] = {"birthe": Decision, "ali": Decision}
  world.extra["bookings"]  = {"birthe": [Booking, …] oldest first,
                              "birthe_past": [...], "birthe_upcoming": [...]}
  world.extra["slots"]     = {"free": [Slot, …], "hold": [Slot, …]}
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from portal import clock, municipalities
from portal.cases.models import DECIDED, TRAINING, Case, new_reference
from portal.extensions import db
from portal.rules.calendar import is_business_day, next_business_day
from portal.rules.cancellation import COPENHAGEN

from . import services
from .models import ATTENDED, BOOKED, GRANTED, NO_SHOW, REJECTED, Booking, Decision, Slot

PLACE = "Træningscentret, Dommervangen 4, 1. sal, 2600 Glostrup"
THERAPIST = "Peter Madsen"


def _business_day_before(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def _case(world, key: str, municipality_id: str, law: str, received_days_ago: int) -> Case:
    cases = world.extra.get("cases") or {}
    if key in cases:
        return cases[key]
    person = world.people[key]
    received = clock.now() - timedelta(days=received_days_ago)
    case = Case(
        reference=new_reference(), citizen_id=person.id, municipality_id=municipality_id, law=law,
        status=DECIDED, received_at=received, applied_by_id=person.id, applied_as="self",
        answers={}, visitation_on=(received + timedelta(days=7)).date(),
    )
    db.session.add(case)
    db.session.flush()
    world.extra.setdefault("cases", {})[key] = case
    return case


def _slot(staff, day: date, hour: int, minute: int = 0, *, capacity: int = 1, form: str = "individuel") -> Slot:
    slot = Slot(
        municipality_id="glostrup", offer_id="genoptraening", form=form, starts_at=_at(day, hour, minute), minutes=45,
        place=PLACE, therapist=THERAPIST, capacity=capacity, booked=0, created_by_id=staff.id,
    )
    db.session.add(slot)
    return slot


def load(world) -> None:
    now = clock.now()
    today = now.date()
    glostrup = municipalities.get("glostrup")
    koebenhavn = municipalities.get("koebenhavn")
    lone, peter = world.staff["lone"], world.staff["peter"]

    # ---------------------------------------------------------------- Birthe
    birthe_case = _case(world, "birthe", "glostrup", "sel_86_1", received_days_ago=45)
    # The demo municipality keeps its promise: the decision comes the day before the answer is due.
    decided_on = (_business_day_before(birthe_case.response_due, 1) if birthe_case.response_due
                  else _business_day_before(today, 17))
    offer = glostrup.offer("genoptraening")
    provider = glostrup.contact(glostrup.complaints.training_provider)
    birthe_decision = Decision(
        case_id=birthe_case.id, outcome=GRANTED, legal_basis=offer.legal_basis, offer_id=offer.id, form="individuel",
        frequency="To gange om ugen", session_minutes=45, max_sessions=21,
        period_start=next_business_day(decided_on + timedelta(days=3)), period_end=next_business_day(decided_on + timedelta(weeks=12)),
        purpose="At du igen kan klare dig selv i hverdagen efter din lange influenza.",
        goals="At du kan gå på trapper til 1. sal uden at holde pause.\nAt du selv kan handle ind i Hovedgaden.",
        provider=provider.name, contact_person=THERAPIST, contact_phone=provider.phone,
        reasons=("Du har mistet kræfter og balance efter sygdom, som ikke har krævet indlæggelse. "
                 "Vi vurderer, at du kan genvinde dit tidligere funktionsniveau med genoptræning."),
        alternatives=None, decided_on=decided_on, received_on=decided_on,
        complaint_deadline=services.complaint_deadline(glostrup, decided_on),
        decided_by_id=lone.id, created_at=_at(decided_on, 11),
    )
    db.session.add(birthe_decision)
    birthe_case.status = TRAINING
    birthe_case.decided_on = decided_on
    # Birthe already subscribes to her plan in her calendar.
    world.people["birthe"].calendar_token = secrets.token_urlsafe(32)
    db.session.flush()

    # Tuesdays and Thursdays at 10.00, from the period's start until four weeks ahead.
    bookings: list[Booking] = []
    day = birthe_decision.period_start
    past_index = 0
    while day <= today + timedelta(days=28) and len(bookings) < 16:
        if day.weekday() in (1, 3) and is_business_day(day):
            slot = _slot(peter, day, 10)
            db.session.flush()
            started = slot.starts_at <= now
            status = BOOKED
            if started:
                past_index += 1
                status = NO_SHOW if past_index == 2 else ATTENDED
            booking = Booking(
                reference=services._booking_reference(), slot_id=slot.id, case_id=birthe_case.id,
                citizen_id=birthe_case.citizen_id, status=status, created_at=_at(decided_on, 12),
                marked_at=slot.ends_at if started else None, marked_by_id=peter.id if started else None,
            )
            db.session.add(booking)
            db.session.flush()
            bookings.append(booking)
        day += timedelta(days=1)
    first_attended = next((b for b in bookings if b.status == ATTENDED), None)
    if first_attended is not None:
        birthe_case.training_started_on = first_attended.slot.starts_at.date()

    # Free times to move to or take as a replacement: individual times on
    # Mondays, Wednesdays and Fridays, and a Wednesday hold with places.
    free, hold = [], []
    day = today + timedelta(days=1)
    while day <= today + timedelta(days=21):
        if is_business_day(day) and day.weekday() in (0, 2, 4):
            free.append(_slot(peter, day, 9))
            free.append(_slot(peter, day, 13, 30))
        if is_business_day(day) and day.weekday() == 2:
            hold.append(_slot(peter, day, 14, capacity=6, form="hold"))
        day += timedelta(days=1)
    db.session.flush()

    # ------------------------------------------------------------------- Ali
    ali_case = _case(world, "ali", "koebenhavn", "sel_86_1", received_days_ago=20)
    ali_decided = _business_day_before(today, 4)
    ali_received = _business_day_before(today, 3)
    ali_offer = koebenhavn.offer("vedligeholdende-traening")
    visitation = koebenhavn.contact(koebenhavn.complaints.municipality_visitation)
    # Agrees with his application (portal/apply/demo.py): vedligeholdende
    # træning with sclerosis, already in vederlagsfri fysioterapi (DOMAIN.md §9 row 5).
    ali_decision = Decision(
        case_id=ali_case.id, outcome=REJECTED, legal_basis=ali_offer.legal_basis,
        offer_id=ali_offer.id,
        reasons=("Du har søgt om vedligeholdende træning, fordi du har sklerose og har fået sværere ved at gå og "
                 "bruge trapper. Ved visitationsbesøget fortalte du, at du får vederlagsfri fysioterapi efter "
                 "sundhedslovens § 140 a hos en fysioterapeut, du selv har valgt. Den træning er netop til at "
                 "vedligeholde din funktion ved en fremadskridende sygdom, og den dækker dit behov. Derfor får du "
                 "ikke også vedligeholdende træning efter servicelovens § 86, stk. 2."),
        alternatives=("Fortsæt den vederlagsfri fysioterapi. Bliver det sværere for dig at klare trapper eller "
                      "rengøring, så tal med din læge, eller søg igen. Du kan også få hjælp til rengøring som "
                      "praktisk hjælp. Ring til " f"{visitation.name}"
                      + (f" på {visitation.phone}" if visitation.phone else "") + ", hvis du vil tale om det."),
        decided_on=ali_decided, received_on=ali_received,
        complaint_deadline=services.complaint_deadline(koebenhavn, ali_received),
        created_at=_at(ali_decided, 14),
    )
    db.session.add(ali_decision)
    ali_case.status = DECIDED
    ali_case.decided_on = ali_decided
    db.session.flush()

    world.extra["decisions"] = {"birthe": birthe_decision, "ali": ali_decision}
    world.extra["bookings"] = {
        "birthe": bookings,
        "birthe_past": [b for b in bookings if b.slot.starts_at <= now],
        "birthe_upcoming": [b for b in bookings if b.slot.starts_at > now],
    }
    world.extra["slots"] = {"free": free, "hold": hold}
