"""Demo data for complaints. Runs after the apply and schedule loaders and
uses what they made; where they have made nothing (this capability on its
own), it makes the minimum itself: Birthe's granted case in Glostrup with a
few sessions she attended, and Ali's rejection in København, received a few
days ago so that his complaint deadline lies ahead.

Ali has no complaint (the browser test files one). Birthe has one answered
delivery complaint, so the "not satisfied" step can be shown."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from flask import g
from sqlalchemy import select

from portal import clock, municipalities
from portal.auth.models import StaffMember
from portal.cases.models import DECIDED, TRAINING, Case, new_reference
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from portal.rules.complaint_deadlines import decision_complaint_deadline
from portal.schedule.models import ATTENDED, BOOKED, GRANTED, REJECTED, Booking, Decision, Slot

from . import notifications, services

# A complaint handler in København, so Ali's complaint has someone to handle it.
# (Also listed in portal/demo_people.STAFF, so the demo sign-in page offers him.)
KBH_HANDLER = ("mads", "demo-koebenhavn-klage", "Mads Kofoed", "koebenhavn", "klagebehandler")


def load(world) -> None:
    _staff(world)
    birthe_bookings = _birthe_sessions(world)
    _ali_rejection(world)
    complaint = _birthe_delivery_complaint(world, birthe_bookings)
    world.extra.setdefault("complaints", {})["birthe"] = complaint
    world.extra["complaint"] = complaint


def _staff(world) -> None:
    key, subject, name, municipality_id, roles = KBH_HANDLER
    if key in world.staff:
        return
    member = db.session.scalar(select(StaffMember).where(StaffMember.subject == subject))
    if member is None:
        member = StaffMember(subject=subject, name=name, municipality_id=municipality_id, roles=roles,
                             created_at=clock.now())
        db.session.add(member)
        db.session.flush()
    world.staff[key] = member


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def _birthe_sessions(world) -> list[Booking]:
    """Birthe's attended sessions, oldest first; made here if the schedule loader made none."""
    birthe = world.people["birthe"]
    existing = list(db.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Booking.citizen_id == birthe.id, Booking.status == ATTENDED).order_by(Slot.starts_at)
    ))
    if existing:
        return existing
    now = clock.now()
    today = now.date()
    m = municipalities.get("glostrup")
    case = (world.extra.get("cases") or {}).get("birthe") or Case(
        reference=new_reference(), citizen_id=birthe.id, municipality_id=m.id, law="sel_86_1", status=TRAINING,
        received_at=now - timedelta(days=45), applied_by_id=birthe.id, applied_as="self",
        answers={
            "offer": "genoptraening",
            "situation": "Jeg har haft lungebetændelse og er blevet meget svag. Jeg kan ikke gå på trapper.",
            "daily_activities": {"walking": "Kan gå 100 meter med rollator", "stairs": "Kan ikke"},
            "transport": "Min datter kører mig",
            "consent_to_gather_information": True,
        },
        visitation_on=today - timedelta(days=38),
        visitation_note="Borgeren er svækket efter lungebetændelse. Testene viser nedsat gangfunktion og balance.",
        decided_on=today - timedelta(days=35), training_started_on=today - timedelta(days=28),
    )
    db.session.add(case)
    db.session.flush()
    decided_on = today - timedelta(days=35)
    decision = Decision(
        case_id=case.id, outcome=GRANTED, legal_basis="Serviceloven § 86, stk. 1", offer_id="genoptraening",
        form="individuel", frequency="To gange om ugen", session_minutes=45, max_sessions=21,
        period_start=today - timedelta(days=28), period_end=today + timedelta(days=60),
        purpose="At du kommer op på dit tidligere funktionsniveau.", goals="At du kan gå på trapper igen.",
        provider="Træningscentret, Glostrup Kommune", contact_phone="43 46 85 00",
        reasons="Du har mistet funktion efter sygdom, der ikke er behandlet på sygehus.",
        decided_on=decided_on, received_on=decided_on + timedelta(days=1),
        complaint_deadline=decision_complaint_deadline(m.deadlines.complaint.rule, decided_on + timedelta(days=1)),
        decided_by_id=world.staff["lone"].id if "lone" in world.staff else None, created_at=now,
    )
    db.session.add(decision)
    bookings = []
    for weeks_ago, status in ((3, ATTENDED), (2, ATTENDED), (1, ATTENDED), (-1, BOOKED)):
        starts = _at(today - timedelta(days=7 * weeks_ago), 10)
        slot = Slot(municipality_id=m.id, offer_id="genoptraening", starts_at=starts, minutes=45,
                    place="Træningscentret, Dommervangen 4, 1. sal, 2600 Glostrup", therapist="Peter Madsen",
                    capacity=1)
        db.session.add(slot)
        db.session.flush()
        booking = Booking(reference=new_reference("TR"), slot_id=slot.id, case_id=case.id, citizen_id=birthe.id,
                          status=status, created_at=now - timedelta(days=30),
                          marked_at=starts + timedelta(minutes=45) if status == ATTENDED else None)
        db.session.add(booking)
        if status == ATTENDED:
            bookings.append(booking)
    db.session.flush()
    return bookings


