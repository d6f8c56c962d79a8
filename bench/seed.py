"""The bench's data set, written through the portal's own models.

Rows go in with `db.session.execute(insert(Model), rows)` in batches: the
models' tables, columns, types (AwareDateTime) and defaults, only without
building an ORM object per row. Everything is deterministic (a fixed random
seed) and relative to clock.now(), so upcoming sessions are in the future.

What is made:
- `citizens` people in the four municipalities, and `applications` cases
  spread over them, in every status; a decision on each decided case.
- `sessions` bookings, each on a slot: a team slot (4 places) per
  municipality, day, hour and room, filled by the granted courses.
- the bench citizen: Birthe Hansen's demo CPR (so POST /log-ind/demo who=birthe
  signs in as her) with one granted case and exactly 40 sessions, 20 past and
  20 upcoming (3 of each cancelled, 1 missed);
- the afbud pool: Mette Hansen's demo CPR (who=mette) with a granted case and
  many upcoming sessions, one for each cancel POST the load generator sends;
- the flyt pool: a second granted case of Mette's, in an offer nobody else
  trains in (Glostrup's bassin-hold), with one upcoming session and one free
  target time for each move POST; the targets all lie before the sessions,
  so each move's target is among the first free times the move page offers;
- what the other signed-in pages show (`seed_extras`): the demo staff, Birthe's
  fuldmagt to Mette, an answered complaint of Birthe's, a team session in
  Glostrup with six citizens on it (the therapist's slot page), and entries
  in Birthe's activity log made by Mette and by staff.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterable, Iterator

from sqlalchemy import func, insert, select, text

from portal import clock, municipalities
from portal.auth.models import SCOPES, AuditEntry, Grant, Person, StaffMember
from portal.cases.models import CLOSED, DECIDED, RECEIVED, TRAINING, VISITATION, WITHDRAWN, Case
from portal.demo_people import PEOPLE_BY_KEY, STAFF
from portal.extensions import db
from portal.rules.calendar import is_business_day
from portal.rules.cancellation import COPENHAGEN
from portal.schedule.models import (
    ATTENDED, BOOKED, CANCELLED, GRANTED, NO_SHOW, PARTLY_GRANTED, REJECTED, Booking, Decision, Slot,
)

BATCH = 10_000
BENCH_CITIZEN = "birthe"  # the demo person whose CPR the bench citizen has
POOL_CITIZEN = "mette"  # the demo person whose sessions the cancel POSTs use
BENCH_SESSIONS = 40
TEAM_PLACES = 4
MOVE_OFFER = ("glostrup", "bassin-hold")  # the flyt pool's offer: no other course trains in it
SLOT_CITIZENS = 6  # on the team session of the therapist's slot page
ACTIVITY_ENTRIES = 60  # Birthe's activity log: what others did in her case

_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"  # as portal.cases.models.new_reference
_FIRST = ("Anne", "Bent", "Inger", "Jørgen", "Kirsten", "Hans", "Lene", "Poul", "Mette", "Niels", "Aisha",
          "Søren", "Hanne", "Ole", "Karin", "Mohammed", "Birgit", "Erik", "Grethe", "Henrik")
_LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
         "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Yilmaz")
_MUNICIPALITY_WEIGHTS = (("koebenhavn", 5), ("glostrup", 2), ("herlev", 2), ("ballerup", 2))
_CASE_STATUSES = ((RECEIVED, 10), (VISITATION, 10), (DECIDED, 15), (TRAINING, 40), (CLOSED, 20), (WITHDRAWN, 5))


def reference(prefix: str, number: int) -> str:
    """A unique reference per number, in the portal's format (TP-ABC-DEF)."""
    x = (number * 48271 + 12345) % 27 ** 6  # a bijection: 48271 is prime to 3**18
    body = ""
    for _ in range(6):
        x, digit = divmod(x, 27)
        body += _ALPHABET[digit]
    return f"{prefix}-{body[:3]}-{body[3:]}"


