"""Shared set-up for the schedule tests: the demo world as plain values, and
small helpers to read and change it outside a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN


@dataclass
class Demo:
    birthe_case: str
    ali_case: str
    upcoming: list[tuple[str, datetime]]  # Birthe's upcoming bookings (reference, start)
    past: list[tuple[str, datetime]]
    free_slot_ids: list[int]
    hold_slot_ids: list[int]
    people: dict[str, int]
    staff: dict[str, int]


def load(app) -> Demo:
    from portal.demo import load as load_world
    from portal.extensions import db

    with app.app_context():
        world = load_world()
        db.session.commit()
        bookings = world.extra["bookings"]
        return Demo(
            birthe_case=world.extra["cases"]["birthe"].reference,
            ali_case=world.extra["cases"]["ali"].reference,
            upcoming=[(b.reference, b.slot.starts_at) for b in bookings["birthe_upcoming"]],
            past=[(b.reference, b.slot.starts_at) for b in bookings["birthe_past"]],
            free_slot_ids=[s.id for s in world.extra["slots"]["free"]],
            hold_slot_ids=[s.id for s in world.extra["slots"]["hold"]],
            people={k: p.id for k, p in world.people.items()},
            staff={k: s.id for k, s in world.staff.items()},
        )


def on(day_of: datetime, hour: int, minute: int = 0, days_before: int = 0) -> datetime:
    """A wall-clock moment in Copenhagen on `day_of`'s date (or days before it)."""
    day = day_of.astimezone(COPENHAGEN).date() - timedelta(days=days_before)
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


def deadline_moments(start: datetime) -> list[tuple[str, datetime]]:
    """The moments around each deadline of a session starting at `start`, in order:
    12.00 the day before (12.00 on time, 12.01 late), 08.00 on the day, the start."""
    return [
        ("day before 11.59", on(start, 11, 59, days_before=1)),
        ("day before 12.00", on(start, 12, 0, days_before=1)),
        ("day before 12.00.59", on(start, 12, 0, days_before=1) + timedelta(seconds=59)),
        ("day before 12.01", on(start, 12, 1, days_before=1)),
        ("07.59", on(start, 7, 59)),
        ("08.00", on(start, 8, 0)),
        ("08.01", on(start, 8, 1)),
        ("start - 1 min", start - timedelta(minutes=1)),
        ("start", start),
    ]


def booking(app, reference: str) -> dict:
    from portal.extensions import db
    from portal.schedule.models import Booking

    with app.app_context():
        b = db.session.scalar(select(Booking).where(Booking.reference == reference))
        if b is None:
            return {}
        return {
            "status": b.status, "on_time": b.cancel_on_time, "replacement_offered": b.replacement_offered,
            "slot_id": b.slot_id, "booked": b.slot.booked, "deadline": b.cancel_deadline, "reason": b.cancel_reason,
            "cancelled_by_id": b.cancelled_by_id, "case_id": b.case_id, "citizen_id": b.citizen_id,
        }


def slot_booked(app, slot_id: int) -> int:
    from portal.extensions import db
    from portal.schedule.models import Slot

    with app.app_context():
        return db.session.get(Slot, slot_id).booked


def bookings_of(app, citizen_id: int) -> list[dict]:
    from portal.extensions import db
    from portal.schedule.models import Booking

    with app.app_context():
        rows = db.session.scalars(select(Booking).where(Booking.citizen_id == citizen_id).order_by(Booking.id)).all()
        return [{"reference": b.reference, "status": b.status, "slot_id": b.slot_id,
                 "replacement_for_id": b.replacement_for_id, "moved_from_id": b.moved_from_id, "id": b.id} for b in rows]


def outbox(app, kind: str | None = None) -> list[dict]:
    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [{"kind": m.kind, "to": m.to_address, "subject": m.subject, "body": m.body, "status": m.status,
                 "person_id": m.person_id} for m in db.session.scalars(query)]


def audit_actions(app, subject_id: int) -> list[str]:
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject_person_id == subject_id).order_by(AuditEntry.id)))


def grant(app, grantor: str, holder: str, scopes: str, valid_until=None) -> None:
    """A fuldmagt between demo people, made outside a request."""
    from portal import clock
    from portal.auth.models import Grant, Person
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        ids = {key: db.session.scalar(select(Person.id).where(Person.cpr == PEOPLE_BY_KEY[key].cpr)) for key in (grantor, holder)}
        existing = db.session.scalar(select(Grant).where(Grant.grantor_id == ids[grantor], Grant.holder_id == ids[holder]))
        if existing is None:
            existing = Grant(grantor_id=ids[grantor], holder_id=ids[holder], created_at=clock.now(), updated_at=clock.now(), scopes="")
            db.session.add(existing)
        existing.scopes = scopes
        existing.valid_until = valid_until
        existing.revoked_at = None
        existing.declined_at = None
        db.session.commit()


def make_case(app, key: str, municipality_id: str = "glostrup", status: str = "visitation", law: str = "sel_86_1") -> str:
    from portal import clock
    from portal.auth.models import Person
    from portal.cases.models import Case, new_reference
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.cpr == PEOPLE_BY_KEY[key].cpr))
        case = Case(reference=new_reference(), citizen_id=person.id, municipality_id=municipality_id, law=law,
                    status=status, received_at=clock.now() - timedelta(days=10), applied_by_id=person.id,
                    applied_as="self", answers={})
        db.session.add(case)
        db.session.commit()
        return case.reference


def text(html: str) -> str:
    """The visible words of a page, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    html = html.replace("&nbsp;", " ").replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", html).strip()


def main_text(response) -> str:
    html = response.get_data(as_text=True)
    if "<main" in html:
        html = html.split("<main", 1)[1].split("</main>", 1)[0]
    return text(html)


