"""The database forbids the impossible, and `flask --app portal check` finds
whatever slipped past (issue 11): one live place per citizen per slot, a
booking moved or replaced at most once, a place count that is always the
number of live bookings."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.web import schedule_support as support


@pytest.fixture
def demo(app):
    return support.load(app)


def _booking_row(app, reference: str):
    from portal.extensions import db
    from portal.schedule.models import Booking

    return db.session.scalar(select(Booking).where(Booking.reference == reference))


def _copy(booking, **changes):
    from portal import clock
    from portal.cases.models import new_reference
    from portal.schedule.models import Booking

    values = dict(reference=new_reference("TB"), slot_id=booking.slot_id, case_id=booking.case_id,
                  citizen_id=booking.citizen_id, status="booked", created_at=clock.now())
    values.update(changes)
    return Booking(**values)


def test_the_place_count_follows_the_bookings_in_the_database_itself(app, demo):
    from portal.extensions import db
    from portal.schedule.models import Slot

    with app.app_context():
        hold = db.session.get(Slot, demo.hold_slot_ids[0])
        booking = _booking_row(app, demo.upcoming[0][0])
        assert hold.booked == 0
        new = _copy(booking, slot_id=hold.id)
        db.session.add(new)
        db.session.flush()
        db.session.refresh(hold)
        assert hold.booked == 1
        new.status = "cancelled"
        db.session.flush()
        db.session.refresh(hold)
        assert hold.booked == 0
        new.status = "booked"
        db.session.flush()
        db.session.delete(new)
        db.session.flush()
        db.session.refresh(hold)
        assert hold.booked == 0
        db.session.rollback()


def test_a_citizen_cannot_hold_two_places_on_one_slot(app, demo):
    from portal.extensions import db

    with app.app_context():
        booking = _booking_row(app, demo.upcoming[0][0])
        db.session.add(_copy(booking))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_slot_cannot_be_overbooked(app, demo):
    from portal.extensions import db

    with app.app_context():
        booking = _booking_row(app, demo.upcoming[0][0])
        other_citizen = demo.people["mette"]
        db.session.add(_copy(booking, citizen_id=other_citizen))  # the individual time is taken already
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_booking_is_moved_at_most_once(app, demo):
    from portal.extensions import db

    with app.app_context():
        booking = _booking_row(app, demo.upcoming[0][0])
        booking.status = "moved"
        db.session.add_all([_copy(booking, slot_id=demo.free_slot_ids[0], moved_from_id=booking.id),
                            _copy(booking, slot_id=demo.free_slot_ids[1], moved_from_id=booking.id)])
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_cancelled_booking_has_at_most_one_replacement(app, demo):
    from portal.extensions import db

    with app.app_context():
        booking = _booking_row(app, demo.upcoming[0][0])
        booking.status = "cancelled"
        db.session.add_all([_copy(booking, slot_id=demo.free_slot_ids[0], replacement_for_id=booking.id),
                            _copy(booking, slot_id=demo.free_slot_ids[1], replacement_for_id=booking.id)])
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_check_finds_the_demo_consistent(app, runner, demo):
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0, result.output
    assert "The data is consistent." in result.output


def test_check_names_a_miscounted_slot_and_a_live_booking_on_a_cancelled_one(app, runner, demo):
    from portal.extensions import db

    slot_id = support.booking(app, demo.upcoming[0][0])["slot_id"]
    other = support.booking(app, demo.upcoming[1][0])["slot_id"]
    with app.app_context():
        # Straight to the tables, as a hand edit or an old restore would.
        db.session.execute(text("UPDATE slot SET booked = 0 WHERE id = :id"), {"id": slot_id})
        db.session.execute(text("UPDATE slot SET cancelled_at = CURRENT_TIMESTAMP WHERE id = :id"), {"id": other})
        db.session.commit()
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert f"slot {slot_id}: counts 0 places taken, but 1 live bookings hold one" in result.output
    assert f"still booked on slot {other}, which the municipality cancelled" in result.output
