"""Decisions (afgørelser), training slots and bookings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person, StaffMember
from portal.cases.models import Case
from portal.db_types import AwareDateTime
from portal.extensions import db
from portal.rules.states import LIVE, BookingStatus

from . import places

GRANTED = "granted"
PARTLY_GRANTED = "partly_granted"
REJECTED = "rejected"
OUTCOMES = (GRANTED, PARTLY_GRANTED, REJECTED)


class Decision(db.Model):
    """An afgørelse on a case (DOMAIN.md §4)."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # OUTCOMES
    legal_basis: Mapped[str] = mapped_column(String(200))
    offer_id: Mapped[str | None] = mapped_column(String(60))  # from the municipality's catalogue
    form: Mapped[str | None] = mapped_column(String(20))  # hold | individuel | hjemme | bassin | døgn
    frequency: Mapped[str | None] = mapped_column(String(200))
    session_minutes: Mapped[int | None] = mapped_column(Integer)
    max_sessions: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    purpose: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(String(200))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    reasons: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)  # when the citizen receives it
    complaint_deadline: Mapped[date] = mapped_column(Date)  # from the rules, from received_on
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())

    case: Mapped[Case] = relationship()
    decided_by: Mapped[StaffMember | None] = relationship()

    @property
    def is_rejection(self) -> bool:
        return self.outcome == REJECTED


class Slot(db.Model):
    """A training time: individual (capacity 1) or a team (hold) with places."""

    __tablename__ = "slot"
    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
        Index("ix_slot_municipality_offer_starts", "municipality_id", "offer_id", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[str] = mapped_column(String(40))
    offer_id: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime())
    minutes: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(20), default="individuel")  # individuel | hold | bassin | hjemme | døgn
    place: Mapped[str] = mapped_column(String(200))
    therapist: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    booked: Mapped[int] = mapped_column(Integer, default=0)  # live bookings, counted by the database (places.py)
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime())  # by the municipality
    cancel_note: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def is_team(self) -> bool:
        return self.capacity > 1


# Booking statuses: their life is in portal.rules.states; the column holds the value.
BOOKED = BookingStatus.BOOKED.value
CANCELLED = BookingStatus.CANCELLED.value  # by the citizen (afbud), on time or late
CANCELLED_BY_MUNICIPALITY = BookingStatus.CANCELLED_BY_MUNICIPALITY.value
MOVED = BookingStatus.MOVED.value  # moved to another slot (the new booking points back)
ATTENDED = BookingStatus.ATTENDED.value
NO_SHOW = BookingStatus.NO_SHOW.value
_LIVE_SQL = "status IN (" + ", ".join(f"'{status.value}'" for status in sorted(LIVE)) + ")"


class Booking(db.Model):
    """A citizen's place on a slot, within a case."""

    __tablename__ = "booking"
    __table_args__ = (
        Index("ix_booking_citizen_status", "citizen_id", "status"),
        # A case's first booking (the training place's first contact, portal/quality) from the index alone.
        Index("ix_booking_case_created", "case_id", "created_at"),
        # What the database forbids (issue 11): a citizen holds at most one
        # live place on a slot; a booking is moved at most once; a cancelled
        # booking has at most one replacement standing (a replacement moved on
        # leaves a MOVED row behind and the new one carries the link).
        Index("uq_booking_live_place", "slot_id", "citizen_id", unique=True,
              sqlite_where=text(_LIVE_SQL), postgresql_where=text(_LIVE_SQL)),
        # Partial: almost every booking has no link, and a full index whose
        # statistics are all NULL makes SQLite scan the table instead.
        Index("uq_booking_replacement_for_id", "replacement_for_id", unique=True,
              sqlite_where=text("replacement_for_id IS NOT NULL AND status <> 'moved'"),
              postgresql_where=text("replacement_for_id IS NOT NULL AND status <> 'moved'")),
        Index("ix_booking_replacement_for_id", "replacement_for_id",
              sqlite_where=text("replacement_for_id IS NOT NULL"),
              postgresql_where=text("replacement_for_id IS NOT NULL")),
        Index("uq_booking_moved_from_id", "moved_from_id", unique=True,
              sqlite_where=text("moved_from_id IS NOT NULL"),
              postgresql_where=text("moved_from_id IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # for URLs and receipts
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(30), default=BOOKED)
    replacement_for_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    moved_from_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(String(20))  # illness | bereavement | other
    cancel_on_time: Mapped[bool | None] = mapped_column()
    cancel_deadline: Mapped[datetime | None] = mapped_column(AwareDateTime())
    replacement_offered: Mapped[bool | None] = mapped_column()
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    cancelled_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))  # the municipality cancelled
    marked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())  # attendance / no-show
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())

    slot: Mapped[Slot] = relationship()
    case: Mapped[Case] = relationship()
    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
    cancelled_by: Mapped[Person | None] = relationship(foreign_keys=[cancelled_by_id])
    replacement_for: Mapped["Booking | None"] = relationship(foreign_keys=[replacement_for_id], remote_side=[id])
    moved_from: Mapped["Booking | None"] = relationship(foreign_keys=[moved_from_id], remote_side=[id])


places.attach(Booking.__table__)
