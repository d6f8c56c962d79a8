"""Demo cases read like real letters (issue 15.6): each demo decision agrees
with its application; the complaint guidance on a rejection speaks of the
decision only, without saying the same thing twice; København's route page
gives the district e-mails its visitation refers to."""

from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in
from tests.web import schedule_support as support


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _letter(client, app, key: str) -> str:
    from sqlalchemy import select

    from portal.auth.models import Person
    from portal.cases.models import Case
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        reference = db.session.scalar(select(Case.reference).join(Person, Case.citizen_id == Person.id)
                                      .where(Person.cpr == PEOPLE_BY_KEY[key].cpr))
    return _text(client.get(f"/mine-sager/{reference}/afgoerelse").get_data(as_text=True))


def test_each_demo_decision_agrees_with_its_application(app):
    from portal.extensions import db
    from portal.schedule.services import latest_decision

    support.load(app)
    with app.app_context():
        from sqlalchemy import select

        from portal.cases.models import Case

        for case in db.session.scalars(select(Case)):
            decision = latest_decision(case)
            if decision is None:
                continue
            offer_laws = {"sel_86_1": "stk. 1", "sel_86_2": "stk. 2"}
            assert offer_laws[case.law] in decision.legal_basis, case.reference
            if case.answers.get("hospital") == "no":
                assert "sygehuset har lavet en genoptræningsplan" not in decision.reasons
            if "sklerose" in (case.answers.get("what_happened") or ""):
                assert "sklerose" in decision.reasons


def test_a_rejection_letter_speaks_of_complaining_about_the_decision_only_once(app, client):
    support.load(app)
    sign_in(client, "ali")
    letter = _letter(client, app, "ali")
    guidance = letter.split("Klagevejledning", 1)[1]
    assert "leveringen af træningen" not in guidance and "selve træningen" not in guidance
    assert guidance.count("Ankestyrelsen") <= 2  # the route says it once; the municipality's own note is not repeated
    assert "visamager@sof.kk.dk" in guidance  # the district e-mails the visitation refers to


@pytest.mark.parametrize("language", ["da", "en"])
def test_koebenhavns_route_page_gives_the_district_emails(app, client, language):
    support.load(app)
    sign_in(client, "ali")
    client.set_cookie("sprog", language)
    html = client.get("/klage?about=decision").get_data(as_text=True)
    for email in ("visamager@sof.kk.dk", "visbispebjerg@sof.kk.dk", "visvalby@sof.kk.dk"):
        assert f'href="mailto:{email}"' in html
