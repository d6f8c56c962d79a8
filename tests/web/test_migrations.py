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
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()
    _postgres_schema_ready.discard(uri)  # the next test builds the schema again