def _weighted(choices) -> list:
    return [value for value, weight in choices for _ in range(weight)]


def _columns(model) -> frozenset[str]:
    return frozenset(model.__table__.columns.keys())


def _insert(model, rows: Iterable[dict]) -> int:
    """Insert in batches through the model; keys the model lacks are dropped
    (so the bench survives a column that is not there yet). Rows go in with
    the data-version triggers off (portal/versions.py: every kept page is out
    of date afterwards), bookings also with the place-counting triggers off:
    the seeder counts the places itself, and the counts are recounted from the
    bookings afterwards."""
    from portal import versions

    with versions.loading_in_bulk(db.session):
        if model is Booking:
            from portal.schedule import places

            with places.counted_by_the_loader(db.session):
                return _insert_rows(model, rows)
        return _insert_rows(model, rows)


def _insert_rows(model, rows: Iterable[dict]) -> int:
    columns = _columns(model)
    count = 0
    batch: list[dict] = []
    for row in rows:
        batch.append({k: v for k, v in row.items() if k in columns})
        if len(batch) >= BATCH:
            count += _flush(model, batch)
            batch = []
    if batch:
        count += _flush(model, batch)
    return count


def _flush(model, batch: list[dict]) -> int:
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA synchronous=OFF"))
    db.session.execute(insert(model), batch)
    db.session.commit()
    return len(batch)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=COPENHAGEN)


@dataclass
class Course:
    """A granted case whose citizen trains."""

    case_id: int
    citizen_id: int
    municipality_id: str
    offer_id: str
    status: str


@dataclass
class World:
    now: datetime
    rng: random.Random
    courses: list[Course] = field(default_factory=list)
    bench_person_id: int = 0
    bench_case: Course | None = None
    bench_case_reference: str = ""
    pool_person_id: int = 0
    pool_case: Course | None = None
    pool_references: list[str] = field(default_factory=list)
    move_case: Course | None = None
    bulk_sessions: int = 0  # bulk bookings made so far (for course spreading)
    complaint_reference: str = ""
    staff_slot_id: int = 0

    @property
    def references(self) -> dict[str, str]:
        """What the bench's page paths need: {case}, {complaint}, {slot}."""
        return {"case": self.bench_case_reference, "complaint": self.complaint_reference,
                "slot": str(self.staff_slot_id)}


def offer_for(municipality_id: str, law: str):
    m = municipalities.get(municipality_id)
    matching = [offer for offer in m.offers if law in offer.laws]
    return matching[0] if matching else (m.offers[0] if m.offers else None)


# ------------------------------------------------------------------- people

def seed_people(world: World, citizens: int) -> None:
    now = world.now
    municipality_of = _weighted(_MUNICIPALITY_WEIGHTS)
    first = _next_id(Person)

    def rows() -> Iterator[dict]:
        for i in range(citizens):
            # A fictional CPR per i (mixed radix: day, month, year, serial ≥ 4000: never a demo CPR).
            cpr = f"{1 + i % 28:02d}{1 + (i // 28) % 12:02d}{(i // 336) % 100:02d}{4000 + i // 33600:04d}"
            yield {
                "id": first + i, "cpr": cpr,
                "name": f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST)) % len(_LAST)]}",
                "municipality_id": municipality_of[i % len(municipality_of)],
                "email": f"borger{i}@example.dk", "created_at": now - timedelta(days=i % 900),
            }
        for key in (BENCH_CITIZEN, POOL_CITIZEN):
            demo = PEOPLE_BY_KEY[key]
            yield {"id": first + citizens + (0 if key == BENCH_CITIZEN else 1), "cpr": demo.cpr, "name": demo.name,
                   "municipality_id": demo.municipality_id, "email": demo.email, "created_at": now}

    _insert(Person, rows())
    world.bench_person_id = first + citizens
    world.pool_person_id = first + citizens + 1


# -------------------------------------------------------- cases, decisions

