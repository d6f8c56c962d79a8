"""The URL maps stay readable: every view function fits on a screen (issue 11:
no view longer than 25 lines), and every view that works on someone's object
comes in through portal.access."""

from __future__ import annotations

import inspect

import pytest

from portal import create_app

LONGEST = 25


def _views():
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    for endpoint, function in sorted(app.view_functions.items()):
        if endpoint == "static":
            continue
        yield endpoint, inspect.unwrap(function)


@pytest.mark.parametrize("endpoint,view", list(_views()), ids=lambda value: value if isinstance(value, str) else "")
def test_no_view_function_is_longer_than_25_lines(endpoint, view):
    lines, _ = inspect.getsourcelines(view)
    body = [line for line in lines if not line.lstrip().startswith("@")]
    assert len(body) <= LONGEST, f"{endpoint} ({view.__module__}) is {len(body)} lines"


def test_views_that_take_an_object_from_the_address_come_in_through_access():
    """A reference in the address means someone's object: found, authorised and locked by portal.access."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    own_parameters = {"reference", "slot_id", "grant_id"}
    outside = []
    for rule in app.url_map.iter_rules():
        if not own_parameters & set(rule.arguments) or rule.endpoint.startswith(("apply.", "public.", "guide.")):
            continue
        if not hasattr(app.view_functions[rule.endpoint], "access_kind"):
            outside.append(f"{rule.rule} ({rule.endpoint})")
    assert outside == []
