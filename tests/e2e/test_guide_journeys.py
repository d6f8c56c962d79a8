"""The guide in a real browser, with JavaScript on and off: a citizen routed
away (København, 80), one with a referral to vederlagsfri fysioterapi
(Ballerup), and Birthe applying in Glostrup with the 6-month warning all the
way to the visitator. Every outcome page passes the accessibility check."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from portal.rules.cancellation import COPENHAGEN
from tests.e2e.conftest import assert_accessible, sign_in, sign_in_staff
from tests.rules.guide_people import PEOPLE

pytestmark = pytest.mark.e2e

ON = datetime(2026, 12, 1, 10, 0, tzinfo=COPENHAGEN)
HOSPITAL = {"no": "no", "admitted": "now", "discharged": "before"}
NEED = {"regain": "sudden", "maintain": "lasting"}


def proceed(page):
    page.get_by_role("button", name="Fortsæt").click()


def choose(page, name, value):
    page.locator(f'input[name="{name}"][value="{value}"]').check()
    proceed(page)


def start_guide(page):
    page.goto("/")
    page.get_by_role("link", name="Hvilket tilbud passer til mig?").first.click()
    page.get_by_role("button", name="Start").click()


def answer_as(page, person):
    """Answer each page the guide asks from the table row; fail on a question it should not ask."""
    for _ in range(15):
        if page.url.endswith("/svar"):
            return
        slug = page.url.rsplit("/", 1)[-1].split("?")[0]
        if slug == "kommune":
            choose(page, "municipality_id", person.municipality)
        elif slug == "foedselsdato":
            page.get_by_label("Hvornår er du født?").fill(person.born.strftime("%d.%m.%Y"))
            proceed(page)
        elif slug == "indlagt":
            choose(page, "hospital", HOSPITAL[person.hospital])
        elif slug == "funktion":
            choose(page, "onset", NEED[person.need])
        elif slug in ("plan", "henvisning", "pleje", "maalgruppe"):
            name, value = {"plan": ("has_plan", person.plan), "henvisning": ("referral", person.referral),
                           "pleje": ("care", person.care), "maalgruppe": ("group", person.group)}[slug]
            assert value is not None, f"asked {slug}"
            choose(page, name, value)
        elif slug == "forloeb":
            choose(page, "had_course", "no" if person.last_course == "none" else "yes")
        elif slug == "forloeb-slut":
            page.get_by_label("Hvornår sluttede dit sidste forløb").fill(person.last_course.strftime("%d.%m.%Y"))
            proceed(page)
        else:
            raise AssertionError(f"unexpected page {page.url}")
    raise AssertionError("the guide never answered")


def person(person_id):
    return next(p for p in PEOPLE if p.id == person_id)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_koebenhavn_at_80_is_routed_to_sundheds_og_omsorgsforvaltningen(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    with time_machine.travel(ON, tick=True):
        start_guide(page)
        answer_as(page, person("koebenhavn-80-regain"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sundheds- og Omsorgsforvaltningen")
        expect(page.get_by_text(re.compile("sundhedsfaglig begrundelse"))).to_be_visible()
        expect(page.get_by_role("heading", name="Sundheds- og Omsorgsforvaltningen, Københavns Kommune")).to_be_visible()
        expect(page.get_by_role("link", name="Søg her")).to_have_count(0)
        # Skift svar: the target group becomes a question only for someone 65 or younger.
        page.get_by_role("link", name=re.compile("Skift svar på: Hvornår er du født")).click()
        page.get_by_label("Hvornår er du født?").fill("02.02.1986")
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Hvorfor har du brug for træning?")
        page.get_by_label("Jeg har et fysisk eller psykisk handicap").check()
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Du kan søge om genoptræning hos Københavns Kommune")
        expect(page.get_by_role("link", name="Søg her")).to_be_visible()
    if javascript:
        assert_accessible(page)
    page.console_errors.assert_none()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_referral_in_ballerup_goes_straight_to_a_physiotherapist(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    with time_machine.travel(ON, tick=True):
        start_guide(page)
        answer_as(page, person("ballerup-ms-referral"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tag din henvisning med til en fysioterapeut")
        expect(page.get_by_text(re.compile("en fysioterapeut, du selv vælger"))).to_be_visible()
        expect(page.get_by_text(re.compile("modtaget henvisningen fra din læge"))).to_be_visible()
        expect(page.get_by_role("link", name="Søg her")).to_have_count(0)
        page.get_by_role("link", name="Vederlagsfri fysioterapi", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vederlagsfri fysioterapi")
    page.console_errors.assert_none()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_birthe_applies_in_glostrup_with_the_6_month_warning_and_lone_sees_it(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    with time_machine.travel(ON, tick=True):
        sign_in(page, "Birthe Hansen")
        page.goto("/hvilket-tilbud")
        page.get_by_role("button", name="Start").click()
        choose(page, "municipality_id", "glostrup")
        # Signed in: no question about age.
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Er du eller har du været indlagt på sygehus for det, du har brug for træning efter?")
        choose(page, "hospital", "before")
        choose(page, "onset", "lasting")
        choose(page, "referral", "no")
        choose(page, "had_course", "yes")
        page.get_by_label("Hvornår sluttede dit sidste forløb").fill("01.10.2026")
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Du kan søge om vedligeholdende træning hos Glostrup Kommune")
        expect(page.get_by_text("Kommunen kan afvise et nyt forløb før torsdag den 1. april 2027.", exact=False)).to_be_visible()
        expect(page.get_by_text("Din alder har vi fra dit cpr-nummer.")).to_be_visible()
        if javascript:
            assert_accessible(page)
        page.get_by_role("link", name="Søg her").click()
        page.get_by_role("button", name="Start ansøgningen").click()
        page.get_by_label("Mig selv").check()
        proceed(page)
        # Need, hospital stay, referral and the last course came from the guide: not asked again.
        page.get_by_label("Fortæl kort, hvad der er sket").fill("Jeg har afsluttet genoptræning efter en hoftefraktur.")
        proceed(page)
        page.get_by_label("Ingen af dem").check()
        proceed(page)
        page.get_by_label("Fortæl med dine egne ord").fill("Blive ved med at kunne gå ture.")
        proceed(page)
        page.get_by_label("Nej, ingen af dem").check()
        proceed(page)
        page.get_by_label("Din egen læge").check()
        proceed(page)
        page.get_by_label("Nej", exact=True).check()
        proceed(page)
        page.get_by_label("Skriv en e-mail til mig").check()
        page.get_by_role("textbox", name="E-mail").fill("birthe@example.dk")
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
        expect(page.get_by_role("heading", name="Tidligst et nyt forløb torsdag den 1. april 2027")).to_be_visible()
        if javascript:
            assert_accessible(page)
        page.get_by_role("button", name="Send ansøgningen").click()
        reference = page.locator(".receipt-reference").inner_text()

        staff = new_page(java_script_enabled=javascript)
        sign_in_staff(staff, "Lone Jensen")
        staff.locator("tr", has_text=reference).get_by_role("link", name=reference).click()
        expect(staff.get_by_role("heading", name="Det sagde reglerne")).to_be_visible()
        expect(staff.get_by_text(re.compile("så tidligst torsdag den 1. april 2027"))).to_be_visible()
        staff.console_errors.assert_none()
    page.console_errors.assert_none()


OUTCOME_PEOPLE = ["glostrup-17", "glostrup-admitted", "ballerup-with-plan", "glostrup-ms-referral",
                  "herlev-70-regain-needs-care", "koebenhavn-40-outside-target-group", "glostrup-vedligehold-3-months-ago",
                  "ballerup-70-maintain"]


@pytest.mark.parametrize("person_id", OUTCOME_PEOPLE)
def test_every_outcome_page_passes_the_accessibility_check(page, person_id):
    who = person(person_id)
    with time_machine.travel(datetime(who.on.year, who.on.month, who.on.day, 10, 0, tzinfo=COPENHAGEN), tick=True):
        start_guide(page)
        answer_as(page, who)
        assert page.locator(f'[data-outcome="{who.outcome}"]').count() == 1
        assert_accessible(page)
    page.console_errors.assert_none()
