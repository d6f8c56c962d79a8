"""Which pages the application asks, in which order, and when it is complete
(portal/apply/flow.py); and the Fælles Sprog II scale it uses."""

from datetime import date

from portal.apply import questions as q
from portal.apply.flow import CHECK, FULDMAGT, RELATIVE_DECLARED, SELF, Flow
from portal.auth.models import Person

TODAY = date(2026, 12, 17)
JENS = Person(id=3, cpr="1507813579", name="Jens Nielsen", municipality_id="herlev")
KAREN = Person(id=4, cpr="0512792244", name="Karen Nielsen", municipality_id="herlev")
BIRTHE = Person(id=1, cpr="1203551234", name="Birthe Hansen", municipality_id="glostrup")
METTE = Person(id=2, cpr="0309812468", name="Mette Hansen", municipality_id="glostrup")

COMPLETE = {
    "onset": "sudden", "hospital": "no", "referral": "no", "what_happened": "Svag efter influenza",
    "activities": ["hygiene", "shopping"], "levels": {"hygiene": 2, "shopping": 0},
    "goal": "Gå til bageren", "needs": ["none"], "consents": ["none"], "bisidder": "no",
    "contact_method": "phone", "phone": "12345678", "contact_time": "any",
}


def _flow(answers, author=JENS, acting_for=None):
    return Flow(dict(answers), author=author, acting_for=acting_for, today=TODAY)


def test_a_citizen_on_their_own_is_asked_one_question_per_page_in_order():
    flow = _flow({**COMPLETE, "who": "self"})
    assert flow.applied_as == SELF
    assert flow.pages() == [
        "hvem", "behov", "sygehus", "henvisning", "hvad-skete", "aktiviteter", "niveau-1", "niveau-2",
        "maal", "praktisk", "samtykke", "bisidder", "kontakt",
    ]
    assert flow.first_incomplete() == CHECK


def test_a_relative_with_a_fuldmagt_is_not_asked_who_the_application_is_for():
    flow = _flow(COMPLETE, author=METTE, acting_for=BIRTHE)
    assert flow.applied_as == FULDMAGT
    assert flow.pages()[0] == "behov"
    assert flow.citizen_name == "Birthe Hansen"
    assert flow.municipality_id == "glostrup"


def test_a_relative_without_a_fuldmagt_names_the_citizen_municipality_and_declares_consent():
    flow = _flow({"who": "relative"}, author=KAREN)
    assert flow.applied_as == RELATIVE_DECLARED
    assert flow.pages()[:4] == ["hvem", "borger", "kommune", "erklaering"]
    assert flow.first_incomplete() == "borger"
    flow = _flow({**COMPLETE, "who": "relative", "citizen_cpr": "1507813579", "citizen_name": "Jens Nielsen",
                  "municipality_id": "herlev"}, author=KAREN)
    assert flow.first_incomplete() == "erklaering"
    flow.answers["declared"] = True
    assert flow.first_incomplete() == CHECK


def test_a_citizen_without_a_municipality_is_asked_for_it():
    nobody = Person(id=9, cpr="0101801234", name="Ny Borger", municipality_id=None)
    assert "kommune" in _flow({"who": "self"}, author=nobody).pages()
    assert "kommune" not in _flow({"who": "self"}, author=JENS).pages()


def test_in_hospital_the_guidance_page_stops_the_application():
    flow = _flow({**COMPLETE, "who": "self", "hospital": "now"})
    assert "vejledning" in flow.pages()
    assert flow.first_incomplete() == "vejledning"
    assert not flow.reachable("hvad-skete")
    assert not flow.reachable(CHECK)


