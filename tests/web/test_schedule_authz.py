"""Every schedule and outbox route, as every role in tests/web/authz/README.md,
gives the status written in tests/web/authz/schedule.py and outbox.py (until
the lead's matrix runs them all, this runs ours)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.helpers import csrf_token, sign_in, sign_in_staff
from tests.web import schedule_support as support
from tests.web.authz import outbox as outbox_rules
from tests.web.authz import schedule as schedule_rules

ROLES = ("anonymous", "citizen_a", "citizen_b", "relative_all", "relative_one", "relative_expired",
         "relative_revoked", "staff_same", "staff_other")

EXPECTATIONS = {**schedule_rules.EXPECTATIONS, **outbox_rules.EXPECTATIONS}
POST_DATA = {**schedule_rules.POST_DATA}


def _placeholders(app) -> dict:
    from portal.demo import load
    from portal.extensions import db

    with app.app_context():
        world = load()
        db.session.commit()
        birthe_upcoming = world.extra["bookings"]["birthe_upcoming"]
        values = {
            "decision_case_ref": world.extra["cases"]["birthe"].reference,
            "case_ref": world.extra["cases"]["birthe"].reference,
            "booking_ref": birthe_upcoming[0].reference,
            "slot_id": str(birthe_upcoming[0].slot_id),
            "municipality_id": "glostrup",
            "offer_id": "genoptraening",
        }
        values.update(schedule_rules.placeholders(world, db))
        return values


def _end_grant(app, holder: str, how: str) -> None:
    from portal import clock
    from portal.auth.models import Grant, Person
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        holder_id = db.session.scalar(select(Person.id).where(Person.cpr == PEOPLE_BY_KEY[holder].cpr))
        grant = db.session.scalar(select(Grant).where(Grant.holder_id == holder_id))
        if how == "expired":
            grant.valid_until = clock.today() - timedelta(days=1)
        else:
            grant.revoked_at = clock.now()
        db.session.commit()


MID_SESSION = {"relative_expired": ("ali", "expired"), "relative_revoked": ("jens", "revoked")}


def _signed_in(app, role: str):
    """A client signed in as `role`, and a CSRF token for its session."""
    client = app.test_client()
    if role == "citizen_a":
        sign_in(client, "birthe")
    elif role == "citizen_b":
        sign_in(client, "jens")
    elif role == "relative_all":
        sign_in(client, "mette", act_for="birthe")
    elif role == "relative_one":
        support.grant(app, "birthe", "karen", "view")
        sign_in(client, "karen", act_for="birthe")
    elif role in MID_SESSION:
        holder, how = MID_SESSION[role]
        support.grant(app, "birthe", holder, "apply,view,cancel,complain")
        sign_in(client, holder, act_for="birthe")
        token = csrf_token(client, "/log-ind")
        _end_grant(app, holder, how)  # while they are acting
        return client, token
    elif role == "staff_same":
        sign_in_staff(client, "lone")
    elif role == "staff_other":
        sign_in_staff(client, "anders")
    return client, csrf_token(client, "/log-ind")


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_written(app, role):
    support.ensure_staff_landing(app)
    values = _placeholders(app)
    client, token = _signed_in(app, role)
    # Reads first, then changes, so a change cannot alter a later read.
    ordered = sorted(EXPECTATIONS.items(), key=lambda item: item[0][0] != "GET")
    mismatches = []
    for (method, pattern), expected in ordered:
        if role in MID_SESSION:
            # The fuldmagt ends while the relative is acting: the next request is refused
            # (after that they act for themselves), so each request starts from a fresh sign-in.
            client, token = _signed_in(app, role)
        path = pattern.format(**values)
        if method == "GET":
            response = client.get(path)
        else:
            data = {key: value.format(**values) for key, value in POST_DATA.get((method, pattern), {}).items()}
            data["csrf_token"] = token
            response = client.post(path, data=data)
        if response.status_code != expected[role]:
            mismatches.append(f"{method} {pattern}: {response.status_code}, expected {expected[role]}")
        assert response.status_code != 500
    assert mismatches == []


def test_every_schedule_and_outbox_route_has_expectations(app):
    import re

    covered = set()
    for method, pattern in EXPECTATIONS:
        covered.add((method, re.sub(r"\{[^}]+\}", "*", pattern)))
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("schedule", "outbox"):
            continue
        shape = re.sub(r"<[^>]+>", "*", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (method, shape) not in covered:
                missing.append(f"{method} {rule.rule}")
    assert missing == []
