"""Kept plan rows and decision letters (portal.render_cache, portal.schedule.rows):
the page with the cache is the page without it at every moment a deadline
passes, a row kept before a deadline is never shown after it, a change to the
booking shows at once, and no one gets another person's CSRF token or name."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from portal.render_cache import TOKEN_STAND_IN, FragmentCache
from portal.rules.cancellation import COPENHAGEN, CancellationPolicy, deadline_phase
from tests.helpers import post, sign_in
from tests.web import schedule_support as support
from tests.web.schedule_support import on

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def demo(app):
    return support.load(app)


@pytest.fixture(autouse=True)
def fragments_only(app):
    """These tests are about the kept fragments: whole kept pages
    (portal/page_cache.py, tests/web/test_page_cache.py) are off here, so
    every request renders its page and its fragments."""
    from portal.page_cache import PageStore

    app.extensions["page_cache"] = PageStore(0)


_moments = support.deadline_moments


def _set_cache(app, size: int) -> FragmentCache:
    app.extensions["render_cache"] = FragmentCache(size)
    return app.extensions["render_cache"]


def _page(client, url: str = "/traeningsplan") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _both_ways(app, client, kept: FragmentCache, url: str = "/traeningsplan") -> str:
    """The page without the cache and with the one kept across moments (twice:
    once as it is, once from what that first request kept); all three the same."""
    _set_cache(app, 0)
    uncached = _page(client, url)
    app.extensions["render_cache"] = kept
    first, again = _page(client, url), _page(client, url)
    assert first == uncached
    assert again == uncached
    assert TOKEN_STAND_IN not in uncached
    return uncached


def _row(html: str, reference: str) -> str:
    """The session's row on the plan: from its <li> to the next row or the past sessions."""
    rest = html.split(f'<li id="session-{reference}"', 1)[1]
    return rest.split('<li id="session-', 1)[0].split('id="past-heading"', 1)[0]


def test_the_phase_counts_the_deadlines_passed_to_the_minute():
    policy = CancellationPolicy()
    start = on(datetime(2027, 1, 7, 10, 0, tzinfo=COPENHAGEN), 10, 0)
    end = start + timedelta(minutes=45)
    phases = [deadline_phase(policy, start, end, moment) for _, moment in _moments(start)] + \
        [deadline_phase(policy, start, end, end)]
    assert phases == [0, 0, 0, 1, 1, 1, 2, 2, 3, 4]
    cancelled_for_illness = on(start, 8, 0)  # an afbud's own deadline counts too
    assert deadline_phase(policy, start, end, on(start, 8, 1), cancelled_for_illness) == 3


def test_a_booked_row_is_the_same_with_and_without_the_cache_at_every_boundary(app, client, demo):
    reference, start = demo.upcoming[0]
    kept = _set_cache(app, 4096)
    seen = {}
    for name, moment in _moments(start):
        with time_machine.travel(moment, tick=False):
            sign_in(client, "birthe")
            seen[name] = _row(_both_ways(app, client, kept), reference)
    assert kept.hits > 0
    # What the moments show: moving until 12.00 the day before, afbud until the start.
    for name in ("day before 11.59", "day before 12.00", "day before 12.00.59"):
        assert f"/traeningsplan/{reference}/flyt" in seen[name], name
    for name in ("day before 12.01", "07.59", "08.00", "08.01", "start - 1 min", "start"):
        assert f"/traeningsplan/{reference}/flyt" not in seen[name], name  # never kept from before 12.00
    for name in ("day before 12.01", "08.01", "start - 1 min"):
        assert f"/traeningsplan/{reference}/afbud" in seen[name], name
    assert f"/traeningsplan/{reference}/afbud" not in seen["start"]
    assert "Afventer registrering" in seen["start"] and "Aftalt" in seen["start - 1 min"]


def test_a_row_cancelled_for_illness_can_be_taken_back_until_8_and_not_after_with_or_without_the_cache(
        app, client, demo):
    reference, start = demo.upcoming[0]
    kept = _set_cache(app, 4096)
    with time_machine.travel(on(start, 12, 30, days_before=1), tick=False):
        sign_in(client, "birthe")
        before = _row(_both_ways(app, client, kept), reference)  # kept while booked
        url = f"/traeningsplan/{reference}/afbud"
        preview = post(client, url, {"reason": "illness", "step": "preview"}, token_from=url)
        assert preview.status_code == 200
        confirmed = post(client, url, {"reason": "illness", "step": "confirm", "shown": "on_time"}, token_from=url)
        assert confirmed.status_code == 302
        after = _row(_both_ways(app, client, kept), reference)  # the change shows at once
    assert "Afbud meldt" not in before and "Afbud meldt" in after
    assert after != before
    seen = {}
    for name, moment in _moments(start)[4:]:
        with time_machine.travel(moment, tick=False):
            sign_in(client, "birthe")
            seen[name] = _row(_both_ways(app, client, kept), reference)
    assert f"/traeningsplan/{reference}/afbud/fortryd" in seen["07.59"] and f"/traeningsplan/{reference}/afbud/fortryd" in seen["08.00"]
    for name in ("08.01", "start - 1 min", "start"):
        assert f"/traeningsplan/{reference}/afbud/fortryd" not in seen[name], name


