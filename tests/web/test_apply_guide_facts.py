"""The application carries the guide's facts (DOMAIN.md §9): it asks the
routing questions the municipality's data needs, warns before submit where a
course interval applies, stores the facts and the rules' answer on the case,
and the visitator sees them."""

from __future__ import annotations

from datetime import datetime

import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in, sign_in_staff
from tests.web.test_apply_application import ANSWERS, answer_until_check, submit

ON = datetime(2026, 12, 1, 10, 0, tzinfo=COPENHAGEN)
# Birthe Hansen (120355-1234), 71, Glostrup: vedligeholdende træning, the last course ended 1 October.
BIRTHE = {**ANSWERS, "behov": {"onset": "lasting"}, "forloeb": {"had_course": "yes"},
          "forloeb-slut": {"last_course": "01.10.2026"}}


def _case(app, reference):
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        db.session.expunge_all()
        return case


def test_glostrup_asks_when_the_last_course_ended_and_warns_on_the_check_page(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "birthe")
        seen = []
        answer_until_check(client, BIRTHE, seen=seen)
        pages = [url.rsplit("/", 1)[-1] for url in seen]
        assert pages.index("forloeb") < pages.index("forloeb-slut") < pages.index("hvad-skete")
        html = client.get("/ansoeg/tjek").get_data(as_text=True)
    assert "Tidligst et nyt forløb torsdag den 1. april 2027" in html
    assert "Kommunen kan afvise et nyt forløb før torsdag den 1. april 2027." in html
    assert "Der skal gå mindst 6 måneder mellem to forløb" in html
    assert "/ansoeg/forloeb-slut?fra=tjek" in html  # the answer can be changed before sending


def test_the_case_keeps_the_facts_and_the_visitator_sees_the_earliest_date(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "birthe")
        answer_until_check(client, BIRTHE)
        response, _ = submit(client)
        reference = response.headers["Location"].rsplit("/", 1)[-1]
    case = _case(app, reference)
    assert case.law == "sel_86_2"
    routing = case.answers["routing"]
    assert routing["outcome"] == "apply" and routing["earliest"] == "2027-04-01"
    assert routing["facts"]["born"] == "1955-03-12" and routing["facts"]["last_course"] == "2026-10-01"
    assert routing["asked"] == ["need", "hospital", "referral", "last_course"]
    staff = app.test_client()
    with time_machine.travel(ON, tick=False):
        sign_in_staff(staff, "lone")
        html = staff.get(f"/medarbejder/sager/{reference}").get_data(as_text=True)
    assert "Det sagde reglerne" in html
    assert "Alder, da ansøgningen blev sendt: 71 år (fra cpr-nummeret)." in html
    assert "så tidligst torsdag den 1. april 2027" in html
    assert "Hvornår sluttede dit sidste forløb med vedligeholdende træning?" in html


def test_a_first_course_is_no_warning(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "birthe")
        answer_until_check(client, {**BIRTHE, "forloeb": {"had_course": "no"}})
        html = client.get("/ansoeg/tjek").get_data(as_text=True)
    assert "Tidligst et nyt forløb" not in html


def test_herlev_vedligeholdende_training_is_promised_no_deadline_on_the_receipt(app, client):
    load_demo(app)
    with time_machine.travel(ON, tick=False):
        sign_in(client, "jens")
        answer_until_check(client, {**ANSWERS, "behov": {"onset": "lasting"}})
        check = client.get("/ansoeg/tjek").get_data(as_text=True)
        response, _ = submit(client)
        receipt = client.get(response.headers["Location"]).get_data(as_text=True)
        reference = response.headers["Location"].rsplit("/", 1)[-1]
    assert "visitationsbesøg senest" not in check and "visitationsbesøg senest" not in receipt
    assert _case(app, reference).response_due is None


def test_a_referral_stops_the_application_and_sends_the_person_to_a_physiotherapist(app, client):
    load_demo(app)
    sign_in(client, "jens")
    location = answer_until_check_or(client, {**ANSWERS, "henvisning": {"referral": "yes"}}, stop="vejledning")
    html = client.get(location).get_data(as_text=True)
    assert "Tag din henvisning med til en fysioterapeut" in html
    assert "Søg alligevel" not in html
    assert client.get("/ansoeg/tjek").headers["Location"].endswith("/ansoeg/vejledning")


def test_a_koebenhavn_citizen_outside_the_target_group_is_told_where_to_go_and_may_apply_anyway(app, client):
    load_demo(app)
    sign_in(client, "ali")  # 220288-1357: 38, København
    answers = {**ANSWERS, "maalgruppe": {"group": "none"}, "vejledning": {}}
    location = answer_until_check_or(client, answers, stop="vejledning")
    html = client.get(location).get_data(as_text=True)
    assert "Sundheds- og Omsorgsforvaltningen" in html and "Søg alligevel" in html
    response = post(client, location, {}, token_from=location)
    assert response.headers["Location"].endswith("/ansoeg/hvad-skete")


def answer_until_check_or(client, answers, *, stop):
    from tests.web.test_apply_application import page_of, start

    location = start(client)
    for _ in range(30):
        page = page_of(location)
        if page == stop:
            return location
        response = post(client, location, answers[page], token_from=location)
        assert response.status_code == 302
        location = response.headers["Location"]
    raise AssertionError(f"never reached {stop}")
