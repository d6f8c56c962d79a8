"""One way in for every action on a person's object: load, authorise, lock, record.

A view that works on a booking, a case, a slot, a complaint or a fuldmagt
names the kind of object and who may reach it; this module hands the view
the object or refuses:

    @bp.post("/traeningsplan/<reference>/afbud")
    @access.citizen("booking", "cancel")
    def cancel(booking): ...

    @bp.post("/medarbejder/sager/<reference>/afgoerelse")
    @access.staff("case", "visitator")
    def decide(case): ...

1. **Find**: the reference from the URL must have the shape of one (anything
   else is 404 and never reaches the database); the object must exist.
2. **Authorise**: a citizen's object must belong to the person acted for
   (`actor().citizen`), and the person acting must hold the scope (their
   own, or a fuldmagt that covers it); a staff member's object must belong
   to their municipality, with one of the roles. Someone else's object is a
   404, so its existence is not revealed.
3. **Lock** for any state change (every method but GET/HEAD): the object's
   rows are locked before the view looks at their state, so two requests
   changing the same thing take turns and the second sees what the first
   did. PostgreSQL: `SELECT … FOR UPDATE`; SQLite has no row locks, so a
   no-op UPDATE takes the database's single write lock (SQLite serialises
   writers). Rows are always locked in one order: person, fuldmagt, case,
   slot, booking, complaint, thread, document, each by id, so two changes never wait for each other
   in a circle. A relative's fuldmagt is re-read under a shared lock at this
   moment: a revocation that got there first is honoured, and one that
   comes later waits until the change is done.
4. **Record** the read: a GET of case data writes its audit entry.
   A page marked `keep=` may be served kept (portal/page_cache.py) right
   after step 2's check of the person acting: it was made for this same
   person, fuldmagt and address, and nothing it shows has changed since (its
   data versions say so), so what it found and authorised then still holds;
   its reads are recorded again.
5. The request's transaction is committed when the view returns; a view or
   service that refuses a change rolls back first.

A refusal is a `portal.refusal.Refused` (403, 404 or 409) that
`portal.errors` words as a page, or as a notice in place for htmx.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

from flask import request
from flask_babel import gettext
from sqlalchemy import select, update

from portal import audit, clock, page_cache
from portal.auth.current import Actor, actor, require_citizen, require_staff
from portal.extensions import db
from portal.refusal import Refused

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# References in URLs and forms: TP-ABC-DEF (case), TB-… (booking), KL-… (complaint).
REFERENCE = re.compile(r"^[A-Z0-9]{2}-[A-Z0-9]{3}-[A-Z0-9]{3}$")
MAX_ID = 2**31 - 1  # beyond the integer column's range there is no such row


def not_found() -> Refused:
    return Refused(404, reason="not_found")


def is_reference(value: str | None) -> bool:
    return bool(value) and REFERENCE.match(value) is not None


# ================================================================== locking

def _rank(model) -> int:
    from portal.auth.models import Grant, Person
    from portal.cases.models import Case
    from portal.complaints.models import Complaint
    from portal.messages.models import Document, Thread
    from portal.schedule.models import Booking, Slot

    return {Person: 0, Grant: 1, Case: 2, Slot: 3, Booking: 4, Complaint: 5, Thread: 6, Document: 7}.get(model, 9)


def lock(*objects, shared: bool = False) -> None:
    """Lock these rows for the rest of the transaction and re-read them.

    `shared` (PostgreSQL FOR SHARE): others may read and share-lock, but not
    change them until we are done; used for the fuldmagt behind an action.
    """
    rows = sorted({(type(obj), obj.id): obj for obj in objects if obj is not None}.items(),
                  key=lambda item: (_rank(item[0][0]), item[0][1]))
    for (model, identity), obj in rows:
        if db.session.get_bind().dialect.name == "postgresql":
            # Consumed, so the rows loaded before the lock are read again.
            db.session.scalars(
                select(model).where(model.id == identity).with_for_update(read=shared)
                .execution_options(populate_existing=True)
            ).all()
        else:
            # SQLite: a write takes the database's write lock (writers wait
            # for each other, busy_timeout); then read the row again.
            db.session.execute(update(model).where(model.id == identity).values(id=model.id)
                               .execution_options(synchronize_session=False))
            db.session.refresh(obj)


def _reaffirm_authority(current: Actor, scope: str | None) -> None:
    """At the moment of a change, the fuldmagt behind it must still hold."""
    if not current.is_acting or current.grant is None:
        return
    lock(current.grant, shared=True)
    if scope and not current.grant.allows(scope, clock.today()):
        from portal.auth.current import SCOPE_LABELS

        raise Refused(403, gettext("Din fuldmagt dækker ikke dette"), gettext(
            "Fuldmagten fra %(name)s giver dig ikke lov til at %(what)s. Bed %(name)s om at udvide fuldmagten, hvis du skal kunne det.",
            name=current.acting_for.name, what=SCOPE_LABELS[scope]), reason="scope")
    if not current.grant.is_active(clock.today()):
        raise Refused(403, gettext("Fuldmagten gælder ikke længere"), gettext(
            "Fuldmagten fra %(name)s er tilbagekaldt eller udløbet. Du kan ikke længere handle på vegne af %(name)s.",
            name=current.acting_for.name), reason="grant_ended")


# ==================================================================== kinds

@dataclass(frozen=True)
class Kind:
    """How to find one kind of object, whose it is, and what to lock for a change."""

    name: str
    find: Callable[[str], Any]  # the checked reference → the object or None
    citizen_id: Callable[[Any], int | None]  # the person it belongs to
    municipality_id: Callable[[Any], str | None]
    locks: Callable[[Any], tuple]  # the rows a change locks (ordered by `lock`)
    read_action: str | None  # the audit action of a read, None: not case data
    audit_ref: Callable[[Any], tuple[str, str]]  # (object type, reference) in the audit log
    staff_may_see: Callable[[Any, Any], bool] = lambda staff, obj: True


def _by_reference(model_name: str) -> Callable[[str], Any]:
    def find(reference: str):
        if not is_reference(reference):
            return None
        model = _model(model_name)
        return db.session.scalar(select(model).where(model.reference == reference))

    return find


def _by_id(model_name: str) -> Callable[[str], Any]:
    def find(value):
        try:
            identity = int(value)
        except (TypeError, ValueError):
            return None
        if not 0 < identity <= MAX_ID:
            return None
        return db.session.get(_model(model_name), identity)

    return find


def _model(name: str):
    from portal.auth.models import Grant
    from portal.cases.models import Case
    from portal.complaints.models import Complaint
    from portal.messages.models import Document, Thread
    from portal.schedule.models import Booking, Slot

    return {"Booking": Booking, "Case": Case, "Slot": Slot, "Complaint": Complaint, "Grant": Grant,
            "Thread": Thread, "Document": Document}[name]


def _complaint_visible(staff, complaint) -> bool:
    from portal.rules.states import may_see_complaint

    return may_see_complaint(complaint.subject, set(staff.role_list))


def _thread_visible(staff, thread) -> bool:
    from portal.rules.messages import may_answer

    return may_answer(thread.recipient, set(staff.role_list))


def _document_visible(staff, document) -> bool:
    """An attachment is seen by those who answer its thread; a letter by the visitation."""
    if document.message is not None:
        return _thread_visible(staff, document.message.thread)
    return staff.has_role("visitator")


KINDS: dict[str, Kind] = {
    "booking": Kind(
        "booking", _by_reference("Booking"), lambda b: b.citizen_id, lambda b: b.slot.municipality_id,
        # The slot first: its place count changes with the booking.
        locks=lambda b: (b.slot, b), read_action="booking.view",
        audit_ref=lambda b: ("booking", b.reference),
    ),
    "case": Kind(
        "case", _by_reference("Case"), lambda c: c.citizen_id, lambda c: c.municipality_id,
        locks=lambda c: (c,), read_action="case.view", audit_ref=lambda c: ("case", c.reference),
    ),
    "slot": Kind(
        "slot", _by_id("Slot"), lambda s: None, lambda s: s.municipality_id,
        locks=lambda s: (s,), read_action=None, audit_ref=lambda s: ("slot", str(s.id)),
    ),
    "complaint": Kind(
        "complaint", _by_reference("Complaint"), lambda c: c.citizen_id, lambda c: c.municipality_id,
        locks=lambda c: (c,), read_action="complaint.view", audit_ref=lambda c: ("complaint", c.reference),
        staff_may_see=_complaint_visible,
    ),
    "thread": Kind(
        "thread", _by_reference("Thread"), lambda t: t.citizen_id, lambda t: t.municipality_id,
        # The case first: a message to a case checks the case's state.
        locks=lambda t: (t.case, t), read_action="thread.view", audit_ref=lambda t: ("thread", t.reference),
        staff_may_see=_thread_visible,
    ),
    "document": Kind(
        "document", _by_reference("Document"), lambda d: d.citizen_id, lambda d: d.case.municipality_id,
        locks=lambda d: (d,), read_action="document.view", audit_ref=lambda d: ("document", d.reference),
        staff_may_see=_document_visible,
    ),
    "grant": Kind(
        "grant", _by_id("Grant"), lambda g: g.grantor_id, lambda g: None,
        locks=lambda g: (g,), read_action=None, audit_ref=lambda g: ("grant", str(g.id)),
    ),
}


# =============================================================== the way in

def _changing() -> bool:
    return request.method not in SAFE_METHODS


def _read(kind: Kind, obj, action: str | None) -> None:
    if action and not _changing():
        object_type, reference = kind.audit_ref(obj)
        audit.record(action, object_type, reference, subject=kind.citizen_id(obj))


def _finish(view, obj, kwargs):
    return page_cache.finish(view(obj, **kwargs), db.session.commit)


def _kept(scopes: tuple | None):
    """A GET of a page that may be kept (`keep=`): the kept page, its reads recorded and committed, or None."""
    if scopes is None or _changing():
        return None
    response = page_cache.begin(scopes)
    if response is not None:
        # Nothing else was read in the request's session: no transaction to
        # commit, only the read's entry to write (PostgreSQL: autocommit, one
        # round trip instead of BEGIN, INSERT and COMMIT).
        audit.write_reads_now()
        if db.session.registry.has() and db.session().in_transaction():
            db.session.commit()
    return response


def _citizen_scopes(keep: str | None, current: Actor) -> tuple | None:
    if keep is None:
        return None
    return page_cache.citizen_scopes(current, activity=keep == "activity")


_DEFAULT = object()


def citizen(kind_name: str, scope: str | None = "view", *, param: str = "reference", read=_DEFAULT,
            holder: bool = False, self_only: bool = False, keep: str | None = None):
    """A citizen's own object (or that of the person they act for, within
    `scope`). `holder`: a fuldmagt is reached by the one it was given to
    (to decline it). `read`: the audit action of a GET (the kind's default).
    `keep="citizen"`: the page is kept whole (portal/page_cache.py) under the
    data versions of the citizen and of the one acting."""
    kind = KINDS[kind_name]
    read_action = kind.read_action if read is _DEFAULT else read

    def decorator(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            refusal = require_citizen(scope, self_only=self_only)
            if refusal is not None:
                return refusal
            current = actor()
            kept = _kept(_citizen_scopes(keep, current))
            if kept is not None:
                return kept
            obj = kind.find(kwargs.pop(param))
            owner = (obj.holder_id if holder else kind.citizen_id(obj)) if obj is not None else None
            expected = current.person_id if (holder or kind_name == "grant") else current.citizen_id
            if obj is None or owner != expected:
                raise not_found()
            if _changing():
                _reaffirm_authority(current, scope)
                lock(*kind.locks(obj))
            _read(kind, obj, read_action)
            return _finish(view, obj, kwargs)

        wrapper.required_scope = scope
        wrapper.access_kind = kind_name
        return wrapper

    return decorator


def staff(kind_name: str, *roles: str, param: str = "reference", read=_DEFAULT, keep: bool = False):
    """An object of the staff member's municipality, for one of `roles`.
    `keep`: the page is kept whole under the municipality's data version."""
    kind = KINDS[kind_name]
    read_action = kind.read_action if read is _DEFAULT else read

    def decorator(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            refusal = require_staff(*roles)
            if refusal is not None:
                return refusal
            kept = _kept(page_cache.staff_scopes(actor()) if keep else None)
            if kept is not None:
                return kept
            member = actor().staff
            obj = kind.find(kwargs.pop(param))
            if obj is None or kind.municipality_id(obj) != member.municipality_id or not kind.staff_may_see(member, obj):
                raise not_found()
            if _changing():
                lock(*kind.locks(obj))
            _read(kind, obj, read_action)
            return _finish(view, obj, kwargs)

        wrapper.access_kind = kind_name
        return wrapper

    return decorator


def citizen_page(scope: str | None = "view", *, self_only: bool = False, read: str | None = None,
                 read_ref: str = "", keep: str | None = None):
    """A page about the signed-in citizen (or the one acted for) without one
    object in its address: the plan, mine sager, Min side. The read is
    recorded; a change reaffirms the fuldmagt; the transaction is committed.
    `keep`: "citizen" or "activity" (the activity log: also its own version),
    see citizen()."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            refusal = require_citizen(scope, self_only=self_only)
            if refusal is not None:
                return refusal
            current = actor()
            kept = _kept(_citizen_scopes(keep, current))
            if kept is not None:
                return kept
            if _changing():
                _reaffirm_authority(current, scope)
            elif read:
                audit.record(read, "person", read_ref or read, subject=current.citizen_id)
            return page_cache.finish(view(**kwargs), db.session.commit)

        wrapper.required_scope = scope
        return wrapper

    return decorator


def staff_page(*roles: str, keep: bool = False):
    """A staff page without one object in its address (an inbox, a form).
    `keep`: kept whole under the municipality's data version (see staff())."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(**kwargs):
            refusal = require_staff(*roles)
            if refusal is not None:
                return refusal
            kept = _kept(page_cache.staff_scopes(actor()) if keep else None)
            if kept is not None:
                return kept
            return page_cache.finish(view(**kwargs), db.session.commit)

        return wrapper

    return decorator


def refuse_change(code: str, text: str, *, title: str = "", status: int = 409) -> Refused:
    """A change the object's state does not allow now (the view rolls back)."""
    db.session.rollback()
    return Refused(status, title or gettext("Det kan ikke lade sig gøre"), text, reason=code)