def _ali_rejection(world) -> Decision:
    ali = world.people["ali"]
    existing = db.session.scalar(
        select(Decision).join(Case, Decision.case_id == Case.id)
        .where(Case.citizen_id == ali.id, Decision.outcome == REJECTED)
    )
    if existing is not None:
        return existing
    now = clock.now()
    today = now.date()
    m = municipalities.get("koebenhavn")
    case = (world.extra.get("cases") or {}).get("ali") or Case(
        reference=new_reference(), citizen_id=ali.id, municipality_id=m.id, law="sel_86_2", status=DECIDED,
        received_at=now - timedelta(days=20), applied_by_id=ali.id, applied_as="self",
        answers={
            "offer": "vedligeholdende-traening",
            "situation": "Jeg har sclerose og vil gerne holde mine kræfter ved lige.",
            "function_level": 2,
            "training_at_home": True,
        },
        visitation_on=today - timedelta(days=12),
        visitation_note="Borgeren træner selv i et motionscenter to gange om ugen og klarer sine daglige gøremål.",
        decided_on=today - timedelta(days=5),
    )
    db.session.add(case)
    db.session.flush()
    received_on = today - timedelta(days=4)
    decision = Decision(
        case_id=case.id, outcome=REJECTED, legal_basis="Servicelovens § 86, stk. 2",
        offer_id="vedligeholdende-traening", form="hjemme",
        reasons="Du kan selv holde dit funktionsniveau ved lige med den træning, du allerede gør.",
        alternatives="Du kan søge igen, hvis din funktionsevne bliver dårligere. Spørg din læge om vederlagsfri fysioterapi.",
        decided_on=today - timedelta(days=5), received_on=received_on,
        complaint_deadline=decision_complaint_deadline(m.deadlines.complaint.rule, received_on), created_at=now,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


@contextmanager
def _acting_as(*, person=None, staff=None):
    """The audit log records who acted (portal.audit reads g.actor); outside a
    request there is no one, so the demo says who it pretends to be."""
    before = g.get("actor")
    g.actor = SimpleNamespace(person=person, staff=staff)
    try:
        yield
    finally:
        g.actor = before


def _birthe_delivery_complaint(world, bookings: list[Booking]):
    """An answered complaint about Birthe's first session, as if two weeks old."""
    if not bookings or "hanne" not in world.staff:
        return None
    birthe = world.people["birthe"]
    hanne = world.staff["hanne"]
    booking = bookings[0]
    m = municipalities.get(booking.case.municipality_id)
    with _acting_as(person=birthe), notifications.suppressed():
        complaint = services.file_complaint(
            citizen=birthe, filed_by=birthe, m=m, subject="delivery", booking=booking,
            text=services.ComplaintText(
                what_happened="Træningen begyndte 20 minutter for sent, og der var ikke tid til alle øvelserne.",
                wants="At træningen begynder til tiden.", new_information=None, contact="digital_post",
                contact_phone=None, contact_email=None,
            ),
        )
    with _acting_as(staff=hanne), notifications.suppressed():
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
