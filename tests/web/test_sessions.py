"""The session cookie verified once per process (portal/sessions.py) and a
session's signed CSRF token reused for a minute (render_cache.signed_token):
what is remembered answers exactly as a fresh verification would, and an
altered, expired or someone else's cookie or token is never taken for it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from flask.sessions import SecureCookieSessionInterface

from portal.sessions import SessionInterface
from tests.helpers import sign_in

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_COOKIE = "tp_session"
_START = datetime(2027, 3, 3, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def demo(app):
    from tests.helpers import load_demo

    return load_demo(app)


def _cookie(client) -> str:
    return client.get_cookie(_COOKIE).value


def _signed_in(client) -> bool:
    return client.get("/min-side").status_code == 200


def test_a_remembered_cookie_is_accepted_and_an_altered_one_is_refused(app, client, demo):
    sign_in(client, "birthe")
    assert _signed_in(client) and _signed_in(client)  # the second answered from what was remembered
    value = _cookie(client)
    assert value in app.session_interface.verified._items
    forger = app.test_client()
    altered = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    forger.set_cookie(_COOKIE, altered)
    assert not _signed_in(forger)
    payload, _, signature = value.partition(".")
    forger.set_cookie(_COOKIE, payload + "." + signature + "x")
    assert not _signed_in(forger)
    assert _signed_in(client)


def test_a_remembered_cookie_expires_exactly_as_a_verified_one(app, client, demo):
    lifetime = app.permanent_session_lifetime
    with time_machine.travel(_START, tick=False) as traveller:
        sign_in(client, "birthe")
        assert _signed_in(client)
        value = _cookie(client)
        flask_own = SecureCookieSessionInterface()
        for offset, accepted in ((lifetime - timedelta(seconds=1), True), (lifetime + timedelta(seconds=1), False)):
            traveller.move_to(_START + offset)
            with app.test_request_context("/", headers={"Cookie": f"{_COOKIE}={value}"}) as context:
                remembered = app.session_interface.open_session(app, context.request)
                verified = flask_own.open_session(app, context.request)
                assert ("sid" in remembered) is accepted
                assert dict(remembered) == dict(verified)


def test_each_request_gets_its_own_copy_of_a_remembered_session(app, client, demo):
    sign_in(client, "birthe")
    client.get("/min-side")
    value = _cookie(client)
    with app.test_request_context("/", headers={"Cookie": f"{_COOKIE}={value}"}) as context:
        first = app.session_interface.open_session(app, context.request)
        first["sid"] = "changed by one request"
        second = app.session_interface.open_session(app, context.request)
    assert second["sid"] != "changed by one request"


def test_a_session_holding_more_than_plain_values_is_verified_every_time(app):
    interface = SessionInterface()
    serializer = interface.get_signing_serializer(app)
    value = serializer.dumps({"sid": "abc", "_flashes": [("info", "Gemt")]})
    with app.test_request_context("/", headers={"Cookie": f"{_COOKIE}={value}"}) as context:
        session = interface.open_session(app, context.request)
    assert session["_flashes"] == [("info", "Gemt")]
    assert interface.verified._items == {}


def test_a_kept_pages_token_is_reused_for_a_minute_then_signed_afresh_and_both_are_accepted(app, client, demo):
    with time_machine.travel(_START, tick=False) as traveller:
        sign_in(client, "birthe")
        first = _TOKEN.findall(client.get("/min-side").get_data(as_text=True))
        traveller.move_to(_START + timedelta(seconds=59))
        again = _TOKEN.findall(client.get("/min-side").get_data(as_text=True))
        traveller.move_to(_START + timedelta(seconds=61))
        later = _TOKEN.findall(client.get("/min-side").get_data(as_text=True))
        assert first and again == first and later and later != first
        other = app.test_client()
        sign_in(other, "birthe")
        assert set(_TOKEN.findall(other.get("/min-side").get_data(as_text=True))).isdisjoint(first + later)
        # Both of this session's tokens are valid for it; neither is for the other session.
        assert other.post("/log-ud", data={"csrf_token": first[0]}).status_code == 400
        assert client.post("/log-ud", data={"csrf_token": first[0]}).status_code == 302
    with time_machine.travel(_START + timedelta(minutes=2), tick=False):
        sign_in(client, "birthe")
        client.get("/min-side")
        assert client.post("/log-ud", data={"csrf_token": later[0]}).status_code == 400  # a new sign-in, a new token
