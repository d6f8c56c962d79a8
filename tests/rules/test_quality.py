"""The quality follow-up's pure parts (portal.rules.quality)."""

from datetime import date

from portal.rules.deadlines import DeadlineRule, Unit
from portal.rules.quality import (
    MIN_GROUP, Outcome, Tally, Urgency, at_risk_until, last_event_day, median, outcome, percentile, publishable,
    share_kept, urgency,
)


def test_done_on_the_last_day_is_kept_and_a_day_later_is_missed():
    assert outcome(0, due_passed=True) is Outcome.KEPT
    assert outcome(-3, due_passed=True) is Outcome.KEPT
    assert outcome(1, due_passed=True) is Outcome.MISSED


def test_not_done_is_missed_only_once_the_date_has_passed():
    assert outcome(None, due_passed=True) is Outcome.MISSED
    assert outcome(None, due_passed=False) is Outcome.PENDING


def test_percentiles_of_a_histogram_use_the_nearest_rank():
    # days 2, 2, 3, 5, 9, 9, 9, 10, 12, 30
    histogram = [(2, 2), (3, 1), (5, 1), (9, 3), (10, 1), (12, 1), (30, 1)]
    assert median(histogram) == 9
    assert percentile(histogram, 0.9) == 12
    assert percentile([(4, 1)], 0.9) == 4
    assert median([]) is None


def test_groups_smaller_than_five_are_not_published():
    assert MIN_GROUP == 5
    assert not publishable(1)
    assert not publishable(4)
    assert publishable(5)
    assert publishable(0)


def test_share_kept_counts_only_decided_promises():
    assert share_kept(3, 1) == 0.75
    assert share_kept(0, 0) is None
    tally = Tally().add(Outcome.KEPT, 3).add(Outcome.MISSED, 1).add(Outcome.PENDING, 7)
    assert (tally.cases, tally.share, tally.pending) == (4, 0.75, 7)


def test_the_last_event_day_is_the_latest_whose_promise_falls_due_by_the_date():
    rule = DeadlineRule(10, Unit.BUSINESS_DAYS)
    # decided 23 November: due 7 December; 24 November: due 8 December
    assert last_event_day(rule, date(2026, 12, 7)) == date(2026, 11, 23)
    assert last_event_day(rule, date(2026, 12, 8)) == date(2026, 11, 24)
    # a Sunday: the promise of Friday 20 November falls due on Friday 4 December
    assert last_event_day(rule, date(2026, 12, 6)) == date(2026, 11, 22)


def test_due_within_two_hverdage_is_at_risk_and_after_the_date_missed():
    friday = date(2026, 12, 4)
    # two hverdage after Friday 4 December: Tuesday 8 December
    assert at_risk_until(friday) == date(2026, 12, 8)
    assert urgency(date(2026, 12, 8), None, friday) is Urgency.AT_RISK
    assert urgency(date(2026, 12, 4), None, friday) is Urgency.AT_RISK
    assert urgency(date(2026, 12, 9), None, friday) is None
    assert urgency(date(2026, 12, 3), None, friday) is Urgency.MISSED
    assert urgency(date(2026, 12, 3), date(2026, 12, 3), friday) is None
