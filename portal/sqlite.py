"""The embedded default database set up like a database in use: every new
SQLite connection gets WAL, synchronous=NORMAL and a busy timeout.

Without them SQLite runs in the rollback-journal mode, where a writer blocks
every reader and each commit waits for two fsyncs. In WAL mode readers never
wait for the writer; NORMAL syncs the WAL only at checkpoints, which in WAL
mode still keeps the database consistent after a crash (a power cut can lose
the last commits, never corrupt the file); the busy timeout makes a second
writer wait its turn instead of failing at once with "database is locked".
PostgreSQL needs none of this: the listener is only attached to SQLite engines.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5_000  # as long as a request may reasonably wait for the writer ahead of it
PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",  # first: switching to WAL may itself wait for another connection
    "PRAGMA journal_mode=WAL",  # persistent in the file; a no-op (answers "memory") for :memory:
    "PRAGMA synchronous=NORMAL",  # per connection, so set on every one
)


def _on_connect(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def configure(engine: Engine) -> None:
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
        event.listen(engine, "connect", _on_connect)


def init_app(app: Flask) -> None:
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            configure(engine)
