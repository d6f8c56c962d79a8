"""Phone width and small things (issue 15.10), as a person meets them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import act_for, sign_in, sign_in_staff

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language,link", [("da", "Se træningsplanen for Birthe Hansen"),
                                           ("en", "See the training plan for Birthe Hansen")])
def test_acting_for_birthe_the_links_name_her_plan(new_page, language, link):
    page = new_page()
    sign_in(page, "Mette Hansen")
    act_for(page, "Birthe Hansen")
    if language == "en":
        page.get_by_role("link", name="English").first.click()
    page.goto("/min-side")
    expect(page.get_by_role("link", name=link).first).to_be_visible()
    expect(page.get_by_text("Se din træningsplan", exact=True)).to_have_count(0)


def test_alerts_without_an_icon_leave_no_room_for_one(page):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in_staff(page, "Lone Jensen")
    page.goto("/medarbejder")
    sign_in(page, "Birthe Hansen")
    page.goto("/min-side")
    paddings = page.evaluate("""() => Array.from(document.querySelectorAll('.alert'))
        .filter(a => !a.querySelector(':scope > .alert-icon'))
        .map(a => parseFloat(getComputedStyle(a).paddingLeft))""")
    assert all(padding <= 17 for padding in paddings), paddings


@pytest.mark.parametrize("width", [375, 1024])
def test_the_menu_overflow_button_stays_on_one_line(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "Birthe Hansen")
    page.goto("/min-side")
    styles = page.evaluate("""() => Array.from(document.querySelectorAll('.more-button'))
        .map(b => [getComputedStyle(b).whiteSpace, b.getBoundingClientRect().height])""")
    for white_space, height in styles:
        assert white_space == "nowrap" and height < 60


def test_no_page_of_the_plan_scrolls_sideways_at_phone_width(page):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "Birthe Hansen")
    for path in ("/min-side", "/mine-sager", "/traeningsplan", "/aktivitet"):
        page.goto(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("language,label", [("da", "Dato"), ("en", "Date")])
def test_past_sessions_are_readable_at_phone_width_without_sideways_scrolling(page, language, label):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "Birthe Hansen")
    if language == "en":
        page.get_by_role("link", name="English").first.click()
    page.goto("/traeningsplan")
    table = page.locator("table.past-sessions")
    expect(table.locator("tbody tr").first).to_be_visible()
    fit = table.evaluate("""t => ({table: t.getBoundingClientRect().right,
        viewport: document.documentElement.clientWidth,
        scroll: t.scrollWidth - t.clientWidth,
        cells: Array.from(t.querySelectorAll('tbody tr:first-child td')).map(td =>
            [getComputedStyle(td).display, getComputedStyle(td, '::before').content])})""")
    assert fit["table"] <= fit["viewport"] and fit["scroll"] <= 1, fit
    # Each value stacks under its own label, so the row reads as a card.
    assert all(display == "block" for display, _ in fit["cells"]), fit
    assert fit["cells"][0][1].strip('"') == label
