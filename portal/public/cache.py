"""Public pages for anonymous visitors, rendered once per process.

The forside, municipality and offer pages depend only on the data files and
the language, and an anonymous visitor has no session cookie (anonymous pages
carry no CSRF token). Anyone with a session cookie (signed in, or with a
message waiting) gets a fresh rendering."""

from __future__ import annotations

import functools

from flask import current_app, make_response, request

from portal import i18n, render_cache

_MAX_ENTRIES = 512


def anonymous_cached(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        app = current_app
        if app.debug or request.cookies.get(app.config["SESSION_COOKIE_NAME"]):
            return view(*args, **kwargs)
        store = app.extensions.setdefault("portal_public_pages", render_cache.Store(_MAX_ENTRIES))
        key = (request.full_path, i18n.language())
        hit = store.get(key)
        if hit is not None:
            body, mimetype = hit
            return app.response_class(body, mimetype=mimetype)
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and "Set-Cookie" not in response.headers:
            store.put(key, (response.get_data(), response.mimetype))
        return response

    return wrapper
