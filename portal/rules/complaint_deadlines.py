"""When a complaint must be made, and when the municipality must answer it
(DOMAIN.md §5 and §7). Pure: the caller passes every date in.

- A decision: the municipality's `complaint` deadline counted from the day the
  citizen received the decision (4 uger everywhere today).
- The municipality's answer on reconsidering: its `reconsideration` deadline
  counted from the day it received the complaint, when it has one (Glostrup).
- A health professional's treatment (Styrelsen for Patientklager): 2 years from
  when the citizen learned of the matter, and at most 5 years after it.
- Compensation for an injury (Patienterstatningen): 3 years from when the
  citizen learned of the injury, and at most 10 years after it.
A late complaint is still a complaint: the authority decides whether it can be
considered, so lateness is reported, never refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from . import RuleError
from .complaints import Subject
from .deadlines import DeadlineRule, deadline_date


def decision_complaint_deadline(rule: DeadlineRule, decision_received_on: date) -> date | None:
    """The last day to complain about a decision received on `decision_received_on`."""
    return deadline_date(rule, decision_received_on)


def reconsideration_answer_deadline(rule: DeadlineRule | None, complaint_received_on: date) -> date | None:
    """The municipality's last day to answer a complaint it reconsiders; None when it promises no date."""
    if rule is None:
        return None
    return deadline_date(rule, complaint_received_on)


def is_late(deadline: date | None, filed_on: date) -> bool:
    """Filed after the last day (filing on the last day is on time); no deadline is never late."""
    return deadline is not None and filed_on > deadline


class Bound(str, Enum):
    KNOWLEDGE = "knowledge"  # counted from when the citizen learned of it
    ABSOLUTE = "absolute"  # counted from the treatment or injury itself


@dataclass(frozen=True)
class Limitation:
    """"`relative_years` years from knowledge, at most `absolute_years` years from the event"."""

    relative_years: int
    absolute_years: int


LIMITATIONS = {
    Subject.TREATMENT: Limitation(2, 5),
    Subject.COMPENSATION: Limitation(3, 10),
}


@dataclass(frozen=True)
class LimitationDeadline:
    last_day: date
    bound: Bound  # which of the two limits decides


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February (the earlier, safe day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation(subject: Subject | str) -> Limitation:
    if not isinstance(subject, Subject):
        subject = Subject.parse(subject)
    try:
        return LIMITATIONS[subject]
    except KeyError:
        raise RuleError(f"no limitation period for {subject.value!r}") from None


def limitation_deadline(subject: Subject | str, *, knowledge: date | None, event: date | None) -> LimitationDeadline:
    """The last day to complain about treatment or claim compensation.

    `knowledge`: when the citizen learned of the fault or injury; `event`: when
    the treatment or injury happened. At least one must be given; knowledge
    cannot come before the event."""
    period = limitation(subject)
    if knowledge is None and event is None:
        raise RuleError("knowledge or event date needed")
    if knowledge is not None and event is not None and knowledge < event:
        raise RuleError("knowledge before the event")
    candidates = []
    if knowledge is not None:
        candidates.append(LimitationDeadline(add_years(knowledge, period.relative_years), Bound.KNOWLEDGE))
    if event is not None:
        candidates.append(LimitationDeadline(add_years(event, period.absolute_years), Bound.ABSOLUTE))
    return min(candidates, key=lambda candidate: candidate.last_day)
