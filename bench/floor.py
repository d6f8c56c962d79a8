"""The floor of a signed-in page: the ceiling's page (bench/ceiling.py), made
only after the two statements every signed-in page of the portal sends
before it is shown, as the portal sends them:

- the sign-in read (portal/auth/current.py: whom the session is for, their
  fuldmagt, the data versions), for the bench's signed-in session;
- one read's entry in the audit log (portal/audit.py), in a transaction of
  its own that is committed, and so durable, before the page is sent.

Both run as the portal's own statements (portal/side.py `Direct`), on a
connection each thread keeps open, with the portal's SQLite settings
(portal/sqlite.py). Nothing else of the portal: no session cookie, CSRF
token, translation, template of its own, metrics, request log, rate limit,
ORM session or pool checkout.

Served by gunicorn like the ceiling (GET /<N>: a page of N bytes), it tells
what any signed-in page of that size could reach on this machine and
database at best: its ratio to the ceiling is what the database's work
costs; the portal's ratio to it, what all the rest costs.

Set FLOOR_DATABASE_URL (the portal's database) and FLOOR_TOKEN (a sign-in's
token, from login_session).
"""

from __future__ import annotations

import os
import threading

from flask import Flask, Response, abort

from bench import ceiling

app = Flask(__name__)
_held = threading.local()
_engines: dict[str, object] = {}  # database URL -> engine
_made = threading.Lock()


def engine(url: str):
    """The floor's engine for a database: autocommit, with the portal's SQLite settings."""
    with _made:
        found = _engines.get(url)
        if found is None:
            from sqlalchemy import create_engine

            from portal import settings, sqlite

            # The portal's driver (psycopg 3 for postgresql://) and its SQLite settings.
            found = _engines[url] = create_engine(settings.database_url(url), isolation_level="AUTOCOMMIT")
            sqlite.configure(found)
    return found


def _connection():
    url = os.environ["FLOOR_DATABASE_URL"]
    held = getattr(_held, "connection", None)
    if held is None or held.closed or held.invalidated or getattr(_held, "url", None) != url:
        held = _held.connection = engine(url).connect()
        _held.url = url
    return held


def reset() -> None:
    """Close this thread's connection and every engine (the tests, between databases)."""
    held = getattr(_held, "connection", None)
    if held is not None:
        held.close()
        _held.connection = None
    with _made:
        for made in _engines.values():
            made.dispose()
        _engines.clear()


def _send_the_two_statements() -> None:
    from portal import audit, clock
    from portal.auth import current

    connection = _connection()
    row = current._read_sign_in(os.environ["FLOOR_TOKEN"], connection)  # the portal's own Direct statement
    if row is None:
        abort(503)  # FLOOR_TOKEN is no sign-in: the bench counts the answer as a failure
    person = row[0]
    audit._INSERT.run(connection, {  # a read's entry, as audit.write_autocommit sends one
        "at": clock.now(), "actor_person_id": person, "actor_staff_id": None, "subject_person_id": person,
        "action": "floor", "object_type": "bench", "object_ref": "floor", "detail": "",
    })


@app.get("/<int:size>")
def page(size: int):
    _send_the_two_statements()
    return ceiling.response(size)


@app.get("/idle")
def idle():
    return Response("idle", mimetype="text/plain")