def test_a_row_kept_before_12_is_not_shown_after_12(app, client, demo):
    reference, start = demo.upcoming[0]
    kept = _set_cache(app, 4096)
    with time_machine.travel(on(start, 11, 59, days_before=1), tick=False):
        sign_in(client, "birthe")
        assert f"/traeningsplan/{reference}/flyt" in _row(_page(client), reference)
    size = len(kept)
    with time_machine.travel(on(start, 12, 1, days_before=1), tick=False):
        sign_in(client, "birthe")
        row = _row(_page(client), reference)
    assert f"/traeningsplan/{reference}/flyt" not in row
    assert len(kept) > size  # a new fragment, under the new phase


def test_the_decision_letter_is_the_same_with_and_without_the_cache(app, client, demo):
    kept = _set_cache(app, 4096)
    url = f"/mine-sager/{demo.birthe_case}/afgoerelse"
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0), tick=False):
        sign_in(client, "birthe")
        letter = _both_ways(app, client, kept, url)
        printed = _both_ways(app, client, kept, url + "/udskriv")
    assert "Klag over afgørelsen" in letter and "Klag over afgørelsen" not in printed
    assert kept.hits >= 2


def test_no_one_gets_another_persons_token_or_name_from_a_kept_fragment(app, demo):
    """Birthe and Mette acting for her see the same rows; each page carries its own token only."""
    _set_cache(app, 4096)
    reference, start = demo.upcoming[0]
    birthe, mette = app.test_client(), app.test_client()
    with time_machine.travel(on(start, 12, 30, days_before=1), tick=False):
        sign_in(birthe, "birthe")
        url = f"/traeningsplan/{reference}/afbud"  # a cancelled row carries an undo form with a token
        post(birthe, url, {"reason": "illness", "step": "preview"}, token_from=url)
        confirmed = post(birthe, url, {"reason": "illness", "step": "confirm", "shown": "on_time"}, token_from=url)
        assert confirmed.status_code == 302
        sign_in(mette, "mette", act_for="birthe")
        pages = {}
        for who, client in (("birthe", birthe), ("mette", mette), ("birthe again", birthe)):
            pages[who] = _page(client)
    tokens = {who: set(_TOKEN.findall(html)) for who, html in pages.items()}
    assert all(len(found) == 1 for found in tokens.values()), tokens
    assert tokens["birthe"] == tokens["birthe again"]
    assert tokens["birthe"].isdisjoint(tokens["mette"])
    assert f"/traeningsplan/{reference}/afbud/fortryd" in _row(pages["mette"], reference)
    assert TOKEN_STAND_IN not in "".join(pages.values())
    # Mette's page speaks of Birthe; Birthe's own never names Mette.
    assert "Træningsplan for Birthe" in pages["mette"]
    assert "Mette" not in _row(pages["birthe"], reference)


def test_a_row_kept_in_danish_is_not_shown_on_an_english_page(app, client, demo):
    reference, start = demo.upcoming[0]
    kept = _set_cache(app, 4096)
    with time_machine.travel(on(start, 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        danish = _row(_page(client), reference)
        client.set_cookie("sprog", "en")
        english = _row(_both_ways(app, client, kept), reference)
    assert "Terapeut" in danish and "Therapist" not in danish
    assert "Therapist" in english and "Terapeut" not in english


def test_the_store_keeps_the_most_recently_used_and_never_a_real_token(app):
    from flask_wtf.csrf import generate_csrf

    from portal import render_cache

    small = FragmentCache(2)
    for key in "abc":
        small.put(key, key.upper())
    assert small.get("a") is None and small.get("c") == "C" and len(small) == 2

    kept = _set_cache(app, 16)
    with app.test_request_context("/"):
        token = generate_csrf()
        leaky = render_cache.fragment(("leaky",), lambda extra: f"<input value='{generate_csrf()}'>")
        honest = render_cache.fragment(("honest",), lambda extra: f"<input value='{extra['csrf_token']()}'>")
        again = render_cache.fragment(("honest",), lambda extra: "rendered again")
    assert token in leaky and token in honest and again == honest
    assert len(kept) == 1  # the fragment that reached the real token was not kept


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_the_rows_written_out_facts_and_deadlines_match_the_macros_the_other_pages_use(app, client, demo):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.schedule.models import Booking
    from portal.schedule.presenters import session_view

    reference, start = demo.upcoming[0]
    moment = on(start, 9, 0, days_before=2)
    with time_machine.travel(moment, tick=False):
        sign_in(client, "birthe")
        row = _row(_page(client), reference)
        with app.test_request_context("/"):
            view = session_view(db.session.scalar(select(Booking).where(Booking.reference == reference)))
            macros = app.jinja_env.from_string(
                '{% from "macros/schedule.html" import deadlines, session_facts %}'
                '{{ session_facts(s, with_date=false) }}|{{ deadlines(s) }}').render(s=view)
    facts, deadline_line = macros.split("|")
    assert _squeezed(facts) in _squeezed(row)
    assert _squeezed(deadline_line) in _squeezed(row)


@pytest.mark.parametrize("who,act_for,url", [
    ("birthe", None, "/min-side"),
    ("birthe", None, "/fuldmagt"),
    ("mette", "birthe", "/traeningsplan"),
    ("staff:lone", None, "/medarbejder"),
])
def test_the_pages_fixed_parts_are_the_same_with_and_without_the_cache(app, client, demo, who, act_for, url):
    """The banners, the name and "Log ud", the menu, the timeout dialog and the
    footer (render_cache.chrome) read as they do unkept, for citizens,
    relatives acting and staff."""
    from tests.helpers import sign_in_staff

    kept = _set_cache(app, 4096)
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0), tick=False):
        if who.startswith("staff:"):
            sign_in_staff(client, who.split(":")[1])
        else:
            sign_in(client, who, act_for=act_for)
        client.get("/")  # the sign-in's flash message, once
        html = _both_ways(app, client, kept, url)
    assert 'aria-current="page"' in html and "Log ud" in html
    if act_for:
        assert "Du handler på vegne af Birthe Hansen" in html


