"""Complaints in a real browser: the issue's "Done when"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.e2e.conftest import act_for, assert_accessible, sign_in, sign_in_staff

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"KL-[A-Z0-9]{3}-[A-Z0-9]{3}")


def staff_sign_in(page, name: str) -> None:
    """A complaint handler or the provider's leader lands on the complaints inbox."""
    sign_in_staff(page, name)
    expect(page.get_by_role("heading", level=1, name="Klager")).to_be_visible()


def choose(page, label: str) -> None:
    page.goto("/klage")
    expect(page.get_by_role("heading", level=1, name="Hvad vil du klage over?")).to_be_visible()
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()


def write_and_send(page, *, what: str, wants: str, extra=None) -> str:
    page.get_by_role("link", name="Skriv din klage").click()
    page.locator("textarea[name=what_happened]").fill(what)
    page.locator("textarea[name=wants]").fill(wants)
    if extra:
        extra(page)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", level=1, name="Tjek din klage")).to_be_visible()
    expect(page.get_by_text(what)).to_be_visible()
    page.get_by_role("button", name="Send klagen").click()
    expect(page.get_by_role("heading", name="Din klage er sendt")).to_be_visible()
    return page.locator("[data-reference]").inner_text().strip()


def complaint_count(app) -> int:
    from portal.complaints.models import Complaint
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Complaint))


def test_ali_complains_in_time_the_handler_keeps_the_decision_and_ali_sees_it_sent_to_ankestyrelsen(page, new_page, live_app):
    sign_in(page, "Ali Yilmaz")
    choose(page, "Afgørelsen")
    expect(page.get_by_role("heading", level=1, name="Klage over en afgørelse")).to_be_visible()
    route = page.locator("[data-route]")
    expect(route.locator("[data-body]")).to_have_count(2)
    expect(route.locator("[data-body]").nth(0)).to_contain_text("Socialforvaltningens Hjemmeplejevisitation")
    expect(route.locator("[data-body]").nth(1)).to_contain_text("Ankestyrelsen")
    expect(page.locator(".decision-deadlines")).to_contain_text("du skal klage senest")
    assert_accessible(page)

    def add_new_information(form_page):
        expect(form_page.get_by_text("Du skal klage senest")).to_be_visible()
        form_page.get_by_label(re.compile("^Afslag: ")).check()
        form_page.locator("textarea[name=new_information]").fill("Min læge har skrevet en ny udtalelse.")

    reference = write_and_send(page, what="Jeg kan ikke holde mine kræfter ved lige alene.",
                               wants="At jeg får vedligeholdende træning.", extra=add_new_information)
    assert REFERENCE.fullmatch(reference)
    expect(page.locator("[data-late]")).to_have_count(0)
    expect(page.get_by_text("Kommunen genvurderer afgørelsen.")).to_be_visible()
    assert_accessible(page)

    staff = new_page()
    staff_sign_in(staff, "Mads Kofoed")
    assert_accessible(staff)
    staff.get_by_role("link", name=reference).click()
    expect(staff.get_by_text("Jeg kan ikke holde mine kræfter ved lige alene.")).to_be_visible()
    staff.get_by_role("button", name="Start genvurdering").click()
    expect(staff.get_by_text("Klagen er nu under behandling.")).to_be_visible()
    staff.get_by_label(re.compile("^Fastholdt")).check()
    staff.get_by_label("Begrundelse").fill("Du træner allerede selv to gange om ugen og klarer dine daglige gøremål.")
    staff.get_by_role("button", name="Gem genvurderingen").click()
    expect(staff.get_by_text("Afgørelsen er fastholdt.")).to_be_visible()
    assert_accessible(staff)

    with staff.expect_download() as download_info:
        staff.get_by_role("link", name="Hent klagepakken").click()
    download = download_info.value
    assert download.suggested_filename == f"klagepakke-{reference}.html"
    package = open(download.path(), encoding="utf-8").read()
    for part in ("1. Klagen", "2. Afgørelsen", "3. Sagens dokumenter", "4. Kommunens genvurdering",
                 "Jeg kan ikke holde mine kræfter ved lige alene.", "Min læge har skrevet en ny udtalelse.",
                 "Afslag", "Visitationsnotat", "Kommunen fastholder afgørelsen."):
        assert part in package, part

    staff.get_by_role("button", name="Markér som sendt til Ankestyrelsen").click()
    expect(staff.get_by_text("Klagen er markeret som sendt til Ankestyrelsen.")).to_be_visible()

    page.goto(f"/klage/{reference}")
    expect(page.locator("[data-status]")).to_have_text("Fastholdt og sendt til Ankestyrelsen")
    expect(page.locator("[data-status-line]")).to_contain_text("Sendt til Ankestyrelsen")
    expect(page.locator("[data-history]")).to_contain_text("Du træner allerede selv to gange om ugen")
    assert_accessible(page)
    page.console_errors.assert_none()
    staff.console_errors.assert_none()


