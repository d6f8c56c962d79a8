"""Fixtures: an app per database backend (SQLite always, PostgreSQL when
TEST_DATABASE_URL is set), its test client and CLI runner.

Outside CI, parts that need something this machine lacks are skipped and
listed at the end of the run; with REQUIRE_ALL=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_ALL = os.environ.get("REQUIRE_ALL") == "1"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

_skipped_parts: dict[str, str] = {}
_shm_dirs: list[str] = []


def pytest_sessionfinish(session, exitstatus):
    for directory in _shm_dirs:
        shutil.rmtree(directory, ignore_errors=True)


def skip_or_fail(part: str, reason: str) -> None:
    """Skip a part of the suite the machine cannot run, or fail in CI."""
    if REQUIRE_ALL:
        pytest.fail(f"{part}: {reason} (REQUIRE_ALL=1 forbids skipping)", pytrace=False)
    _skipped_parts[part] = reason
    pytest.skip(f"{part}: {reason}")


def pytest_terminal_summary(terminalreporter):
    if _skipped_parts:
        terminalreporter.section("parts of the suite that did not run")
        for part, reason in sorted(_skipped_parts.items()):
            terminalreporter.write_line(f"SKIPPED {part}: {reason}")


def backends() -> list[str]:
    return ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL", "TEST_DATABASE_URL is not set")
    return POSTGRES_URL


def _database_uri(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        # in memory-backed /dev/shm when there is one: test data needs no disk
        shm = Path("/dev/shm")
        if shm.is_dir() and os.access(shm, os.W_OK):
            import tempfile

            directory = tempfile.mkdtemp(prefix="portal-test-", dir=shm)
            _shm_dirs.append(directory)
            return f"sqlite:///{directory}/test.db"
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if not POSTGRES_URL:
        skip_or_fail("PostgreSQL", "TEST_DATABASE_URL is not set, so the suite ran on SQLite only")
    from portal.settings import database_url

    return database_url(POSTGRES_URL)


@pytest.fixture(params=backends())
def backend(request) -> str:
    return request.param


_postgres_schema_ready: set[str] = set()


def _reset_database(app) -> None:
    """An empty schema for each test: SQLite files are new per test; on
    PostgreSQL the tables are created once per run and emptied per test."""
    from sqlalchemy import inspect, text

    from portal.extensions import db

    with app.app_context():
        uri = app.config["SQLALCHEMY_DATABASE_URI"]
        if db.engine.dialect.name != "postgresql":
            db.drop_all()
            db.create_all()
            return
        if uri not in _postgres_schema_ready or not inspect(db.engine).has_table("person"):
            db.drop_all()
            db.create_all()
            _postgres_schema_ready.add(uri)
            return
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()


def _fast_database(app) -> None:
    """Test databases need no durability: no fsync on SQLite, no waiting for
    the WAL flush on PostgreSQL."""
    from sqlalchemy import event

    from portal.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # Instead of production's WAL pragmas (portal/sqlite.py), which
            # tests/web/test_platform_database.py checks on an app without this.
            from portal import sqlite

            event.remove(db.engine, "connect", sqlite._on_connect)

            @event.listens_for(db.engine, "connect")
            def _pragmas(connection, record):
                cursor = connection.cursor()
                cursor.execute("PRAGMA synchronous=OFF")
                cursor.execute("PRAGMA journal_mode=MEMORY")
                cursor.close()
        elif db.engine.dialect.name == "postgresql":
            @event.listens_for(db.engine, "connect")
            def _no_flush_wait(connection, record):
                cursor = connection.cursor()
                cursor.execute("SET synchronous_commit TO OFF")
                cursor.close()
                connection.commit()


def _document_directory() -> str:
    import tempfile

    shm = Path("/dev/shm")
    directory = tempfile.mkdtemp(prefix="portal-documents-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None)
    _shm_dirs.append(directory)
    return directory


def make_app(uri: str, **extra):
    from portal import create_app

    config = {
        "TESTING": True,
        "PORTAL_ENV": "test",
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        "DEMO": True,
        "SERVER_NAME": None,
        # The JSON line per request goes to stderr, which a CLI runner in the same
        # process captures too; tests/web/test_observability.py switches it on.
        "REQUEST_LOG": False,
        # Attached documents in a directory of their own per app, removed at the end of the run.
        "DOCUMENT_STORAGE_PATH": _document_directory(),
    }
    config.update(extra)
    app = create_app(config)
    _fast_database(app)
    _reset_database(app)
    return app


@pytest.fixture
def app(backend, tmp_path_factory):
    uri = _database_uri(backend, tmp_path_factory)
    app = make_app(uri)
    yield app
    from portal.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        skip_or_fail("browser tests", f"Chromium not found at {CHROMIUM} (apt install chromium)")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
