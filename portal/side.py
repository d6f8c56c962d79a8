"""One database connection per request for the statements that stand alone:
the sign-in (who is acting, portal/auth/current.py), the session's last-seen
time and a read's audit entry (portal/audit.py).

Each of them is one statement in autocommit mode: on PostgreSQL one round
trip, not BEGIN, the statement and COMMIT; on SQLite the write lock is held
only inside the statement. They share one connection, taken from the pool on
first use and given back when the request ends, so a kept page
(portal/page_cache.py) costs one checkout for all of them. The request's ORM
session has its own connection and transaction, for everything else.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy.engine import Connection

_KEY = "portal.side_connection"


def connection() -> Connection:
    """This request's autocommit connection (outside a request: a new one the caller must close)."""
    from portal.extensions import db

    if not has_request_context():
        return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    held = request.environ.get(_KEY)
    if held is None or held.closed:
        held = request.environ[_KEY] = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    return held


def release(_exception=None) -> None:
    held = request.environ.pop(_KEY, None) if has_request_context() else None
    if held is not None:
        held.close()


def init_app(app: Flask) -> None:
    app.teardown_request(release)
