"""The life of a case, a booking and a complaint: transitions and "may I?"
answers, as pure rules (portal/rules/states.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.rules import states
from portal.rules.cancellation import COPENHAGEN
from portal.rules.states import BookingStatus as B
from portal.rules.states import CaseStatus as C
from portal.rules.states import ComplaintStatus as K

START = datetime(2026, 12, 10, 10, 0, tzinfo=COPENHAGEN)
OTHER_DEADLINE = datetime(2026, 12, 9, 12, 0, tzinfo=COPENHAGEN)


def facts(**changes) -> states.SessionFacts:
    values = dict(status=B.BOOKED, starts_at=START, ends_at=START + timedelta(minutes=45), slot_cancelled=False,
                  moving_allowed=True, move_deadline=OTHER_DEADLINE)
    values.update(changes)
    return states.SessionFacts(**values)


def cancelled(**changes) -> states.SessionFacts:
    values = dict(status=B.CANCELLED, cancel_deadline=START.replace(hour=8), cancel_on_time=True, replacement_offered=True)
    return facts(**{**values, **changes})


# ---------------------------------------------------------------- bookings

def test_a_booked_session_that_has_not_begun_may_be_cancelled_late_or_on_time():
    assert states.may_cancel(facts(), START - timedelta(days=3))
    assert states.may_cancel(facts(), START - timedelta(minutes=1))  # late, but accepted


@pytest.mark.parametrize("changes,moment", [
    ({"status": B.CANCELLED}, START - timedelta(days=1)),
    ({"status": B.MOVED}, START - timedelta(days=1)),
    ({"slot_cancelled": True}, START - timedelta(days=1)),
    ({}, START),  # begun
])
def test_no_afbud_to_a_session_that_is_gone_or_begun(changes, moment):
    verdict = states.may_cancel(facts(**changes), moment)
    assert not verdict and verdict.reason == "not_cancellable"


def test_moving_follows_the_deadline_for_other_reasons_to_the_minute():
    assert states.may_move(facts(), OTHER_DEADLINE.replace(second=59))  # 12:00:59 is 12:00
    late = states.may_move(facts(), OTHER_DEADLINE + timedelta(minutes=1))
    assert not late and late.reason == "move_too_late"
    assert states.may_move(facts(moving_allowed=False), START - timedelta(days=5)).reason == "moving_not_allowed"
    assert states.may_move(facts(status=B.CANCELLED), START - timedelta(days=5)).reason == "not_cancellable"


def test_an_afbud_may_be_taken_back_until_its_deadline_unless_the_replacement_moved_on():
    before = START.replace(hour=7, minute=59)
    assert states.may_undo(cancelled(), before)
    assert states.may_undo(cancelled(), START.replace(hour=8)).allowed
    assert states.may_undo(cancelled(), START.replace(hour=8, minute=1)).reason == "undo_too_late"
    moved_on = cancelled(replacement=states.ReplacementFacts(B.BOOKED, was_moved=True))
    assert states.may_undo(moved_on, before).reason == "replacement_in_use"
    used = cancelled(replacement=states.ReplacementFacts(B.ATTENDED, was_moved=False))
    assert states.may_undo(used, before).reason == "replacement_in_use"


def test_a_replacement_is_chosen_once_after_an_afbud_on_time_for_illness():
    assert states.may_choose_replacement(cancelled())
    chosen = cancelled(replacement=states.ReplacementFacts(B.BOOKED, was_moved=False))
    assert states.may_choose_replacement(chosen).reason == "replacement_chosen"
    assert states.may_choose_replacement(cancelled(cancel_on_time=False)).reason == "cancelled_late"
    assert states.may_choose_replacement(facts(status=B.CANCELLED, cancel_on_time=True, replacement_offered=False)).reason \
        == "no_replacement_for_reason"
    assert states.may_choose_replacement(facts()).reason == "no_replacement"


def test_attendance_is_marked_once_begun_and_only_on_a_live_booking():
    assert states.may_mark_attendance(facts(), START)
    assert states.may_mark_attendance(facts(), START - timedelta(minutes=1)).reason == "not_started"
    assert states.may_mark_attendance(facts(status=B.ATTENDED), START + timedelta(days=1))  # a correction
    assert states.may_mark_attendance(facts(status=B.CANCELLED), START).reason == "not_markable"


def test_the_municipality_cancels_only_a_session_that_has_not_begun():
    assert states.may_cancel_slot(cancelled=False, starts_at=START, now=START - timedelta(hours=1))
    assert states.may_cancel_slot(cancelled=True, starts_at=START, now=START - timedelta(hours=1)).reason == "already_cancelled"
    assert states.may_cancel_slot(cancelled=False, starts_at=START, now=START).reason == "in_the_past"


@pytest.mark.parametrize("current,new", [
    (B.BOOKED, B.CANCELLED), (B.BOOKED, B.MOVED), (B.BOOKED, B.ATTENDED), (B.CANCELLED, B.BOOKED),
    (B.ATTENDED, B.NO_SHOW), (B.BOOKED, B.CANCELLED_BY_MUNICIPALITY),
])
def test_allowed_booking_transitions(current, new):
    states.check_booking_transition(current, new)


@pytest.mark.parametrize("current,new", [
    (B.MOVED, B.BOOKED), (B.MOVED, B.MOVED), (B.CANCELLED, B.CANCELLED), (B.CANCELLED_BY_MUNICIPALITY, B.BOOKED),
    (B.CANCELLED, B.MOVED), (B.ATTENDED, B.CANCELLED),
])
def test_impossible_booking_transitions_are_refused(current, new):
    with pytest.raises(states.TransitionError):
        states.check_booking_transition(current, new)


def test_a_live_booking_is_one_that_holds_a_place():
    assert states.LIVE == {B.BOOKED, B.ATTENDED, B.NO_SHOW}


# -------------------------------------------------------------------- cases

@pytest.mark.parametrize("status,allowed,reason", [
    (C.RECEIVED, True, None), (C.VISITATION, True, None), (C.AWAITING_CONFIRMATION, False, "awaiting_confirmation"),
    (C.WITHDRAWN, False, "withdrawn"), (C.DECIDED, False, "already_decided"), (C.TRAINING, False, "already_decided"),
])
def test_a_case_is_decided_once_after_it_is_received(status, allowed, reason):
    verdict = states.may_decide(status)
    assert bool(verdict) is allowed and verdict.reason == reason


def test_withdrawing_and_confirming_belong_to_the_time_before_the_decision():
    assert states.may_withdraw(C.VISITATION) and not states.may_withdraw(C.DECIDED)
    assert states.may_confirm(C.AWAITING_CONFIRMATION) and not states.may_confirm(C.RECEIVED)
    with pytest.raises(states.TransitionError):
        states.check_case_transition(C.WITHDRAWN, C.RECEIVED)
    states.check_case_transition(C.AWAITING_CONFIRMATION, C.RECEIVED)


def test_booking_a_decided_case_starts_the_training():
    assert states.case_status_after_booking(C.DECIDED) == C.TRAINING
    assert states.case_status_after_booking(C.TRAINING) == C.TRAINING


# --------------------------------------------------------------- complaints

HANDLER, LEADER = {"klagebehandler"}, {"leder"}


def test_a_decision_complaint_is_reconsidered_then_kept_and_forwarded_by_the_handler():
    assert states.complaint_actions("decision", K.RECEIVED, HANDLER, has_package=False) == {"start"}
    assert states.complaint_actions("decision", K.RECONSIDERING, HANDLER, has_package=False) == {"reconsider"}
    assert states.complaint_actions("decision", K.KEPT, HANDLER, has_package=True) == {"forward", "package"}
    assert states.complaint_actions("decision", K.RECEIVED, LEADER, has_package=False) == frozenset()


def test_a_delivery_complaint_goes_to_the_leader_first_then_to_the_visitation():
    assert states.complaint_actions("delivery", K.WITH_PROVIDER, LEADER, has_package=False) == {"answer"}
    assert states.complaint_actions("delivery", K.WITH_PROVIDER, HANDLER, has_package=False) == frozenset()
    assert states.complaint_actions("delivery", K.SENT_TO_VISITATION, HANDLER, has_package=False) == {"answer"}
    assert states.may_escalate("delivery", K.ANSWERED, 0, True)
    assert not states.may_escalate("delivery", K.ANSWERED, 1, True)
    assert not states.may_escalate("decision", K.ANSWERED, 0, True)


def test_a_closed_complaint_goes_nowhere():
    for status in (K.UPHELD, K.FORWARDED):
        with pytest.raises(states.TransitionError):
            states.check_complaint_transition(status, K.RECONSIDERING)
