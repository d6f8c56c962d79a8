"""The public pages render in Danish with the DKFDS frame, for every municipality."""

from __future__ import annotations

import re

import pytest

from portal import municipalities

MUNICIPALITY_IDS = sorted(municipalities.all_municipalities())


def _one_h1(html: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def _frame(html: str) -> None:
    assert '<html lang="da"' in html
    assert 'class="skipnav" href="#main-content"' in html
    assert 'id="main-content"' in html
    assert 'class="header"' in html and "<footer>" in html
    assert "/tilgaengelighed" in html
    _one_h1(html)


def test_forside_explains_both_offers_and_lets_you_choose_a_municipality(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    _frame(html)
    assert "Genoptræning" in html and "Vedligeholdende træning" in html
    for m in municipalities.all_municipalities().values():
        assert m.name in html


def test_choosing_a_municipality_without_javascript_redirects_to_its_page(client):
    response = client.get("/kommune?kommune=glostrup")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kommune/glostrup")


@pytest.mark.parametrize("municipality_id", MUNICIPALITY_IDS)
def test_municipality_page_shows_offers_promises_cancellation_complaints_and_sources(client, municipality_id):
    m = municipalities.get(municipality_id)
    response = client.get(f"/kommune/{municipality_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    _frame(html)
    assert m.name in html
    for offer in m.offers:
        assert f"/kommune/{municipality_id}/tilbud/{offer.id}" in html
    assert "Det lover kommunen" in html
    assert "Sådan melder du afbud" in html
    assert "Sådan klager du" in html
    assert "Ankestyrelsen" in html and "Styrelsen for Patientklager" in html
    assert "Kilde:" in html


def test_glostrup_page_states_its_promise_from_the_rules(client):
    html = client.get("/kommune/glostrup").get_data(as_text=True)
    assert "Du får en afgørelse senest 10 hverdage efter, at kommunen har modtaget din ansøgning." in html
    assert "kl. 12.00 dagen før" in html
    assert "kl. 8.00 samme dag" in html
    assert "43 23 66 90" in html


@pytest.mark.parametrize("municipality_id", MUNICIPALITY_IDS)
def test_every_offer_page_renders(client, municipality_id):
    m = municipalities.get(municipality_id)
    for offer in m.offers:
        response = client.get(f"/kommune/{municipality_id}/tilbud/{offer.id}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, offer.id
        _frame(html)
        assert offer.name in html
        assert offer.legal_basis in html


def test_unknown_municipality_and_offer_give_the_designed_404(client):
    for url in ("/kommune/aarhus", "/kommune/glostrup/tilbud/yoga", "/no-such-page"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Siden findes ikke" in html
        _frame(html)


def test_a_crash_gives_the_designed_500_page_without_details(app):
    @app.get("/test-crash")
    def crash():
        raise RuntimeError("secret internals 010203-1234")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/test-crash")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Der skete en fejl hos os" in html
    assert "secret internals" not in html and "Traceback" not in html and "010203" not in html


def test_english_can_be_chosen_and_sticks(client):
    response = client.get("/sprog/en?next=/kommune/glostrup")
    assert response.status_code == 302
    html = client.get("/kommune/glostrup").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Training in Glostrup Kommune" in html
    assert "What the municipality promises" in html


def test_language_choice_does_not_redirect_off_site(client):
    response = client.get("/sprog/en?next=//evil.example")
    assert response.headers["Location"] == "/"


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_accessibility_statement_and_privacy_pages(client):
    for url, text in (("/tilgaengelighed", "Tilgængelighedserklæring"), ("/privatliv", "dataansvarlig")):
        response = client.get(url)
        assert response.status_code == 200
        assert text in response.get_data(as_text=True)


def test_static_files_are_versioned_cached_for_a_year_and_compressed(client):
    html = client.get("/").get_data(as_text=True)
    import re

    css = re.search(r'href="(/static/vendor/dkfds-[^"]+\.css)"', html).group(1)
    own = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get(own).status_code == 200


def test_public_pages_set_no_cookie_for_anonymous_visitors_and_are_rendered_once(app, client):
    first = client.get("/kommune/glostrup")
    assert "Set-Cookie" not in first.headers
    from unittest import mock

    with mock.patch("portal.public.views.render_template", side_effect=AssertionError("rendered again")):
        again = client.get("/kommune/glostrup")
    assert again.get_data() == first.get_data()
    assert "Content-Security-Policy" in again.headers


def test_a_signed_in_visitor_gets_a_fresh_public_page_with_their_name(app, client):
    from tests.helpers import load_demo, sign_in

    load_demo(app)
    client.get("/kommune/glostrup")
    sign_in(client, "jens")
    assert "Jens Nielsen" in client.get("/kommune/glostrup").get_data(as_text=True)


def test_the_cached_page_follows_the_language(app, client):
    danish = client.get("/kommune/glostrup").get_data(as_text=True)
    client.get("/sprog/en")
    english = client.get("/kommune/glostrup").get_data(as_text=True)
    assert 'lang="da"' in danish and 'lang="en"' in english


def test_the_readme_lists_every_demo_person_and_staff_member():
    from pathlib import Path

    from portal.demo_people import PEOPLE, STAFF

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [person.name for person in (*PEOPLE, *STAFF) if person.name not in readme]
    assert missing == []
