"""The decision form offers only what the chosen offer allows (issue 15.4):
its training forms and its cap, with the catalogue's frequency as a hint;
another offer chosen shows its choices without losing what was typed; a
wrong choice is explained at the field."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.helpers import post, sign_in_staff
from tests.web import schedule_support as support
from tests.web.test_schedule_decisions import GRANTED, NOW


def _radios(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" class="form-radio" value="([^"]+)"', html)


@pytest.fixture
def lone(app):
    """Lone signed in at the decision tests' moment (the clock stays there for the test)."""
    with time_machine.travel(NOW, tick=False):
        support.load(app)
        client = app.test_client()
        sign_in_staff(client, "lone")
        yield client


def test_the_form_offers_the_training_forms_of_the_prefilled_offer_and_only_offers_under_the_law(app, lone):
    if True:
        reference = support.make_case(app, "mette")
        html = lone.get(f"/medarbejder/sager/{reference}/afgoerelse").get_data(as_text=True)
    assert _radios(html, "form") == ["individuel", "hold", "hjemme"]  # genoptræning
    assert 'value="vedligeholdende-traening"' not in html  # § 86 stk. 2: not for this § 86 stk. 1 case
    assert "Kataloget siger: Overvejende to træningsgange om ugen." in html
    assert "Tilbuddet giver højst 21 træningsgange." in html


def test_choosing_another_offer_shows_its_choices_and_keeps_what_was_typed(app, lone):
    if True:
        reference = support.make_case(app, "mette")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        data = {**GRANTED, "offer_id": "bassin-hold", "form": "", "action": "refresh"}
        response = post(lone, url, data, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _radios(html, "form") == ["hold", "bassin"]  # in the order of the form names
    assert "Du har mistet kræfter efter sygdom." in html  # the reasons typed are still there
    assert "Der er et problem" not in html  # nothing was validated, nothing saved
    assert support.outbox(app, "decision") == []


def test_with_htmx_only_the_offers_part_of_the_form_is_answered(app, lone):
    if True:
        reference = support.make_case(app, "mette")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        response = post(lone, url, {**GRANTED, "offer_id": "selvtraening-hold", "action": "refresh"}, token_from=url,
                        headers={"HX-Request": "true", "HX-Target": "granted-fields"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="granted-fields">') and "<form" not in html


@pytest.mark.parametrize("language,form_message,cap_message", [
    ("da", "Genoptræning i bassin – hold gives som træning i bassin eller holdtræning. Vælg en af dem.", "Genoptræning i bassin – hold giver højst 10 træningsgange."),
    ("en", "Genoptræning i bassin – hold is given as training in a pool or group training. Choose one of them.", "Genoptræning i bassin – hold gives at most 10 sessions."),
])
def test_a_form_or_a_number_the_offer_does_not_allow_is_explained_at_the_field(app, lone, language, form_message, cap_message):
    lone.set_cookie("sprog", language)
    if True:
        reference = support.make_case(app, "mette")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        response = post(lone, url, {**GRANTED, "offer_id": "bassin-hold", "form": "hjemme", "max_sessions": "21"},
                        token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert form_message in html and cap_message in html
    assert "Du har mistet kræfter efter sygdom." in html
