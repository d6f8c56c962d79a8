"""The audit log: every read of case data and every change.

A change's entry is written in the same transaction as the change (the
caller commits). A read's entry (a GET, HEAD or OPTIONS request) is kept
aside while the page is made and written when the request commits, before
the page is sent:

- on PostgreSQL, as the transaction's last statement before its COMMIT;
- on SQLite, just after the request's own commit, by one INSERT in
  autocommit mode (a list page's several in one short transaction of their
  own). SQLite has one write lock for the whole database, taken by a
  transaction's first write and held until its commit: an entry written in
  the request's transaction would hold it while the page renders, and even
  written last, between the INSERT and the COMMIT, while the writers of
  other processes sleep in SQLite's busy handler. One statement in
  autocommit mode takes, writes and releases it in a single call.

The read is recorded at the moment it was made; a request that is rolled
back or whose commit fails (refused, failed) records nothing, and a read
whose entry cannot be written fails instead of being shown.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from types import SimpleNamespace

from flask import g, has_request_context, request
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from portal import clock, side
from portal.auth.models import AuditEntry, Person
from portal.extensions import db


def record(action: str, object_type: str, object_ref: str, *, subject: Person | int | None,
           detail: str = "", by_link: bool = False) -> AuditEntry | None:
    """The entry of `action`; for a read, None: it is written at the commit (see above).
    `by_link`: done by a program holding the person's secret link (a calendar
    fetching the feed), not by whoever may be signed in in the same browser."""
    subject_id = subject.id if isinstance(subject, Person) else subject
    row = {
        "at": g.get("audit_at") or clock.now(),
        **({"actor_person_id": None, "actor_staff_id": None} if by_link else _acting()),
        "subject_person_id": subject_id,
        "action": action,
        "object_type": object_type,
        "object_ref": str(object_ref),
        "detail": detail[:300],
    }
    if _reading():
        _pending().append(row)
        return None
    entry = AuditEntry(**row)
    db.session.add(entry)
    return entry


def _acting() -> dict:
    current = g.get("actor")
    if current is None:
        return {"actor_person_id": None, "actor_staff_id": None}
    if hasattr(current, "person_id"):  # a signed-in Actor: its ids, without loading anyone
        return {"actor_person_id": current.person_id,
                "actor_staff_id": current.staff_terms.id if current.staff_terms else None}
    return {"actor_person_id": current.person.id if current.person else None,  # as_if() in the demo data
            "actor_staff_id": current.staff.id if current.staff else None}


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _reading() -> bool:
    return has_request_context() and request.method in _SAFE_METHODS


PENDING = _PENDING = "portal.audit_reads"  # in the request's WSGI environ: one list per request, whatever the app context


def _pending() -> list[dict]:
    return request.environ.setdefault(_PENDING, [])


def _sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


@event.listens_for(Session, "before_commit")
def _write_reads_in_transaction(session) -> None:
    if has_request_context() and request.environ.get(_PENDING) and not _sqlite():
        session.execute(insert(AuditEntry.__table__), request.environ.pop(_PENDING))


@event.listens_for(Session, "after_commit")
def _write_reads_after_commit(session) -> None:
    if has_request_context() and request.environ.get(_PENDING):
        write_autocommit(request.environ.pop(_PENDING))


def write_reads_now() -> None:
    """A request that reads nothing else (a kept page, portal/page_cache.py): its
    reads' entries in one statement of their own, before the page is sent."""
    rows = request.environ.pop(_PENDING, None)
    if rows:
        write_autocommit(rows)


def write_autocommit(rows: list[dict]) -> None:
    """Entries in a transaction of their own: one statement in autocommit mode
    on the request's side connection (portal/side.py), whatever the number of
    entries: a list page's fifty go in one INSERT … SELECT over a JSON array
    (one round trip, one commit, one statement text the database keeps
    prepared), not fifty INSERTs or a statement written anew each time."""
    connection = side.connection()
    try:
        for group in _groups(rows):
            first = group[0]
            if len(group) == 1 and _ENCODED not in first:
                _INSERT.run(connection, first)  # compiled once per dialect, straight through the driver
            else:
                encoded = first[_ENCODED] if _ENCODED in first else json.dumps(
                    [{key: row[key] for key in _PER_ROW} for row in group])
                _many(connection.dialect.name).run(connection, {
                    "at": first["at"], "actor_person_id": first["actor_person_id"],
                    "actor_staff_id": first["actor_staff_id"], "rows": encoded,
                })
    finally:
        if not has_request_context():
            connection.close()


_COLUMN_KEYS = ["at", "actor_person_id", "actor_staff_id", "subject_person_id", "action", "object_type",
                "object_ref", "detail"]
