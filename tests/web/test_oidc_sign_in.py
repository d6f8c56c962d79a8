"""Sign-in with OpenID Connect, end to end against a real provider on loopback
(oidc-provider-mock): the redirect, the code exchange, the claims, a refused
assurance level and a tampered state."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
from oidc_provider_mock import User, run_server_in_thread

from tests.conftest import make_app

SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
USERS = [
    User(sub="birthe-mitid", claims={"name": "Birthe Hansen", "dk:gov:cpr": "1203551234", "loa": SUBSTANTIAL}),
    User(sub="low-mitid", claims={"name": "Lav Sikring", "dk:gov:cpr": "0101901234", "loa": "Low"}),
    User(sub="no-cpr", claims={"name": "Uden Cpr", "loa": SUBSTANTIAL}),
    User(sub="lone-sso", claims={"name": "Lone Jensen", "loa": "Substantial", "municipality": "glostrup",
                                 "role": ["visitator"]}),
]


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(user_claims=USERS) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc_app(provider, tmp_path):
    oidc = {
        "issuer": provider, "client_id": "traeningsportalen", "client_secret": "hemmelig",
        "scope": "openid profile", "cpr_claim": "dk:gov:cpr", "name_claim": "name", "loa_claim": "loa",
        "required_loa": "Substantial", "subject_claim": "sub", "role_claim": "role",
        "municipality_claim": "municipality",
    }
    return make_app(f"sqlite:///{tmp_path / 'oidc.db'}", OIDC=dict(oidc), STAFF_OIDC=dict(oidc), DEMO=False)


def _authorise(authorize_url: str, subject: str) -> str:
    """Play the person at the provider: pick the user; return our callback URL."""
    response = requests.post(authorize_url, data={"sub": subject}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:300]
    return response.headers["Location"]


def _callback_path(location: str) -> str:
    parsed = urlparse(location)
    return urlunparse(("", "", parsed.path, "", parsed.query, ""))


def test_redirect_goes_to_the_provider_with_state_and_nonce(oidc_app, provider):
    client = oidc_app.test_client()
    response = client.get("/log-ind/mitid")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(provider)
    query = parse_qs(urlparse(location).query)
    assert query["client_id"] == ["traeningsportalen"]
    assert query["response_type"] == ["code"]
    assert "state" in query and "nonce" in query
    assert query["redirect_uri"][0].endswith("/log-ind/svar")


def test_code_exchange_signs_the_citizen_in_with_name_and_cpr_from_the_claims(oidc_app):
    client = oidc_app.test_client()
    authorize_url = client.get("/log-ind/mitid").headers["Location"]
    callback = _callback_path(_authorise(authorize_url, "birthe-mitid"))
    response = client.get(callback)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get("/min-side").get_data(as_text=True)
    assert "Birthe Hansen" in page
    assert "1203551234" not in page and "120355-1234" not in page
    from portal.auth.models import Person
    from portal.extensions import db

    with oidc_app.app_context():
        assert db.session.query(Person).filter_by(cpr="1203551234").one().name == "Birthe Hansen"


def test_a_low_assurance_level_is_refused(oidc_app):
    client = oidc_app.test_client()
    authorize_url = client.get("/log-ind/mitid").headers["Location"]
    response = client.get(_callback_path(_authorise(authorize_url, "low-mitid")))
    assert response.status_code == 401
    assert "sikringsniveau" in response.get_data(as_text=True)
    assert client.get("/min-side").status_code == 302


def test_missing_cpr_claim_is_refused(oidc_app):
    client = oidc_app.test_client()
    authorize_url = client.get("/log-ind/mitid").headers["Location"]
    response = client.get(_callback_path(_authorise(authorize_url, "no-cpr")))
    assert response.status_code == 401


def test_a_tampered_state_is_refused_and_signs_no_one_in(oidc_app):
    client = oidc_app.test_client()
    authorize_url = client.get("/log-ind/mitid").headers["Location"]
    location = _authorise(authorize_url, "birthe-mitid")
    parsed = urlparse(location)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    query["state"] = query["state"][:-3] + "xyz"
    response = client.get(f"{parsed.path}?{urlencode(query)}")
    assert response.status_code == 401
    assert "Log-ind blev afbrudt" in response.get_data(as_text=True)
    assert client.get("/min-side").status_code == 302


def test_staff_sign_in_uses_its_own_provider_configuration_and_roles(oidc_app):
    client = oidc_app.test_client()
    authorize_url = client.get("/medarbejder/log-ind/start").headers["Location"]
    response = client.get(_callback_path(_authorise(authorize_url, "lone-sso")))
    assert response.status_code == 302
    from portal.auth.models import StaffMember
    from portal.extensions import db

    with oidc_app.app_context():
        staff = db.session.query(StaffMember).filter_by(subject="lone-sso").one()
        assert staff.municipality_id == "glostrup"
        assert staff.role_list == ["visitator"]


def test_demo_sign_in_is_off_when_demo_is_off(oidc_app):
    client = oidc_app.test_client()
    assert "DEMO" not in client.get("/log-ind").get_data(as_text=True)
    oidc_app.config["WTF_CSRF_ENABLED"] = False  # so the refusal is the demo switch, not CSRF
    assert client.post("/log-ind/demo", data={"who": "birthe"}).status_code == 404
    assert client.post("/medarbejder/log-ind/demo", data={"who": "lone"}).status_code == 404


def test_demo_cannot_be_switched_on_in_production(monkeypatch):
    from portal import create_app
    from portal.settings import ConfigurationError

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PORTAL_DEMO", "1")
    with pytest.raises(ConfigurationError):
        create_app()
    monkeypatch.delenv("PORTAL_DEMO")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["DEMO"] is False
    with pytest.raises(ConfigurationError):
        create_app({"DEMO": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
