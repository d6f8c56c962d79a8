"""Fire the same request (or a mix) many times at once, through real
concurrent transactions on PostgreSQL.

Each request runs in its own thread with its own test client and database
connection; all wait at a barrier and go together. A service can be slowed
down inside its transaction (`hold`), after it has looked at the state and
before the request commits: without a lock every request would pass the
same check and all would act; with one, the others wait and then find the
change already made.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from tests.helpers import session_token

N = 8


@dataclass
class Shot:
    method: str
    url: str
    data: dict | None = None
    headers: dict | None = None


def clones(client, n: int) -> list:
    """`n` test clients sharing `client`'s sign-in (one person's double clicks, or tabs)."""
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    copies = []
    for _ in range(n):
        other = client.application.test_client()
        other.set_cookie(name, cookie.value, domain=cookie.domain or "localhost", path=cookie.path or "/")
        copies.append(other)
    return copies


def fire(clients: list, shots: list[Shot]) -> list:
    """Send shots[i] through clients[i], all at once; the responses in order."""
    barrier = threading.Barrier(len(shots), timeout=30)
    responses: list = [None] * len(shots)
    errors: list = []

    def go(index: int):
        shot = shots[index]
        try:
            barrier.wait()
            responses[index] = clients[index].open(shot.url, method=shot.method, data=shot.data, headers=shot.headers)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=go, args=(index,)) for index in range(len(shots))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert all(response is not None for response in responses), "a request did not finish"
    return responses


def same(client, method: str, url: str, data: dict | None = None, n: int = N, **headers) -> list:
    """The same request `n` times at once, from one signed-in person, with a valid CSRF token."""
    data = dict(data or {})
    if method == "POST":
        data.setdefault("csrf_token", session_token(client))
    return fire(clones(client, n), [Shot(method, url, data, headers or None) for _ in range(n)])


def hold(monkeypatch, module, name: str, seconds: float = 0.3) -> None:
    """Keep `module.name`'s transaction open a while after it has done its work."""
    original = getattr(module, name)

    @functools.wraps(original)
    def slowly(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(module, name, slowly)


def statuses(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def audit_count(app, action: str, ref: str | None = None) -> int:
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        if ref is not None:
            query = query.where(AuditEntry.object_ref == ref)
        return db.session.scalar(query)


def outbox_count(app, kind: str | None = None) -> int:
    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    with app.app_context():
        query = select(func.count()).select_from(OutboxMessage)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return db.session.scalar(query)


def consistent(app) -> list[str]:
    """What `flask check` finds (nothing, when all is well)."""
    from portal.consistency import findings

    with app.app_context():
        return findings()
