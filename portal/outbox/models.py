"""One message waiting to be sent, written in the same transaction as the change it tells about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person
from portal.db_types import AwareDateTime
from portal.extensions import db

PENDING = "pending"  # waiting for `flask outbox send` (also after a failed attempt)
SENT = "sent"
NO_ADDRESS = "no_address"  # the person has no e-mail address: kept, never sent


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_status_next", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # decision, cancel_receipt, municipality_cancel, …
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    person: Mapped[Person | None] = relationship()

    @property
    def message_id(self) -> str:
        """Stable across retries, so a receiving server can drop a duplicate
        if a send succeeded but marking it sent did not."""
        return f"<outbox-{self.id}@traeningsportalen.local>"
