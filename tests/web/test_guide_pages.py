"""The guide /hvilket-tilbud: one question per page, answers kept out of the
URL, and an answer with reasons taken from the municipality's data."""

from __future__ import annotations

import pytest

from tests.helpers import load_demo, post, sign_in


def guide(client, **answers) -> str:
    """Answer the guide's questions; returns the answer page's HTML."""
    response = post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    location = response.headers["Location"]
    keys = {"kommune": "municipality_id", "indlagt": "in_hospital", "plan": "has_plan",
            "funktion": "onset", "alder": "age_band"}
    for _ in range(10):
        if location.endswith("/svar"):
            return client.get(location).get_data(as_text=True)
        page = location.rsplit("/", 1)[-1]
        response = post(client, location, {keys[page]: answers[keys[page]]}, token_from=location)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        location = response.headers["Location"]
    raise AssertionError("the guide never answered")


def test_the_guide_starts_with_a_page_that_explains_it(client):
    html = client.get("/hvilket-tilbud").get_data(as_text=True)
    assert "Hvilket tilbud passer til mig?" in html
    assert "Du behøver ikke logge ind." in html


@pytest.mark.parametrize("in_hospital, has_plan", [("now", "no"), ("before", "yes"), ("no", "yes")])
def test_a_hospitalised_citizen_is_sent_to_the_hospital_plan_route_with_reasons(client, in_hospital, has_plan):
    html = guide(client, municipality_id="glostrup", in_hospital=in_hospital, has_plan=has_plan)
    assert "Du skal have en genoptræningsplan fra sygehuset" in html
    assert "sundhedsloven § 140" in html
    assert "Derfor" in html
    assert 'href="/ansoeg"' not in html  # no application here
    assert "Hvor gammel er du?" not in html  # not asked: it does not matter


def test_ballerup_says_how_soon_it_writes_after_the_hospital_plan(client):
    html = guide(client, municipality_id="ballerup", in_hospital="before", has_plan="yes")
    assert "Du får et brev fra kommunen senest 5 hverdage" in html
    assert "Sygehuset sender planen til din kommune." in html


def test_not_in_hospital_the_guide_says_apply_here_with_the_offers_and_the_promise(client):
    html = guide(client, municipality_id="glostrup", in_hospital="no", has_plan="no", onset="sudden", age_band="pension")
    assert "Du kan søge om genoptræning hos Glostrup Kommune" in html
    assert "serviceloven § 86, stk. 1" in html
    assert "/kommune/glostrup/tilbud/genoptraening" in html
    assert "Du får en afgørelse senest 10 hverdage efter, at kommunen har modtaget din ansøgning." in html
    assert 'href="/ansoeg"' in html


def test_a_lasting_condition_is_vedligeholdende_traening(client):
    html = guide(client, municipality_id="ballerup", in_hospital="no", has_plan="unsure", onset="lasting", age_band="18_65")
    assert "Du kan søge om vedligeholdende træning hos Ballerup Kommune" in html
    assert "serviceloven § 86, stk. 2" in html


def test_herlev_above_pension_age_sends_genoptraening_to_helhedspleje_from_the_data(client):
    html = guide(client, municipality_id="herlev", in_hospital="no", has_plan="no", onset="sudden", age_band="pension")
    assert "Helhedspleje efter ældreloven" in html
    assert "Ældreloven §§ 9 og 10" in html
    assert "Kontakt Herlev Kommune." in html
    assert "Kilde:" in html


def test_herlev_above_pension_age_may_still_apply_for_vedligeholdende_traening(client):
    html = guide(client, municipality_id="herlev", in_hospital="no", has_plan="no", onset="lasting", age_band="pension")
    assert "Du kan søge om vedligeholdende træning hos Herlev Kommune" in html


def test_koebenhavn_over_65_is_sent_to_sundheds_og_omsorgsforvaltningen(client):
    html = guide(client, municipality_id="koebenhavn", in_hospital="no", has_plan="no", onset="lasting", age_band="66_pension")
    assert "Sundheds- og Omsorgsforvaltningen" in html
    assert "Er du over 65 år" in html


def test_under_18_is_told_to_contact_the_municipality_with_its_contact_details(client):
    html = guide(client, municipality_id="glostrup", in_hospital="no", has_plan="no", onset="sudden", age_band="under_18")
    assert "Kontakt Glostrup Kommune" in html
    assert "43 23 66 90" in html


def test_the_answer_page_cannot_be_reached_before_the_questions_are_answered(client):
    response = client.get("/hvilket-tilbud/svar")
    assert response.status_code == 302 and response.headers["Location"].endswith("/hvilket-tilbud/kommune")
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    response = client.get("/hvilket-tilbud/alder")
    assert response.headers["Location"].endswith("/hvilket-tilbud/kommune")


def test_an_unanswered_or_wrong_answer_shows_the_error_and_no_crash(client):
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    response = post(client, "/hvilket-tilbud/kommune", {"municipality_id": "atlantis"}, token_from="/hvilket-tilbud/kommune")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er et problem" in html and "Vælg den kommune, du bor i." in html
    assert client.get("/hvilket-tilbud/findes-ikke").status_code == 404


def test_the_answers_never_appear_in_a_url(client):
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    response = post(client, "/hvilket-tilbud/kommune", {"municipality_id": "glostrup"}, token_from="/hvilket-tilbud/kommune")
    response = post(client, response.headers["Location"], {"in_hospital": "now"}, token_from=response.headers["Location"])
    assert "now" not in response.headers["Location"] and "glostrup" not in response.headers["Location"]


def test_changing_an_answer_from_the_answer_page_returns_there(client):
    guide(client, municipality_id="glostrup", in_hospital="no", has_plan="no", onset="sudden", age_band="pension")
    html = client.get("/hvilket-tilbud/svar").get_data(as_text=True)
    assert "/hvilket-tilbud/kommune?fra=svar" in html
    response = post(client, "/hvilket-tilbud/kommune?fra=svar", {"municipality_id": "herlev"},
                    token_from="/hvilket-tilbud/kommune?fra=svar")
    assert response.headers["Location"].endswith("/hvilket-tilbud/svar")
    assert "Helhedspleje efter ældreloven" in client.get("/hvilket-tilbud/svar").get_data(as_text=True)


def test_a_signed_in_citizens_municipality_is_chosen_already(app, client):
    load_demo(app)
    sign_in(client, "jens")
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    html = client.get("/hvilket-tilbud/kommune").get_data(as_text=True)
    assert 'value="herlev" checked' in html
