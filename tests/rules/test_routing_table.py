"""The routing rules (portal/rules/routing.py) against the table of people in
guide_people.py: every row's outcome, law, "apply here" and earliest date, the
facts the rules ask for, and the pure pieces (pension age, CPR birth date,
month arithmetic)."""

from __future__ import annotations

from datetime import date

import pytest

from portal import municipalities
from portal.rules import RuleError, routing
from portal.rules.ages import add_months, age_on, born_from_cpr, pension_age
from portal.rules.routing import UNKNOWN, Ask, Decision, Fact, Facts

from .guide_people import PEOPLE, Person


def test_the_table_has_at_least_40_people_each_citing_a_source():
    assert len(PEOPLE) >= 40
    assert len({p.id for p in PEOPLE}) == len(PEOPLE)
    for person in PEOPLE:
        assert ".txt:" in person.source or "DOMAIN.md §9" in person.source, person.id
    assert {p.municipality for p in PEOPLE} == set(municipalities.all_municipalities())
    assert {p.outcome for p in PEOPLE} == {o.value for o in routing.Outcome}


def full_facts(person: Person) -> Facts:
    """The facts as the rules command gets them: §9's defaults for what is not given."""
    return Facts(
        born=person.born, hospital=person.hospital or "no", need=person.need or "regain",
        plan=person.plan == "yes", referral=person.referral == "yes", care=person.care == "yes",
        group=person.group or "none",
        last_course=person.last_course if isinstance(person.last_course, date) else None,
    )


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.id)
def test_each_person_gets_the_route_the_sources_give(person):
    m = municipalities.get(person.municipality)
    decision = routing.outcome(m.routing, full_facts(person), person.on)
    assert decision.as_json() == {
        "outcome": person.outcome, "law": person.law, "apply_here": person.apply_here,
        "earliest": person.earliest.isoformat() if person.earliest else None,
    }, person.source
    assert decision.reasons, "every outcome says why"
    for reason in decision.reasons:
        assert reason.source is not None and reason.source.section


def _answer(person: Person, fact: Fact):
    value = {
        Fact.BORN: person.born, Fact.HOSPITAL: person.hospital, Fact.NEED: person.need,
        Fact.PLAN: None if person.plan is None else person.plan == "yes",
        Fact.REFERRAL: None if person.referral is None else person.referral == "yes",
        Fact.CARE: None if person.care is None else person.care == "yes",
        Fact.GROUP: person.group,
        Fact.LAST_COURSE: None if person.last_course in (None, "none") else person.last_course,
    }[fact]
    if fact is Fact.LAST_COURSE and person.last_course is not None:
        return value
    return UNKNOWN if value is None else value


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.id)
def test_the_rules_ask_only_the_facts_this_person_and_municipality_need(person):
    m = municipalities.get(person.municipality)
    walked = routing.walk(m.routing, Facts(), lambda fact: _answer(person, fact), person.on)
    assert walked.next_fact is None, f"asked {walked.next_fact} that the row does not give"
    assert walked.decision.outcome.value == person.outcome
    given = {fact for fact in Fact if _answer(person, fact) is not UNKNOWN}
    assert set(walked.asked) == given, "every fact the row gives is one the rules needed"


def test_the_plan_is_asked_only_after_discharged_and_the_care_only_at_herlev_over_pension_age():
    herlev = municipalities.get("herlev").routing
    on = date(2026, 12, 1)
    assert routing.decide(herlev, Facts(born=date(1956, 4, 2), hospital="no"), on) == Ask(Fact.REFERRAL)
    assert routing.decide(herlev, Facts(born=date(1956, 4, 2), hospital="discharged"), on) == Ask(Fact.NEED)
    assert routing.decide(herlev, Facts(born=date(1956, 4, 2), hospital="discharged", need="regain"), on) == Ask(Fact.PLAN)
    after_referral = Facts(born=date(1956, 4, 2), hospital="no", need="regain", referral=False)
    assert routing.decide(herlev, after_referral, on) == Ask(Fact.CARE)
    younger = Facts(born=date(1981, 7, 15), hospital="no", need="regain", referral=False)
    assert isinstance(routing.decide(herlev, younger, on), Decision)
    for other in ("glostrup", "ballerup", "koebenhavn"):
        policy = municipalities.get(other).routing
        assert routing.decide(policy, after_referral, on) != Ask(Fact.CARE)


