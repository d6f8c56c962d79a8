"""An action the server refuses says why where the person acted (issue 11):
with htmx in the session's row, without JavaScript on a page; and the session
page offers the same actions as its row on the plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import act_for, sign_in
from tests.e2e.test_schedule_flows import _birthe_upcoming, _row
from tests.web import schedule_support as support

pytestmark = pytest.mark.e2e


def _take_the_cancel_scope_away(app) -> None:
    support.grant(app, "birthe", "mette", "apply,view,complain")


@pytest.mark.parametrize("java_script", [True, False], ids=["htmx", "no-js"])
def test_a_relative_whose_scope_was_just_removed_is_told_why_on_clicking_afbud(new_page, live_app, java_script):
    page = new_page(java_script_enabled=java_script)
    reference = _birthe_upcoming(live_app)[-1][0]
    sign_in(page, "Mette Hansen")
    act_for(page, "Birthe Hansen")
    page.goto("/traeningsplan")
    row = _row(page, reference)
    expect(row.get_by_role("link", name="Meld afbud")).to_be_visible()
    _take_the_cancel_scope_away(live_app)  # Birthe changes the fuldmagt while Mette has the plan open
    row.get_by_role("link", name="Meld afbud").click()
    if java_script:
        notice = row.locator(".refusal-notice")
        expect(notice).to_contain_text("Din fuldmagt dækker ikke dette")
        expect(notice).to_contain_text("melde afbud og flytte træning")
        expect(row.locator(".session-status")).to_have_text("Aftalt")  # the row is still there
        assert page.url.endswith("/traeningsplan")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Din fuldmagt dækker ikke dette")
        expect(page.get_by_text("melde afbud og flytte træning")).to_be_visible()
    assert support.booking(live_app, reference)["status"] == "booked"
    page.console_errors.assert_none(expected_statuses=(403,))


def test_a_session_taken_meanwhile_says_so_in_its_row(page, live_app):
    """Birthe opens the afbud form; meanwhile her daughter cancels it; Birthe's confirm is refused in place (409)."""
    reference = _birthe_upcoming(live_app)[-1][0]
    sign_in(page, "Birthe Hansen")
    page.goto("/traeningsplan")
    row = _row(page, reference)
    row.get_by_role("link", name="Meld afbud").click()
    row.get_by_label("Andet").check()
    row.get_by_role("button", name="Fortsæt").click()
    expect(row.get_by_text("Dit afbud kommer til tiden")).to_be_visible()
    _cancel_outside(live_app, reference)
    row.get_by_role("button", name="Meld afbud").click()
    expect(row.locator(".session-notice")).to_contain_text("Du kan ikke melde afbud til den træning")
    expect(row.locator(".session-status")).to_have_text("Afbud meldt til tiden")
    page.console_errors.assert_none(expected_statuses=(409,))


def _cancel_outside(app, reference: str) -> None:
    from portal.auth.models import Person
    from portal.extensions import db
    from portal.rules.cancellation import Reason
    from portal.schedule import services
    from portal.schedule.models import Booking

    with app.test_request_context():
        booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
        services.cancel(booking, Reason.OTHER, db.session.get(Person, booking.citizen_id))
        db.session.commit()


def test_the_session_page_offers_the_rows_actions_including_undo(page, live_app):
    reference = _birthe_upcoming(live_app)[-1][0]
    sign_in(page, "Birthe Hansen")
    page.goto(f"/traeningsplan/{reference}")
    actions = page.locator(".session-actions")
    expect(actions.get_by_role("link", name="Meld afbud")).to_be_visible()
    expect(actions.get_by_role("link", name="Flyt")).to_be_visible()
    actions.get_by_role("link", name="Meld afbud").click()
    page.get_by_label("Jeg er syg").check()
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_role("button", name="Meld afbud").click()
    expect(page.locator(".session-status").first).to_contain_text("Afbud meldt til tiden")
    page.goto(f"/traeningsplan/{reference}")
    expect(page.get_by_role("button", name="Fortryd afbud")).to_be_visible()  # the row's undo, on the page too
    page.get_by_role("button", name="Fortryd afbud").click()
    expect(page.locator(".session-status").first).to_have_text("Aftalt")
    assert support.booking(live_app, reference)["status"] == "booked"
    page.console_errors.assert_none()