def _decision_row(world: World, decision_id: int, case_id: int, municipality_id: str, law: str, outcome: str,
                  decided: date, sessions: int = 20, offer=None) -> dict:
    offer = offer or offer_for(municipality_id, law)
    received = decided + timedelta(days=1)
    rejected = outcome == REJECTED
    return {
        "id": decision_id, "case_id": case_id, "outcome": outcome,
        "legal_basis": offer.legal_basis if offer else "Serviceloven § 86, stk. 1",
        "offer_id": None if rejected or offer is None else offer.id,
        "form": None if rejected else "hold",
        "frequency": None if rejected else "2 gange om ugen",
        "session_minutes": None if rejected else 45, "max_sessions": None if rejected else sessions,
        "period_start": None if rejected else decided + timedelta(days=7),
        "period_end": None if rejected else decided + timedelta(days=7 + 7 * sessions // 2),
        "purpose": None if rejected else "At du igen kan klare dine daglige gøremål, som før du blev syg.",
        "goals": None if rejected else "Gå 500 meter uden stok. Gå på trapper med gelænder.",
        "provider": None if rejected else "Træningscentret",
        "contact_person": None if rejected else "Peter Madsen", "contact_phone": None if rejected else "43 23 60 00",
        "reasons": ("Du kan klare dine daglige gøremål selv." if rejected else
                    "Dine fysiske tests viser et tab af funktion, som træning kan genvinde."),
        "alternatives": "Du kan træne i en lokal forening." if rejected else None,
        "decided_on": decided, "received_on": received, "complaint_deadline": received + timedelta(days=28),
        "decided_by_id": None, "created_at": _at(decided, 12),
    }


def seed_cases(world: World, applications: int) -> None:
    now, rng = world.now, world.rng
    today = now.date()
    people = list(db.session.execute(select(Person.id, Person.municipality_id).order_by(Person.id)))
    people = [(pid, mid) for pid, mid in people if pid not in (world.bench_person_id, world.pool_person_id)]
    statuses = _weighted(_CASE_STATUSES)
    case_id, decision_id = _next_id(Case), _next_id(Decision)
    decisions: list[dict] = []

    def rows() -> Iterator[dict]:
        nonlocal decision_id
        for j in range(applications):
            person_id, municipality_id = people[j % len(people)]
            status = statuses[rng.randrange(len(statuses))]
            law = "sel_86_1" if j % 10 < 7 else "sel_86_2"
            received = now - timedelta(days=20 + rng.randrange(300), hours=rng.randrange(8))
            decided = received.date() + timedelta(days=10)
            cid = case_id + j
            if status in (DECIDED, TRAINING, CLOSED):
                outcome = (REJECTED if status == DECIDED and j % 3 == 0
                           else PARTLY_GRANTED if j % 17 == 0 else GRANTED)
                decisions.append(_decision_row(world, decision_id, cid, municipality_id, law, outcome, decided))
                decision_id += 1
                if outcome != REJECTED and status in (TRAINING, CLOSED):
                    offer = offer_for(municipality_id, law)
                    world.courses.append(Course(cid, person_id, municipality_id, offer.id if offer else "", status))
            yield {
                "id": cid, "reference": reference("TP", cid), "citizen_id": person_id,
                "municipality_id": municipality_id, "law": law, "status": status, "received_at": received,
                "response_due": received.date() + timedelta(days=14), "applied_by_id": person_id,
                "applied_as": "self", "confirmed_at": None, "answers": {},
                "decided_on": decided if status in (DECIDED, TRAINING, CLOSED) else None,
                "training_started_on": decided + timedelta(days=14) if status in (TRAINING, CLOSED) else None,
                "closed_on": today - timedelta(days=rng.randrange(1, 30)) if status == CLOSED else None,
            }
        # The bench citizen's and the pool citizen's own cases.
        for offset, person_id in enumerate((world.bench_person_id, world.pool_person_id)):
            cid = case_id + applications + offset
            decided = today - timedelta(days=80)
            decisions.append(_decision_row(world, decision_id, cid, "glostrup", "sel_86_1", GRANTED, decided,
                                           sessions=BENCH_SESSIONS))
            decision_id += 1
            course = Course(cid, person_id, "glostrup", offer_for("glostrup", "sel_86_1").id, TRAINING)
            if offset == 0:
                world.bench_case, world.bench_case_reference = course, reference("TP", cid)
            else:
                world.pool_case = course
            yield {
                "id": cid, "reference": reference("TP", cid), "citizen_id": person_id, "municipality_id": "glostrup",
                "law": "sel_86_1", "status": TRAINING, "received_at": _at(decided - timedelta(days=10), 9),
                "response_due": decided, "applied_by_id": person_id, "applied_as": "self", "answers": {},
                "decided_on": decided, "training_started_on": decided + timedelta(days=10),
            }

    _insert(Case, rows())
    _insert(Decision, decisions)


def seed_move_case(world: World) -> None:
    """Mette's second granted case, in the flyt pool's offer (bassin-hold in Glostrup)."""
    municipality_id, offer_id = MOVE_OFFER
    offer = municipalities.get(municipality_id).offer(offer_id)
    cid, did = _next_id(Case), _next_id(Decision)
    decided = world.now.date() - timedelta(days=30)
    _insert(Case, [{
        "id": cid, "reference": reference("TP", cid), "citizen_id": world.pool_person_id,
        "municipality_id": municipality_id, "law": "sel_86_1", "status": TRAINING,
        "received_at": _at(decided - timedelta(days=10), 9), "response_due": decided,
        "applied_by_id": world.pool_person_id, "applied_as": "self", "answers": {},
        "decided_on": decided, "training_started_on": decided + timedelta(days=10),
    }])
    _insert(Decision, [_decision_row(world, did, cid, municipality_id, "sel_86_1", GRANTED, decided,
                                     sessions=BENCH_SESSIONS, offer=offer)])
    world.move_case = Course(cid, world.pool_person_id, municipality_id, offer_id, TRAINING)


# ----------------------------------------------------------------- sessions

class _Slots:
    """Team slots per (municipality, offer, day, hour): a new room when one is full."""

    def __init__(self, first_id: int):
        self.next_id = first_id
        self.open: dict[tuple, tuple[int, int]] = {}  # key -> (slot id, places taken)
        self.rows: dict[int, dict] = {}

    def place(self, municipality_id: str, offer_id: str, starts_at: datetime, counts: bool) -> int:
        key = (municipality_id, offer_id, starts_at)
        slot_id, taken = self.open.get(key, (0, TEAM_PLACES))
        if taken >= TEAM_PLACES:
            slot_id, taken = self.next_id, 0
            self.next_id += 1
            room = len(self.rows) % 40 + 1
            self.rows[slot_id] = {
                "id": slot_id, "municipality_id": municipality_id, "offer_id": offer_id, "starts_at": starts_at,
                "minutes": 45, "form": "hold", "place": f"Træningscentret, sal {room}", "therapist": "Terapeut",
                "capacity": TEAM_PLACES, "booked": 0,
            }
        self.open[key] = (slot_id, taken + 1)
        if counts:
            self.rows[slot_id]["booked"] += 1
        return slot_id


def _business_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if is_business_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def seed_sessions(world: World, count: int) -> None:
    """`count` more bookings on the granted courses (team slots), past and upcoming."""
    if count <= 0 or not world.courses:
        return
    now, rng = world.now, world.rng
    today = now.date()
    days = _business_days(today - timedelta(days=200), today + timedelta(days=120))
    index_of_today = next(i for i, d in enumerate(days) if d >= today)
    slots = _Slots(_next_id(Slot))
    first_booking = _next_id(Booking)
    per_course = max(1, -(-count // len(world.courses)))
    bookings: list[tuple] = []
    made = 0
    round_number = world.bulk_sessions // len(world.courses)
    while made < count:
        for n, course in enumerate(world.courses):
            if made >= count:
                break
            for k in range(per_course):
                if made >= count:
                    break
                # About twice a week; a course in training straddles today, a closed one is past.
                g = round_number * per_course + k
                if course.status == TRAINING:
                    i, first_day, last_day = index_of_today - 30 + course.case_id % 30 + (5 * g) // 2, 0, len(days)
                else:
                    i, first_day, last_day = 20 + course.case_id % 60 + (5 * g) // 2, 0, index_of_today
                # Past the calendar's end, the course starts over at another hour of the day,
                # so it never books one citizen twice on one team slot.
                lap, i = divmod(i - first_day, last_day - first_day)
                day = days[first_day + i]
                starts_at = _at(day, 8 + (course.case_id + lap) % 8)
                past = starts_at < now
                roll = rng.random()
                if past:
                    status = ATTENDED if roll < 0.86 else NO_SHOW if roll < 0.91 else CANCELLED
                else:
                    status = BOOKED if roll < 0.93 else CANCELLED
                slot_id = slots.place(course.municipality_id, course.offer_id, starts_at, status != CANCELLED)
                bookings.append((slot_id, course.case_id, course.citizen_id, status, starts_at))
                made += 1
        round_number += 1
    world.bulk_sessions += made
    _insert(Slot, slots.rows.values())

    def rows() -> Iterator[dict]:
        for offset, (slot_id, case_id, citizen_id, status, starts_at) in enumerate(bookings):
            bid = first_booking + offset
            cancelled = status == CANCELLED
            yield {
                "id": bid, "reference": reference("TB", bid), "slot_id": slot_id, "case_id": case_id,
                "citizen_id": citizen_id, "status": status, "replacement_for_id": None, "moved_from_id": None,
                "cancelled_at": starts_at - timedelta(days=1, hours=3) if cancelled else None,
                "cancel_reason": "other" if cancelled else None,
                "cancel_on_time": True if cancelled else None,
                "cancel_deadline": starts_at.replace(hour=12) - timedelta(days=1) if cancelled else None,
                "replacement_offered": False if cancelled else None,
                "cancelled_by_id": citizen_id if cancelled else None,
                "marked_at": starts_at + timedelta(hours=1) if status in (ATTENDED, NO_SHOW) else None,
                "created_at": starts_at - timedelta(days=30),
            }

    _insert(Booking, rows())


def _individual_sessions(world: World, course: Course, person_id: int, starts: list[datetime],
                         statuses: list[str], place: str) -> list[str]:
    """One individual slot (1 place) per session; returns the booking references."""
    slot_id, booking_id = _next_id(Slot), _next_id(Booking)
    slots, bookings, references = [], [], []
    for offset, (starts_at, status) in enumerate(zip(starts, statuses)):
        cancelled = status == CANCELLED
        on_time = offset % 2 == 0
        slots.append({
            "id": slot_id + offset, "municipality_id": course.municipality_id, "offer_id": course.offer_id,
            "starts_at": starts_at, "minutes": 45, "form": "individuel", "place": f"{place} {1 + offset % 10}, Glostrup",
            "therapist": "Peter Madsen", "capacity": 1, "booked": 0 if cancelled else 1,
        })
        ref = reference("TB", booking_id + offset)
        references.append(ref)
        bookings.append({
            "id": booking_id + offset, "reference": ref, "slot_id": slot_id + offset, "case_id": course.case_id,
            "citizen_id": person_id, "status": status,
            "cancelled_at": starts_at - timedelta(days=2) if cancelled else None,
            "cancel_reason": ("illness" if on_time else "other") if cancelled else None,
            "cancel_on_time": on_time if cancelled else None,
            "cancel_deadline": (starts_at.replace(hour=8) if on_time else starts_at.replace(hour=12) - timedelta(days=1))
            if cancelled else None,
            "replacement_offered": on_time if cancelled else None,
            "cancelled_by_id": person_id if cancelled else None,
            "marked_at": starts_at + timedelta(hours=1) if status in (ATTENDED, NO_SHOW) else None,
            "created_at": world.now - timedelta(days=75),
        })
    _insert(Slot, slots)
    _insert(Booking, bookings)
    return references


def seed_bench_citizen(world: World, sessions: int = BENCH_SESSIONS) -> None:
    """`sessions` individual sessions, Tuesdays and Thursdays at 10.00, half past
    and half upcoming, some cancelled (on time or late) and one missed."""
    today = world.now.date()
    n_past = sessions // 2
    n_upcoming = sessions - n_past
    span = timedelta(days=7 * (sessions // 2 + 10))
    past = [d for d in _business_days(today - span, today - timedelta(days=1)) if d.weekday() in (1, 3)]
    upcoming = [d for d in _business_days(today + timedelta(days=1), today + span) if d.weekday() in (1, 3)]
    days = (past[-n_past:] if n_past else []) + upcoming[:n_upcoming]
    starts = [_at(day, 10) for day in days]
    statuses = ([CANCELLED if i % 7 == 3 else NO_SHOW if i % 9 == 8 else ATTENDED for i in range(n_past)]
                + [CANCELLED if i % 7 == 3 else BOOKED for i in range(n_upcoming)])
    assert len(starts) == sessions
    _individual_sessions(world, world.bench_case, world.bench_person_id, starts, statuses, "Træningscentret, sal")


def seed_pool(world: World, count: int) -> list[str]:
    """`count` upcoming sessions for the pool citizen, each cancellable on time."""
    if count <= 0:
        return []
    today = world.now.date()
    days = _business_days(today + timedelta(days=3), today + timedelta(days=3 + count // 50 + 60))
    starts = []
    for day in days:  # 13 times a day in 10 rooms
        for minute in range(0, 585, 45):
            starts += [_at(day, 8 + minute // 60, minute % 60)] * 10
        if len(starts) >= count:
            break
    starts = starts[:count]
    references = _individual_sessions(world, world.pool_case, world.pool_person_id, starts,
                                      [BOOKED] * len(starts), "Træningscentret, sal")
    world.pool_references += references
    return references


def _free_times(count: int, first_day: date, rooms: int = 10) -> list[datetime]:
    """`count` start times from `first_day` on: 13 a day in each of `rooms` rooms, business days only."""
    starts: list[datetime] = []
    day = first_day
    while len(starts) < count:
        if is_business_day(day):
            for minute in range(0, 585, 45):
                starts += [_at(day, 8 + minute // 60, minute % 60)] * rooms
        day += timedelta(days=1)
    return starts[:count]


def seed_move_pool(world: World, count: int) -> list[tuple[str, int]]:
    """`count` pairs (a session of Mette's to move, the free time to move it to).

    The targets are individual times in the flyt pool's offer, in the order the
    move page lists free times (start, then id), all before the sessions that
    move: so as long as the moves are sent in this order, each target is among
    the first free times the page offers (it lists 40)."""
    if count <= 0:
        return []
    course = world.move_case
    first = world.now.date() + timedelta(days=3)
    targets = _free_times(count, first)
    slot_id = _next_id(Slot)
    _insert(Slot, ({
        "id": slot_id + i, "municipality_id": course.municipality_id, "offer_id": course.offer_id,
        "starts_at": starts_at, "minutes": 45, "form": "individuel", "place": f"Svømmehallen, bane {1 + i % 10}",
        "therapist": "Peter Madsen", "capacity": 1, "booked": 0,
    } for i, starts_at in enumerate(targets)))
    later = _free_times(count, targets[-1].date() + timedelta(days=1))
    references = _individual_sessions(world, course, world.pool_person_id, later, [BOOKED] * count, "Svømmehallen, bane")
    return list(zip(references, range(slot_id, slot_id + count)))


def seed_extras(world: World) -> None:
    """What the other signed-in pages show: staff, a fuldmagt, a complaint, a
    team session with citizens on it (two of whom have applied again, so the
    visitation's inbox is never empty), others' entries in Birthe's activity log."""
    now = world.now
    staff_id = _next_id(StaffMember)
    staff_ids = {}
    rows = []
    for offset, member in enumerate(STAFF):
        staff_ids[member.key] = staff_id + offset
        rows.append({"id": staff_id + offset, "subject": member.subject, "name": member.name,
                     "municipality_id": member.municipality_id, "roles": ",".join(member.roles),
                     "email": f"{member.key}@kommune.example.dk", "created_at": now - timedelta(days=400)})
    _insert(StaffMember, rows)

    birthe, mette = world.bench_person_id, world.pool_person_id
    _insert(Grant, [{"id": _next_id(Grant), "grantor_id": birthe, "holder_id": mette, "scopes": ",".join(SCOPES),
                     "valid_until": None, "created_at": now - timedelta(days=60), "updated_at": now - timedelta(days=60)}])

    # An answered complaint about Birthe's first attended session (the provider's leader answered).
    from portal.complaints.models import ANSWERED, DELIVERY, WITH_PROVIDER, Complaint, ComplaintEvent
    from portal.complaints.models import RECEIVED as COMPLAINT_RECEIVED

    first = db.session.execute(
        select(Booking.id).join(Slot, Booking.slot_id == Slot.id)
        .where(Booking.citizen_id == birthe, Booking.status == ATTENDED).order_by(Slot.starts_at).limit(1)
    ).scalar_one()
    complaint_id = _next_id(Complaint)
    filed = now - timedelta(days=14)
    world.complaint_reference = reference("KL", complaint_id)
    _insert(Complaint, [{
        "id": complaint_id, "reference": world.complaint_reference, "citizen_id": birthe, "filed_by_id": birthe,
        "filed_as": "self", "municipality_id": "glostrup", "subject": DELIVERY,
        "case_id": world.bench_case.case_id, "booking_id": first,
        "what_happened": "Træningen begyndte 20 minutter for sent, og der var ikke tid til alle øvelserne.",
        "wants": "At træningen begynder til tiden.", "contact": "digital_post",
        "received_at": filed, "received_on": filed.date(), "late": False, "status": ANSWERED, "level": 0,
        "handler_id": staff_ids["hanne"], "decided_at": filed + timedelta(days=4),
        "answer": "Undskyld ventetiden. Vi har lagt holdene om, så din træning begynder til tiden fremover.",
    }])
    event_id = _next_id(ComplaintEvent)
    _insert(ComplaintEvent, [
        {"id": event_id, "complaint_id": complaint_id, "at": filed, "status": COMPLAINT_RECEIVED, "actor_person_id": birthe},
        {"id": event_id + 1, "complaint_id": complaint_id, "at": filed, "status": WITH_PROVIDER, "actor_person_id": birthe},
        {"id": event_id + 2, "complaint_id": complaint_id, "at": filed + timedelta(days=4), "status": ANSWERED,
         "actor_staff_id": staff_ids["hanne"]},
    ])

    # The therapist's team session, begun half an hour ago: six citizens of its
    # own (so the page is the same whatever the data size), attendance not yet marked.
    offer = offer_for("glostrup", "sel_86_1")
    person_id, case_id, decision_id = _next_id(Person), _next_id(Case), _next_id(Decision)
    decided = now.date() - timedelta(days=40)
    people, cases, decisions = [], [], []
    for i in range(SLOT_CITIZENS):
        people.append({"id": person_id + i, "cpr": f"{10 + i:02d}0650{3900 + i:04d}", "name": f"{_FIRST[i]} Holm",
                       "municipality_id": "glostrup", "email": f"hold{i}@example.dk", "created_at": now})
        cases.append({"id": case_id + i, "reference": reference("TP", case_id + i), "citizen_id": person_id + i,
                      "municipality_id": "glostrup", "law": "sel_86_1", "status": TRAINING,
                      "received_at": _at(decided - timedelta(days=10), 9), "response_due": decided,
                      "applied_by_id": person_id + i, "applied_as": "self", "answers": {}, "decided_on": decided,
                      "training_started_on": decided + timedelta(days=10)})
        decisions.append(_decision_row(world, decision_id + i, case_id + i, "glostrup", "sel_86_1", GRANTED, decided))
    # Two of them have applied again, so the visitation's inbox has rows whatever the data size.
    for n, status in enumerate((RECEIVED, VISITATION)):
        received = now - timedelta(days=3 + n, hours=2)
        cases.append({"id": case_id + SLOT_CITIZENS + n, "reference": reference("TP", case_id + SLOT_CITIZENS + n),
                      "citizen_id": person_id + n, "municipality_id": "glostrup", "law": "sel_86_2", "status": status,
                      "received_at": received, "response_due": received.date() + timedelta(days=14),
                      "applied_by_id": person_id + n, "applied_as": "self", "answers": {}})
    _insert(Person, people)
    _insert(Case, cases)
    _insert(Decision, decisions)
    starts_at = (now - timedelta(minutes=30)).replace(second=0, microsecond=0)
    slot_id, booking_id = _next_id(Slot), _next_id(Booking)
    _insert(Slot, [{"id": slot_id, "municipality_id": "glostrup", "offer_id": offer.id, "starts_at": starts_at,
                    "minutes": 60, "form": "hold", "place": "Træningscentret, sal 1", "therapist": "Peter Madsen",
                    "capacity": 8, "booked": SLOT_CITIZENS}])
    _insert(Booking, [{"id": booking_id + i, "reference": reference("TB", booking_id + i), "slot_id": slot_id,
                       "case_id": case_id + i, "citizen_id": person_id + i, "status": BOOKED,
                       "created_at": now - timedelta(days=20)} for i in range(SLOT_CITIZENS)])
    world.staff_slot_id = slot_id

    # Birthe's activity log: what Mette (with her fuldmagt) and the staff did in her case.
    actions = (("overview.view", "person", "min-side", mette, None), ("acting.start", "grant", "1", mette, None),
               ("slot.staff_view", "booking", "TB-XXX-XXX", None, staff_ids["peter"]),
               ("case.view", "case", world.bench_case_reference, None, staff_ids["lone"]))
    audit_id = _next_id(AuditEntry)
    _insert(AuditEntry, ({
        "id": audit_id + i, "at": now - timedelta(hours=7 * (ACTIVITY_ENTRIES - i)), "actor_person_id": person,
        "actor_staff_id": staff, "subject_person_id": birthe, "action": action, "object_type": kind,
        "object_ref": ref, "detail": "",
    } for i, (action, kind, ref, person, staff) in ((i, actions[i % len(actions)]) for i in range(ACTIVITY_ENTRIES))))


# ------------------------------------------------------------------- finish

def finish() -> None:
    """Sequences after explicit ids (PostgreSQL), and planner statistics, as a
    database in use would have them."""
    if db.engine.dialect.name == "postgresql":
        from portal.complaints.models import Complaint, ComplaintEvent

        for model in (Person, Case, Decision, Slot, Booking, StaffMember, Grant, Complaint, ComplaintEvent, AuditEntry):
            table = model.__tablename__
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def seed_first_stage(world: World, citizens: int, applications: int, sessions: int,
                     bench_sessions: int = BENCH_SESSIONS) -> None:
    """Everything but the bulk of the sessions: people, cases, the bench
    citizen's sessions, Mette's cases, what the other pages show, and
    `sessions` sessions in all (at least those of the bench citizen and the slot)."""
    seed_people(world, citizens)
    seed_cases(world, applications)
    seed_move_case(world)
    seed_bench_citizen(world, bench_sessions)
    seed_extras(world)
    seed_sessions(world, sessions - count(Booking))
    finish()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def new_world(seed: int = 86) -> World:
    return World(now=clock.now(), rng=random.Random(seed))
