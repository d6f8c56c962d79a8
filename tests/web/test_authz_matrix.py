"""Every route × every role → the expected answer (tests/web/authz/README.md).

Someone guessing another person's object gets 404, not 403; a relative gets
only what the fuldmagt's scopes allow; a fuldmagt that expired or was revoked
mid-session is refused on the very next request; staff see only their own
municipality. A POST refused for a role changes nothing (checked by comparing
the audit log before and after)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.auth.models import AuditEntry, Grant, LoginSession, StaffMember
from portal.extensions import db
from tests.helpers import session_token, sign_in, sign_in_staff
from tests.web import authz

ROLES = ("anonymous", "citizen_a", "citizen_b", "relative_all", "relative_one", "relative_expired",
         "relative_revoked", "staff_same", "staff_other")


def _modules():
    return [importlib.import_module(f"tests.web.authz.{m.name}") for m in pkgutil.iter_modules(authz.__path__)]


def _expectations() -> dict:
    merged = {}
    for module in _modules():
        for key, value in module.EXPECTATIONS.items():
            assert key not in merged, f"{key} is expected twice"
            merged[key] = value
    return merged


def _post_data() -> dict:
    merged = {}
    for module in _modules():
        merged.update(getattr(module, "POST_DATA", {}))
    return merged


EXPECTATIONS = _expectations()
POST_DATA = _post_data()


def _pattern(path: str) -> str:
    path = path.split("?")[0]
    path = re.sub(r"\{[^}]+\}", "<*>", path)
    return re.sub(r"<[^>]+>", "<*>", path)


def test_every_route_has_expectations_for_every_role(app):
    expected_keys = {(method, _pattern(path)) for method, path in EXPECTATIONS}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/demo/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, _pattern(rule.rule)) not in expected_keys:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert missing == [], "routes without expectations:\n" + "\n".join(missing)
    for key, by_role in EXPECTATIONS.items():
        assert set(by_role) == set(ROLES), f"{key}: roles {sorted(set(ROLES) ^ set(by_role))}"


def _world(app):
    """The demo world plus the relatives and staff the matrix needs; returns
    the people's ids and the placeholder values (README.md)."""
    from portal.demo import load

    with app.app_context():
        world = load()
        db.session.commit()
        people = {key: person.id for key, person in world.people.items()}
        now = clock.now()
        birthe = people["birthe"]
        for key, scopes in (("karen", "view"), ("ali", "apply,view,cancel,complain"),
                            ("jens", "apply,view,cancel,complain")):
            db.session.add(Grant(grantor_id=birthe, holder_id=people[key], scopes=scopes, created_at=now, updated_at=now))
        for subject, municipality in (("matrix-glostrup", "glostrup"), ("matrix-herlev", "herlev")):
            db.session.add(StaffMember(subject=subject, name=f"Matrix {municipality}", municipality_id=municipality,
                                       roles="visitator,terapeut,klagebehandler,leder", created_at=now))
        db.session.commit()
        birthe_case = world.extra["cases"]["birthe"]
        upcoming = world.extra["bookings"]["birthe_upcoming"]
        values = {
            "municipality_id": "glostrup", "offer_id": "genoptraening", "language": "en",
            "grant_id": db.session.scalar(select(Grant.id).where(
                Grant.grantor_id == birthe, Grant.holder_id == people["mette"])),
            "case_ref": birthe_case.reference,
            "decision_case_ref": birthe_case.reference,
            "booking_ref": upcoming[0].reference,
            "slot_id": str(upcoming[0].slot_id),
        }
        for module in _modules():
            if hasattr(module, "placeholders"):
                values.update(module.placeholders(world, db))
    return people, values


_SIGN_IN = {
    "citizen_a": ("birthe", None), "citizen_b": ("jens", "self"), "relative_all": ("mette", "birthe"),
    "relative_one": ("karen", "birthe"), "relative_expired": ("ali", "birthe"), "relative_revoked": ("jens", "birthe"),
}
_STAFF = {"staff_same": "matrix-glostrup", "staff_other": "matrix-herlev"}


