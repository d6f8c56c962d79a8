"""SQL statements per request: one request through the Flask test client,
counted by a `before_cursor_execute` listener on the engine."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str | None:
    match = _TOKEN.search(html)
    return (match.group(1) or match.group(2)) if match else None


@contextmanager
def counting(engine):
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def sign_in(client, who: str) -> None:
    token = csrf_token(client.get("/log-ind").get_data(as_text=True))
    response = client.post("/log-ind/demo", data={"who": who, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"demo sign-in as {who} answered {response.status_code}")


def count(app, method: str, path: str, *, who: str | None = None, form: dict | None = None,
          token_from: str = "/log-ind") -> tuple[int, int, list[str]]:
    """(statements, status, the statements) for one request, after one warm-up
    request of the same page (GET), so the count is a steady state."""
    from portal.extensions import db

    client = app.test_client()
    with app.app_context():
        if who:
            sign_in(client, who)
        data = None
        if method == "GET":
            client.get(path)
        else:
            token = csrf_token(client.get(token_from).get_data(as_text=True))
            data = {**(form or {}), "csrf_token": token}
        engine = db.engine
    with counting(engine) as statements:
        response = client.open(path, method=method, data=data)
    return len(statements), response.status_code, statements
