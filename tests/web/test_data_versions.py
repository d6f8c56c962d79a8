"""The data versions a kept page is keyed on (portal/versions.py) are raised by
the database itself: every change to a row raises the scopes of everyone whose
pages show it, whatever made the change, and nothing else raises them."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select, text, update

from portal import clock, versions
from tests.web import schedule_support as support


@pytest.fixture
def demo(app):
    return support.load(app)


def _versions(app) -> dict[str, int]:
    from portal.extensions import db

    with app.app_context():
        return dict(db.session.execute(text("SELECT scope, version FROM data_version")).all())


def _raised(app, change) -> set[str]:
    """The scopes whose version `change` (run and committed in an app context) raised."""
    from portal.extensions import db

    before = _versions(app)
    with app.app_context():
        change(db.session)
        db.session.commit()
    after = _versions(app)
    return {scope for scope, version in after.items() if version != before.get(scope, 0)}


def _birthes_booking(session, reference):
    from portal.schedule.models import Booking

    return session.scalar(select(Booking).where(Booking.reference == reference))


def test_a_booking_changed_raises_its_citizen_everyone_on_its_slot_and_the_municipality(app, demo):
    from portal.schedule.models import Booking

    reference, _ = demo.upcoming[0]
    birthe = versions.person(demo.people["birthe"])

    def cancel(session):
        session.execute(update(Booking).where(Booking.reference == reference).values(status="cancelled"))

    raised = _raised(app, cancel)
    assert {birthe, "m:glostrup"} <= raised
    assert versions.GLOBAL not in raised
    assert not any(scope.startswith("m:") and scope != "m:glostrup" for scope in raised)


def test_a_slot_changed_raises_every_citizen_booked_on_it(app, demo):
    from portal.schedule.models import Booking, Slot

    reference, _ = demo.upcoming[0]
    with app.app_context():
        from portal.extensions import db

        slot_id = _birthes_booking(db.session, reference).slot_id
        booked = set(db.session.scalars(select(Booking.citizen_id).where(Booking.slot_id == slot_id)))
    raised = _raised(app, lambda session: session.execute(
        update(Slot).where(Slot.id == slot_id).values(place="Et andet sted")))
    assert raised == {versions.person(citizen) for citizen in booked} | {"m:glostrup"}


def test_a_name_changed_raises_everything(app, demo):
    from portal.auth.models import Person

    raised = _raised(app, lambda session: session.execute(
        update(Person).where(Person.id == demo.people["mette"]).values(name="Mette Hansen-Berg")))
    assert versions.GLOBAL in raised and versions.person(demo.people["mette"]) in raised


def test_a_new_person_raises_only_themself_and_their_municipality(app, demo):
    from portal.auth.models import Person

    raised = _raised(app, lambda session: session.execute(insert(Person).values(
        cpr="0101901234", name="Ny Borger", municipality_id="herlev", created_at=clock.now())))
    assert versions.GLOBAL not in raised
    assert raised - {"m:herlev"} and all(scope.startswith("p:") for scope in raised - {"m:herlev"})


def test_a_fuldmagt_changed_raises_both_people(app, demo):
    from portal.auth.models import Grant

    raised = _raised(app, lambda session: session.execute(
        update(Grant).where(Grant.grantor_id == demo.people["birthe"]).values(scopes="view")))
    assert raised == {versions.person(demo.people["birthe"]), versions.person(demo.people["mette"]), "m:glostrup"}


def test_a_decision_and_a_case_raise_the_citizen_and_the_municipality(app, demo):
    from portal.cases.models import Case
    from portal.schedule.models import Decision

    def decide(session):
        case_id = session.scalar(select(Case.id).where(Case.reference == demo.birthe_case))
        session.execute(update(Decision).where(Decision.case_id == case_id).values(purpose="Et nyt formål"))

    birthe = versions.person(demo.people["birthe"])
    assert _raised(app, decide) == {birthe, "m:glostrup"}
    raised = _raised(app, lambda session: session.execute(
        update(Case).where(Case.reference == demo.birthe_case).values(status="training")))
    assert {birthe, "m:glostrup"} <= raised


def test_a_booking_removed_raises_its_citizen(app, demo):
    from portal.messages.models import Thread
    from portal.complaints.models import Complaint
    from portal.schedule.models import Booking

    reference, _ = demo.upcoming[-1]

    def remove(session):
        booking = _birthes_booking(session, reference)
        session.execute(update(Booking).where(Booking.replacement_for_id == booking.id).values(replacement_for_id=None))
        session.execute(update(Booking).where(Booking.moved_from_id == booking.id).values(moved_from_id=None))
        session.execute(update(Thread).where(Thread.booking_id == booking.id).values(booking_id=None))
        session.execute(update(Complaint).where(Complaint.booking_id == booking.id).values(booking_id=None))
        session.execute(delete(Booking).where(Booking.id == booking.id))

    assert {versions.person(demo.people["birthe"]), "m:glostrup"} <= _raised(app, remove)


def test_reads_sign_ins_and_mail_raise_nothing(app, demo):
    from portal.auth.models import AuditEntry, LoginSession
    from portal.outbox.models import OutboxMessage

    def read(session):
        session.execute(insert(AuditEntry).values(
            at=clock.now(), actor_person_id=demo.people["mette"], subject_person_id=demo.people["birthe"],
            action="schedule.view", object_type="person", object_ref="traeningsplan", detail=""))
        session.execute(update(LoginSession).values(last_seen_at=clock.now()))
        session.execute(update(OutboxMessage).values(attempts=OutboxMessage.attempts))

    assert _raised(app, read) == set()


def test_what_is_rolled_back_raises_nothing(app, demo):
    from portal.auth.models import Person
    from portal.extensions import db

    before = _versions(app)
    with app.app_context():
        db.session.execute(update(Person).values(name="Ingen"))
        db.session.rollback()
    assert _versions(app) == before


def test_the_activity_mark_grows_with_each_entry_by_someone_else_only(app, demo):
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    birthe, mette = demo.people["birthe"], demo.people["mette"]

    def mark():
        with app.app_context(), db.engine.connect() as connection:
            return versions.activity_mark(connection, birthe)

    def entry(actor):
        with app.app_context():
            db.session.execute(insert(AuditEntry).values(
                at=clock.now(), actor_person_id=actor, subject_person_id=birthe, action="schedule.view",
                object_type="person", object_ref="traeningsplan", detail=""))
            db.session.commit()

    first = mark()
    entry(birthe)  # her own read: not on her activity page
    assert mark() == first
    entry(mette)
    assert mark()[0] == first[0] + 1 and mark()[1] > first[1]


def test_every_table_raises_versions_or_is_named_as_shown_on_no_page():
    """A new table must be either covered by the triggers or said to be on no page."""
    import portal.models  # noqa: F401  (every table registered)
    from portal.extensions import db

    covered = {table.strip('"') for table in versions.SCOPES}
    assert covered.isdisjoint(versions.NOT_SHOWN)
    assert covered | versions.NOT_SHOWN == {table.name for table in db.metadata.sorted_tables}


def test_the_migrated_database_has_the_triggers_create_all_makes(tmp_path):
    """The migration installs what portal/versions.py says (the tests' create_all does too)."""
    import sqlite3

    from portal import create_app
    from portal.extensions import db
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.db'}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(directory="migrations")
    names = {row[0] for row in sqlite3.connect(tmp_path / "migrated.db").execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_version_%'")}
    expected = {f"data_version_{table.strip(chr(34))}_{event}" for table in versions.SCOPES
                for event in ("insert", "update", "delete")}
    assert names == expected
