"""People, staff, sign-in sessions, fuldmagter and the audit log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date, ForeignKey, Index, String, UniqueConstraint, event, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import AwareDateTime
from portal.extensions import db

from . import cpr as cpr_rules

SCOPES = ("apply", "view", "cancel", "complain", "messages")
STAFF_ROLES = ("visitator", "terapeut", "klagebehandler", "leder")


class Person(db.Model):
    """A citizen or a relative, identified by CPR (from MitID)."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    cpr: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())

    @property
    def masked_cpr(self) -> str:
        return cpr_rules.mask(self.cpr)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""

    def age_on(self, day: date) -> int:
        return cpr_rules.age(self.cpr, day)

    def __repr__(self) -> str:  # never the CPR number
        return f"<Person {self.id}>"


class StaffRoles:
    """What a member of staff's roles allow; the model and the sign-in's terms (current.py) share it."""

    roles: str  # comma-separated STAFF_ROLES

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]

    def has_role(self, *roles: str) -> bool:
        return any(role in self.role_list for role in roles)


class GrantTerms:
    """What a fuldmagt allows on a day; the model and the sign-in's terms (current.py) share it."""

    scopes: str  # comma-separated SCOPES
    valid_until: date | None
    revoked_at: datetime | None
    declined_at: datetime | None

    @property
    def scope_list(self) -> list[str]:
        return [s for s in SCOPES if s in self.scopes.split(",")]

    def is_active(self, today: date) -> bool:
        if self.revoked_at is not None or self.declined_at is not None:
            return False
        return self.valid_until is None or today <= self.valid_until

    def allows(self, scope: str, today: date) -> bool:
        return self.is_active(today) and scope in self.scope_list


class StaffMember(StaffRoles, db.Model):
    """A municipal employee, signed in through the staff OpenID Connect provider."""

    __tablename__ = "staff_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality_id: Mapped[str] = mapped_column(String(40))
    roles: Mapped[str] = mapped_column(String(200))  # comma-separated STAFF_ROLES
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())


class LoginSession(db.Model):
    """A sign-in, kept on the server so signing out, timeouts and revocation
    work across every process; the cookie holds only the random token."""

    __tablename__ = "login_session"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    acting_for_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    method: Mapped[str] = mapped_column(String(20))  # mitid | demo
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    staff: Mapped[StaffMember | None] = relationship(foreign_keys=[staff_id])
    acting_for: Mapped[Person | None] = relationship(foreign_keys=[acting_for_id])


class Grant(GrantTerms, db.Model):
    """A fuldmagt: the grantor lets the holder act for them within some scopes."""

    __tablename__ = "grant"
    __table_args__ = (UniqueConstraint("grantor_id", "holder_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    grantor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    holder_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    scopes: Mapped[str] = mapped_column(String(100))  # comma-separated SCOPES
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    grantor: Mapped[Person] = relationship(foreign_keys=[grantor_id])
    holder: Mapped[Person] = relationship(foreign_keys=[holder_id])


BY_OTHERS = "actor_person_id IS NULL OR actor_person_id <> subject_person_id"


class AuditEntry(db.Model):
    """Who did what, for whom, to which object, when. Append-only.

    The people and staff an entry names are ids without foreign keys: on
    PostgreSQL a foreign key makes every insert look up and lock (FOR KEY
    SHARE) each named row, so the inbox's fifty read entries locked fifty
    person rows and the member of staff's own, on every view, and waited
    behind any change holding one of them. The log records what happened;
    it neither waits for nor holds the rows it names. People and staff are
    never deleted (the portal has no way to), so every id names its row."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        # What /aktivitet shows, and the calendar feed's daily entry: the entries about
        # a person made by someone else. A citizen's own reads, most of the log, are in
        # no index but the primary key, so writing one costs an append; the log is read
        # by person only through this index (a search of everything logged about someone,
        # own reads too, is a scan: rare, and not on any page).
        Index("ix_audit_by_others", "subject_person_id", "at", "id",
              postgresql_where=text(BY_OTHERS), sqlite_where=text(BY_OTHERS)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    actor_person_id: Mapped[int | None] = mapped_column()  # person.id
    actor_staff_id: Mapped[int | None] = mapped_column()  # staff_member.id
    subject_person_id: Mapped[int | None] = mapped_column()  # person.id
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_ref: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(String(300), default="")


class AuditIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditIsAppendOnly("audit entries cannot be deleted")
