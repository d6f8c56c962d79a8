"""Fuldmagt and people: state changes that flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, literal, select
from sqlalchemy.orm import aliased

from portal import audit, clock
from portal.extensions import db

from .models import SCOPES, AuditEntry, Grant, Person, StaffMember


class GrantError(ValueError):
    pass


def person_by_cpr(cpr: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.cpr == cpr))


def find_or_create_person(cpr: str, name: str, municipality_id: str | None = None) -> Person:
    """The person with this CPR number; created on first sign-in or first grant."""
    person = person_by_cpr(cpr)
    if person is None:
        person = Person(cpr=cpr, name=name, municipality_id=municipality_id, created_at=clock.now())
        db.session.add(person)
        db.session.flush()
    else:
        if name and not person.name:
            person.name = name
        if municipality_id and not person.municipality_id:
            person.municipality_id = municipality_id
    return person


def grant(grantor: Person, holder_cpr: str, holder_name: str, scopes: list[str], valid_until: date | None) -> Grant:
    """Give (or, to the same person again, update) a fuldmagt. The grantor's
    row is locked first, so the same form sent twice at once gives one fuldmagt."""
    from portal.access import lock

    if holder_cpr == grantor.cpr:
        raise GrantError("self")
    chosen = [s for s in SCOPES if s in scopes]
    if not chosen:
        raise GrantError("no scopes")
    lock(grantor)
    holder = find_or_create_person(holder_cpr, holder_name)
    now = clock.now()
    existing = db.session.scalar(select(Grant).where(Grant.grantor_id == grantor.id, Grant.holder_id == holder.id))
    if existing is not None:
        lock(existing)
        update_grant(existing, chosen, valid_until)
        return existing
    existing = Grant(grantor_id=grantor.id, holder_id=holder.id, created_at=now, scopes="")
    db.session.add(existing)
    action = "grant.create"
    existing.scopes = ",".join(chosen)
    existing.valid_until = valid_until
    existing.updated_at = now
    existing.revoked_at = None
    existing.declined_at = None
    db.session.flush()
    audit.record(action, "grant", existing.id, subject=grantor, detail=",".join(chosen))
    return existing


def update_grant(existing: Grant, scopes: list[str], valid_until: date | None) -> bool:
    """Change the scopes or the end date; False when nothing changed (the same
    form sent again changes nothing and records nothing)."""
    chosen = [s for s in SCOPES if s in scopes]
    if not chosen:
        raise GrantError("no scopes")
    unchanged = (existing.scope_list == chosen and existing.valid_until == valid_until
                 and existing.revoked_at is None and existing.declined_at is None)
    if unchanged:
        return False
    existing.scopes = ",".join(chosen)
    existing.valid_until = valid_until
    existing.updated_at = clock.now()
    existing.revoked_at = None
    existing.declined_at = None
    audit.record("grant.update", "grant", existing.id, subject=existing.grantor_id, detail=",".join(chosen))
    return True


def revoke(existing: Grant) -> None:
    """Takes effect on the holder's very next request: load_actor checks the
    grant on every request and refuses it with a clear message; an action the
    holder is in the middle of holds a shared lock on the grant, so the
    revocation waits until it is done."""
    if existing.revoked_at is not None or existing.declined_at is not None:
        raise GrantError("not active")
    existing.revoked_at = clock.now()
    audit.record("grant.revoke", "grant", existing.id, subject=existing.grantor_id)


def decline(existing: Grant) -> None:
    if existing.revoked_at is not None or existing.declined_at is not None:
        raise GrantError("not active")
    existing.declined_at = clock.now()
    audit.record("grant.decline", "grant", existing.id, subject=existing.grantor_id)


def grants_of(person: Person) -> tuple[list[Grant], list[Grant]]:
    """The fuldmagter a person has given, and those given to them."""
    given = db.session.scalars(select(Grant).where(Grant.grantor_id == person.id).order_by(Grant.created_at)).all()
    received = db.session.scalars(select(Grant).where(Grant.holder_id == person.id).order_by(Grant.created_at)).all()
    return list(given), list(received)


@dataclass(frozen=True)
class Activity:
    """One line of the activity log: what was done, when, and by whom (a
    relative's or a member of staff's name; neither: the portal itself)."""

    id: int
    at: datetime
    action: str
    object_type: str
    object_ref: str
    relative: str | None
    staff: str | None


def done_for(person: Person, limit: int = 200) -> list[Activity]:
    """What others (relatives, staff, the portal) did or saw on the person's behalf, newest first:
    the columns the log shows, in one statement (no model objects to build)."""
    relative, member = aliased(Person), aliased(StaffMember)
    rows = db.session.execute(
        select(AuditEntry.id, AuditEntry.at, AuditEntry.action, AuditEntry.object_type, AuditEntry.object_ref,
               relative.name, member.name)
        .outerjoin(relative, relative.id == AuditEntry.actor_person_id)
        .outerjoin(member, member.id == AuditEntry.actor_staff_id)
        # Along ix_audit_by_others (the person as a scalar subquery, so that PostgreSQL plans
        # without the person's own row estimate: thousands of own reads made it walk them all).
        .where(AuditEntry.subject_person_id == select(literal(person.id, Integer())).scalar_subquery())
        .where((AuditEntry.actor_person_id.is_(None)) | (AuditEntry.actor_person_id != AuditEntry.subject_person_id))
        .order_by(AuditEntry.at.desc()).limit(limit)
    )
    return [Activity(*row) for row in rows]


def sessions_named(entries: list[Activity]) -> dict[str, object]:
    """For the activity log, in one query: booking reference → the session's
    start, so each line can say which session was cancelled, moved or marked."""
    from portal.schedule.models import Booking, Slot

    references = {entry.object_ref for entry in entries if entry.object_type == "booking"}
    if not references:
        return {}
    rows = db.session.execute(select(Booking.reference, Slot.starts_at).join(Slot, Booking.slot_id == Slot.id)
                              .where(Booking.reference.in_(references)))
    return {reference: starts_at for reference, starts_at in rows}
