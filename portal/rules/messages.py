"""Messages between the citizen and the municipality: the promised first
answer (2 hverdage after the message, DOMAIN.md §5 counting) and who may
still write about a case."""

from __future__ import annotations

from datetime import date

from .calendar import add_business_days
from .states import CaseStatus, Verdict, ALLOWED, refused

ANSWER_WITHIN_BUSINESS_DAYS = 2
RECIPIENTS = ("visitation", "training")
# Who answers: the visitation is the visitators', the training place the therapists'.
RECIPIENT_ROLE = {"visitation": "visitator", "training": "terapeut"}
MAX_LENGTH = 5000

_CLOSED = {CaseStatus.CLOSED.value, CaseStatus.WITHDRAWN.value}


def answer_due(sent_on: date) -> date:
    """The day the first answer is promised by: the 2nd hverdag strictly after the message."""
    return add_business_days(sent_on, ANSWER_WITHIN_BUSINESS_DAYS)


def is_overdue(due: date | None, answered: bool, today: date) -> bool:
    return due is not None and not answered and today > due


def may_write(case_status: str) -> Verdict:
    """A closed or withdrawn case takes no new messages."""
    return refused("case_closed") if case_status in _CLOSED else ALLOWED


def may_answer(recipient: str, roles: set[str]) -> bool:
    return RECIPIENT_ROLE.get(recipient) in roles
