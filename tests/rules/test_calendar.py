"""Hverdage and the two ways of counting deadlines (DOMAIN.md §5)."""

from datetime import date

import pytest

from portal.rules.calendar import add_business_days, add_calendar_days, is_business_day, next_business_day


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2026, 1, 1), "nytårsdag"),
        (date(2026, 4, 2), "skærtorsdag"),
        (date(2026, 4, 3), "langfredag"),
        (date(2026, 4, 6), "2. påskedag"),
        (date(2026, 5, 14), "Kristi himmelfartsdag"),
        (date(2026, 5, 25), "2. pinsedag"),
        (date(2026, 6, 5), "grundlovsdag"),
        (date(2026, 12, 24), "juleaftensdag"),
        (date(2026, 12, 25), "juledag"),
        (date(2026, 12, 31), "nytårsaftensdag"),
        (date(2023, 5, 5), "store bededag 2023"),
    ],
)
def test_danish_days_off_on_weekdays_are_not_hverdage(day, name):
    assert day.weekday() < 5, name
    assert not is_business_day(day), name


def test_first_of_may_is_a_hverdag():
    assert is_business_day(date(2026, 5, 1))


def test_store_bededag_is_a_hverdag_from_2024():
    assert is_business_day(date(2024, 4, 26))
    assert is_business_day(date(2026, 5, 1))


def test_weekends_are_not_hverdage():
    assert not is_business_day(date(2026, 11, 21))
    assert not is_business_day(date(2026, 11, 22))
    assert is_business_day(date(2026, 11, 23))


def test_n_hverdage_after_counts_strictly_after_the_day():
    # Monday 23 Nov 2026 + 1 hverdag = Tuesday
    assert add_business_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert add_business_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_hverdage_received_on_a_weekend_start_counting_on_monday():
    # Saturday 21 Nov: the first hverdag after is Monday 23 Nov
    assert add_business_days(date(2026, 11, 21), 1) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 22), 10) == date(2026, 12, 4)


def test_hverdage_skip_christmas_and_new_year():
    # 21 Dec 2026 + 10 hverdage: skips 24, 25, 31 Dec and 1 Jan
    assert add_business_days(date(2026, 12, 21), 10) == date(2027, 1, 8)


def test_hverdage_skip_easter():
    # Wednesday 1 April 2026: Thursday and Friday are holidays, Monday 6 is too
    assert add_business_days(date(2026, 4, 1), 1) == date(2026, 4, 7)


def test_calendar_days_that_land_on_a_hverdag_stay():
    assert add_calendar_days(date(2026, 11, 23), 14) == date(2026, 12, 7)


def test_calendar_days_that_land_on_a_weekend_move_to_the_next_hverdag():
    # Friday 20 Nov + 1 day = Saturday → Monday
    assert add_calendar_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_four_weeks_landing_on_christmas_eve_moves_past_the_holidays():
    # 26 Nov 2026 + 28 days = Thursday 24 Dec → Monday 28 Dec
    assert add_calendar_days(date(2026, 11, 26), 28) == date(2026, 12, 28)


def test_next_business_day_keeps_a_hverdag():
    assert next_business_day(date(2026, 11, 23)) == date(2026, 11, 23)
    assert next_business_day(date(2026, 6, 5)) == date(2026, 6, 8)
