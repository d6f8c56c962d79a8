"""One database connection per request for the statements that stand alone:
the sign-in (who is acting, portal/auth/current.py), the session's last-seen
time and a read's audit entry (portal/audit.py).

Each of them is one statement in autocommit mode: on PostgreSQL one round
trip, not BEGIN, the statement and COMMIT; on SQLite the write lock is held
only inside the statement. They share one connection, taken from the pool on
first use and given back when the request ends, so a kept page
(portal/page_cache.py) costs one checkout for all of them. The request's ORM
session has its own connection and transaction, for everything else.

The side connections come from a pool of their own (`engine()`), whose
connections are in autocommit mode from the moment they are opened: taking
one is a checkout, with no isolation level switched on the way out and back
on the way in. The pool is made like the main engine's (the same creator,
size and listeners: SQLite's pragmas, the idle ping) and is emptied when the
main engine is. Listening to the statements a request sends (tests, the
bench's counts) means listening to both engines: `engines()`.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

_KEY = "portal.side_connection"
_EXTENSION = "portal.side_engine"
_MADE = threading.Lock()


def connection() -> Connection:
    """This request's autocommit connection (outside a request: a new one the caller must close)."""
    if not has_request_context():
        return engine().connect()
    held = request.environ.get(_KEY)
    if held is None or held.closed:
        held = request.environ[_KEY] = engine().connect()
    return held


def engine() -> Engine:
    """The app's engine for side connections, made on first use (after every
    listener the app and its tests put on the main engine's pool)."""
    made = current_app.extensions.get(_EXTENSION)
    if made is not None:
        return made
    from portal.extensions import db

    with _MADE:
        made = current_app.extensions.get(_EXTENSION)
        if made is None:
            main = db.engine
            if _in_memory(main):
                # A database in memory exists once per pool: the side connections share the main pool's
                # (switched to autocommit per checkout), and its listeners (an OptionEngine's are the main's).
                made = main.execution_options(isolation_level="AUTOCOMMIT")
            else:
                made = create_engine(main.url, pool=main.pool.recreate(), isolation_level="AUTOCOMMIT",
                                     hide_parameters=main.hide_parameters, echo=main.echo)
                event.listen(main, "engine_disposed", lambda _engine: made.dispose())
            current_app.extensions[_EXTENSION] = made
    return made


def _in_memory(main: Engine) -> bool:
    return main.dialect.name == "sqlite" and (main.url.database in (None, "", ":memory:")
                                              or main.url.query.get("mode") == "memory")


def engines() -> tuple[Engine, ...]:
    """The engines whose connections a request's statements go through: to listen to every statement."""
    from portal.extensions import db

    side = engine()
    return (db.engine,) if side.pool is db.engine.pool else (db.engine, side)


def release(_exception=None) -> None:
    held = request.environ.pop(_KEY, None) if has_request_context() else None
    if held is not None:
        held.close()


def init_app(app: Flask) -> None:
    app.teardown_request(release)
