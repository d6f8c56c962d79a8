"""Security properties that hold on every response."""

from __future__ import annotations

import logging

import pytest

from tests.helpers import load_demo, post, sign_in


def test_session_cookie_is_httponly_and_samesite_lax(app, client):
    load_demo(app)
    response = post(client, "/log-ind/demo", {"who": "jens"})
    cookie = response.headers["Set-Cookie"]
    assert "tp_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_sets_secure_cookies_and_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.delenv("PORTAL_DEMO", raising=False)
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}", "RATELIMIT_ENABLED": False})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEBUG"] is False
    response = app.test_client().get("/", base_url="https://portal.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from portal import create_app
    from portal.settings import ConfigurationError

    with pytest.raises(ConfigurationError):
        create_app()


def test_strict_csp_without_inline_code_on_every_kind_of_page(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    for path in ("/", "/kommune/glostrup", "/min-side", "/fuldmagt", "/findes-ikke"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        html = response.get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "onclick=" not in html


def test_htmx_requests_need_the_csrf_token_too(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    response = client.post("/fuldmagt/ny", data={"holder_cpr": "0512792244", "holder_name": "Karen", "scopes": ["view"]},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400


def test_database_unreachable_gives_a_clear_danish_503_and_public_pages_still_work():
    from portal import create_app
    from tests.helpers import csrf_token

    app = create_app({
        "TESTING": True, "SECRET_KEY": "t", "DEMO": True, "RATELIMIT_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
    })
    client = app.test_client()
    assert client.get("/kommune/glostrup").status_code == 200
    token = csrf_token(client, "/log-ind")
    response = client.post("/log-ind/demo", data={"who": "birthe", "csrf_token": token})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Portalen er midlertidigt utilgængelig" in html
    assert "psycopg" not in html and "127.0.0.1" not in html


def test_error_pages_reveal_nothing_and_cpr_never_reaches_the_log(app, caplog):
    @app.get("/test-leak")
    def leak():
        raise ValueError("boom for 1203551234")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.INFO):
        response = app.test_client().get("/test-leak")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "boom" not in body and "1203551234" not in body and "Traceback" not in body
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "boom for 120355-XXXX" in logged
    assert "1203551234" not in logged


def test_every_submit_is_rate_limited(tmp_path):
    from tests.conftest import make_app
    from tests.helpers import csrf_token

    app = make_app(f"sqlite:///{tmp_path / 'submits.db'}", RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="5 per minute")
    client = app.test_client()
    token = csrf_token(client, "/hvilket-tilbud")
    statuses = [client.post("/hvilket-tilbud", data={"csrf_token": token}).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert client.get("/hvilket-tilbud").status_code == 200  # reading is not limited
