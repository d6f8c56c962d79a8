"""The case: one application for training and everything that follows it."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person
from portal.db_types import AwareDateTime
from portal.extensions import db
from portal.rules.states import CaseStatus

# Case statuses: their life is in portal.rules.states; the column holds the value.
RECEIVED = CaseStatus.RECEIVED.value  # modtaget
AWAITING_CONFIRMATION = CaseStatus.AWAITING_CONFIRMATION.value  # a relative applied; the citizen must confirm
VISITATION = CaseStatus.VISITATION.value  # visitation meeting booked or held
DECIDED = CaseStatus.DECIDED.value  # afgørelse truffet
TRAINING = CaseStatus.TRAINING.value  # træning i gang
CLOSED = CaseStatus.CLOSED.value  # afsluttet
WITHDRAWN = CaseStatus.WITHDRAWN.value  # trukket tilbage (or rejected by the citizen)

# A reference is short, readable aloud, unique and not a database id:
# no 0/O, 1/I/L, 5/S or 2/Z to misread on the phone.
_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_reference(prefix: str = "TP") -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"{prefix}-{body[:3]}-{body[3:]}"


class Case(db.Model):
    __tablename__ = "case"
    __table_args__ = (
        Index("ix_case_municipality_status", "municipality_id", "status"),
        # The visitation's inbox in the order it shows, so a page of it reads that page's rows, not the whole queue.
        Index("ix_case_queue", "municipality_id", "status", "response_due", "received_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    municipality_id: Mapped[str] = mapped_column(String(40))
    law: Mapped[str] = mapped_column(String(20))  # sel_86_1 | sel_86_2
    status: Mapped[str] = mapped_column(String(30), default=RECEIVED)
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    response_due: Mapped[date | None] = mapped_column(Date)  # the municipality's promised date
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    applied_as: Mapped[str] = mapped_column(String(20))  # self | fuldmagt | relative_declared
    confirmed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # the application as submitted
    visitation_on: Mapped[date | None] = mapped_column(Date)  # visitation meeting held
    visitation_note: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    training_started_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    reassessment_flagged_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # The draft's idempotency token: a second submit of the same draft (double
    # click, back button, two tabs) hits this unique constraint.
    application_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    visitation_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))

    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
    applied_by: Mapped[Person] = relationship(foreign_keys=[applied_by_id])

    consents: Mapped[list["Consent"]] = relationship(back_populates="case", order_by="Consent.id")

    @property
    def awaiting_confirmation(self) -> bool:
        return self.status == AWAITING_CONFIRMATION

    def consent(self, source: str) -> "Consent | None":
        return next((consent for consent in self.consents if consent.source == source), None)


class Consent(db.Model):
    """Consent to gather information from one source (own doctor, hospital,
    home care, other municipal departments). Optional, and withdrawable with
    effect from the moment it is withdrawn."""

    __tablename__ = "consent"
    __table_args__ = (UniqueConstraint("case_id", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # gp | hospital | home_care | municipal
    given: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(AwareDateTime())
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    case: Mapped[Case] = relationship(back_populates="consents")

    @property
    def in_force(self) -> bool:
        return self.given and self.withdrawn_at is None
