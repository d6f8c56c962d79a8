"""portal/side.py `Direct`: the sign-in and a read's entry go straight to the
driver, and must come out exactly as through SQLAlchemy's own execution:
the same values and types both ways, the same statement events, the same
errors (values hidden), a lost connection invalidated."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import exc, select, text

from bench.queries import counting
from portal import audit, side
from portal.auth import current
from portal.auth.models import AuditEntry, LoginSession
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, sign_in, sign_in_staff


def _tokens(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(LoginSession.token).order_by(LoginSession.created_at)))


def test_the_sign_in_read_through_the_driver_is_the_row_sqlalchemy_reads(app):
    load_demo(app)
    sign_in(app.test_client(), "mette", act_for="birthe")  # a fuldmagt: its scopes (JSON) and dates
    sign_in_staff(app.test_client(), "lone")  # staff: roles (JSON), municipality version
    sign_in(app.test_client(), "birthe")
    tokens = _tokens(app)
    assert len(tokens) == 3
    with app.test_request_context("/"):
        for token in tokens:
            through_sqlalchemy = tuple(side.connection().execute(current._sign_in_statement(), {"token": token}).first())
            direct = current._read_sign_in(token)
            assert direct == through_sqlalchemy
            assert [type(value) for value in direct] == [type(value) for value in through_sqlalchemy]
            # Times come back in the same zone (AwareDateTime's own conversion), not the driver's.
            assert [getattr(value, "tzinfo", None) for value in direct] == [
                getattr(value, "tzinfo", None) for value in through_sqlalchemy]
        assert current._read_sign_in("no-such-token") is None
    acting = [row for row in _rows(app, tokens) if row[2] is not None]
    assert len(acting) == 1 and acting[0][13] is not None  # the grant was joined: the comparison covered it


def _rows(app, tokens):
    with app.test_request_context("/"):
        return [current._read_sign_in(token) for token in tokens]


def test_read_entries_written_through_the_driver_read_back_as_written(app):
    people, staff = load_demo(app)
    at = datetime(2026, 11, 23, 10, 0, 7, 123456, tzinfo=COPENHAGEN)
    one = {"at": at, "actor_person_id": None, "actor_staff_id": staff["lone"], "subject_person_id": people["birthe"],
           "action": "case.view", "object_type": "case", "object_ref": "TP-ONE-ONE", "detail": ""}
    run = [dict(one, at=at + timedelta(seconds=1), object_ref=f"TP-RUN-{n:03d}", subject_person_id=people[key])
           for n, key in enumerate(("mette", "birthe", "jens"))]
    with app.test_request_context("/"):
        audit.write_autocommit([one])  # one entry: the single-row INSERT
        audit.write_autocommit(run)  # a run: the list page's one statement
    with app.app_context():
        written = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_ref.in_([row["object_ref"] for row in [one, *run]])).order_by(AuditEntry.id)).all()
        got = [(e.at, e.actor_person_id, e.actor_staff_id, e.subject_person_id, e.object_ref) for e in written]
    assert got == [(row["at"], None, staff["lone"], row["subject_person_id"], row["object_ref"]) for row in [one, *run]]


def test_a_read_entry_is_stored_as_sqlalchemy_stores_it(app):
    """Not only read back alike: stored alike (SQLite keeps times as text, in UTC; so they sort and compare)."""
    from sqlalchemy import insert

    load_demo(app)
    at = datetime(2026, 11, 23, 10, 0, 7, 123456, tzinfo=COPENHAGEN)
    row = {"at": at, "actor_person_id": None, "actor_staff_id": None, "subject_person_id": None,
           "action": "case.view", "object_type": "case", "detail": ""}
    with app.test_request_context("/"):
        audit.write_autocommit([dict(row, object_ref="DIRECT")])
        side.connection().execute(insert(AuditEntry.__table__), dict(row, object_ref="CORE"))
        stored = dict(side.connection().execute(text(
            "SELECT object_ref, CAST(at AS VARCHAR(64)) FROM audit_entry WHERE object_ref IN ('DIRECT', 'CORE')")).all())
    assert stored["DIRECT"] == stored["CORE"]


def test_statement_listeners_see_the_direct_statements_before_and_after(app):
    load_demo(app)
    client = app.test_client()
    sign_in(client, "birthe")
    client.get("/min-side")
    seen: list[tuple[str, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(("before", statement))

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append(("after", statement))

    from sqlalchemy import event

    with app.app_context():
        engines = side.engines()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
    try:
        with counting(*engines) as statements:
            assert client.get("/min-side").status_code == 200
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
    sign_in_sql = [s for s in statements if "FROM login_session" in s]
    entry_sql = [s for s in statements if s.startswith("INSERT INTO audit_entry")]
    assert len(sign_in_sql) == 1 and len(entry_sql) == 1
    for sql in (sign_in_sql[0], entry_sql[0]):
        assert ("before", sql) in seen and ("after", sql) in seen


def test_a_driver_error_is_sqlalchemys_own_with_the_values_hidden(app):
    load_demo(app)
    cpr = "0102031234"
    row = {"at": datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN), "actor_person_id": None, "actor_staff_id": None,
           "subject_person_id": None, "action": None, "object_type": "case", "object_ref": cpr, "detail": cpr}
    with app.test_request_context("/"):
        with pytest.raises(exc.IntegrityError) as raised:  # action may not be NULL
            audit.write_autocommit([row])
        # The values sent are not in SQLAlchemy's text (PostgreSQL's own DETAIL may quote the row, as it
        # does through Connection.execute: the log filter masks CPR numbers, portal/logging_filters.py).
        assert raised.value.hide_parameters and "[SQL parameters hidden" in str(raised.value)
        assert "[parameters:" not in str(raised.value)
        # The connection is still usable for the next statement (nothing half-done, autocommit).
        assert side.connection().execute(text("SELECT 1")).scalar() == 1


def test_a_lost_connection_is_invalidated_not_handed_out_again(app, backend):
    load_demo(app)
    sign_in(app.test_client(), "birthe")
    token = _tokens(app)[0]
    sign_in_read = side.Direct(current._sign_in_statement())
    with app.app_context():
        with side.engine().connect() as doomed:
            if backend == "postgres":  # the server ends the connection
                pid = doomed.execute(text("SELECT pg_backend_pid()")).scalar()
                with db.engine.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                    other.commit()
            else:  # SQLite: the driver's connection closed beneath the pool
                doomed.connection.dbapi_connection.close()
            with pytest.raises(exc.DBAPIError) as raised:
                sign_in_read.first(doomed, {"token": token})
            assert raised.value.connection_invalidated and doomed.invalidated
        with side.engine().connect() as fresh:  # the pool gives a working connection
            assert sign_in_read.first(fresh, {"token": token})[0] is not None
