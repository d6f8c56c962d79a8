"""The guide /hvilket-tilbud: one question per page, only the questions the
municipality's decision needs, answers kept out of the URL, a signed-in
person's age from the CPR number, and outcome pages that say what happens
next and who to contact, from the municipality's data."""

from __future__ import annotations

import re
from datetime import datetime

import time_machine

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in

ON = datetime(2026, 12, 1, 12, 0, tzinfo=COPENHAGEN)

FIELDS = {"kommune": "municipality_id", "foedselsdato": "born", "indlagt": "hospital", "funktion": "onset",
          "plan": "has_plan", "henvisning": "referral", "pleje": "care", "maalgruppe": "group",
          "forloeb": "had_course", "forloeb-slut": "last_course"}


def guide(client, **answers) -> str:
    """Answer the guide's questions by page; returns the answer page's HTML.
    A question not in `answers` fails: the guide asked more than it needs."""
    response = post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    location = response.headers["Location"]
    for _ in range(15):
        if location.endswith("/svar"):
            return client.get(location).get_data(as_text=True)
        page = location.rsplit("/", 1)[-1].split("?")[0]
        assert page in answers, f"the guide asked {page!r}"
        response = post(client, location, {FIELDS[page]: answers[page]}, token_from=location)
        assert response.status_code == 302, re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))[:600]
        location = response.headers["Location"]
    raise AssertionError("the guide never answered")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_guide_starts_with_a_page_that_explains_it(client):
    html = client.get("/hvilket-tilbud").get_data(as_text=True)
    assert "Hvilket tilbud passer til mig?" in html
    assert "Du behøver ikke logge ind." in html


def test_a_signed_in_citizen_is_never_asked_for_age(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "jens")  # 150781-3579: 45 years old, Herlev
        html = guide(client, kommune="herlev", indlagt="no", henvisning="no", funktion="sudden")
    assert 'data-outcome="apply"' in html
    assert "Din alder har vi fra dit cpr-nummer." in html
    assert "foedselsdato" not in html


def test_a_relative_acting_for_a_citizen_is_not_asked_for_age_either(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "mette", act_for="birthe")  # Birthe, 71, Glostrup
        html = guide(client, kommune="glostrup", indlagt="no", henvisning="no", funktion="lasting", forloeb="no")
    assert 'data-outcome="apply"' in html
    assert "Du kan søge om vedligeholdende træning hos Glostrup Kommune" in html


def test_the_plan_question_comes_only_after_discharged(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="glostrup", foedselsdato="24.12.1958", indlagt="before", funktion="sudden", plan="yes")
    assert 'data-outcome="plan_140"' in html
    assert "Sygehuset sender planen til din kommune." in html
    assert ">Søg her</a>" not in html


def test_someone_in_hospital_is_sent_to_the_ward_with_no_application(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="glostrup", foedselsdato="02.02.1940", indlagt="now")
    assert "Du skal have en genoptræningsplan fra sygehuset" in html
    assert "Spørg personalet på afdelingen" in html
    assert ">Søg her</a>" not in html and 'href="/ansoeg"' not in html


def test_discharged_without_a_plan_is_told_to_ask_the_ward_or_own_doctor(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="ballerup", foedselsdato="06.06.1976", indlagt="before", funktion="sudden", plan="unsure")
    assert "Kontakt den afdeling, du var indlagt på, eller din egen læge" in html


def test_ballerup_counts_its_140_promise_from_receiving_the_plan(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="ballerup", foedselsdato="19.09.1949", indlagt="before", funktion="sudden", plan="yes")
    assert ("Du får et brev fra kommunen senest 5 hverdage efter, at kommunen har modtaget genoptræningsplanen "
            "fra sygehuset.") in html
    assert "Du kan vælge at træne i en anden kommune." in html
    assert "henvendt dig" not in text(html)


def test_koebenhavn_sends_every_140_plan_to_genoptraening_koebenhavn(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="koebenhavn", foedselsdato="01.01.1956", indlagt="before", funktion="sudden", plan="yes")
    assert "Genoptræning København, Sundheds- og Omsorgsforvaltningen" in html
    assert "uanset din alder" in html
    assert "Kvalitetsstandarden oplyser ingen adresse, telefon eller e-mail." in html  # and the page copes


def test_a_referral_to_vederlagsfri_fysioterapi_goes_straight_to_a_physiotherapist(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="ballerup", foedselsdato="03.03.1970", indlagt="no", henvisning="yes")
    assert 'data-outcome="vederlagsfri_140a"' in html
    assert "Tag din henvisning med til en fysioterapeut" in html
    assert "en fysioterapeut, du selv vælger" in html
    assert "/kommune/ballerup/tilbud/vederlagsfri-fysioterapi" in html
    assert "Du kan ikke få kørsel til vederlagsfri fysioterapi" in html
    assert "efter, at kommunen har modtaget henvisningen fra din læge" in html
    assert ">Søg her</a>" not in html


def test_herlev_over_pension_age_is_asked_about_care_and_sent_to_helhedspleje(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="herlev", foedselsdato="02.04.1956", indlagt="no", henvisning="no",
                     funktion="sudden", pleje="yes")
    assert "Helhedspleje efter ældreloven" in html
    assert "Ældreloven §§ 9 og 10" in html
    assert "Herlev Kommune, helhedspleje" in html and "https://www.herlev.dk" in html
    assert "Du nåede folkepensionsalderen (67 år) søndag den 2. april 2023." in html
    assert ">Søg her</a>" not in html


def test_herlev_over_pension_age_without_care_applies_for_genoptraening(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="herlev", foedselsdato="02.04.1956", indlagt="no", henvisning="no",
                     funktion="sudden", pleje="no")
    assert "Du kan søge om genoptræning hos Herlev Kommune" in html
    assert ">Søg her</a>" in html
    assert "Kommunen kontakter dig for at aftale et visitationsbesøg senest 10 hverdage" in html