def test_birthe_complains_about_a_sessions_quality_and_it_reaches_the_training_centres_leader(page, new_page):
    sign_in(page, "Birthe Hansen")
    choose(page, "Den træning, du får")
    route = page.locator("[data-route] [data-body]")
    expect(route.nth(0)).to_contain_text("Træningscentret, Glostrup Kommune")
    expect(route.nth(0)).to_contain_text("lederen af træningscentret")

    def pick_session(form_page):
        form_page.locator("input[name=concern]").first.check()

    reference = write_and_send(page, what="Terapeuten havde ikke tid til mig, og øvelserne blev sprunget over.",
                               wants="At jeg får den træning, jeg er bevilget.", extra=pick_session)
    expect(page.get_by_text("Klagen er sendt til træningsstedet, hvor lederen af træningscentret svarer dig.")).to_be_visible()

    hanne = new_page()
    staff_sign_in(hanne, "Hanne Lund")
    row = hanne.locator(f"tr[data-reference='{reference}']")
    expect(row).to_contain_text("Birthe Hansen")
    expect(row).to_contain_text("Sendt til lederen af træningsstedet")
    row.get_by_role("link", name=reference).click()
    hanne.get_by_label("Svar til borgeren").fill("Vi beklager. Du får en ekstra træningsgang.")
    hanne.get_by_role("button", name="Send svaret").click()
    expect(hanne.get_by_text("Svaret er sendt til borgeren.")).to_be_visible()

    page.goto(f"/klage/{reference}")
    expect(page.locator("[data-history]")).to_contain_text("Vi beklager. Du får en ekstra træningsgang.")
    expect(page.get_by_role("heading", name="Er du ikke tilfreds med svaret?")).to_be_visible()
    page.console_errors.assert_none()
    hanne.console_errors.assert_none()


def test_a_treatment_complaint_sends_the_citizen_to_styrelsen_for_patientklager_and_files_nothing(page, live_app):
    before = complaint_count(live_app)
    sign_in(page, "Birthe Hansen")
    choose(page, "En sundhedspersons behandling")
    expect(page.get_by_role("heading", level=1, name="Klage over en sundhedspersons behandling")).to_be_visible()
    expect(page.locator("[data-route] [data-body]")).to_have_count(1)
    expect(page.locator("[data-route]")).to_contain_text("Styrelsen for Patientklager")
    expect(page.locator("[data-route]")).to_contain_text("MitID")
    expect(page.locator("[data-route]")).to_contain_text("72 33 05 00")
    expect(page.get_by_role("link", name="Gå til klageformularen på borger.dk")).to_have_attribute("href", "https://www.borger.dk")
    expect(page.get_by_role("link", name="Skriv din klage")).to_have_count(0)
    expect(page.get_by_text("Portalen sender ikke klagen for dig.")).to_be_visible()
    page.get_by_text("Regn din frist ud").click()
    page.get_by_label("Hvornår skete det?").fill("01.06.2025")
    page.get_by_label("Hvornår fandt du ud af det?").fill("01.03.2026")
    page.get_by_role("button", name="Vis min frist").click()
    expect(page.locator("[data-limitation]")).to_contain_text("Din frist er onsdag den 1. marts 2028.")
    assert_accessible(page)
    assert complaint_count(live_app) == before
    page.console_errors.assert_none()


def test_mette_complains_for_birthe_without_javascript_and_birthe_sees_who_did_it(new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, "Mette Hansen")
    act_for(page, "Birthe Hansen")
    expect(page.get_by_text("Du handler på vegne af Birthe Hansen")).to_be_visible()
    choose(page, "Ventetid eller sagsbehandling")
    page.get_by_role("link", name="Skriv din klage").click()
    page.get_by_role("button", name="Fortsæt").click()  # nothing filled in
    expect(page.get_by_role("heading", name="Der er et problem")).to_be_visible()
    expect(page.get_by_role("link", name="Skriv, hvad der er sket.")).to_be_visible()
    page.locator("input[name=concern]").first.check()
    page.locator("textarea[name=what_happened]").fill("Min mor har ventet i seks uger uden svar.")
    page.locator("textarea[name=wants]").fill("At hun får svar.")
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_text("Du sender klagen på vegne af Birthe Hansen med fuldmagt.")).to_be_visible()
    page.get_by_role("button", name="Send klagen").click()
    expect(page.get_by_role("heading", name="Din klage er sendt")).to_be_visible()
    expect(page.get_by_text("Klagen er sendt på vegne af Birthe Hansen af Mette Hansen med fuldmagt.")).to_be_visible()
    reference = page.locator("[data-reference]").inner_text().strip()

    birthe = new_page()
    sign_in(birthe, "Birthe Hansen")
    birthe.goto("/aktivitet")
    expect(birthe.locator("tr", has_text="sendte en klage").filter(has_text="Mette Hansen")).to_have_count(1)
    birthe.goto("/klage")
    expect(birthe.get_by_role("link", name=reference)).to_be_visible()
    birthe.get_by_role("link", name=reference).click()
    expect(birthe.locator("[data-history]")).to_contain_text("Klagen blev sendt af Mette Hansen med fuldmagt.")
    birthe.console_errors.assert_none()
