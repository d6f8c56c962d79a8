"""A thread about a case, its messages, and documents on the case (attachments and letters)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person, StaffMember
from portal.cases.models import Case
from portal.db_types import AwareDateTime
from portal.extensions import db

VISITATION = "visitation"  # the municipality's visitation (visitatorer)
TRAINING = "training"  # the training place (terapeuter)

MESSAGE = "message"
PAUSE = "pause"  # the portal's message when the citizen paused training

ATTACHMENT = "attachment"  # sent with a message
LETTER = "letter"  # a letter the municipality sent


class Thread(db.Model):
    """A conversation about one case (optionally one session) with the visitation or the training place."""

    __tablename__ = "message_thread"
    __table_args__ = (
        Index("ix_message_thread_inbox", "municipality_id", "recipient", "last_message_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    municipality_id: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(20))  # visitation | training
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    topic: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    answer_due: Mapped[date | None] = mapped_column(Date)  # the promised first answer
    answered_at: Mapped[datetime | None] = mapped_column(AwareDateTime())  # the first answer
    last_message_at: Mapped[datetime] = mapped_column(AwareDateTime())
    unread_by_staff: Mapped[bool] = mapped_column(Boolean, default=True)
    unread_by_citizen: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship()
    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])
    booking = relationship("Booking")
    messages: Mapped[list["Message"]] = relationship(back_populates="thread", order_by="Message.id")


class Message(db.Model):
    __tablename__ = "message"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("message_thread.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=MESSAGE)  # message | pause
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    author_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    # The form's one-time token: the same form sent twice (double click, two tabs) makes one message.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    thread: Mapped[Thread] = relationship(back_populates="messages")
    author_person: Mapped[Person | None] = relationship(foreign_keys=[author_person_id])
    author_staff: Mapped[StaffMember | None] = relationship(foreign_keys=[author_staff_id])
    documents: Mapped[list["Document"]] = relationship(back_populates="message", order_by="Document.id")

    @property
    def from_staff(self) -> bool:
        return self.author_staff_id is not None


class Document(db.Model):
    """A file on a case: an attachment to a message, or a letter from the municipality.
    The bytes live in portal.storage under `storage_key`, never under the web root."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # attachment | letter
    title: Mapped[str] = mapped_column(String(200), default="")
    filename: Mapped[str] = mapped_column(String(120))  # sanitised, with the real type's extension
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    uploaded_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    uploaded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())

    case: Mapped[Case] = relationship()
    message: Mapped[Message | None] = relationship(back_populates="documents")
    uploaded_by_staff: Mapped[StaffMember | None] = relationship(foreign_keys=[uploaded_by_staff_id])
