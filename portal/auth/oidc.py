"""Sign-in with OpenID Connect (a MitID broker for citizens, the municipality's
identity provider for staff), through Authlib. Configured from the environment."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

# NSIS assurance levels, lowest first. Brokers send either the bare name or a URI ending in it.
NSIS_LEVELS = ("low", "substantial", "high")


class SignInRefused(Exception):
    """The provider answered, but not with what we need (claims, assurance)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def level_of(value: object) -> int:
    text = str(value or "").strip().lower().rstrip("/")
    name = text.rsplit("/", 1)[-1]
    return NSIS_LEVELS.index(name) if name in NSIS_LEVELS else -1


def meets_level(value: object, required: str) -> bool:
    return level_of(value) >= max(level_of(required), 0)


def client(kind: str):
    """The Authlib client for "citizen" or "staff", or None when not configured."""
    return current_app.extensions["portal_oauth"].create_client(f"{kind}_oidc")


def configured(kind: str) -> bool:
    config = current_app.config["OIDC" if kind == "citizen" else "STAFF_OIDC"]
    return bool(config["issuer"] and config["client_id"])


def citizen_claims(userinfo: dict) -> tuple[str, str]:
    """(cpr, name) from the ID token, or SignInRefused."""
    config = current_app.config["OIDC"]
    if not meets_level(userinfo.get(config["loa_claim"]), config["required_loa"]):
        raise SignInRefused("assurance")
    cpr = str(userinfo.get(config["cpr_claim"]) or "")
    name = str(userinfo.get(config["name_claim"]) or "")
    if not cpr or not name:
        raise SignInRefused("claims")
    return cpr, name


def staff_claims(userinfo: dict) -> dict:
    config = current_app.config["STAFF_OIDC"]
    if not meets_level(userinfo.get(config["loa_claim"]), config["required_loa"]):
        raise SignInRefused("assurance")
    subject = str(userinfo.get(config["subject_claim"]) or "")
    name = str(userinfo.get(config["name_claim"]) or "")
    municipality = str(userinfo.get(config["municipality_claim"]) or "")
    roles = userinfo.get(config["role_claim"]) or []
    if isinstance(roles, str):
        roles = [r.strip() for r in roles.replace(",", " ").split()]
    if not subject or not name or not municipality or not roles:
        raise SignInRefused("claims")
    return {"subject": subject, "name": name, "municipality": municipality, "roles": [str(r) for r in roles]}


def init_app(app: Flask) -> None:
    # One registry per app, so tests can point apps at different providers.
    registry = OAuth(app)
    for kind, key in (("citizen", "OIDC"), ("staff", "STAFF_OIDC")):
        config = app.config[key]
        if config["issuer"] and config["client_id"]:
            registry.register(
                f"{kind}_oidc",
                client_id=config["client_id"],
                client_secret=config["client_secret"],
                server_metadata_url=config["issuer"].rstrip("/") + "/.well-known/openid-configuration",
                client_kwargs={"scope": config["scope"]},
            )
    app.extensions["portal_oauth"] = registry
