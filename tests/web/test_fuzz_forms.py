"""Hostile and random input to every form never breaks the portal: no 500,
nothing half-written, and a rejected form comes back with a message.

Every POST route in the authorisation matrix is fuzzed as the first role that
may use it; the field names come from the route's own form (or its POST_DATA).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.extensions import db
from tests.helpers import session_token
from tests.web.test_authz_matrix import EXPECTATIONS, POST_DATA, _clients, _world

HOSTILE = st.sampled_from([
    "", " ", "0", "-1", "99999999999999999999", "1e309", "NaN", "null", "[]", "{}",
    "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE person; --", "../../etc/passwd",
    "%(name)s", "{{7*7}}", "\x00", "\u202e\u0644", "🙂" * 50, "a" * 5000, "32.13.2026", "29.02.2027",
    "2026-11-31", "1203551234", "120355-1234", "2202881357",
])
VALUE = st.one_of(HOSTILE, st.text(max_size=300), st.integers().map(str))
PREFERRED = ("citizen_a", "relative_all", "staff_same", "citizen_b", "anonymous")
SKIP_TABLES = {"audit_entry", "login_session"}


def _fuzz_targets():
    targets = []
    for (method, template), by_role in sorted(EXPECTATIONS.items()):
        if method != "POST" or template in ("/log-ud",):
            continue
        role = next((r for r in PREFERRED if by_role[r] < 400), None)
        if role:
            targets.append((template, role))
    return targets


def _field_names(client, path: str, template: str) -> list[str]:
    names = set(POST_DATA.get(("POST", template), {}))  # values may hold placeholders; only the names count
    if ("GET", template) in EXPECTATIONS:
        html = client.get(path).get_data(as_text=True)
        names |= set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    names.discard("csrf_token")
    return sorted(names) or ["value"]


def _counts(app) -> dict:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables if table.name not in SKIP_TABLES
        }


@pytest.mark.parametrize("template, role", _fuzz_targets(), ids=lambda v: str(v))
def test_hostile_input_never_breaks_a_form(app, template, role):
    people, values = _world(app)
    clients = _clients(app, people)
    client = clients[role]
    path = template.format(**values)
    fields = _field_names(client, path, template)
    token = session_token(client)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.fixed_dictionaries({name: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for name in fields}),
           extra=st.dictionaries(st.text(min_size=1, max_size=20), VALUE, max_size=2))
    def run(data, extra):
        form = {**extra, **data, "csrf_token": token}
        before = _counts(app)
        response = client.post(path, data=form)
        assert response.status_code < 500, f"{path}: {response.status_code} for {form!r}"
        if response.status_code == 200:
            page = response.get_data(as_text=True)
            assert any(mark in page for mark in ("Der er et problem", "form-error-message", "alert-error", "alert-warning")), \
                f"{path}: a rejected form without a message for {form!r}"
            assert _counts(app) == before, f"{path}: a rejected form wrote something for {form!r}"

    run()
