"""The audit log: every read of case data and every change.

A change's entry is written in the same transaction as the change (the
caller commits). A read's entry (a GET, HEAD or OPTIONS request) is kept
aside and written when the request's transaction is committed, as its last
statement: on SQLite the first write of a transaction takes the database's
one write lock until the commit, so an entry written before the page is
rendered would make every other request wait for this one's rendering. The
read is recorded as before, at the moment it was made; a request that is
rolled back (refused, failed) records nothing, as before.
"""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

from flask import g, has_request_context, request
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from portal import clock
from portal.auth.models import AuditEntry, Person
from portal.extensions import db


def record(action: str, object_type: str, object_ref: str, *, subject: Person | int | None,
           detail: str = "") -> AuditEntry | None:
    """The entry of `action`; for a read, None: it is written at the commit (see above)."""
    current = g.get("actor")
    subject_id = subject.id if isinstance(subject, Person) else subject
    row = {
        "at": g.get("audit_at") or clock.now(),
        "actor_person_id": current.person.id if current and current.person else None,
        "actor_staff_id": current.staff.id if current and current.staff else None,
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


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _reading() -> bool:
    return has_request_context() and request.method in _SAFE_METHODS


_PENDING = "portal.audit_reads"  # in the request's WSGI environ: one list per request, whatever the app context


def _pending() -> list[dict]:
    return request.environ.setdefault(_PENDING, [])


@event.listens_for(Session, "before_commit")
def _write_reads(session) -> None:
    """The request's read entries, in one statement, just before its commit."""
    if has_request_context() and request.environ.get(_PENDING):
        rows = request.environ.pop(_PENDING)
        session.execute(insert(AuditEntry), rows)


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


def record_reads(action: str, object_type: str, reads: list[tuple[str, int | None]]) -> None:
    """One read entry per (object reference, subject person id), for a list
    page that shows many cases: written with one statement, whatever the
    number of rows (record() would insert them one by one)."""
    if not reads:
        return
    current = g.get("actor")
    at = clock.now()
    actor_person_id = current.person.id if current and current.person else None
    actor_staff_id = current.staff.id if current and current.staff else None
    rows = [{"at": at, "actor_person_id": actor_person_id, "actor_staff_id": actor_staff_id, "subject_person_id": subject,
             "action": action, "object_type": object_type, "object_ref": str(ref), "detail": ""}
            for ref, subject in reads]
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
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
