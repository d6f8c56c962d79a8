"""The guide "Hvad vil du klage over?" and the route shown before anything is
written: the same bodies, in the same order, with the same contact details as
`flask --app portal rules complaint`, for every municipality and every kind."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal import municipalities
from portal.auth.models import Person
from portal.cases.models import Case
from portal.extensions import db
from portal.public.presenters import SUBJECT_EXAMPLES, SUBJECT_LABELS
from portal.rules.cancellation import COPENHAGEN
from portal.rules.complaints import Subject
from portal.schedule.models import Decision
from tests.helpers import load_demo, sign_in
from tests.web.complaints_support import person_id

MUNICIPALITY_IDS = sorted(municipalities.all_municipalities())
ABOLISHED = ("Det Sociale Nævn", "Sociale Nævn", "Patientombuddet", "Patientklagenævn",
             "Styrelsen for Patientsikkerhed", "Beskæftigelsesankenævn")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _route_bodies(html: str) -> list[dict]:
    """The route on the page: each step's body id, name, address, phone and e-mail, in order."""
    route = re.search(r"<ol class=\"complaint-steps\" data-route>(.*?)</ol>", html, re.S)
    assert route, "the page shows a route"
    bodies = []
    for body_id, step in re.findall(r'<li class="complaint-step" data-body="([^"]+)">(.*?)</li>', route.group(1), re.S):
        found = {"id": body_id}
        for field in ("name", "address", "phone", "email"):
            match = re.search(rf'data-field="{field}">([^<]*)<', step)
            found[field] = html_module.unescape(match.group(1).strip()) if match else ""
        bodies.append(found)
    return bodies


def _set_municipality(app, key: str, municipality_id: str | None) -> None:
    with app.app_context():
        db.session.get(Person, person_id(app, key)).municipality_id = municipality_id
        db.session.commit()


def test_guide_asks_what_you_want_to_complain_about_with_an_example_for_each(app, client):
    load_demo(app)
    sign_in(client, "jens")
    response = client.get("/klage")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hvad vil du klage over?" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    for subject in Subject:
        assert f'value="{subject.value}"' in html
        assert str(SUBJECT_LABELS[subject]) in html
        assert str(SUBJECT_EXAMPLES[subject]) in html


@pytest.mark.parametrize("about", ["", "weather", "DECISION", "<script>"])
def test_a_choice_that_is_not_one_of_the_five_shows_the_guide_with_an_error(app, client, about):
    load_demo(app)
    sign_in(client, "jens")
    response = client.get("/klage", query_string={"about": about})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Der er et problem" in html and "Vælg, hvad du vil klage over." in html
    assert "<script>" not in _text(html).replace("&lt;script&gt;", "")


@pytest.mark.parametrize("municipality_id", MUNICIPALITY_IDS)
def test_every_route_page_agrees_with_the_rules_command(app, client, runner, municipality_id):
    load_demo(app)
    _set_municipality(app, "jens", municipality_id)
    sign_in(client, "jens")
    for subject in Subject:
        result = runner.invoke(args=["rules", "complaint", "--municipality", municipality_id, "--about", subject.value])
        assert result.exit_code == 0, result.output
        expected = json.loads(result.output)
        response = client.get("/klage", query_string={"about": subject.value})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (municipality_id, subject)
        assert _route_bodies(html) == expected["route"], (municipality_id, subject)
        # The municipality's own guidance (collapsed) covers every kind; the route itself must not.
        text = _text(re.sub(r"<details class=\"details\" data-municipality-notes>.*?</details>", "", html, flags=re.S))
        if expected["appealable"]:
            assert "Kommunen genvurderer afgørelsen" in text
            assert "Fastholder kommunen afgørelsen, sender den klagen videre til Ankestyrelsen" in text
        else:
            assert "Fastholder kommunen afgørelsen" not in text
        assert "data-oral" in html, "the oral alternative is always shown"
        for name in ABOLISHED:
            assert name not in _text(html), (municipality_id, subject, name)


def test_the_oral_alternative_gives_the_phone_and_hours_or_says_to_contact_the_municipality(app, client):
    load_demo(app)
    sign_in(client, "birthe")  # Glostrup: 43 23 66 90, hverdage kl. 9.00-10.00
    text = _text(client.get("/klage?about=decision").get_data(as_text=True))
    assert "Du kan også klage mundtligt. Ring til kommunen på 43 23 66 90, hverdage kl. 9.00-10.00." in text
    sign_in(client, "ali")  # København gives no number for oral complaints
    text = _text(client.get("/klage?about=decision").get_data(as_text=True))
    assert "Du kan også klage mundtligt ved at kontakte Københavns Kommune." in text


