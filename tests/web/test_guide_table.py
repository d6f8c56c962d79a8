"""The table of people (tests/rules/guide_people.py) through the guide's pages
with the test client: each person is asked exactly the questions the row
gives (a question the row leaves out fails the test) and lands on the outcome
the sources give, with "Søg her" only where the portal handles it and the
earliest date where a course interval applies."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from portal import i18n
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import post
from tests.rules.guide_people import PEOPLE, Person

HOSPITAL = {"no": "no", "admitted": "now", "discharged": "before"}
NEED = {"regain": "sudden", "maintain": "lasting"}


def _answer(person: Person, page: str) -> dict:
    def given(value, name):
        assert value is not None, f"{person.id}: the guide asked {name!r}, which this person's route does not need"
        return value

    if page == "kommune":
        return {"municipality_id": person.municipality}
    if page == "foedselsdato":
        return {"born": person.born.strftime("%d.%m.%Y")}
    if page == "indlagt":
        return {"hospital": HOSPITAL[given(person.hospital, page)]}
    if page == "funktion":
        return {"onset": NEED[given(person.need, page)]}
    if page == "plan":
        return {"has_plan": given(person.plan, page)}
    if page == "henvisning":
        return {"referral": given(person.referral, page)}
    if page == "pleje":
        return {"care": given(person.care, page)}
    if page == "maalgruppe":
        return {"group": given(person.group, page)}
    if page == "forloeb":
        return {"had_course": "no" if given(person.last_course, page) == "none" else "yes"}
    if page == "forloeb-slut":
        return {"last_course": person.last_course.strftime("%d.%m.%Y")}
    raise AssertionError(f"unknown page {page}")


def walk_guide(client, person: Person) -> tuple[str, list[str]]:
    """Answer the guide as this person; the answer page's HTML and the pages asked."""
    response = post(client, "/hvilket-tilbud", {}, token_from="/hvilket-tilbud")
    location = response.headers["Location"]
    asked = []
    for _ in range(15):
        if location.endswith("/svar"):
            return client.get(location).get_data(as_text=True), asked
        page = location.rsplit("/", 1)[-1].split("?")[0]
        asked.append(page)
        response = post(client, location, _answer(person, page), token_from=location)
        assert response.status_code == 302, re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))[:800]
        location = response.headers["Location"]
    raise AssertionError("the guide never answered")


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=COPENHAGEN)


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.id)
def test_the_guide_gives_each_person_of_the_table_the_route_the_sources_give(app, client, person):
    with time_machine.travel(at_noon(person.on), tick=False):
        html, asked = walk_guide(client, person)
    assert f'data-outcome="{person.outcome}"' in html, person.source
    assert ('>Søg her</a>' in html) is person.apply_here
    assert asked[:2] == ["kommune", "foedselsdato"]
    if "plan" in asked:
        assert person.hospital == "discharged" and asked.index("plan") > asked.index("indlagt")
    for page, value in (("plan", person.plan), ("henvisning", person.referral), ("pleje", person.care),
                        ("maalgruppe", person.group), ("forloeb", person.last_course)):
        assert (page in asked) is (value is not None), f"{page} asked: {page in asked}"
    if person.earliest:
        with app.test_request_context():
            assert i18n.long_date(person.earliest) in html
        assert "Der er ikke gået 6 måneder siden dit sidste forløb" in html
    else:
        assert "Der er ikke gået" not in html
    assert html.count("Skift svar") == len(asked)
    assert "Kilde:" in html  # every reason with its source