def test_the_group_is_asked_only_where_the_data_uses_target_groups_and_age_does_not_decide():
    facts = Facts(born=date(1986, 2, 2), hospital="no", need="regain", referral=False)
    on = date(2026, 12, 1)
    assert routing.decide(municipalities.get("koebenhavn").routing, facts, on) == Ask(Fact.GROUP)
    old = Facts(born=date(1950, 2, 2), hospital="no", need="regain", referral=False)
    assert routing.decide(municipalities.get("koebenhavn").routing, old, on).outcome.value == "other_administration"
    for other in ("glostrup", "ballerup", "herlev"):
        assert routing.decide(municipalities.get(other).routing, facts, on) != Ask(Fact.GROUP)


def test_the_last_course_is_asked_only_for_vedligeholdende_traening_where_there_is_an_interval():
    facts = Facts(born=date(1950, 1, 1), hospital="no", need="maintain", referral=False)
    on = date(2026, 12, 1)
    assert routing.decide(municipalities.get("glostrup").routing, facts, on) == Ask(Fact.LAST_COURSE)
    regain = Facts(born=date(1950, 1, 1), hospital="no", need="regain", referral=False)
    assert isinstance(routing.decide(municipalities.get("glostrup").routing, regain, on), Decision)
    assert isinstance(routing.decide(municipalities.get("ballerup").routing, facts, on), Decision)


def test_bad_facts_are_refused():
    policy = municipalities.get("glostrup").routing
    with pytest.raises(RuleError):
        routing.outcome(policy, Facts(born=date(2030, 1, 1), hospital="no", need="regain"), date(2026, 1, 1))
    with pytest.raises(RuleError):
        routing.outcome(policy, Facts(born=date(1950, 1, 1), hospital="maybe", need="regain"), date(2026, 1, 1))
    with pytest.raises(RuleError):
        routing.outcome(policy, Facts(born=date(1950, 1, 1), hospital="no"), date(2026, 1, 1))


@pytest.mark.parametrize("born, expected, years", [
    (date(1953, 12, 31), date(2018, 12, 31), 65.0),
    (date(1954, 1, 1), date(2019, 7, 1), 65.5),
    (date(1954, 6, 30), date(2019, 12, 30), 65.5),
    (date(1954, 7, 1), date(2020, 7, 1), 66.0),
    (date(1955, 3, 12), date(2021, 9, 12), 66.5),
    (date(1955, 7, 1), date(2022, 7, 1), 67.0),
    (date(1960, 5, 1), date(2027, 5, 1), 67.0),
    (date(1962, 12, 31), date(2029, 12, 31), 67.0),
    (date(1963, 1, 1), date(2031, 1, 1), 68.0),
    (date(1966, 12, 31), date(2034, 12, 31), 68.0),
    (date(1967, 1, 1), date(2036, 1, 1), 69.0),
    (date(1970, 12, 31), date(2039, 12, 31), 69.0),
    (date(1971, 1, 1), date(2041, 1, 1), 70.0),
    (date(1954, 8, 31), date(2020, 8, 31), 66.0),
    (date(1955, 2, 28), date(2021, 8, 28), 66.5),
])
def test_folkepensionsalder_follows_the_date_of_birth(born, expected, years):
    assert pension_age(born).date == expected
    assert pension_age(born).years == years


@pytest.mark.parametrize("cpr, born", [
    ("120355-1234", date(1955, 3, 12)),
    ("150781-3579", date(1981, 7, 15)),
    ("010136-4000", date(2036, 1, 1)),
    ("010137-4000", date(1937, 1, 1)),
    ("311299-9999", date(1999, 12, 31)),
    ("010100-9000", date(2000, 1, 1)),
    ("010157-5000", date(2057, 1, 1)),
    ("010158-8999", date(1858, 1, 1)),
    ("290200-4000", date(2000, 2, 29)),
    ("0101501234", date(1950, 1, 1)),
])
def test_the_birth_date_comes_from_the_cpr_number_by_the_century_rule(cpr, born):
    assert born_from_cpr(cpr) == born


@pytest.mark.parametrize("cpr", ["", "12035-1234", "abcdef-ghij", "320155-1234", "290201-1234", "120355-12345"])
def test_a_malformed_or_impossible_cpr_number_is_refused(cpr):
    with pytest.raises(RuleError):
        born_from_cpr(cpr)


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 3, 31), 6, date(2026, 9, 30)),
    (date(2026, 6, 15), 6, date(2026, 12, 15)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
])
def test_months_are_the_same_day_of_the_month_or_the_months_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_an_age_is_reached_on_the_birthday():
    assert age_on(date(2008, 12, 1), date(2026, 12, 1)) == 18
    assert age_on(date(2008, 12, 2), date(2026, 12, 1)) == 17