def test_herlev_above_pension_age_needing_care_is_told_about_helhedspleje_and_may_apply_anyway():
    old = Person(id=8, cpr="0101501234", name="Ældre Borger", municipality_id="herlev")  # 76 years old
    flow = _flow({**COMPLETE, "who": "self"}, author=old)
    assert flow.first_incomplete() == "pleje"  # the care question: only here, where the route needs it
    flow.answers["care"] = "yes"
    assert flow.decision.route_id == "helhedspleje"
    assert flow.first_incomplete() == "vejledning"
    flow.answers["other_route_ack"] = "helhedspleje"
    assert flow.first_incomplete() == CHECK
    flow.answers["care"] = "no"  # no need of pleje og omsorg: genoptræning here
    assert "vejledning" not in flow.pages()
    flow.answers["onset"] = "lasting"  # vedligeholdende træning: no other route in Herlev
    assert "vejledning" not in flow.pages() and "pleje" not in flow.pages()


def test_the_application_never_asks_the_care_group_or_course_questions_where_the_data_does_not_need_them():
    pages = _flow({**COMPLETE, "who": "self"}).pages()  # Jens, 45, Herlev
    assert not {"pleje", "maalgruppe", "forloeb", "plan"} & set(pages)
    birthe = _flow({**COMPLETE, "onset": "lasting"}, author=METTE, acting_for=BIRTHE)  # Glostrup: 6 months
    assert birthe.first_incomplete() == "forloeb"
    birthe.answers.update({"had_course": "yes", "last_course": "2026-10-01"})
    assert birthe.decision.earliest == date(2027, 4, 1)
    assert birthe.first_incomplete() == CHECK


def test_one_level_page_per_chosen_activity_and_none_when_nothing_is_hard():
    flow = _flow({**COMPLETE, "who": "self", "activities": ["none"], "levels": {}})
    assert not [page for page in flow.pages() if page.startswith("niveau-")]
    assert flow.first_incomplete() == CHECK
    flow = _flow({**COMPLETE, "who": "self", "activities": ["dressing", "meals", "social"], "levels": {"dressing": 1}})
    assert flow.first_incomplete() == "niveau-2"
    assert flow.activity_for("niveau-3") == "social"
    assert flow.activity_for("niveau-4") is None


def test_pages_after_the_first_unanswered_one_cannot_be_reached():
    flow = _flow({"who": "self", "onset": "sudden"})
    assert flow.reachable("sygehus")
    assert not flow.reachable("maal")
    assert flow.next_after("behov") == "sygehus"


def test_level_zero_counts_as_an_answer():
    flow = _flow({**COMPLETE, "who": "self", "levels": {"hygiene": 0, "shopping": 0}})
    assert flow.is_done("niveau-1")


def test_switching_back_to_oneself_forgets_the_other_persons_details():
    flow = _flow({**COMPLETE, "who": "self", "citizen_cpr": "1507813579", "citizen_name": "Jens Nielsen",
                  "declared": True, "municipality_id": "glostrup"}, author=KAREN)
    cleaned = flow.cleaned()
    assert "citizen_cpr" not in cleaned and "declared" not in cleaned and "municipality_id" not in cleaned


def test_the_trinindikator_has_a_step_per_section_and_only_reachable_links():
    flow = _flow({"who": "self", "onset": "sudden"})
    steps, current = flow.steps("sygehus", lambda page: f"/ansoeg/{page}")
    assert [str(step["title"]) for step in steps][0] == "Hvem søger"
    assert current == 2
    assert steps[0]["done"] and steps[0]["href"] == "/ansoeg/hvem"
    assert steps[2]["disabled"] and steps[2]["href"] is None


def test_the_scale_is_faelles_sprog_ii_from_koebenhavns_standard():
    assert [level.value for level in q.FUNCTION_LEVELS] == [0, 1, 2, 3, 4]
    source = _koebenhavn_standard()
    for level, words in zip(q.FUNCTION_LEVELS, ["Ingen/ubetydelige", "Lette", "Moderate", "Svære", "Totale"]):
        assert f"Funktionsniveau {level.value} – {words}" in source
        assert words.split("/")[-1].lower() in str(level.title).lower()


def _koebenhavn_standard() -> str:
    from portal.municipalities import SOURCES_DIR

    return (SOURCES_DIR / "koebenhavn-sof-2010.txt").read_text()
