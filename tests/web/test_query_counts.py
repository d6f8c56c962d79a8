"""Each page makes the same number of SQL statements whatever the data size:
the citizen's own rows (10 or 40 sessions) and everyone else's (10 or 1,000
other citizens with their cases and sessions). A count that grows is an N+1
(a query per row) or a query whose result depends on the size of a table.

The pages are the GET pages of the bench (bench/__main__.py PAGES); the data
comes from the bench's seeder, through the models. A page whose route does
not exist yet is skipped, by name."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench import seed
from bench.__main__ import PAGES, page_path, route_exists
from bench.queries import counting, sign_in
from portal import side

GET_PAGES = [page for page in PAGES if page.method == "GET"]

SMALL = {"sessions": 10, "others": 10}  # past and upcoming, some cancelled: every kind of row
LARGE = {"sessions": 40, "others": 1_000}


def _seed(app, sessions: int, others: int) -> dict[str, str]:
    """A fresh database: the bench citizen (Birthe) with `sessions` sessions,
    and `others` other citizens, each with a case and about five sessions; and
    what the other pages show (staff, a fuldmagt, a complaint, a team session)."""
    from portal.extensions import db

    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.create_all()
        # A database made anew starts its data versions again: a page kept from the one before (the
        # same person, page and minute) would match them and be counted instead of this data's page.
        app.extensions["page_cache"].clear()
        app.extensions["render_cache"].clear()
        world = seed.new_world()
        seed.seed_first_stage(world, others, others, sessions + others * 5, bench_sessions=sessions)
        db.session.commit()
        return world.references


def _statements(app, page, references: dict[str, str]) -> list[str]:
    client = app.test_client()
    if page.who:
        sign_in(client, page.who)
    path = page_path(page, references)
    assert client.get(path).status_code == 200  # warm-up: the count is of a steady state
    with app.app_context():
        engines = side.engines()
    with counting(*engines) as statements:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return list(statements)


def _shape(statement: str) -> str:
    return re.sub(r"\s+", " ", statement)[:140]


@pytest.mark.parametrize("page", GET_PAGES, ids=[page.name for page in GET_PAGES])
def test_the_number_of_sql_statements_does_not_grow_with_the_data(app, page):
    assert route_exists(app, page), f"{page.method} {page.path}: the bench measures a page the portal lacks"

    small = _statements(app, page, _seed(app, **SMALL))
    large = _statements(app, page, _seed(app, **LARGE))

    grown = Counter(map(_shape, large)) - Counter(map(_shape, small))
    detail = "\n".join(f"  +{n} × {statement}" for statement, n in grown.most_common(5))
    assert len(large) == len(small), (
        f"{page.name} ({page.path}): {len(small)} statements with {SMALL}, {len(large)} with {LARGE}; "
        f"more with more data:\n{detail}"
    )
