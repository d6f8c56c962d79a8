"""The database as production uses it: SQLite connections in WAL mode with
synchronous=NORMAL and a busy timeout (the test fixtures swap these for
faster pragmas, so this file builds its apps without them), and a request
that writes the session's last-seen time at most once a minute."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from sqlalchemy import event, select, text

from bench.queries import counting
from portal import side
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, sign_in

START = datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN)


def _production_app(uri: str):
    from portal import create_app

    return create_app({"TESTING": True, "PORTAL_ENV": "test", "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": uri})


def test_every_sqlite_connection_runs_in_wal_mode_with_normal_sync_and_a_busy_timeout(tmp_path):
    from portal import sqlite
    from portal.extensions import db

    app = _production_app(f"sqlite:///{tmp_path / 'portal.db'}")
    with app.app_context():
        engine = db.engine
        # Two connections open at once: two DBAPI connections, each set up on connect; and a
        # side connection (portal/side.py: a pool of its own, set up the same way).
        with engine.connect() as first, engine.connect() as second, side.engine().connect() as third:
            for connection in (first, second, third):
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
                assert connection.execute(text("PRAGMA busy_timeout")).scalar() == sqlite.BUSY_TIMEOUT_MS
        engine.dispose()
    assert (tmp_path / "portal.db").exists()


def test_a_postgresql_engine_gets_no_sqlite_pragmas(postgres_url):
    from portal import sqlite
    from portal.extensions import db
    from portal.settings import database_url

    app = _production_app(database_url(postgres_url))
    with app.app_context():
        assert not event.contains(db.engine, "connect", sqlite._on_connect)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
        db.engine.dispose()


# ------------------------------------------------------------ last seen

def _last_seen(app):
    from portal.auth.models import LoginSession
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(LoginSession.last_seen_at).where(LoginSession.ended_at.is_(None)))


def _statements(app, client, path: str) -> list[str]:
    with app.app_context():
        engines = side.engines()
    with counting(*engines) as statements:
        assert client.get(path).status_code == 200
    return list(statements)


def _session_writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("UPDATE") and "login_session" in s]


def test_a_request_within_a_minute_of_the_last_write_writes_no_last_seen_time(app, client):
    load_demo(app)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "jens")
        traveller.move_to(START + timedelta(seconds=59))
        assert _session_writes(_statements(app, client, "/min-side")) == []
        assert _last_seen(app) == START


def test_after_a_minute_the_last_seen_time_is_written_with_one_statement_and_nothing_reloaded(app, client):
    load_demo(app)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "jens")
        traveller.move_to(START + timedelta(seconds=30))
        quiet = _statements(app, client, "/min-side")
        traveller.move_to(START + timedelta(seconds=61))
        refreshed = _statements(app, client, "/min-side")
    assert len(_session_writes(refreshed)) == 1
    # Only the UPDATE more: the request's own session was not committed early or expired.
    assert len(refreshed) == len(quiet) + 1
    assert _last_seen(app) == START + timedelta(seconds=61)


def test_the_timeout_dialogs_status_poll_does_not_count_as_activity(app, client):
    load_demo(app)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "jens")
        traveller.move_to(START + timedelta(minutes=10))
        status = client.get("/session/status").get_json()
        assert status == {"signed_in": True, "seconds_left": 20 * 60}
        assert _last_seen(app) == START


def test_the_idle_timeout_is_exact_to_within_the_minute_of_resolution(app, client):
    load_demo(app)
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "jens")
        traveller.move_to(START + timedelta(seconds=59))  # within the minute: not written
        assert client.get("/min-side").status_code == 200
        traveller.move_to(START + timedelta(minutes=30, seconds=1))  # 29 min 2 s after that request
        assert client.get("/min-side").status_code == 302

    with time_machine.travel(START + timedelta(hours=1), tick=False) as traveller:
        begin = START + timedelta(hours=1)
        sign_in(client, "jens")
        traveller.move_to(begin + timedelta(seconds=61))  # written
        assert client.get("/min-side").status_code == 200
        traveller.move_to(begin + timedelta(minutes=31))  # 29 min 59 s after it
        assert client.get("/min-side").status_code == 200
        assert client.get("/session/status").get_json()["seconds_left"] == 30 * 60


# ------------------------------------------------------- side connections

def test_side_connections_are_a_pool_of_their_own_in_autocommit_emptied_with_the_main_one(tmp_path):
    """portal/side.py: the sign-in, last-seen and read-entry statements go through
    connections in autocommit mode from the start (each statement is committed as
    it runs, with no isolation level switched per request), from a pool of their
    own that is emptied when the main engine is disposed."""
    from portal.extensions import db

    app = _production_app(f"sqlite:///{tmp_path / 'portal.db'}")
    with app.app_context():
        db.create_all()
        side_engine = side.engine()
        assert side_engine is side.engine() and side_engine.pool is not db.engine.pool
        assert side.engines() == (db.engine, side_engine)
        assert side_engine.hide_parameters  # as the main engine: no statement's values (CPR) in an error
        with side_engine.connect() as connection:
            connection.execute(text("INSERT INTO data_version (scope, version) VALUES ('side-test', 1)"))
            # No commit: the statement committed itself; another connection sees it.
            with db.engine.connect() as other:
                assert other.execute(text("SELECT version FROM data_version WHERE scope = 'side-test'")).scalar() == 1
        assert side_engine.pool.checkedin() == 1
        db.engine.dispose()
        assert side_engine.pool.checkedin() == 0


def test_an_app_on_a_database_in_memory_shares_its_one_database_with_the_side_connections():
    from portal.extensions import db

    app = _production_app("sqlite://")
    with app.app_context():
        db.create_all()
        assert side.engines() == (db.engine,)
        with side.engine().connect() as connection:
            connection.execute(text("INSERT INTO data_version (scope, version) VALUES ('side-test', 2)"))
        with db.engine.connect() as other:
            assert other.execute(text("SELECT version FROM data_version WHERE scope = 'side-test'")).scalar() == 2