def _clients(app, people, roles=ROLES) -> dict:
    """A signed-in test client per role; the relatives' grants end after they chose Birthe."""
    clients = {}
    for role in roles:
        client = clients[role] = app.test_client()
        if role in _SIGN_IN:
            key, act_for = _SIGN_IN[role]
            sign_in(client, key, act_for=act_for)
        elif role in _STAFF:
            # the demo route signs in; the session is then moved to the all-roles matrix staff member
            sign_in_staff(client, "lone")
            with app.app_context():
                member = db.session.scalar(select(StaffMember).where(StaffMember.subject == _STAFF[role]))
                with client.session_transaction() as session:
                    token = session["sid"]
                db.session.get(LoginSession, token).staff_id = member.id
                db.session.commit()
    with app.app_context():
        birthe = people["birthe"]
        if "relative_expired" in roles:
            db.session.execute(Grant.__table__.update().where(
                Grant.grantor_id == birthe, Grant.holder_id == people["ali"]).values(valid_until=clock.today() - timedelta(days=1)))
        if "relative_revoked" in roles:
            db.session.execute(Grant.__table__.update().where(
                Grant.grantor_id == birthe, Grant.holder_id == people["jens"]).values(revoked_at=clock.now()))
        db.session.commit()
    return clients


def _reacting(app, client, people) -> None:
    """Put an ended relative back into "acting for Birthe" (the refusal resets it)."""
    with client.session_transaction() as session:
        token = session.get("sid")
    with app.app_context():
        db.session.get(LoginSession, token).acting_for_id = people["birthe"]
        db.session.commit()


def _fill(data: dict | None, values: dict) -> dict:
    return {key: (value.format(**values) if isinstance(value, str) else value) for key, value in (data or {}).items()}


def _request(app, client, role, method, path, people, data):
    if method == "GET":
        if role in ("relative_expired", "relative_revoked"):
            _reacting(app, client, people)
        return client.get(path)
    form = dict(data or {})
    form["csrf_token"] = session_token(client)
    if role in ("relative_expired", "relative_revoked"):
        _reacting(app, client, people)
    return client.post(path, data=form)


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


GETS = sorted(key for key in EXPECTATIONS if key[0] == "GET")
POSTS = sorted(key for key in EXPECTATIONS if key[0] == "POST")


def test_every_get_route_answers_every_role_as_expected(app):
    people, values = _world(app)
    clients = _clients(app, people)
    wrong = []
    for method, template in GETS:
        path = template.format(**values)
        for role in ROLES:
            status = _request(app, clients[role], role, method, path, people, None).status_code
            if status != EXPECTATIONS[(method, template)][role]:
                wrong.append(f"{method} {template} as {role}: {status}, expected {EXPECTATIONS[(method, template)][role]}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("key", POSTS, ids=lambda key: f"{key[0]} {key[1]}")
def test_every_post_route_answers_every_role_as_expected_and_refusals_change_nothing(app, key):
    """Refused roles share one world (and must change nothing); each role that
    may use the route gets a fresh world, since a success changes what others see."""
    from tests.conftest import _reset_database

    method, template = key
    refused = [role for role in ROLES if EXPECTATIONS[key][role] >= 400]
    allowed = [role for role in ROLES if EXPECTATIONS[key][role] < 400]
    wrong = []
    for group in ([refused] if refused else []) + [[role] for role in allowed]:
        _reset_database(app)
        people, values = _world(app)
        path = template.format(**values)
        clients = _clients(app, people, group)
        for role in group:
            expected = EXPECTATIONS[key][role]
            before = _audit_count(app)
            status = _request(app, clients[role], role, method, path, people, _fill(POST_DATA.get(key), values)).status_code
            if status != expected:
                wrong.append(f"{role}: {status}, expected {expected}")
            if expected in (403, 404) and _audit_count(app) != before:
                wrong.append(f"{role}: a refused POST wrote to the audit log")
    assert wrong == [], f"{method} {template}\n" + "\n".join(wrong)
