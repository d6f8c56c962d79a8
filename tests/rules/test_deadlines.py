"""Deadline rules with and without a number."""

from datetime import date

from portal.rules.deadlines import DeadlineRule, Unit, deadline_date, is_kept


def test_business_day_rule():
    assert deadline_date(DeadlineRule(10, Unit.BUSINESS_DAYS), date(2026, 11, 23)) == date(2026, 12, 7)


def test_week_rule_is_seven_days_each_moved_to_a_hverdag():
    assert deadline_date(DeadlineRule(4, Unit.WEEKS), date(2026, 11, 30)) == date(2026, 12, 28)


def test_day_rule():
    # 17 Dec + 14 = 31 Dec (nytårsaftensdag) → 1 Jan (holiday) → Monday 4 Jan 2027
    assert deadline_date(DeadlineRule(14, Unit.DAYS), date(2026, 12, 17)) == date(2027, 1, 4)


def test_rule_without_a_number_has_no_date():
    assert deadline_date(DeadlineRule(None, None), date(2026, 11, 23)) is None
    assert is_kept(DeadlineRule(None, None), date(2026, 11, 23), date(2027, 1, 1)) is None


def test_kept_on_the_last_day_and_broken_the_day_after():
    rule = DeadlineRule(10, Unit.BUSINESS_DAYS)
    assert is_kept(rule, date(2026, 11, 23), date(2026, 12, 7)) is True
    assert is_kept(rule, date(2026, 11, 23), date(2026, 12, 8)) is False
