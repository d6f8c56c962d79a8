"""Two people take the last place at the same moment: exactly one gets it.

Real concurrent transactions on PostgreSQL: two threads, each with its own
connection, meet at a barrier and then run the same service. The first
UPDATE locks the slot's row and holds the lock until its transaction commits;
the second waits, re-reads the row, finds no place and books nothing.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import POSTGRES_URL, make_app, skip_or_fail
from tests.web import schedule_support as support

HOLD_LOCK_SECONDS = 0.4


@pytest.fixture
def pg_app():
    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL", "TEST_DATABASE_URL is not set; the capacity race needs real concurrent transactions")
    from portal.extensions import db
    from portal.settings import database_url

    app = make_app(database_url(POSTGRES_URL))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _last_place_setup(app):
    """A time with one free place, and two citizens who each hold a booking they want to move there."""
    from portal import clock
    from portal.extensions import db
    from portal.schedule import services
    from portal.schedule.models import Slot

    demo = support.load(app)
    mette_case = support.make_case(app, "mette", status="decided")
    with app.test_request_context():
        from portal.cases.models import Case
        from portal.schedule.models import Decision

        db.session.scalar(select(Decision).join(Case).where(Case.reference == demo.birthe_case))
        case = db.session.scalar(select(Case).where(Case.reference == mette_case))
        db.session.add(Decision(
            case_id=case.id, outcome="granted", legal_basis="Serviceloven § 86, stk. 1", offer_id="genoptraening",
            reasons="-", decided_on=clock.today(), received_on=clock.today(), complaint_deadline=clock.today(),
            created_at=clock.now(),
        ))
        start = clock.now() + timedelta(days=10)
        target = Slot(municipality_id="glostrup", offer_id="genoptraening", form="individuel", starts_at=start, minutes=45,
                      place="Sal 2", therapist="Peter Madsen", capacity=1)
        mine = Slot(municipality_id="glostrup", offer_id="genoptraening", form="individuel",
                    starts_at=start + timedelta(days=1), minutes=45, place="Sal 1", therapist="Peter Madsen", capacity=1)
        db.session.add_all([target, mine])
        db.session.flush()
        mette_booking = services.book(case, mine)
        birthe_booking = db.session.scalar(
            select(services.Booking).where(services.Booking.reference == demo.upcoming[-1][0]))
        db.session.commit()
        return target.id, {"birthe": birthe_booking.reference, "mette": mette_booking.reference}, demo


def test_two_people_moving_into_the_last_place_at_once_exactly_one_gets_it(pg_app):
    from portal.auth.models import Person
    from portal.extensions import db
    from portal.schedule import services
    from portal.schedule.models import BOOKED, MOVED, Booking, Slot

    app = pg_app
    target_id, references, demo = _last_place_setup(app)
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, str] = {}
    waited: dict[str, float] = {}

    def take_the_last_place(who: str):
        with app.test_request_context():
            booking = db.session.scalar(select(Booking).where(Booking.reference == references[who]))
            target = db.session.get(Slot, target_id)
            person = db.session.get(Person, booking.citizen_id)
            barrier.wait()  # both transactions are open and start the race together
            began = time.monotonic()
            try:
                services.move(booking, target, person)
                time.sleep(HOLD_LOCK_SECONDS)  # keep the row locked: the other must wait for us
                db.session.commit()
                results[who] = "moved"
            except services.SlotFull:
                db.session.rollback()
                results[who] = "full"
            finally:
                waited[who] = time.monotonic() - began
                db.session.remove()

    threads = [threading.Thread(target=take_the_last_place, args=(who,)) for who in references]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["full", "moved"]
    loser = next(who for who, result in results.items() if result == "full")
    assert waited[loser] >= HOLD_LOCK_SECONDS * 0.8  # it really waited for the winner's lock
    with app.app_context():
        target = db.session.get(Slot, target_id)
        assert target.booked == target.capacity == 1
        on_target = db.session.scalar(select(func.count()).select_from(Booking).where(
            Booking.slot_id == target_id, Booking.status == BOOKED))
        assert on_target == 1
        loser_booking = db.session.scalar(select(Booking).where(Booking.reference == references[loser]))
        assert loser_booking.status == BOOKED  # the loser keeps the time they had
        winner = next(who for who in references if who != loser)
        assert db.session.scalar(select(Booking.status).where(Booking.reference == references[winner])) == MOVED


def test_the_one_who_lost_the_race_is_told_plainly(pg_app):
    """Through the pages: the slot fills between showing the list and choosing it."""
    from portal.extensions import db
    from portal.schedule.models import Slot
    from tests.helpers import post, sign_in

    app = pg_app
    target_id, references, demo = _last_place_setup(app)
    client = app.test_client()
    sign_in(client, "birthe")
    url = f"/traeningsplan/{references['birthe']}/flyt"
    assert f'value="{target_id}"' in client.get(url).get_data(as_text=True)
    with app.app_context():
        db.session.get(Slot, target_id).booked = 1  # the other person got there first
        db.session.commit()
    response = post(client, url, {"slot": str(target_id)}, token_from=url)
    assert response.status_code == 409
    assert "Den tid blev taget af en anden lige før dig. Vælg en anden tid." in support.main_text(response)
    assert support.booking(app, references["birthe"])["status"] == "booked"
