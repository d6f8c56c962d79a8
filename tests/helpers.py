"""Helpers for test-client tests: CSRF tokens and demo sign-in."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, url: str = "/log-ind") -> str:
    html = client.get(url).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no csrf_token on {url}"
    return match.group(1) or match.group(2)


def post(client, url: str, data: dict | None = None, *, token_from: str | None = None, **kwargs):
    """POST with a valid CSRF token taken from `token_from` (default: the same URL, else /log-ind)."""
    data = dict(data or {})
    if "csrf_token" not in data:
        source = token_from or "/log-ind"
        data["csrf_token"] = csrf_token(client, source)
    return client.post(url, data=data, **kwargs)


def sign_in(client, key: str, *, act_for: str | None = None):
    """Demo sign-in as a demo person by key (birthe, mette, jens, karen, ali);
    `act_for` picks a grantor by demo key afterwards ("self" for oneself)."""
    response = post(client, "/log-ind/demo", {"who": key})
    assert response.status_code == 302, response.status_code
    if act_for is not None:
        from portal.demo_people import PEOPLE_BY_KEY
        from portal.auth.models import Person
        from portal.extensions import db
        from sqlalchemy import select

        if act_for == "self":
            choice = "self"
        else:
            with client.application.app_context():
                choice = str(db.session.scalar(select(Person.id).where(Person.cpr == PEOPLE_BY_KEY[act_for].cpr)))
        response = post(client, "/vaelg-person", {"person": choice}, token_from="/vaelg-person")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def sign_in_staff(client, key: str):
    """Demo sign-in as demo staff by key (lone, peter, susanne, hanne, anders)."""
    response = post(client, "/medarbejder/log-ind/demo", {"who": key}, token_from="/medarbejder/log-ind")
    assert response.status_code == 302, response.status_code
    return response


def load_demo(app):
    """Load the demo world into the app's (empty) database; returns it."""
    from portal.demo import load
    from portal.extensions import db

    with app.app_context():
        world = load()
        db.session.commit()
        ids = {key: person.id for key, person in world.people.items()}
        staff_ids = {key: member.id for key, member in world.staff.items()}
    return ids, staff_ids


_BODY_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def session_token(client) -> str:
    """The CSRF token of the client's session: from the page's htmx headers
    when signed in (any page shows it, even a refusal), else from a form."""
    html = client.get("/tilgaengelighed").get_data(as_text=True)
    match = _BODY_TOKEN.search(html)
    if match:
        return match.group(1)
    return csrf_token(client, "/log-ind")
