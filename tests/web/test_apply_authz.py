"""Every route of the guide, the application, the citizen's cases and the
visitation inbox, requested as every role of tests/web/authz/README.md,
answers with the status its expectations module says."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.helpers import csrf_token, load_demo, sign_in, sign_in_staff

MODULES = ("guide", "apply", "cases", "staff")
ROLES = ("anonymous", "citizen_a", "citizen_b", "relative_all", "relative_one", "relative_expired",
         "relative_revoked", "staff_same", "staff_other")
RULE_NAMES = {"{case_ref}": "<reference>", "{page}": "<page>", "{guide_page}": "<page>", "{source}": "<source>"}


def _expectations():
    for name in MODULES:
        module = importlib.import_module(f"tests.web.authz.{name}")
        for (method, path), statuses in module.EXPECTATIONS.items():
            yield name, module, method, path, statuses


def _rule(path: str) -> str:
    for placeholder, converter in RULE_NAMES.items():
        path = path.replace(placeholder, converter)
    return path


def test_every_route_of_these_capabilities_has_expectations_for_every_role(app):
    covered = set()
    for _, _, method, path, statuses in _expectations():
        assert set(statuses) == set(ROLES), path
        covered.add((method, _rule(path)))
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in MODULES
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == covered


def _grant(app, grantor, holder, scopes):
    from portal import clock
    from portal.auth.models import Grant, Person
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        ids = {key: db.session.scalar(select(Person.id).where(Person.cpr == PEOPLE_BY_KEY[key].cpr))
               for key in (grantor, holder)}
        grant = db.session.scalar(select(Grant).where(Grant.grantor_id == ids[grantor], Grant.holder_id == ids[holder]))
        now = clock.now()
        if grant is None:
            grant = Grant(grantor_id=ids[grantor], holder_id=ids[holder], created_at=now, scopes="")
            db.session.add(grant)
        grant.scopes, grant.updated_at, grant.valid_until, grant.revoked_at = scopes, now, None, None
        db.session.commit()
        return grant.id


def _end_grant(app, grant_id, how):
    from portal import clock
    from portal.auth.models import Grant
    from portal.extensions import db

    with app.app_context():
        grant = db.session.get(Grant, grant_id)
        if how == "expired":
            grant.valid_until = clock.today() - timedelta(days=1)
        else:
            grant.revoked_at = clock.now()
        db.session.commit()


def _client_as(app, role):
    """A client signed in as `role`, and a CSRF token valid for its session."""
    client = app.test_client()
    if role == "anonymous":
        return client, csrf_token(client, "/log-ind")
    if role in ("staff_same", "staff_other"):
        sign_in_staff(client, "lone" if role == "staff_same" else "anders")
        return client, csrf_token(client, "/hvilket-tilbud")
    if role in ("citizen_a", "citizen_b"):
        sign_in(client, "birthe" if role == "citizen_a" else "jens")
        return client, csrf_token(client, "/hvilket-tilbud")
    holder, scopes = {
        "relative_all": ("mette", "apply,view,cancel,complain"),
        "relative_one": ("karen", "view"),
        "relative_expired": ("ali", "apply,view,cancel,complain"),
        "relative_revoked": ("jens", "apply,view,cancel,complain"),
    }[role]
    grant_id = _grant(app, "birthe", holder, scopes)
    sign_in(client, holder, act_for="birthe")
    token = csrf_token(client, "/vaelg-person")
    if role == "relative_expired":
        _end_grant(app, grant_id, "expired")
    elif role == "relative_revoked":
        _end_grant(app, grant_id, "revoked")
    return client, token


def _fill(path, values):
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_each_route_answers_each_role_as_expected(app):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    with app.app_context():
        birthe_case = db.session.scalar(select(Case).where(Case.municipality_id == "glostrup").order_by(Case.id))
        values = {"case_ref": birthe_case.reference}
    for name in MODULES:
        module = importlib.import_module(f"tests.web.authz.{name}")
        if hasattr(module, "placeholders"):
            values.update(module.placeholders(None, None))
    failures = []
    for name, module, method, path, statuses in _expectations():
        url = _fill(path, values)
        data = dict(getattr(module, "POST_DATA", {}).get((method, path), {}))
        for role in ROLES:
            client, token = _client_as(app, role)
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={**data, "csrf_token": token})
            if response.status_code != statuses[role]:
                failures.append(f"{method} {path} as {role}: {response.status_code}, expected {statuses[role]}")
    assert failures == []
