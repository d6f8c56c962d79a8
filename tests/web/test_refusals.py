"""A refused action says why in place (issue 11): htmx gets the notice as a
fragment to put at the top of the element it aimed at; a page gets a page."""

from __future__ import annotations

import pytest

from tests.helpers import session_token, sign_in
from tests.web import schedule_support as support


@pytest.fixture
def demo(app):
    return support.load(app)


def _mette_for_birthe(app, client):
    sign_in(client, "mette", act_for="birthe")
    support.grant(app, "birthe", "mette", "apply,view,complain")  # Birthe took "afbud" away meanwhile


def test_a_relative_without_the_scope_gets_the_reason_in_the_row_with_htmx(app, client, demo):
    _mette_for_birthe(app, client)
    reference = demo.upcoming[-1][0]
    response = client.get(f"/traeningsplan/{reference}/afbud",
                          headers={"HX-Request": "true", "HX-Target": f"session-{reference}"})
    assert response.status_code == 403
    assert response.headers["HX-Reswap"] == "afterbegin"
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'class="alert alert-warning refusal-notice"' in html
    assert "Din fuldmagt dækker ikke dette" in html and "melde afbud og flytte træning" in html


def test_the_same_refusal_without_javascript_is_a_page(app, client, demo):
    _mette_for_birthe(app, client)
    response = client.get(f"/traeningsplan/{demo.upcoming[-1][0]}/afbud")
    assert response.status_code == 403
    assert "<h1>Din fuldmagt dækker ikke dette</h1>" in response.get_data(as_text=True)
    assert "HX-Reswap" not in response.headers


def test_a_scope_removed_between_the_page_and_the_post_is_refused_and_changes_nothing(app, client, demo):
    reference = demo.upcoming[-1][0]
    sign_in(client, "mette", act_for="birthe")
    token = session_token(client)
    support.grant(app, "birthe", "mette", "view")
    response = client.post(f"/traeningsplan/{reference}/afbud",
                           data={"reason": "illness", "step": "confirm", "shown": "on_time", "csrf_token": token},
                           headers={"HX-Request": "true", "HX-Target": f"session-{reference}"})
    assert response.status_code == 403
    assert support.booking(app, reference)["status"] == "booked"


def test_a_change_the_state_no_longer_allows_is_a_409_with_the_row_and_its_reason(app, client, demo):
    reference = demo.upcoming[-1][0]
    sign_in(client, "birthe")
    token = session_token(client)
    data = {"reason": "illness", "step": "confirm", "shown": "on_time", "csrf_token": token}
    assert client.post(f"/traeningsplan/{reference}/afbud", data=data).status_code == 302
    response = client.post(f"/traeningsplan/{reference}/afbud/fortryd", data={"csrf_token": token},
                           headers={"HX-Request": "true", "HX-Target": f"session-{reference}"})
    assert response.status_code in (200, 302)  # the undo itself is allowed
    again = client.post(f"/traeningsplan/{reference}/erstatning", data={"slot": str(demo.free_slot_ids[0]), "csrf_token": token},
                        headers={"HX-Request": "true", "HX-Target": f"session-{reference}"})
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert f'id="session-{reference}"' in html and "Du kan ikke vælge en erstatningstid til den træning." in html
