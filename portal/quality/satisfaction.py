"""The satisfaction question: who may answer it, recording the answer, and
the counts the quality page shows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext
from sqlalchemy import exists, extract, func, select

from portal.extensions import db
from portal.municipalities.schema import Municipality
from portal.rules.states import CaseStatus, ComplaintStatus

from .models import ABOUTS, COMPLAINT, COURSE, RATINGS, SatisfactionAnswer

ABOUT_LABELS = {
    COURSE: lazy_gettext("Træningsforløbet"),
    COMPLAINT: lazy_gettext("Svaret på klagen"),
}
QUESTIONS = {
    COURSE: lazy_gettext("Hvor tilfreds er du med dit træningsforløb?"),
    COMPLAINT: lazy_gettext("Hvor tilfreds er du med den måde, din klage blev behandlet på?"),
}
RATING_LABELS = {
    5: lazy_gettext("Meget tilfreds"),
    4: lazy_gettext("Tilfreds"),
    3: lazy_gettext("Hverken tilfreds eller utilfreds"),
    2: lazy_gettext("Utilfreds"),
    1: lazy_gettext("Meget utilfreds"),
}


# A course has ended once the case is closed; a complaint is answered once the
# municipality (or the training place) has given its answer.
ANSWERED_COMPLAINT = frozenset({ComplaintStatus.UPHELD, ComplaintStatus.KEPT, ComplaintStatus.FORWARDED,
                                ComplaintStatus.ANSWERED, ComplaintStatus.SENT_TO_VISITATION})


def may_ask(about: str, obj) -> bool:
    """Whether the question fits now: after the course ended or the complaint was answered."""
    if about == COURSE:
        return obj.status == CaseStatus.CLOSED
    return obj.status in ANSWERED_COMPLAINT or obj.decided_at is not None


def answered(about: str, reference: str) -> bool:
    return bool(db.session.scalar(select(exists().where(
        SatisfactionAnswer.about == about, SatisfactionAnswer.subject_ref == reference))))


def record_answer(*, municipality_id: str, about: str, reference: str, rating: int, comment: str,
                  today: date) -> SatisfactionAnswer:
    answer = SatisfactionAnswer(municipality_id=municipality_id, about=about, subject_ref=reference,
                                rating=rating, comment=comment or None, answered_on=today)
    db.session.add(answer)
    db.session.flush()
    return answer


def satisfaction_figures(m: Municipality):
    from .figures import CountRow, count_cell

    year = extract("year", SatisfactionAnswer.answered_on)
    query = (select(year, SatisfactionAnswer.about, SatisfactionAnswer.rating, func.count())
             .where(SatisfactionAnswer.municipality_id == m.id)
             .group_by(year, SatisfactionAnswer.about, SatisfactionAnswer.rating))
    counts: dict[tuple[int, str, int], int] = defaultdict(int)
    for y, about, rating, n in db.session.execute(query):
        counts[(int(y), about, rating)] = n
    rows = []
    for y in sorted({y for y, _, _ in counts}):
        for about in ABOUTS:
            for rating in RATINGS:
                rows.append(CountRow(y, f"{about}.{rating}", (ABOUT_LABELS[about], RATING_LABELS[rating]),
                                     count_cell(counts.get((y, about, rating), 0))))
    return rows
