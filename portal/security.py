"""Security headers on every response (CSP without inline code, no framing)."""

from __future__ import annotations

import re

from flask import Flask, Response, abort, request
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


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response
