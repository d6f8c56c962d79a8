"""axe-core finds no WCAG 2.1 A/AA violation on the public and sign-in pages,
with and without an error on the form. (Each capability's journeys call
assert_accessible on their own pages too.)"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, sign_in, sign_in_staff

PUBLIC = ["/", "/kommune/glostrup", "/kommune/herlev", "/kommune/ballerup", "/kommune/koebenhavn",
          "/kommune/glostrup/tilbud/genoptraening", "/kommune/ballerup/tilbud/vederlagsfri-fysioterapi",
          "/kommune/glostrup/kvalitet", "/kommune/herlev/kvalitet", "/kommune/ballerup/kvalitet",
          "/kommune/koebenhavn/kvalitet",
          "/tilgaengelighed", "/privatliv", "/log-ind", "/medarbejder/log-ind", "/findes-ikke"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_no_accessibility_violations(page, path):
    page.goto(path)
    assert_accessible(page)


def test_signed_in_pages_have_no_accessibility_violations(page):
    sign_in(page, "Mette Hansen")
    assert_accessible(page)  # choose whom to act for
    page.get_by_label("Birthe Hansen").check()
    page.get_by_role("button", name="Fortsæt").click()
    assert_accessible(page)  # acting banner
    page.get_by_role("button", name="Skift til dig selv").click()
    for path in ("/min-side", "/fuldmagt", "/fuldmagt/ny", "/aktivitet"):
        page.goto(path)
        assert_accessible(page)
    page.goto("/fuldmagt/ny")
    page.get_by_role("button", name="Giv fuldmagt").click()
    assert "Der er et problem" in page.content()
    assert_accessible(page)  # error summary and field errors


def test_the_satisfaction_question_and_the_staff_deadlines_have_no_accessibility_violations(page):
    sign_in(page, "Birthe Hansen")
    page.goto("/mine-sager")
    complaint = page.locator("a[href^='/klage/KL-']").first.get_attribute("href")
    page.goto(complaint + "/tilfredshed")
    assert_accessible(page)
    page.get_by_role("button", name="Send svar").click()
    assert "Der er et problem" in page.content()
    assert_accessible(page)  # error summary and field error
    page.context.clear_cookies()
    sign_in_staff(page, "Lone Jensen")
    page.goto("/medarbejder/frister")
    assert_accessible(page)


def test_the_checker_itself_catches_a_violation(page):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)


def test_on_a_phone_the_menu_and_sign_out_are_there_even_without_javascript(new_page):
    for javascript in (True, False):
        page = new_page(java_script_enabled=javascript)
        page.set_viewport_size({"width": 390, "height": 800})
        sign_in(page, "Birthe Hansen")
        page.goto("/mine-sager")
        assert page.get_by_role("button", name="Log ud").first.is_visible()
        assert page.get_by_role("link", name="Min side").first.is_visible()
        if javascript:
            assert_accessible(page)
        else:
            assert page.get_by_role("link", name="Træningsplan").first.is_visible()
