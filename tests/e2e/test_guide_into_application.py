"""The guide and the application flow as one journey (issue 15.7): the
question counter counts one up per question and back again; the plan question
is not asked after "not in hospital"; the time of day is asked only when the
municipality is to phone; what was answered in the guide is not asked again
in the application and shows on "Tjek dine svar"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_guide_journeys import choose, proceed

pytestmark = pytest.mark.e2e


def _counter(page) -> int:
    return int(re.search(r"Spørgsmål (\d+)", page.locator(".step-subheading").inner_text()).group(1))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_birthe_goes_from_the_guide_into_the_application_without_answering_twice(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    sign_in(page, "Birthe Hansen")
    page.goto("/hvilket-tilbud")
    page.get_by_role("button", name="Start").click()
    seen = []
    for _ in range(10):
        if page.url.endswith("/svar"):
            break
        seen.append(_counter(page))
        slug = page.url.rsplit("/", 1)[-1].split("?")[0]
        assert slug != "plan", "the plan question after 'not in hospital'"
        if slug == "kommune":
            choose(page, "municipality_id", "glostrup")
        elif slug == "indlagt":
            choose(page, "hospital", "no")
        elif slug == "henvisning":
            choose(page, "referral", "no")
        elif slug == "funktion":
            choose(page, "onset", "sudden")
        else:
            raise AssertionError(f"unexpected page {page.url}")
    assert seen == list(range(1, len(seen) + 1))  # one up per question, no gaps or repeats
    page.get_by_role("link", name="Søg her").first.click()
    expect(page.get_by_text("Du har allerede svaret på nogle af spørgsmålene")).to_be_visible()
    page.get_by_role("button", name="Start ansøgningen").click()
    page.get_by_label("Mig selv", exact=True).check()
    proceed(page)
    # need, hospital and referral came from the guide: the next question is what happened
    expect(page.get_by_label("Fortæl kort, hvad der er sket")).to_be_visible()
    page.get_by_label("Fortæl kort, hvad der er sket").fill("Jeg har haft influenza og er blevet meget svag.")
    proceed(page)
    page.get_by_label("At handle ind").check()
    proceed(page)
    page.get_by_label("Niveau 2 – Moderate begrænsninger").check()
    proceed(page)
    page.get_by_label("Fortæl med dine egne ord").fill("Handle ind selv.")
    proceed(page)
    page.get_by_label("Kørsel til og fra træningen").check()
    proceed(page)
    page.get_by_label("Din egen læge").check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()
    proceed(page)
    page.get_by_label("Skriv en e-mail til mig").check()
    if javascript:
        expect(page.get_by_text("Hvornår på dagen passer det bedst at ringe?")).to_be_hidden()
    page.get_by_role("textbox", name="E-mail").fill("birthe@example.dk")
    proceed(page)  # no time of day needed for an e-mail
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
    main = page.locator("main")
    expect(main).to_contain_text("Genoptræning")  # the guide's answer, shown to be changed
    expect(main).not_to_contain_text("Om formiddagen")
    page.console_errors.assert_none()
