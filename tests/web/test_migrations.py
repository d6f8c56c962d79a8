"""The Alembic migrations build exactly the schema the models describe, on
SQLite and PostgreSQL (the app itself never calls create_all)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db


def test_migrations_build_the_models_schema(backend, tmp_path_factory):
    from tests.conftest import _database_uri, _postgres_schema_ready

    uri = _database_uri(backend, tmp_path_factory)
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": uri, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"person", "case", "decision", "booking", "complaint", "outbox_message"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences
        _the_database_counts_the_places(connection_engine=db.engine)
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()
    _postgres_schema_ready.discard(uri)  # the next test builds the schema again


def _the_database_counts_the_places(connection_engine) -> None:
    """The migration installed the place-counting triggers (autogenerate cannot see them)."""
    with connection_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO person (id, cpr, name, created_at) VALUES (1, '0101011234', 'A', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO \"case\" (id, reference, citizen_id, municipality_id, law, status, received_at, applied_by_id, "
            "applied_as, answers) VALUES (1, 'TP-333-333', 1, 'glostrup', 'sel_86_1', 'training', CURRENT_TIMESTAMP, 1, "
            "'self', '{}')"))
        connection.execute(text(
            "INSERT INTO slot (id, municipality_id, offer_id, starts_at, minutes, form, place, therapist, capacity, booked) "
            "VALUES (1, 'glostrup', 'genoptraening', CURRENT_TIMESTAMP, 45, 'hold', 'Sal', 'T', 2, 0)"))
        connection.execute(text(
            "INSERT INTO booking (id, reference, slot_id, case_id, citizen_id, status, created_at) "
            "VALUES (1, 'TB-333-333', 1, 1, 1, 'booked', CURRENT_TIMESTAMP)"))
        assert connection.execute(text("SELECT booked FROM slot WHERE id = 1")).scalar() == 1
        connection.execute(text("UPDATE booking SET status = 'cancelled' WHERE id = 1"))
        assert connection.execute(text("SELECT booked FROM slot WHERE id = 1")).scalar() == 0
        connection.execute(text("DELETE FROM booking"))
        connection.execute(text("DELETE FROM slot"))
        connection.execute(text("DELETE FROM \"case\""))
        connection.execute(text("DELETE FROM person"))
