"""bench/floor.py: the ceiling's page after the statements a kept signed-in
page of the portal sends, and only those. The bench reports each database's
floor beside the ceiling as the best a signed-in page can reach there, so the
floor must send exactly what the portal sends: a change to the sign-in read
or to a read's entry shows here, not as a floor that drifted from the portal."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from bench import ceiling, floor
from bench.queries import counting
from portal import side
from portal.auth.models import AuditEntry, LoginSession
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, sign_in


@pytest.fixture(autouse=True)
def _floor_closed_afterwards():
    yield
    floor.reset()


def test_the_floor_sends_what_a_kept_signed_in_page_sends(app, monkeypatch):
    people, _ = load_demo(app)
    client = app.test_client()
    with time_machine.travel(datetime.now(COPENHAGEN).replace(second=5), tick=False):  # one minute: the page is kept
        sign_in(client, "birthe")
        assert client.get("/min-side").status_code == 200  # made, and kept
        with app.app_context():
            engines = side.engines()
            token = db.session.scalar(select(LoginSession.token).order_by(LoginSession.created_at.desc()))
        with counting(*engines) as portal_statements:
            assert client.get("/min-side").status_code == 200  # the kept page
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        monkeypatch.setenv("FLOOR_DATABASE_URL", url)
        monkeypatch.setenv("FLOOR_TOKEN", token)
        with counting(floor.engine(url)) as floor_statements:
            answer = floor.app.test_client().get("/7039")

    assert answer.status_code == 200
    assert len(answer.data) == ceiling.size_of(7039)  # the ceiling's page, byte for byte as large
    assert len(portal_statements) == 2  # the sign-in read and the read's entry
    assert floor_statements == portal_statements
    with app.app_context():  # the entry was committed before the page was answered
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "floor"))
        assert entry is not None and entry.actor_person_id == people["birthe"] == entry.subject_person_id


def test_the_floor_refuses_a_token_that_is_no_sign_in(app, monkeypatch):
    load_demo(app)
    monkeypatch.setenv("FLOOR_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("FLOOR_TOKEN", "no-such-sign-in")
    assert floor.app.test_client().get("/100").status_code == 503  # counted as a failure, never measured