def test_filed_kinds_lead_on_to_the_form_and_national_ones_do_not(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    for about in ("decision", "case_handling", "delivery"):
        html = client.get(f"/klage?about={about}").get_data(as_text=True)
        assert f"/klage/ny?about={about}" in html
        assert "Skriv din klage" in html
    for about in ("treatment", "compensation"):
        html = client.get(f"/klage?about={about}").get_data(as_text=True)
        assert "/klage/ny" not in html
        main = html.split('id="main-content"')[1].split("</main>")[0]
        assert 'method="post"' not in main


def test_treatment_guides_to_styrelsen_for_patientklager_with_mitid_phone_and_deadlines(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    html = client.get("/klage?about=treatment").get_data(as_text=True)
    text = _text(html)
    assert "Styrelsen for Patientklager" in text
    assert "digitale klageformular på borger.dk" in text and "MitID" in text
    assert "72 33 05 00" in text
    assert "senest 2 år efter, at du fandt ud af" in text and "senest 5 år efter behandlingen" in text
    assert "Portalen sender ikke klagen for dig" in text
    assert 'href="https://www.borger.dk"' in html  # the digital form
    assert 'href="https://stpk.dk"' in html  # and the body's own website


def test_compensation_guides_to_patienterstatningen_with_its_deadlines(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    html = client.get("/klage?about=compensation").get_data(as_text=True)
    text = _text(html)
    assert "Patienterstatningen" in text and "patienterstatningen.dk" in text
    assert "senest 3 år efter" in text and "senest 10 år efter skaden" in text


def test_the_treatment_deadline_can_be_worked_out_from_the_dates(app, client):
    load_demo(app)
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        response = client.get("/klage?about=treatment&event=01.06.2025&knowledge=01.03.2026")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'data-limitation="2028-03-01"' in html
        assert "Din frist er onsdag den 1. marts 2028." in _text(html)
        late = client.get("/klage?about=treatment&event=01.06.2019&knowledge=01.03.2024").get_data(as_text=True)
        assert 'data-limitation="2024-06-01"' in late
        assert "Fristen var" in _text(late)


@pytest.mark.parametrize("query", [
    "event=32.13.2025", "knowledge=i går", "event=01.03.2026&knowledge=01.02.2026", "event=01.01.1800",
])
def test_impossible_dates_are_explained_not_a_500(app, client, query):
    load_demo(app)
    sign_in(client, "birthe")
    response = client.get(f"/klage?about=compensation&{query}")
    assert response.status_code == 400
    assert "Der er et problem" in response.get_data(as_text=True)


def test_a_decision_chosen_from_its_page_is_preselected_with_its_deadline(app, client):
    load_demo(app)
    with app.app_context():
        decision = db.session.scalar(select(Decision).join(Case).where(Case.citizen_id == person_id(app, "ali")))
        case_ref, deadline = decision.case.reference, decision.complaint_deadline
    sign_in(client, "ali")
    html = client.get(f"/klage?about=decision&sag={case_ref}").get_data(as_text=True)
    assert f'data-deadline="{deadline.isoformat()}"' in html
    assert "Du skal klage senest" in html
    assert case_ref in html
    assert f"/klage/ny?about=decision&amp;sag={case_ref}" in html
    form = client.get(f"/klage/ny?about=decision&sag={case_ref}").get_data(as_text=True)
    assert re.search(rf'value="{case_ref}" checked', form)
    assert f'data-deadline="{deadline.isoformat()}"' in form


def test_after_the_deadline_the_route_says_you_can_still_complain_and_who_decides(app, client):
    load_demo(app)
    with app.app_context():
        decision = db.session.scalar(select(Decision).join(Case).where(Case.citizen_id == person_id(app, "ali")))
        case_ref, deadline = decision.case.reference, decision.complaint_deadline
    sign_in(client, "ali")
    later = datetime.combine(deadline + timedelta(days=1), datetime.min.time(), tzinfo=COPENHAGEN).replace(hour=9)
    with time_machine.travel(later, tick=False):
        sign_in(client, "ali")
        text = _text(client.get(f"/klage?about=decision&sag={case_ref}").get_data(as_text=True))
    assert "Fristen for at klage var" in text
    assert "Du kan stadig klage" in text and "der afgør, om den kan behandles" in text


def test_glostrup_says_when_the_municipality_answers_a_reconsideration(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    text = _text(client.get("/klage?about=decision").get_data(as_text=True))
    # Glostrup's text promises an answer within 4 weeks only where the complaint is upheld (DOMAIN.md §5).
    assert "Giver kommunen dig medhold i klagen, får du besked senest 4 uger efter, at kommunen har modtaget din klage." in text


def test_a_session_chosen_from_the_schedule_arrives_as_a_delivery_complaint(app, client):
    load_demo(app)
    from portal.schedule.models import ATTENDED, Booking

    with app.app_context():
        booking_ref = db.session.scalar(select(Booking.reference).where(
            Booking.citizen_id == person_id(app, "birthe"), Booking.status == ATTENDED))
    sign_in(client, "birthe")
    html = client.get(f"/klage?about=delivery&tid={booking_ref}").get_data(as_text=True)
    assert f"tid={booking_ref}" in html
    assert "Træningscentret, Glostrup Kommune" in html
    form = client.get(f"/klage/ny?about=delivery&tid={booking_ref}").get_data(as_text=True)
    assert re.search(rf'value="{booking_ref}" checked', form)
    assert f"/klage/ny?about=delivery&amp;tid={booking_ref}" in form  # kept when the form is sent
    # The session page may name the booking ?booking=; it arrives the same way.
    html = client.get(f"/klage?about=delivery&booking={booking_ref}").get_data(as_text=True)
    assert f"/klage/ny?about=delivery&amp;tid={booking_ref}" in html


def test_someone_whose_municipality_is_unknown_chooses_it(app, client):
    load_demo(app)
    sign_in(client, "jens")
    _set_municipality(app, "jens", None)  # after sign-in: the demo sign-in fills it in
    html = client.get("/klage?about=case_handling").get_data(as_text=True)
    assert "Hvilken kommune klager du til?" in html
    html = client.get("/klage?about=case_handling&kommune=ballerup").get_data(as_text=True)
    assert "Visitation til træning i Ballerup Kommune" in html
    assert "kommune=ballerup" in html
    assert client.get("/klage?about=case_handling&kommune=atlantis").status_code == 200  # asks again


def test_kinds_not_filed_here_send_the_form_back_to_their_guidance(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    response = client.get("/klage/ny?about=treatment")
    assert response.status_code == 302 and response.headers["Location"].endswith("/klage?about=treatment")
    response = client.get("/klage/ny?about=weather")
    assert response.status_code == 302 and response.headers["Location"].endswith("/klage")


def test_your_own_complaints_are_listed_on_the_guide(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    html = client.get("/klage").get_data(as_text=True)
    assert "Dine klager" in html
    assert re.search(r"KL-[A-Z0-9]{3}-[A-Z0-9]{3}", html)
    assert "Besvaret" in html


def test_a_case_named_for_a_waiting_time_complaint_shows_no_decision_deadline(app, client):
    load_demo(app)
    with app.app_context():
        case_ref = db.session.scalar(select(Case.reference).join(Decision).where(Case.citizen_id == person_id(app, "ali")))
    sign_in(client, "ali")
    html = client.get(f"/klage?about=case_handling&sag={case_ref}").get_data(as_text=True)
    assert "data-deadline=" not in html and "Du klager over" not in html
    assert f"/klage/ny?about=case_handling&amp;sag={case_ref}" in html


@pytest.mark.parametrize("language,heading", [("da", "Søg erstatning for en skade"), ("en", "Apply for compensation for an injury")])
def test_the_compensation_page_is_headed_by_what_it_offers(app, client, language, heading):
    load_demo(app)
    sign_in(client, "birthe")
    client.set_cookie("sprog", language)
    html = client.get("/klage?about=compensation").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html


def test_the_limitation_calculator_keeps_the_dates_typed_right_or_wrong(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    for event, knowledge in (("01.02.2025", "01.03.2025"), ("1.2.2025", "31.02.2025"), ("01.03.2025", "01.02.2025")):
        html = client.get(f"/klage?about=treatment&event={event}&knowledge={knowledge}").get_data(as_text=True)
        assert f'value="{event}"' in html and f'value="{knowledge}"' in html


@pytest.mark.parametrize("language,expected", [("da", "svaret på: Hvad skete der ved træningen?"),
                                               ("en", "the answer to: What happened at the session?")])
def test_each_change_button_on_the_check_page_names_its_answer(app, client, language, expected):
    from tests.web.complaints_support import form_fields

    load_demo(app)
    sign_in(client, "birthe")
    client.set_cookie("sprog", language)
    html = client.get("/klage/ny?about=delivery").get_data(as_text=True)
    found = form_fields(html)
    data = {"csrf_token": found["csrf_token"], "submission": found["submission"], "concern": found["concern_choices"][0],
            "what_happened": "For sent", "wants": "Til tiden", "contact": "digital_post", "action": "continue"}
    check = client.post("/klage/ny?about=delivery", data=data).get_data(as_text=True)
    assert expected in check
    assert check.count('class="sr-only"> ') >= 4 and "dette svar" not in check and "this answer" not in check
