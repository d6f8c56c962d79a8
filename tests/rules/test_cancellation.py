"""Afbud deadlines and outcomes (DOMAIN.md §6), in Copenhagen time."""

from datetime import datetime, time, timedelta

import pytest

from portal.rules.cancellation import (
    COPENHAGEN,
    CancellationPolicy,
    Reason,
    cancellation_deadline,
    cancellation_outcome,
    deadline_phase,
    needs_reassessment,
)
from portal.rules import RuleError

POLICY = CancellationPolicy()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_domain_example_other_reason_the_morning_before_is_on_time():
    outcome = cancellation_outcome(POLICY, at("2026-11-12T14:00"), at("2026-11-11T09:00"), Reason.OTHER)
    assert outcome.on_time is True
    assert outcome.replacement is False
    assert outcome.deadline.isoformat() == "2026-11-11T12:00:00+01:00"


def test_other_reason_at_exactly_noon_the_day_before_is_on_time():
    outcome = cancellation_outcome(POLICY, at("2026-11-12T14:00"), at("2026-11-11T12:00"), Reason.OTHER)
    assert outcome.on_time is True


def test_other_reason_at_one_minute_past_noon_is_late_and_gets_no_replacement():
    outcome = cancellation_outcome(POLICY, at("2026-11-12T14:00"), at("2026-11-11T12:01"), Reason.OTHER)
    assert outcome.on_time is False
    assert outcome.replacement is False


@pytest.mark.parametrize("reason", [Reason.ILLNESS, Reason.BEREAVEMENT])
def test_illness_or_bereavement_by_eight_on_the_day_is_on_time_with_replacement(reason):
    outcome = cancellation_outcome(POLICY, at("2026-12-03T10:00"), at("2026-12-03T07:45"), reason)
    assert outcome.on_time is True
    assert outcome.replacement is True
    assert outcome.deadline.isoformat() == "2026-12-03T08:00:00+01:00"


def test_illness_at_eight_sharp_is_on_time_and_at_eight_o_one_is_late():
    start = at("2026-12-03T10:00")
    assert cancellation_outcome(POLICY, start, at("2026-12-03T08:00"), Reason.ILLNESS).on_time
    late = cancellation_outcome(POLICY, start, at("2026-12-03T08:01"), Reason.ILLNESS)
    assert late.on_time is False
    assert late.replacement is False


def test_illness_deadline_is_the_start_when_the_session_starts_before_eight():
    deadline = cancellation_deadline(POLICY, at("2026-12-03T07:30"), Reason.ILLNESS)
    assert deadline.isoformat() == "2026-12-03T07:30:00+01:00"


def test_deadline_offset_is_summer_time_in_summer():
    deadline = cancellation_deadline(POLICY, at("2026-07-02T10:00"), Reason.OTHER)
    assert deadline.isoformat() == "2026-07-01T12:00:00+02:00"


def test_spring_forward_session_after_the_switch_has_summer_offset_deadline_in_winter_day():
    # DST starts Sunday 29 March 2026 at 02:00. A Monday 30 March session:
    # "other" deadline is Sunday 29 March 12:00, already summer time.
    deadline = cancellation_deadline(POLICY, at("2026-03-30T10:00"), Reason.OTHER)
    assert deadline.isoformat() == "2026-03-29T12:00:00+02:00"
    # A Sunday 29 March session: the deadline the day before is still winter time.
    deadline = cancellation_deadline(POLICY, at("2026-03-29T10:00"), Reason.OTHER)
    assert deadline.isoformat() == "2026-03-28T12:00:00+01:00"


def test_autumn_back_session_the_day_after_the_switch():
    # DST ends Sunday 25 October 2026 at 03:00.
    deadline = cancellation_deadline(POLICY, at("2026-10-26T09:00"), Reason.OTHER)
    assert deadline.isoformat() == "2026-10-25T12:00:00+01:00"
    illness = cancellation_deadline(POLICY, at("2026-10-25T10:00"), Reason.ILLNESS)
    assert illness.isoformat() == "2026-10-25T08:00:00+01:00"
    before = cancellation_deadline(POLICY, at("2026-10-25T10:00"), Reason.OTHER)
    assert before.isoformat() == "2026-10-24T12:00:00+02:00"


def test_aware_times_are_compared_in_copenhagen_time():
    start = datetime(2026, 11, 12, 13, 0, tzinfo=COPENHAGEN)
    utc_at = datetime.fromisoformat("2026-11-11T11:00:00+00:00")  # 12:00 in Copenhagen
    assert cancellation_outcome(POLICY, start, utc_at, Reason.OTHER).on_time


def test_a_municipality_policy_changes_the_times():
    policy = CancellationPolicy(same_day_deadline=time(7, 0), other_deadline=time(14, 0), other_days_before=2)
    deadline = cancellation_deadline(policy, at("2026-12-03T10:00"), Reason.OTHER)
    assert deadline.isoformat() == "2026-12-01T14:00:00+01:00"


def test_more_than_two_no_shows_needs_reassessment():
    assert not needs_reassessment(POLICY, 2)
    assert needs_reassessment(POLICY, 3)


def test_unknown_reason_is_a_rule_error():
    with pytest.raises(RuleError):
        Reason.parse("holiday")


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


@pytest.mark.parametrize("moment, phase", [
    ("2026-11-11T11:59", 0), ("2026-11-11T12:00", 0), ("2026-11-11T12:00:59", 0), ("2026-11-11T12:01", 1),
    ("2026-11-12T07:59", 1), ("2026-11-12T08:00", 1), ("2026-11-12T08:01", 2),
    ("2026-11-12T13:59", 2), ("2026-11-12T14:00", 3), ("2026-11-12T14:44", 3), ("2026-11-12T14:45", 4),
])
def test_the_deadline_phase_before_12_between_12_and_8_after_8_begun_over(moment, phase):
    start = _local("2026-11-12T14:00")
    assert deadline_phase(POLICY, start, _local("2026-11-12T14:45"), _local(moment)) == phase


def test_the_phase_only_grows_and_counts_an_afbud_of_its_own_and_an_early_start():
    start, end = _local("2026-11-12T07:30"), _local("2026-11-12T08:15")  # the illness deadline is the start
    own = _local("2026-11-12T07:30")  # an afbud for illness: may be taken back until then
    moments = [_local("2026-11-11T11:00") + timedelta(minutes=n) for n in range(22 * 60)]
    phases = [deadline_phase(POLICY, start, end, moment, own) for moment in moments]
    assert phases == sorted(phases)
    assert (phases[0], phases[-1]) == (0, 5)


def test_the_phase_keeps_copenhagen_time_across_summer_time():
    start = _local("2027-03-29T10:00")  # the Monday after the clocks went forward: 12.00 on Sunday is 10.00 UTC
    sunday_noon_utc = datetime.fromisoformat("2027-03-28T10:00:00+00:00")
    assert deadline_phase(POLICY, start, _local("2027-03-29T10:45"), sunday_noon_utc) == 0
    assert deadline_phase(POLICY, start, _local("2027-03-29T10:45"),
                          datetime.fromisoformat("2027-03-28T10:01:00+00:00")) == 1
