"""The short satisfaction question's answers (GOV.UK pattern: one question,
a 5-point scale, an optional comment)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

COURSE = "course"  # after a course of training ended
COMPLAINT = "complaint"  # after a complaint was answered
ABOUTS = (COURSE, COMPLAINT)
RATINGS = (5, 4, 3, 2, 1)  # meget tilfreds … meget utilfreds


class SatisfactionAnswer(db.Model):
    """One answer per ended course or answered complaint. It holds no person:
    the reference only stops a second answer; the page counts, never lists."""

    __tablename__ = "satisfaction_answer"
    __table_args__ = (
        UniqueConstraint("about", "subject_ref"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_to_5"),
        Index("ix_satisfaction_answer_municipality_about", "municipality_id", "about"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[str] = mapped_column(String(40))
    about: Mapped[str] = mapped_column(String(20))  # ABOUTS
    subject_ref: Mapped[str] = mapped_column(String(16))  # the case's or complaint's reference
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date] = mapped_column(Date)