_INSERT = side.Direct(insert(AuditEntry.__table__).inline(), column_keys=_COLUMN_KEYS)
_ENCODED = "rows_encoded"  # a kept page's run of entries, encoded once (record_again)
_PER_ROW = ("subject_person_id", "action", "object_type", "object_ref", "detail")
_SHARED = ("at", "actor_person_id", "actor_staff_id")
_COLUMNS = "at, actor_person_id, actor_staff_id, subject_person_id, action, object_type, object_ref, detail"
_MANY_SQL = {
    "postgresql": f"INSERT INTO audit_entry ({_COLUMNS}) "
                  "SELECT :at, :actor_person_id, :actor_staff_id, r.subject_person_id, r.action, r.object_type, "
                  "r.object_ref, r.detail FROM json_to_recordset(CAST(:rows AS json)) "
                  "AS r(subject_person_id integer, action text, object_type text, object_ref text, detail text)",
    "sqlite": f"INSERT INTO audit_entry ({_COLUMNS}) "
              "SELECT :at, :actor_person_id, :actor_staff_id, json_extract(value, '$.subject_person_id'), "
              "json_extract(value, '$.action'), json_extract(value, '$.object_type'), "
              "json_extract(value, '$.object_ref'), json_extract(value, '$.detail') FROM json_each(:rows) ORDER BY key",
}
_MANY: dict[str, side.Direct] = {}


def _many(dialect: str):
    statement = _MANY.get(dialect)
    if statement is None:
        from sqlalchemy import Integer, bindparam, text

        from portal.db_types import AwareDateTime

        statement = _MANY[dialect] = side.Direct(text(_MANY_SQL[dialect]).bindparams(
            bindparam("at", type_=AwareDateTime()), bindparam("actor_person_id", type_=Integer()),
            bindparam("actor_staff_id", type_=Integer())))
    return statement


def _groups(rows: list[dict]) -> list[list[dict]]:
    """The rows in order, in runs that share their moment and who acted (a page's reads: one
    run); a kept page's run, already encoded (record_again), is a group of its own."""
    groups: list[list[dict]] = []
    for row in rows:
        last = groups[-1][0] if groups else None
        if (last is not None and _ENCODED not in last and _ENCODED not in row
                and all(last[key] == row[key] for key in _SHARED)):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


@event.listens_for(Session, "after_soft_rollback")
def _forget_reads(session, previous_transaction) -> None:
    """A rolled-back request recorded nothing: neither its changes nor its reads."""
    if has_request_context() and previous_transaction.parent is None:
        request.environ.pop(_PENDING, None)


@contextmanager
def as_if(moment, *, person=None, staff=None):
    """Demo data only: what is recorded inside is recorded as done at `moment`
    by `person` or `staff` (outside a request there is no one acting, and the
    demo's history should read like a real one)."""
    before_actor, before_at = g.get("actor"), g.get("audit_at")
    g.actor = SimpleNamespace(person=person, staff=staff)
    g.audit_at = moment
    try:
        yield
    finally:
        g.actor, g.audit_at = before_actor, before_at


def record_again(reads: tuple[dict, ...], encoded: str | None = None) -> None:
    """The reads a kept page recorded when it was made, recorded now, by the one acting now.
    `encoded` (`encode_reads(reads)`, made once when the page was kept): a list page's
    entries go to the database as that text instead of being copied and encoded again;
    such a run is written by `write_reads_now`, which the kept page's request calls at once."""
    if not reads:
        return
    at, acting = clock.now(), _acting()
    if encoded is None or len(reads) < 2:
        _pending().extend({**row, "at": at, **acting} for row in reads)
    else:
        _pending().append({"at": at, **acting, _ENCODED: encoded})


def encode_reads(reads: tuple[dict, ...]) -> str | None:
    """A kept page's reads as the text `write_autocommit` sends for a run of entries (None: fewer than two)."""
    return json.dumps([{key: row[key] for key in _PER_ROW} for row in reads]) if len(reads) > 1 else None


def record_reads(action: str, object_type: str, reads: list[tuple[str, int | None]]) -> None:
    """One read entry per (object reference, subject person id), for a list
    page that shows many cases: written with one statement, whatever the
    number of rows (record() would insert them one by one)."""
    if not reads:
        return
    at, acting = clock.now(), _acting()
    rows = [{"at": at, **acting, "subject_person_id": subject, "action": action, "object_type": object_type,
             "object_ref": str(ref), "detail": ""} for ref, subject in reads]
    if _reading():
        _pending().extend(rows)
    else:
        db.session.execute(insert(AuditEntry), rows)


# Human words for each action, shown to the citizen at /aktivitet. Each
# capability adds its own actions here.
from flask_babel import lazy_gettext  # noqa: E402

ACTION_LABELS = {
    "grant.create": lazy_gettext("gav en fuldmagt"),
    "grant.update": lazy_gettext("ændrede en fuldmagt"),
    "grant.revoke": lazy_gettext("tilbagekaldte en fuldmagt"),
    "grant.decline": lazy_gettext("afviste en fuldmagt"),
    "acting.start": lazy_gettext("begyndte at handle på dine vegne"),
    "overview.view": lazy_gettext("så din oversigt"),
}


def action_label(action: str) -> str:
    from portal.i18n import resolve

    label = ACTION_LABELS.get(action)
    return resolve(label) if label is not None else action
