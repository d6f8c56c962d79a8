"""Complaint deadlines (DOMAIN.md §5, §7): pure rules, no Flask."""

from datetime import date

import pytest

from portal.rules import RuleError
from portal.rules.complaint_deadlines import (
    Bound, add_years, decision_complaint_deadline, is_late, limitation_deadline,
    reconsideration_answer_deadline,
)
from portal.rules.deadlines import DeadlineRule, Unit

FOUR_WEEKS = DeadlineRule(4, Unit.WEEKS)


def test_decision_complaint_deadline_is_four_weeks_after_receiving_the_decision():
    assert decision_complaint_deadline(FOUR_WEEKS, date(2026, 11, 2)) == date(2026, 11, 30)


def test_decision_complaint_deadline_on_a_holiday_moves_to_the_next_hverdag():
    # 27 Nov + 28 days = 25 Dec (juledag) → 26 Dec (2. juledag) → 27 Dec (Sunday) → Monday 28 Dec
    assert decision_complaint_deadline(FOUR_WEEKS, date(2026, 11, 27)) == date(2026, 12, 28)


def test_reconsideration_answer_deadline_counts_from_the_complaint():
    assert reconsideration_answer_deadline(FOUR_WEEKS, date(2027, 1, 4)) == date(2027, 2, 1)


def test_no_reconsideration_rule_means_no_answer_date():
    assert reconsideration_answer_deadline(None, date(2027, 1, 4)) is None
    assert reconsideration_answer_deadline(DeadlineRule(None, None), date(2027, 1, 4)) is None


def test_filing_on_the_last_day_is_on_time_and_the_day_after_is_late():
    assert is_late(date(2026, 11, 30), date(2026, 11, 30)) is False
    assert is_late(date(2026, 11, 30), date(2026, 12, 1)) is True


def test_no_deadline_is_never_late():
    assert is_late(None, date(2030, 1, 1)) is False


def test_treatment_two_years_from_knowledge_when_that_comes_first():
    result = limitation_deadline("treatment", knowledge=date(2026, 3, 1), event=date(2025, 6, 1))
    assert result.last_day == date(2028, 3, 1)
    assert result.bound is Bound.KNOWLEDGE


def test_treatment_at_most_five_years_after_the_treatment():
    result = limitation_deadline("treatment", knowledge=date(2029, 5, 1), event=date(2025, 6, 1))
    assert result.last_day == date(2030, 6, 1)
    assert result.bound is Bound.ABSOLUTE


def test_compensation_three_years_from_knowledge_at_most_ten():
    early = limitation_deadline("compensation", knowledge=date(2026, 1, 10), event=date(2025, 1, 10))
    assert early.last_day == date(2029, 1, 10) and early.bound is Bound.KNOWLEDGE
    late = limitation_deadline("compensation", knowledge=date(2033, 1, 10), event=date(2025, 1, 10))
    assert late.last_day == date(2035, 1, 10) and late.bound is Bound.ABSOLUTE


def test_only_one_date_given_uses_that_limit():
    assert limitation_deadline("treatment", knowledge=date(2026, 3, 1), event=None).last_day == date(2028, 3, 1)
    assert limitation_deadline("compensation", knowledge=None, event=date(2026, 3, 1)).last_day == date(2036, 3, 1)


def test_leap_day_becomes_the_28th_of_february():
    assert add_years(date(2028, 2, 29), 2) == date(2030, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


@pytest.mark.parametrize("subject", ["decision", "case_handling", "delivery", "weather"])
def test_only_treatment_and_compensation_have_limitation_periods(subject):
    with pytest.raises(RuleError):
        limitation_deadline(subject, knowledge=date(2026, 1, 1), event=None)


def test_a_limitation_needs_a_date_and_knowledge_cannot_precede_the_event():
    with pytest.raises(RuleError):
        limitation_deadline("treatment", knowledge=None, event=None)
    with pytest.raises(RuleError):
        limitation_deadline("treatment", knowledge=date(2026, 1, 1), event=date(2026, 2, 1))
