"""The guide's routing (portal/rules/eligibility.py) against the real
municipality data: § 140 for anyone in hospital, the data's other routes,
and folkepensionsalder by date of birth."""

from datetime import date

import pytest

from portal import municipalities
from portal.rules import RuleError
from portal.rules.eligibility import Kind, Reason, advise, age_band, other_route_for, pension_age_months


def _advise(municipality_id, *, in_hospital="no", has_plan="no", onset="sudden", band="18_65"):
    m = municipalities.get(municipality_id)
    return advise(in_hospital=in_hospital, has_plan=has_plan, onset=onset, age_band=band, eligibility=m.eligibility)


@pytest.mark.parametrize("municipality_id", sorted(municipalities.all_municipalities()))
@pytest.mark.parametrize("in_hospital, has_plan", [("now", "no"), ("before", "unsure"), ("no", "yes"), ("now", "yes")])
def test_anyone_in_hospital_or_with_a_plan_goes_to_the_hospital_plan_route(municipality_id, in_hospital, has_plan):
    advice = _advise(municipality_id, in_hospital=in_hospital, has_plan=has_plan)
    assert advice.kind is Kind.HOSPITAL_PLAN
    assert advice.law == "sundl_140"
    assert advice.reasons  # says why


def test_hospital_reasons_name_what_was_answered():
    advice = _advise("glostrup", in_hospital="now", has_plan="yes")
    assert advice.reasons == (Reason.IN_HOSPITAL, Reason.HAS_PLAN)


@pytest.mark.parametrize("onset, law", [("sudden", "sel_86_1"), ("lasting", "sel_86_2")])
def test_not_in_hospital_applies_here_under_the_law_that_fits(onset, law):
    advice = _advise("glostrup", onset=onset, band="pension")
    assert advice.kind is Kind.APPLY
    assert advice.law == law
    assert Reason.AGE_SERVED in advice.reasons


def test_herlev_above_pension_age_genoptraening_goes_to_helhedspleje():
    advice = _advise("herlev", onset="sudden", band="pension")
    assert advice.kind is Kind.OTHER_ROUTE
    assert advice.route_id == "helhedspleje"


def test_herlev_above_pension_age_may_still_apply_for_vedligeholdende_traening():
    advice = _advise("herlev", onset="lasting", band="pension")
    assert advice.kind is Kind.APPLY
    assert advice.law == "sel_86_2"


@pytest.mark.parametrize("band", ["66_pension", "pension"])
@pytest.mark.parametrize("onset", ["sudden", "lasting"])
def test_koebenhavn_over_65_goes_to_sundheds_og_omsorgsforvaltningen(band, onset):
    advice = _advise("koebenhavn", onset=onset, band=band)
    assert advice.kind is Kind.OTHER_ROUTE
    assert advice.route_id == "sundheds-og-omsorgsforvaltningen"


@pytest.mark.parametrize("municipality_id", sorted(municipalities.all_municipalities()))
def test_under_18_is_not_served_anywhere_and_is_told_to_contact_the_municipality(municipality_id):
    advice = _advise(municipality_id, band="under_18")
    assert advice.kind is Kind.NOT_SERVED
    assert Reason.AGE_NOT_SERVED in advice.reasons


def test_outside_hospital_the_rule_needs_the_other_answers():
    with pytest.raises(RuleError):
        advise(in_hospital="no", has_plan="no", onset=None, age_band=None, eligibility=None)
    with pytest.raises(RuleError):
        advise(in_hospital="maybe", has_plan="no", onset="sudden", age_band="18_65", eligibility=None)


def test_a_route_without_laws_covers_both_offers():
    m = municipalities.get("koebenhavn")
    assert other_route_for(m.eligibility, "pension", "sel_86_1") is not None
    assert other_route_for(m.eligibility, "pension", "sel_86_2") is not None
    assert other_route_for(m.eligibility, "18_65", "sel_86_1") is None


@pytest.mark.parametrize("born, months", [
    (date(1953, 12, 31), 65 * 12),
    (date(1954, 1, 1), 65 * 12 + 6),
    (date(1954, 7, 1), 66 * 12),
    (date(1955, 3, 12), 66 * 12 + 6),
    (date(1955, 7, 1), 67 * 12),
    (date(1962, 12, 31), 67 * 12),
    (date(1963, 1, 1), 68 * 12),
    (date(1967, 1, 1), 69 * 12),
    (date(1971, 1, 1), 70 * 12),
])
def test_folkepensionsalder_follows_the_date_of_birth(born, months):
    assert pension_age_months(born) == months


@pytest.mark.parametrize("born, on, band", [
    (date(2010, 5, 1), date(2026, 11, 23), "under_18"),
    (date(2008, 11, 23), date(2026, 11, 23), "18_65"),  # 18 today
    (date(1981, 7, 15), date(2026, 11, 23), "18_65"),
    (date(1960, 11, 24), date(2026, 11, 23), "18_65"),  # 65 until tomorrow
    (date(1960, 11, 23), date(2026, 11, 23), "66_pension"),  # 66 today, pension at 67
    (date(1959, 11, 24), date(2026, 11, 23), "66_pension"),  # 67 tomorrow
    (date(1959, 11, 23), date(2026, 11, 23), "pension"),  # 67 today
    (date(1955, 3, 12), date(2026, 11, 23), "pension"),
])
def test_age_band_on_a_day(born, on, band):
    assert age_band(born, on) == band


def test_age_band_refuses_a_birth_after_the_day():
    with pytest.raises(RuleError):
        age_band(date(2030, 1, 1), date(2026, 1, 1))
