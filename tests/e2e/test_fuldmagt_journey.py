"""A relative acts for a citizen; the citizen revokes; the next click is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from portal.rules.cancellation import COPENHAGEN
from tests.e2e.conftest import act_for, sign_in


def test_mette_acts_for_birthe_until_birthe_revokes_the_fuldmagt(page, new_page):
    sign_in(page, "Mette Hansen")
    act_for(page, "Birthe Hansen")
    banner = page.get_by_role("region", name="Fuldmagt")
    assert "Du handler på vegne af Birthe Hansen" in banner.inner_text()
    assert page.get_by_role("button", name="Skift til dig selv").is_visible()
    assert "Birthe Hansen" in page.get_by_role("heading", level=1).inner_text()

    birthe = new_page()
    sign_in(birthe, "Birthe Hansen")
    birthe.goto("/fuldmagt")
    birthe.get_by_role("button", name="Tilbagekald fuldmagten til Mette Hansen").click()
    assert "er tilbagekaldt" in birthe.content()

    page.get_by_role("link", name="Min side").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fuldmagten gælder ikke længere"
    assert "Fuldmagten fra Birthe Hansen er tilbagekaldt eller udløbet" in page.content()
    page.console_errors.assert_none(expected_statuses=(403,))


def test_citizen_gives_a_fuldmagt_with_the_keyboard_only(page):
    sign_in(page, "Jens Nielsen")
    page.goto("/fuldmagt/ny")
    page.get_by_label("Den pårørendes cpr-nummer").focus()
    page.keyboard.type("0512792244")
    page.keyboard.press("Tab")
    page.keyboard.type("Karen Nielsen")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # first scope: søge om træning
    page.get_by_label("Fuldmagten gælder til og med").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Karen Nielsen har nu fuldmagt fra dig." in page.content()
    page.console_errors.assert_none()


def test_session_warning_appears_before_the_idle_timeout_and_can_be_extended(page):
    start = datetime.now(COPENHAGEN).replace(microsecond=0)
    with time_machine.travel(start, tick=True) as traveller:
        sign_in(page, "Jens Nielsen")
        page.goto("/min-side")
        dialog = page.get_by_role("dialog", name="Du bliver snart logget ud")
        assert not dialog.is_visible()
        traveller.shift(timedelta(minutes=26))
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        dialog.wait_for(state="visible")
        page.get_by_role("button", name="Forbliv logget ind").click()
        dialog.wait_for(state="hidden")
        traveller.shift(timedelta(minutes=20))
        page.goto("/min-side")
        assert page.get_by_role("heading", level=1).inner_text() == "Min side"
    page.console_errors.assert_none()
