"""Demo cases, made through the case services: Birthe Hansen's genoptræning in
Glostrup and Ali Yilmaz's application in København, both with the visitation
meeting held. The schedule loader adds Birthe's decision and sessions and
Ali's rejection (world.extra["cases"])."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal import audit, clock
from portal.cases import services
from portal.rules.calendar import add_business_days, next_business_day


def _weekday_morning(days_ago: int) -> datetime:
    day = next_business_day((clock.now() - timedelta(days=days_ago)).date())
    return datetime.combine(day, time(10, 12), tzinfo=clock.now().tzinfo)


BIRTHE_ANSWERS = {
    "onset": "sudden",
    "hospital": "no",
    "what_happened": "Jeg havde en slem influenza i flere uger og er blevet meget svag i benene. Jeg er bange for at falde.",
    "activities": ["hygiene", "shopping", "moving_outdoors"],
    "levels": {"hygiene": 1, "shopping": 2, "moving_outdoors": 2},
    "goal": "Jeg vil gerne kunne gå til Glostrup Bibliotek og handle ind selv igen.",
    "needs": ["transport"],
    "interpreter_language": "",
    "consents": ["gp", "home_care"],
    "bisidder": "yes",
    "contact_method": "phone",
    "phone": "43 21 09 87",
    "email": "",
    "contact_time": "morning",
    "declared_consent": False,
}

ALI_ANSWERS = {
    "onset": "lasting",
    "hospital": "no",
    "what_happened": "Jeg har sklerose og har fået sværere ved at gå og bruge trapper det seneste år.",
    "activities": ["moving_indoors", "moving_outdoors", "cleaning"],
    "levels": {"moving_indoors": 1, "moving_outdoors": 3, "cleaning": 2},
    "goal": "Jeg vil gerne kunne gå på trapper og gøre rent i min lejlighed selv.",
    "needs": ["home"],
    "interpreter_language": "",
    "consents": [],
    "bisidder": "no",
    "contact_method": "email",
    "phone": "",
    "email": "ali@example.dk",
    "contact_time": "any",
    "declared_consent": False,
}


def load(world) -> None:
    birthe, ali = world.people["birthe"], world.people["ali"]
    birthe_received = _weekday_morning(days_ago=42)
    birthe_happened = birthe_received.date() - timedelta(days=30)
    with audit.as_if(birthe_received, person=birthe):
        birthe_case = services.create_case(
            citizen=birthe, applied_by=birthe, applied_as="self", municipality_id="glostrup", law="sel_86_1",
            answers={**BIRTHE_ANSWERS, "happened_on": birthe_happened.isoformat()},
            consents={"gp": True, "home_care": True}, received_at=birthe_received,
        )
    visited = add_business_days(birthe_received.date(), 3)
    with audit.as_if(datetime.combine(visited, time(15, 40), tzinfo=birthe_received.tzinfo), staff=world.staff["lone"]):
        services.record_visitation(
            birthe_case, visited,
            "Hjemmebesøg. Birthe går usikkert med stok og kan ikke gå til butikken. Motiveret for træning.",
            world.staff["lone"],
        )
    ali_received = _weekday_morning(days_ago=28)
    with audit.as_if(ali_received, person=ali):
        ali_case = services.create_case(
            citizen=ali, applied_by=ali, applied_as="self", municipality_id="koebenhavn", law="sel_86_2",
            answers={**ALI_ANSWERS, "happened_on": None}, consents={}, received_at=ali_received,
        )
    ali_visited = add_business_days(ali_received.date(), 5)
    with audit.as_if(datetime.combine(ali_visited, time(13, 10), tzinfo=ali_received.tzinfo)):
        services.record_visitation(
            ali_case, ali_visited,
            "Visitationsbesøg i hjemmet. Ali klarer trapper med gelænder og får allerede vederlagsfri fysioterapi.",
            None,
        )
    world.extra["cases"] = {"birthe": birthe_case, "ali": ali_case}
