"""Applying for the same offer while a case for it is open (issue 15.3): the
person is told and shown the open case before sending; the visitator's queue
marks the duplicates; a relative without a fuldmagt learns nothing of the
citizen's cases."""

from __future__ import annotations

import pytest

from tests.helpers import load_demo, sign_in, sign_in_staff
from tests.web.test_apply_application import ANSWERS, RELATIVE, answer_until_check, apply


def _birthe_case(app) -> str:
    from sqlalchemy import select

    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(Case.reference).join(Case.citizen).where(Case.law == "sel_86_1",
                                                                                  Case.status == "training").limit(1))


@pytest.mark.parametrize("language,heading,link", [
    ("da", "Der er allerede en åben sag om det samme", "Se sag"),
    ("en", "There is already an open case about the same thing", "See case"),
])
def test_applying_again_while_the_case_is_open_shows_the_open_case_before_sending(app, client, language, heading, link):
    load_demo(app)
    sign_in(client, "birthe")
    client.set_cookie("sprog", language)
    answer_until_check(client, ANSWERS)
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    reference = _birthe_case(app)
    assert heading in html
    assert f'href="/mine-sager/{reference}"' in html and f"{link} {reference}" in html


def test_the_visitators_queue_marks_two_open_cases_for_the_same_offer(app, client):
    load_demo(app)
    for _ in range(2):
        sign_in(client, "mette")
        apply(client, ANSWERS)
    lone = app.test_client()
    sign_in_staff(lone, "lone")
    html = lone.get("/medarbejder").get_data(as_text=True)
    assert html.count('class="badge badge-warning duplicate-mark"') == 2


def test_a_relative_without_a_fuldmagt_is_not_told_of_the_citizens_cases(app, client):
    load_demo(app)
    jens = app.test_client()
    sign_in(jens, "jens")
    apply(jens, {**ANSWERS, "kommune": {"municipality_id": "herlev"}})
    sign_in(client, "karen")
    answer_until_check(client, {**ANSWERS, **RELATIVE})
    html = client.get("/ansoeg/tjek").get_data(as_text=True)
    assert "Der er allerede en åben sag" not in html
