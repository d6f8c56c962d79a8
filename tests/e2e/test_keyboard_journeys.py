"""The apply, cancel and complain journeys with the keyboard alone: every
field and button is reached with Tab and used with Space, Enter, the arrow
keys or typing; no mouse click anywhere."""

from __future__ import annotations

import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import Keyboard, assert_accessible
from tests.web import schedule_support as support
from tests.web.schedule_support import on

pytestmark = pytest.mark.e2e


def _sign_in(page, keys: Keyboard, name: str) -> None:
    page.goto("/log-ind")
    keys.press(page.get_by_role("button", name=f"Log ind som {name}"))


def _continue(page, keys: Keyboard) -> None:
    keys.press(page.get_by_role("button", name="Fortsæt"))


def test_jens_applies_with_the_keyboard_alone(page):
    keys = Keyboard(page)
    _sign_in(page, keys, "Jens Nielsen")
    page.goto("/ansoeg")
    keys.press(page.get_by_role("button", name="Start ansøgningen"))
    keys.choose(page.get_by_label("Mig selv", exact=True))
    _continue(page, keys)
    keys.choose(page.get_by_label("Genoptræning", exact=True))
    _continue(page, keys)
    keys.choose(page.get_by_label("Nej", exact=True))
    _continue(page, keys)
    keys.choose(page.get_by_label("Nej", exact=True))  # no referral to vederlagsfri fysioterapi
    _continue(page, keys)
    keys.type_into(page.get_by_label("Fortæl kort, hvad der er sket"), "Jeg har haft influenza og er blevet svag.")
    _continue(page, keys)
    keys.toggle(page.get_by_label("At handle ind"))
    _continue(page, keys)
    keys.choose(page.get_by_label("Niveau 2 – Moderate begrænsninger"))
    _continue(page, keys)
    keys.type_into(page.get_by_label("Fortæl med dine egne ord"), "Handle ind selv igen.")
    _continue(page, keys)
    keys.toggle(page.get_by_label("Kørsel til og fra træningen"))
    _continue(page, keys)
    keys.toggle(page.get_by_label("Ingen steder. Jeg giver ikke samtykke."))
    _continue(page, keys)
    keys.choose(page.get_by_label("Det ved jeg ikke endnu"))
    _continue(page, keys)
    keys.choose(page.get_by_label("Send et brev i Digital Post"))  # a letter: no time of day to choose
    _continue(page, keys)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
    assert_accessible(page)
    keys.press(page.get_by_role("button", name="Send ansøgningen"))
    assert re.fullmatch(r"TP-[A-Z0-9]{3}-[A-Z0-9]{3}", page.locator(".receipt-reference").inner_text())
    page.console_errors.assert_none()


def test_birthe_cancels_a_session_with_the_keyboard_alone(page, live_app):
    keys = Keyboard(page)
    reference, start, _slot = support_upcoming(live_app)[1]
    with time_machine.travel(on(start, 9, 0, days_before=2), tick=True):
        _sign_in(page, keys, "Birthe Hansen")
        page.goto(f"/traeningsplan/{reference}/afbud")
        keys.choose(page.get_by_label("Andet"))
        _continue(page, keys)
        expect(page.get_by_role("heading", level=1)).to_contain_text("afbud")
        assert_accessible(page)
        keys.press(page.get_by_role("button", name="Meld afbud"))
        expect(page.get_by_role("heading", name="Dit afbud er registreret")).to_be_visible()
        assert support.booking(live_app, reference)["status"] == "cancelled"
    page.console_errors.assert_none()


def test_ali_complains_with_the_keyboard_alone(page):
    keys = Keyboard(page)
    _sign_in(page, keys, "Ali Yilmaz")
    page.goto("/klage")
    keys.choose(page.get_by_label("Afgørelsen", exact=True))
    _continue(page, keys)
    keys.press(page.get_by_role("link", name="Skriv din klage"))
    keys.choose(page.get_by_label(re.compile("^Afslag: ")))
    keys.type_into(page.locator("textarea[name=what_happened]"), "Jeg kan ikke træne alene.")
    keys.type_into(page.locator("textarea[name=wants]"), "At få vedligeholdende træning.")
    _continue(page, keys)
    expect(page.get_by_role("heading", level=1, name="Tjek din klage")).to_be_visible()
    keys.press(page.get_by_role("button", name="Send klagen"))
    expect(page.get_by_role("heading", name="Din klage er sendt")).to_be_visible()
    page.console_errors.assert_none()


def support_upcoming(app):
    from tests.e2e.test_schedule_flows import _birthe_upcoming

    return _birthe_upcoming(app)
