"""SQL statements per request: one request through the Flask test client,
counted by a `before_cursor_execute` listener on the engines (portal.side.engines())."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
                    r'|"X-CSRFToken": "([^"]+)"')


def csrf_token(html: str) -> str | None:
    """The CSRF token in a page: a form's hidden field, or base.html's htmx header."""
    match = _TOKEN.search(html)
    return next((g for g in match.groups() if g), None) if match else None


def token_for(client, path: str) -> str | None:
    """A CSRF token from the page itself (a form page) or else from the forside."""
    for source in (path, "/"):
        response = client.get(source)
        token = csrf_token(response.get_data(as_text=True)) if response.status_code == 200 else None
        if token:
            return token
    return None


@contextmanager
def counting(*engines):
    """The statements sent through these engines (a request's: `portal.side.engines()`) meanwhile."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", listener)


STAFF_PREFIX = "staff:"  # who="staff:lone": the demo staff member lone


def sign_in_paths(who: str) -> tuple[str, str, str]:
    """(sign-in page, demo sign-in POST, demo key) for a demo person or staff member."""
    if who.startswith(STAFF_PREFIX):
        return "/medarbejder/log-ind", "/medarbejder/log-ind/demo", who[len(STAFF_PREFIX):]
    return "/log-ind", "/log-ind/demo", who


def sign_in(client, who: str) -> None:
    page, post, key = sign_in_paths(who)
    token = csrf_token(client.get(page).get_data(as_text=True))
    response = client.post(post, data={"who": key, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"demo sign-in as {who} answered {response.status_code}")


@contextmanager
def pages_made_afresh(app):
    """No kept pages (portal/page_cache.py) meanwhile: every request makes its page."""
    from portal.page_cache import PageStore

    kept = app.extensions["page_cache"]
    app.extensions["page_cache"] = PageStore(0)
    try:
        yield
    finally:
        app.extensions["page_cache"] = kept


def count(app, method: str, path: str, *, who: str | None = None, form: dict | None = None
          ) -> tuple[int, int, list[str]]:
    """(statements, status, the statements) for one request that makes its page
    (none kept), after one warm-up request of the same page (GET), so the count
    is a steady state."""
    with pages_made_afresh(app):
        return _count(app, method, path, who=who, form=form)


def made_ms(app, path: str, *, who: str | None = None, requests: int = 20) -> float:
    """The median time in this process (Flask test client) to make a GET page
    afresh, none kept: what the first request of a minute, or the first after a
    change, costs the server."""
    import statistics
    import time

    client = app.test_client()
    if who:
        sign_in(client, who)
    spent = []
    with pages_made_afresh(app):
        client.get(path)
        for _ in range(requests):
            began = time.perf_counter()
            client.get(path)
            spent.append(time.perf_counter() - began)
    return statistics.median(spent) * 1000


def _count(app, method: str, path: str, *, who: str | None = None, form: dict | None = None
           ) -> tuple[int, int, list[str]]:
    from portal import side

    client = app.test_client()
    # Requests outside any app context of ours: each gets its own, as in production
    # (a shared one would share flask.g, and with it a stale CSRF token).
    if who:
        sign_in(client, who)
    data = None
    if method == "GET":
        client.get(path)
    else:
        data = {**(form or {}), "csrf_token": token_for(client, path)}
    with app.app_context():
        engines = side.engines()
    with counting(*engines) as statements:
        response = client.open(path, method=method, data=data)
    return len(statements), response.status_code, statements
