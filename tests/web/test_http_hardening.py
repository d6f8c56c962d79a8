"""HTTP hardening: no caching of a signed-in person's pages, redirect targets
that stay on the site however they are written, rate limits keyed on the
real client only behind proxies the settings trust, the demo outbox for staff."""

from __future__ import annotations

import pytest

from portal.security import safe_target
from tests.conftest import make_app
from tests.helpers import csrf_token, load_demo, post, sign_in, sign_in_staff

HOSTILE_TARGETS = [
    "/\t/evil.example",  # a browser drops the tab: //evil.example
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",  # a browser reads the backslash as a slash
    "\\/evil.example",
    "\\\\evil.example",
    " //evil.example",  # leading space, dropped by the browser
    "\x00//evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_a_redirect_target_that_would_leave_the_site_is_replaced_by_the_default(target):
    assert safe_target(target, "/min-side") == "/min-side"


@pytest.mark.parametrize("target, followed", [
    ("/mine-sager", "/mine-sager"),
    ("/mine-sager?side=2#sag", "/mine-sager?side=2#sag"),
    ("/mine-sager/\tTP-ABC-DEF", "/mine-sager/TP-ABC-DEF"),  # checked and returned as the browser reads it
    ("/kommune/glostrup ", "/kommune/glostrup"),
])
def test_a_path_on_the_site_is_kept_in_the_form_the_browser_follows(target, followed):
    assert safe_target(target, "/") == followed


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", " //evil.example"])
def test_sign_in_never_redirects_off_the_site(app, client, target):
    load_demo(app)
    response = post(client, "/log-ind/demo", {"who": "jens", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/min-side"


def test_sign_in_follows_a_path_on_the_site(app, client):
    load_demo(app)
    response = post(client, "/log-ind/demo", {"who": "jens", "next": "/mine-sager"})
    assert response.headers["Location"] == "/mine-sager"


@pytest.mark.parametrize("query", ["next=/%5Cevil.example", "next=%5C%5Cevil.example", "next=//evil.example"])
def test_the_language_choice_never_redirects_off_the_site(client, query):
    response = client.get(f"/sprog/en?{query}")
    assert response.status_code == 302 and response.headers["Location"] == "/"


# ------------------------------------------------------------ Cache-Control

def test_every_response_to_a_signed_in_person_is_no_store(app, client):
    load_demo(app)
    signing_in = post(client, "/log-ind/demo", {"who": "birthe"})
    assert signing_in.headers["Cache-Control"] == "no-store"  # the answer that sets the new session
    for path in ("/min-side", "/traeningsplan", "/mine-sager", "/", "/tilgaengelighed", "/findes-ikke",
                 "/session/status", "/log-ind"):
        response = client.get(path)
        assert response.headers.get("Cache-Control") == "no-store", path


def test_staff_pages_are_no_store_too(app, client):
    load_demo(app)
    sign_in_staff(client, "lone")
    assert client.get("/medarbejder").headers.get("Cache-Control") == "no-store"


def test_an_anonymous_visitor_and_static_files_are_not_made_no_store(app, client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    load_demo(app)
    sign_in(client, "birthe")
    static = client.get("/static/img/favicon.svg")
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert "max-age=31536000" in static.headers.get("Cache-Control", "")


# ------------------------------------------------------------ trusted proxies

def _sign_in_from(client, address: str) -> int:
    token = csrf_token(client, "/log-ind")
    return client.post("/log-ind/demo", data={"who": "jens", "csrf_token": token},
                       headers={"X-Forwarded-For": address}).status_code


def _limited_app(backend_app, trusted: int):
    uri = backend_app.config["SQLALCHEMY_DATABASE_URI"]
    return make_app(uri, RATELIMIT_ENABLED=True, RATELIMIT_SIGN_IN="2 per minute",
                    RATELIMIT_STORAGE_URI="memory://", TRUSTED_PROXIES=trusted)


def test_without_trusted_proxies_the_rate_limit_ignores_x_forwarded_for(app):
    limited = _limited_app(app, 0)
    load_demo(limited)
    client = limited.test_client()
    # Three different claimed addresses, one real client: the third is over the limit.
    assert [_sign_in_from(client, f"203.0.113.{n}") for n in (1, 2, 3)] == [302, 302, 429]


def test_behind_a_trusted_proxy_the_rate_limit_keys_on_the_real_client(app):
    limited = _limited_app(app, 1)
    load_demo(limited)
    client = limited.test_client()
    assert [_sign_in_from(client, "203.0.113.1") for _ in range(3)] == [302, 302, 429]
    assert _sign_in_from(client, "203.0.113.2") == 302  # another client behind the same proxy
    # The proxy appends the address it saw: only the last hop is believed, not one the client wrote.
    assert _sign_in_from(client, "203.0.113.9, 203.0.113.1") == 429


def test_trusted_proxies_must_be_a_whole_number(monkeypatch, tmp_path):
    from portal import settings

    monkeypatch.setenv("TRUSTED_PROXIES", "two")
    with pytest.raises(settings.ConfigurationError):
        settings.from_environment(tmp_path)
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert settings.from_environment(tmp_path)["TRUSTED_PROXIES"] == 2
