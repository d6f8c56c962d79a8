"""Security headers on every response (CSP without inline code, no framing,
no caching of a signed-in person's pages), redirect targets that stay on the
site, and the real client address behind trusted proxies."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, g, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


_FIXED_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a browser drops from a URL before it parses it (WHATWG URL standard):
# leading and trailing C0 controls and spaces, and every tab and newline.
_STRIPPED_AT_ENDS = "".join(chr(c) for c in range(0x21))
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")


def safe_target(value: str | None, default: str) -> str:
    """A user-given redirect target (?next=…) as a path on this site, or `default`.

    Checked as the browser will read it: first normalised the way a browser
    normalises (so "/\t/evil.example" is seen as the "//evil.example" it
    becomes, and a backslash as the slash browsers take it for), then parsed;
    only a path without scheme or host is accepted, and what is returned is
    the normalised form, so the checked string is the one followed."""
    if not value:
        return default
    text = _REMOVED_ANYWHERE.sub("", value.strip(_STRIPPED_AT_ENDS)).replace("\\", "/")
    if _CONTROL.search(text) or not text.startswith("/") or text.startswith("//"):
        return default
    try:
        parts = urlsplit(text)
    except ValueError:
        return default
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return default
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def _signed_in() -> bool:
    """Someone signed in, or signing in with this very response."""
    return g.get("actor") is not None or bool(session.get("sid"))


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES load balancers or reverse proxies, take the
    client's address and scheme from the X-Forwarded-For/-Proto headers they
    add (werkzeug's ProxyFix, that many hops from the right), so the rate
    limits key on the real client. With 0, the default, the headers are
    ignored: anyone could otherwise pick their own address."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


class DatabaseIntegerConverter(IntegerConverter):
    """<int:…> in a URL never exceeds what an integer column holds, so a
    guessed huge id is a 404 rather than a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter

    @app.before_request
    def refuse_control_characters():
        # No page has a control character in its address; PostgreSQL cannot even store NUL.
        if _CONTROL.search(request.path) or any(_CONTROL.search(v) for v in request.args.values()):
            abort(404)
    fixed = list(_FIXED_HEADERS)
    if app.config.get("HSTS"):
        fixed.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
    fixed_names = tuple((name.lower(), (name, value)) for name, value in fixed)

    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        # Each fixed header unless the response set its own (one look at the names, not one per header).
        present = {name.lower() for name in headers.keys()}
        headers.extend([header for lowered, header in fixed_names if lowered not in present])
        # A signed-in person's pages show case data: never kept by the browser
        # (back button after sign-out, a shared computer) or by any cache on
        # the way. Static files never come here: WhiteNoise answers them first.
        if request.endpoint != "static" and _signed_in():
            headers["Cache-Control"] = "no-store"
        return response
