"""The signed session cookie, verified once per process for each cookie value.

Flask keeps the session in a cookie signed with SECRET_KEY (itsdangerous): on
every request it derives the signing key, checks the HMAC, decodes base64 and
JSON and walks the tagged values. A signed-in person's cookie is the same on
every request until the session changes (sign-in, a language, a flash
message), so this interface keeps what a verified cookie holds, under the
cookie's exact value, and answers the next request with the same cookie from
that, as long as the signature is young enough (the same `max_age` check
itsdangerous makes). A cookie that was never verified here is verified as
Flask does; a forged or altered cookie is a different value and never found.

Only sessions whose values are all plain strings, numbers, booleans or None
are kept (a signed-in session: its token, CSRF token, language): a session is
a dict copied from the kept one, so no request can change what another one
reads. Anything else (waiting flash messages, the guide's answers) is
verified every time. Saving the session is Flask's own, unchanged.
"""

from __future__ import annotations

import time

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from portal.render_cache import Store

_PLAIN = (str, int, float, bool, type(None))


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self, capacity: int = 4096):
        self.verified = Store(capacity)  # cookie value -> (data, signed at, as a POSIX time)

    def open_session(self, app, request):
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = self.verified.get(value)
        if known is not None:
            data, signed_at = known
            if 0 <= int(time.time()) - signed_at <= max_age:
                return self.session_class(data)
        try:
            data, signed_at = self.get_signing_serializer(app).loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(item, _PLAIN) for item in data.values()):
            self.verified.put(value, (dict(data), int(signed_at.timestamp())))
        return self.session_class(data)


def init_app(app) -> None:
    app.session_interface = SessionInterface()
