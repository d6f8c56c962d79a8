"""A database server's connections can be cut (a restart, a failover) while
they lie in the pool. A connection that has lain unused for more than
`PING_AFTER_IDLE_SECONDS` (default 10) is pinged when it is taken again, with
the dialect's own ping; a dead one is replaced before the request uses it
(SQLAlchemy's DisconnectionError: the pool throws it away and connects anew).

SQLAlchemy's `pool_pre_ping` pings on every checkout: a round trip per
request, on a server that answered a moment ago. A connection in steady use
is not pinged; if the server went away under it, the statement fails, the
pool throws all its connections away, and the next request connects afresh.
An SQLite file cannot go away under an open connection: nothing is pinged.
"""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine


def configure(engine: Engine, after_idle_seconds: float) -> None:
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "checkin")
    def _idle_from(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < after_idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"the pooled connection did not answer: {type(error).__name__}") from error


def init_app(app: Flask) -> None:
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            configure(engine, app.config.get("PING_AFTER_IDLE_SECONDS", 10))
