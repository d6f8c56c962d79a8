"""Complaint routes (DOMAIN.md §7)."""

import pytest

from portal.rules import RuleError
from portal.rules.complaints import Subject, complaint_route


def test_decision_goes_to_the_municipality_then_ankestyrelsen_and_is_appealable():
    route = complaint_route("decision")
    assert route.bodies == ("municipality_visitation", "ankestyrelsen")
    assert route.appealable is True
    assert route.filed_in_portal is True


def test_case_handling_stays_with_the_municipality_and_is_not_appealable():
    route = complaint_route(Subject.CASE_HANDLING)
    assert route.bodies == ("municipality_visitation",)
    assert route.appealable is False


def test_delivery_goes_to_the_provider_first():
    assert complaint_route("delivery").bodies == ("training_provider", "municipality_visitation")


def test_treatment_goes_to_styrelsen_for_patientklager_not_patientsikkerhed():
    route = complaint_route("treatment")
    assert route.bodies == ("styrelsen_for_patientklager",)
    assert route.filed_in_portal is False


def test_compensation_goes_to_patienterstatningen():
    assert complaint_route("compensation").bodies == ("patienterstatningen",)


def test_unknown_subject_is_a_rule_error():
    with pytest.raises(RuleError):
        complaint_route("weather")