def test_herlevs_genoptraening_promise_is_not_shown_for_vedligeholdende_traening(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="herlev", foedselsdato="02.04.1956", indlagt="no", henvisning="no", funktion="lasting")
    assert "Du kan søge om vedligeholdende træning hos Herlev Kommune" in html
    assert "visitationsbesøg senest" not in html and "Det lover kommunen" not in html


def test_koebenhavn_asks_the_target_group_and_routes_the_rest_to_sundheds_og_omsorgsforvaltningen(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="koebenhavn", foedselsdato="02.02.1986", indlagt="no", henvisning="no",
                     funktion="sudden", maalgruppe="none")
    assert 'data-outcome="other_administration"' in html
    assert "Sundheds- og Omsorgsforvaltningen, Københavns Kommune" in html
    assert ">Søg her</a>" not in html


def test_koebenhavn_over_65_is_not_asked_the_group(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="koebenhavn", foedselsdato="30.11.1960", indlagt="no", henvisning="no",
                     funktion="lasting")
    assert 'data-outcome="other_administration"' in html
    assert "sundhedsfaglig begrundelse" in html  # someone training on turning 65 may continue: say so


def test_glostrup_warns_about_its_6_months_and_gives_the_earliest_date(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="glostrup", foedselsdato="20.01.1948", indlagt="no", henvisning="no",
                     funktion="lasting", forloeb="yes", **{"forloeb-slut": "01.09.2026"})
    assert "Der er ikke gået 6 måneder siden dit sidste forløb" in html
    assert "Kommunen kan afvise et nyt forløb før mandag den 1. marts 2027." in html
    assert ">Søg her</a>" in html


def test_glostrup_applying_shows_offers_with_cost_and_transport_and_the_citizens_duties(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="glostrup", foedselsdato="14.03.1986", indlagt="no", henvisning="no", funktion="sudden")
    assert "/kommune/glostrup/tilbud/genoptraening" in html
    assert "Du sørger selv for og betaler transporten til træningen" in html
    assert "Fortæl kommunen, hvis du har en smitsom sygdom" in html
    assert "taler din terapeut med dig om årsagen og om din motivation" in html
    assert "Du får en afgørelse senest 10 hverdage efter, at kommunen har modtaget din ansøgning." in html


def test_ballerups_other_help_is_shown_with_its_contact_and_never_applied_for_here(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="ballerup", foedselsdato="05.05.1956", indlagt="no", henvisning="no", funktion="lasting")
    for name in ("Samværsgrupper", "Daghjem", "Hjemmevejledning"):
        assert name in html
    assert "du søger ikke om det her i portalen" in html
    assert "44 77 31 17" in html


def test_under_18_is_told_to_contact_the_municipality_with_its_contact_details(client):
    with time_machine.travel(ON, tick=False):
        html = guide(client, kommune="glostrup", foedselsdato="01.06.2009")
    assert "Kontakt Glostrup Kommune" in html
    assert "43 23 66 90" in html


def test_a_birth_date_in_the_future_or_not_a_date_is_an_error_at_the_field(client):
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    post(client, "/hvilket-tilbud/kommune", {"municipality_id": "glostrup"}, token_from="/hvilket-tilbud/kommune")
    for typed in ("01.01.2999", "31.02.1950", ""):
        response = post(client, "/hvilket-tilbud/foedselsdato", {"born": typed}, token_from="/hvilket-tilbud/foedselsdato")
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Der er et problem" in html
        if typed:
            assert f'value="{typed}"' in html


def test_the_answer_page_cannot_be_reached_before_the_questions_are_answered(client):
    response = client.get("/hvilket-tilbud/svar")
    assert response.status_code == 302 and response.headers["Location"].endswith("/hvilket-tilbud/kommune")
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    response = client.get("/hvilket-tilbud/plan")
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
    response = post(client, response.headers["Location"], {"born": "24.12.1958"}, token_from=response.headers["Location"])
    location = response.headers["Location"]
    response = post(client, location, {"hospital": "now"}, token_from=location)
    for url in (location, response.headers["Location"]):
        assert "1958" not in url and "now" not in url and "glostrup" not in url


def test_changing_an_answer_from_the_answer_page_asks_what_is_now_needed_and_returns_there(client):
    with time_machine.travel(ON, tick=False):
        guide(client, kommune="glostrup", foedselsdato="02.04.1956", indlagt="no", henvisning="no", funktion="sudden")
        html = client.get("/hvilket-tilbud/svar").get_data(as_text=True)
        assert "/hvilket-tilbud/kommune?fra=svar" in html and "Skift svar" in html
        response = post(client, "/hvilket-tilbud/kommune?fra=svar", {"municipality_id": "herlev"},
                        token_from="/hvilket-tilbud/kommune?fra=svar")
        assert response.headers["Location"].endswith("/hvilket-tilbud/pleje?fra=svar")  # Herlev needs the care answer
        response = post(client, "/hvilket-tilbud/pleje?fra=svar", {"care": "yes"}, token_from="/hvilket-tilbud/pleje?fra=svar")
        assert response.headers["Location"].endswith("/hvilket-tilbud/svar")
        assert "Helhedspleje efter ældreloven" in client.get("/hvilket-tilbud/svar").get_data(as_text=True)


def test_a_signed_in_citizens_municipality_is_chosen_already(app, client):
    load_demo(app)
    sign_in(client, "jens")
    post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    html = client.get("/hvilket-tilbud/kommune").get_data(as_text=True)
    assert 'value="herlev" checked' in html