def test_the_menu_follows_the_fuldmagt_at_once_when_kept(app, demo):
    """A kept menu is keyed on what the fuldmagt allows: narrowing it takes
    "Beskeder" out of the relative's menu on the next page."""
    from portal.auth.models import Grant
    from portal.extensions import db

    _set_cache(app, 4096)
    mette = app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    assert ">Beskeder<" in _page(mette, "/traeningsplan")
    with app.app_context():
        grant = db.session.scalars(db.select(Grant).where(Grant.grantor_id == demo.people["birthe"],
                                                          Grant.holder_id == demo.people["mette"])).one()
        grant.scopes = ",".join(scope for scope in grant.scopes.split(",") if scope != "messages")
        db.session.commit()
    page = _page(mette, "/traeningsplan")
    assert ">Beskeder<" not in page and ">Træningsplan<" in page


def test_an_english_page_does_not_get_a_kept_danish_footer(app, client, demo):
    _set_cache(app, 4096)
    sign_in(client, "birthe")
    assert "Tilgængelighedserklæring" in _page(client, "/min-side")
    client.set_cookie("sprog", "en")
    english = _page(client, "/min-side")
    assert "Tilgængelighedserklæring" not in english and "Log out" in english


def test_an_inbox_row_is_the_same_with_and_without_the_cache_and_follows_the_case(app, client, demo):
    """A kept row of the visitation's inbox reads as the unkept one, and shows
    a new status and the overdue mark as soon as they are true."""
    from portal.cases.models import Case
    from portal.extensions import db
    from tests.helpers import sign_in_staff
    from tests.web.test_apply_application import apply

    citizen = app.test_client()
    sign_in(citizen, "jens")
    apply(citizen)
    kept = _set_cache(app, 4096)
    with time_machine.travel(datetime.now(COPENHAGEN), tick=False):  # one CSRF token time for all three pages
        sign_in_staff(client, "anders")
        client.get("/")
        html = _both_ways(app, client, kept, "/medarbejder")
    assert "Jens Nielsen" in html and "Overskredet" not in html
    with app.app_context():
        case = db.session.scalars(db.select(Case).where(Case.citizen_id == demo.people["jens"])).one()
        due = case.response_due
    with time_machine.travel(datetime.combine(due + timedelta(days=1), datetime.min.time().replace(hour=10),
                                              tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "anders")
        client.get("/")
        late = _both_ways(app, client, kept, "/medarbejder")
    assert "Overskredet" in late


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_activity_log_is_the_same_with_and_without_the_cache(app, client, demo, language):
    """Kept lines of /aktivitet read as unkept ones, in either language, and a
    new entry shows at once."""
    kept = _set_cache(app, 4096)
    sign_in(client, "birthe")
    client.set_cookie("sprog", language)
    client.get("/")
    html = _both_ways(app, client, kept, "/aktivitet")
    assert "Mette Hansen" in html and "Peter Madsen" in html
    mette = app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    assert mette.get("/traeningsplan").status_code == 200
    again = _page(client, "/aktivitet")
    assert again.count("Mette Hansen") > html.count("Mette Hansen")  # her look at the plan, at once


def test_a_kept_footer_links_to_the_language_of_its_own_page(app, client, demo):
    """The footer's language link brings the reader back to the page they were on,
    also when another page of the same kind was kept first."""
    from urllib.parse import quote

    _set_cache(app, 4096)
    sign_in(client, "birthe")
    for reference, _ in demo.upcoming[:2]:
        html = _page(client, f"/traeningsplan/{reference}")
        assert f"next={quote(f'/traeningsplan/{reference}', safe='')}" in html or f"next=/traeningsplan/{reference}" in html
