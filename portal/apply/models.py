"""The application while it is being filled in: saved after every page, so it
survives signing out, and carrying the token that makes submitting idempotent."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person
from portal.cases.models import Case
from portal.db_types import AwareDateTime
from portal.extensions import db


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ApplicationDraft(db.Model):
    """One application in progress, by `author` (who fills it in), for
    `acting_for` (the grantor of a fuldmagt) or for the author or a relative
    named in the answers. Submitted drafts point at their case."""

    __tablename__ = "application_draft"
    __table_args__ = (Index("ix_draft_author_open", "author_id", "acting_for_id", "submitted_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    acting_for_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), unique=True)

    author: Mapped[Person] = relationship(foreign_keys=[author_id])
    acting_for: Mapped[Person | None] = relationship(foreign_keys=[acting_for_id])
    case: Mapped[Case | None] = relationship()
