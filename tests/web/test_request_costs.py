"""What a signed-in page costs the database and the URL map (issue 12): the
read's audit entry is written last, after the page is rendered, so on SQLite
no request holds the write lock while it renders; rows build URLs without a
url_for each."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import event, select

from portal import side
from portal.auth.models import AuditEntry
from portal.extensions import db
from tests.helpers import sign_in, sign_in_staff
from tests.web import schedule_support as support
from tests.web.test_apply_application import apply


def _statements(app, client, path: str) -> tuple[int, list[str]]:
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        text = " ".join(statement.split()).upper()
        if not text.startswith("UPDATE LOGIN_SESSION"):  # last seen: its own connection, its own short transaction
            seen.append(text)

    with app.app_context():
        engines = side.engines()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", note)
    try:
        status = client.get(path).status_code
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", note)
    return status, seen


@pytest.mark.parametrize("path", ["/min-side", "/traeningsplan", "case", "afgoerelse"])
def test_a_pages_read_is_recorded_by_its_last_statement(app, client, path):
    demo = support.load(app)
    sign_in(client, "birthe")
    if path == "case":
        path = f"/mine-sager/{demo.birthe_case}"
    elif path == "afgoerelse":
        path = f"/mine-sager/{demo.birthe_case}/afgoerelse"
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    status, statements = _statements(app, client, path)
    assert status == 200
    writes = [i for i, s in enumerate(statements) if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes, statements
    assert statements[writes[0]].startswith("INSERT INTO AUDIT_ENTRY")
    assert all(s.startswith("INSERT INTO AUDIT_ENTRY") for s in statements[writes[0]:])
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) > before


def test_the_staff_inbox_records_every_case_it_lists_last(app, client):
    support.load(app)
    citizen = app.test_client()
    sign_in(citizen, "jens")
    apply(citizen)  # an application in Herlev's inbox
    sign_in_staff(client, "anders")
    status, statements = _statements(app, client, "/medarbejder")
    assert status == 200 and "Jens Nielsen" in client.get("/medarbejder").get_data(as_text=True)
    assert statements[-1].startswith("INSERT INTO AUDIT_ENTRY")
    assert not any(s.startswith(("INSERT", "UPDATE", "DELETE")) for s in statements[:-1])


def test_a_refused_read_records_nothing(app, client):
    demo = support.load(app)
    sign_in(client, "mette")  # not acting for Birthe: her case is not found
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    assert client.get(f"/mine-sager/{demo.birthe_case}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before


@pytest.mark.parametrize("value", ["TP-ABC-123", "a b/c?d", "æøå"])
def test_url_with_builds_the_url_that_url_for_builds(app, value):
    from portal.templating import url_with

    with app.test_request_context("/", base_url="http://portal.example/sub"):
        assert url_with("staff.case", value) == url_for("staff.case", reference=value)
        assert url_with("staff.case", "TP-OTHER-1") == url_for("staff.case", reference="TP-OTHER-1")


def test_a_read_is_recorded_while_a_change_holds_the_person_it_is_about(app, client):
    """The audit log names people by id, without foreign keys: writing a read's
    entry neither looks up nor locks the person (on PostgreSQL a foreign key
    would take FOR KEY SHARE on the row, and wait behind a change holding it
    FOR UPDATE: the inbox's fifty entries behind any of fifty citizens)."""
    import threading

    from portal.auth.models import Person

    support.load(app)
    sign_in(client, "birthe")
    with app.app_context():
        birthe = db.session.scalar(select(Person.id).where(Person.name == "Birthe Hansen"))
        before = db.session.scalar(select(db.func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.subject_person_id == birthe))
        holder = db.engine.connect()
        transaction = holder.begin()
        if holder.dialect.name == "postgresql":  # SQLite has no row locks: there, only the keys are checked
            holder.execute(select(Person.id).where(Person.id == birthe).with_for_update())
        answers = []
        reader = threading.Thread(target=lambda: answers.append(client.get("/min-side").status_code), daemon=True)
        reader.start()
        reader.join(timeout=10)
        waited = reader.is_alive()
        transaction.rollback()
        holder.close()
        reader.join(timeout=10)
        assert not waited, "the read's audit entry waited for the lock on the person's row"
        assert answers == [200]
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.subject_person_id == birthe)) == before + 1
        foreign_keys = db.inspect(db.engine).get_foreign_keys("audit_entry")
    assert foreign_keys == []
