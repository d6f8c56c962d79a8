"""A visitor finds their municipality's offers in a real browser."""

from __future__ import annotations


def test_forside_to_glostrup_to_an_offer_without_console_errors(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Træning fra din kommune"
    page.get_by_label("Din kommune").select_option("glostrup")
    page.get_by_role("button", name="Se kommunens tilbud").click()
    page.wait_for_url("**/kommune/glostrup")
    assert page.get_by_role("heading", level=1).inner_text() == "Træning i Glostrup Kommune"
    page.get_by_role("link", name="Genoptræning", exact=True).click()
    page.wait_for_url("**/kommune/glostrup/tilbud/genoptraening")
    assert page.get_by_role("heading", level=1).inner_text() == "Genoptræning"
    assert "Serviceloven § 86, stk. 1" in page.content()
    assert "21 træningsgange" in page.content()
    page.console_errors.assert_none()


def test_the_same_journey_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_label("Din kommune").select_option("herlev")
    page.get_by_role("button", name="Se kommunens tilbud").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Træning i Herlev Kommune"
