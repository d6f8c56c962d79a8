"""A weekly series of sessions skips days that are not hverdage and says which."""

from datetime import date

import pytest

from portal.rules import RuleError
from portal.rules.series import series_days


def test_twice_a_week_for_three_weeks_gives_six_days():
    series = series_days(date(2026, 11, 2), [1, 3], 3)  # Tuesdays and Thursdays
    assert series.days == [
        date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10),
        date(2026, 11, 12), date(2026, 11, 17), date(2026, 11, 19),
    ]
    assert series.skipped == []


def test_christmas_days_are_skipped_and_named():
    series = series_days(date(2026, 12, 21), [3, 4], 2)  # Thursdays and Fridays
    assert series.days == []
    assert [s.day for s in series.skipped] == [
        date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1),
    ]
    assert all(s.name for s in series.skipped)


def test_grundlovsdag_is_skipped_but_first_of_may_is_not():
    may = series_days(date(2026, 5, 1), [4], 1)
    assert may.days == [date(2026, 5, 1)]
    june = series_days(date(2026, 6, 1), [4], 1)
    assert june.days == []
    assert june.skipped[0].day == date(2026, 6, 5)


def test_a_series_starts_on_the_first_day_not_before_it():
    series = series_days(date(2026, 11, 5), [1, 3], 1)  # Thursday; the Tuesday is next week
    assert series.days == [date(2026, 11, 5), date(2026, 11, 10)]


def test_weekends_are_skipped_without_a_holiday_name():
    series = series_days(date(2026, 11, 2), [5], 1)
    assert series.days == []
    assert series.skipped[0].name is None


@pytest.mark.parametrize("weekdays, weeks", [([], 2), ([7], 2), ([1], 0), ([1], 27)])
def test_impossible_series_are_refused(weekdays, weeks):
    with pytest.raises(RuleError):
        series_days(date(2026, 11, 2), weekdays, weeks)
