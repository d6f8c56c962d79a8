"""Whole signed-in pages kept (portal/page_cache.py) under the data versions the
database raises (portal/versions.py): a kept page is the page rendered afresh
at every moment a deadline passes, any change to what it shows, by any path,
shows at once, and no one is ever given another person's page or token."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select, text, update

from portal.page_cache import PageStore
from portal.render_cache import TOKEN_STAND_IN
from tests.helpers import post, sign_in, sign_in_staff
from tests.web import schedule_support as support
from tests.web.schedule_support import on

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def demo(app):
    return support.load(app)


def _store(app, capacity: int = 32 * 1024 * 1024) -> PageStore:
    app.extensions["page_cache"] = PageStore(capacity)
    return app.extensions["page_cache"]


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _reads(app) -> int:
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


_moments = support.deadline_moments


def _pages(demo):
    reference, _ = demo.upcoming[0]
    return ["/min-side", "/traeningsplan", f"/traeningsplan/{reference}", "/mine-sager",
            f"/mine-sager/{demo.birthe_case}", f"/mine-sager/{demo.birthe_case}/afgoerelse"]


def test_a_kept_page_is_the_fresh_page_at_every_deadline_boundary(app, client, demo):
    """12.00 is on time and 12.01 late, 08.00 and 08.01 for illness, then the start:
    at each moment, each page kept and served again equals the page rendered without the store."""
    _, start = demo.upcoming[0]
    kept = _store(app)
    seen = {}
    for name, moment in _moments(start):
        with time_machine.travel(moment, tick=False):
            sign_in(client, "birthe")
            for url in _pages(demo):
                _store(app, 0)
                fresh = _get(client, url)
                app.extensions["page_cache"] = kept
                first, again = _get(client, url), _get(client, url)
                assert first == fresh, (name, url)
                assert again == fresh, (name, url)
                assert TOKEN_STAND_IN not in again
                seen[(name, url)] = fresh
    assert kept.hits >= len(_moments(start)) * len(_pages(demo))
    reference, _ = demo.upcoming[0]
    move = f"/traeningsplan/{reference}/flyt"
    assert move in seen[("day before 12.00", "/traeningsplan")]
    assert move in seen[("day before 12.00.59", "/traeningsplan")]
    assert move not in seen[("day before 12.01", "/traeningsplan")]  # never the page kept at 12.00


def test_a_page_kept_one_minute_is_not_served_the_next(app, client, demo):
    reference, start = demo.upcoming[0]
    kept = _store(app)
    with time_machine.travel(on(start, 12, 0, days_before=1) + timedelta(seconds=30), tick=False):
        sign_in(client, "birthe")
        assert f"/traeningsplan/{reference}/flyt" in _get(client, "/traeningsplan")
        assert f"/traeningsplan/{reference}/flyt" in _get(client, "/traeningsplan")
    hits = kept.hits
    with time_machine.travel(on(start, 12, 1, days_before=1), tick=False):
        assert f"/traeningsplan/{reference}/flyt" not in _get(client, "/traeningsplan")
    assert kept.hits == hits


def test_a_kept_page_records_its_read_and_carries_this_requests_token(app, client, demo):
    kept = _store(app)
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        before = _reads(app)
        first = _get(client, "/traeningsplan")
        second = _get(client, "/traeningsplan")
        assert _reads(app) == before + 2  # the kept page's read is logged like the rendered one's
    assert kept.hits >= 1
    other = app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(other, "birthe")  # a second sign-in of the same person: its own session and token
        third = _get(other, "/traeningsplan")
    assert set(_TOKEN.findall(first)) == set(_TOKEN.findall(second))
    assert set(_TOKEN.findall(third)).isdisjoint(_TOKEN.findall(first))
    assert TOKEN_STAND_IN not in first + second + third


def test_a_kept_inbox_records_every_case_it_lists_as_the_made_one_did(app, demo):
    """The inbox's entries (one per case listed) are kept encoded with the page
    and written again for each request that gets it: the same cases, subjects
    and actions, with that request's time and member of staff."""
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    kept = _store(app)
    with app.app_context():  # every case waiting for Glostrup's visitation: the inbox lists several
        db.session.execute(text('UPDATE "case" SET status = :status, municipality_id = :glostrup'),
                           {"status": "received", "glostrup": "glostrup"})
        db.session.commit()
    lone = app.test_client()
    moment = on(demo.upcoming[0][1], 9, 0, days_before=2)
    with time_machine.travel(moment, tick=False):
        sign_in_staff(lone, "lone")
        _get(lone, "/medarbejder")
    with time_machine.travel(moment + timedelta(seconds=20), tick=False):
        hits = kept.hits
        _get(lone, "/medarbejder")
        assert kept.hits == hits + 1

    def entries(at):
        with app.app_context():
            return db.session.execute(
                select(AuditEntry.actor_person_id, AuditEntry.actor_staff_id, AuditEntry.subject_person_id,
                       AuditEntry.action, AuditEntry.object_type, AuditEntry.object_ref, AuditEntry.detail)
                .where(AuditEntry.at == at, AuditEntry.actor_staff_id.is_not(None)).order_by(AuditEntry.id)).all()

    made, again = entries(moment), entries(moment + timedelta(seconds=20))
    assert len(made) >= 2
    assert again == made


def test_the_kept_read_names_the_person_acting_and_the_one_acted_for(app, demo):
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    _store(app)
    mette = app.test_client()
    moment = on(demo.upcoming[0][1], 9, 0, days_before=2)
    with time_machine.travel(moment, tick=False):
        sign_in(mette, "mette", act_for="birthe")
        _get(mette, "/traeningsplan")
        _get(mette, "/traeningsplan")
    with app.app_context():
        rows = db.session.execute(select(AuditEntry.actor_person_id, AuditEntry.subject_person_id)
                                  .where(AuditEntry.action == "schedule.view", AuditEntry.at == moment)).all()
    assert rows == [(demo.people["mette"], demo.people["birthe"])] * 2


def test_a_change_by_any_path_shows_at_once(app, client, demo):
    """The municipality moves a session's place, by hand in the database: Birthe's kept
    plan, session page and Min side are not served again."""
    from portal.extensions import db
    from portal.schedule.models import Booking, Slot

    reference, start = demo.upcoming[0]
    kept = _store(app)
    with time_machine.travel(on(start, 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        urls = ["/traeningsplan", f"/traeningsplan/{reference}"]
        before = {url: _get(client, url) for url in urls}
        assert all(_get(client, url) == before[url] for url in urls)
        with app.app_context():
            slot_id = db.session.scalar(select(Booking.slot_id).where(Booking.reference == reference))
            db.session.execute(update(Slot).where(Slot.id == slot_id).values(place="Bassinet, Glostrup Hallen"))
            db.session.commit()
        after = {url: _get(client, url) for url in urls}
    for url in urls:
        assert "Bassinet, Glostrup Hallen" not in before[url]
        assert "Bassinet, Glostrup Hallen" in after[url], url


def test_a_relatives_afbud_shows_on_the_citizens_kept_plan(app, demo):
    reference, start = demo.upcoming[0]
    _store(app)
    birthe, mette = app.test_client(), app.test_client()
    with time_machine.travel(on(start, 9, 0, days_before=2), tick=False):
        sign_in(birthe, "birthe")
        sign_in(mette, "mette", act_for="birthe")
        before = _get(birthe, "/traeningsplan")
        assert _get(birthe, "/traeningsplan") == before
        url = f"/traeningsplan/{reference}/afbud"
        answer = post(mette, url, {"reason": "other", "step": "confirm", "shown": "on_time"}, token_from=url)
        assert answer.status_code == 302
        after = _get(birthe, "/traeningsplan")
    assert f"/traeningsplan/{reference}/afbud/fortryd" not in before
    assert f"/traeningsplan/{reference}/afbud/fortryd" in after


def test_a_narrowed_fuldmagt_is_honoured_on_the_very_next_request(app, demo):
    from portal.auth.models import Grant
    from portal.extensions import db

    _store(app)
    mette = app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(mette, "mette", act_for="birthe")
        assert "Træningsplan for Birthe" in _get(mette, "/traeningsplan")
        assert "Træningsplan for Birthe" in _get(mette, "/traeningsplan")
        with app.app_context():
            db.session.execute(update(Grant).where(Grant.grantor_id == demo.people["birthe"],
                                                   Grant.holder_id == demo.people["mette"]).values(scopes="apply"))
            db.session.commit()
        refused = mette.get("/traeningsplan")
    assert refused.status_code == 403
    assert "Træningsplan for Birthe" not in refused.get_data(as_text=True)


def test_one_persons_kept_page_is_never_given_to_another(app, demo):
    _store(app)
    birthe, mette, ali = app.test_client(), app.test_client(), app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(birthe, "birthe")
        sign_in(mette, "mette", act_for="birthe")
        sign_in(ali, "ali")
        own = _get(birthe, "/traeningsplan")
        for_her = _get(mette, "/traeningsplan")
        case_url = f"/mine-sager/{demo.birthe_case}"
        _get(birthe, case_url)
        stranger = ali.get(case_url)
        mine = _get(mette, "/min-side")
    assert "Du handler på vegne af Birthe" in for_her and "Du handler på vegne af" not in own
    assert stranger.status_code == 404  # someone else's case, kept or not
    assert "Birthe" in mine  # Mette's Min side while acting for Birthe


def test_a_flash_message_is_shown_once_and_that_page_is_not_kept(app, demo):
    kept = _store(app)
    mette = app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(mette, "mette", act_for="birthe")
        answer = post(mette, "/skift-til-mig", {}, token_from="/min-side")
        assert answer.status_code == 302
        size = len(kept)
        shown = _get(mette, "/min-side")
        assert len(kept) == size  # the page with the message is not kept
        again = _get(mette, "/min-side")
        assert len(kept) == size + 1  # the page without it is
        hits = kept.hits
        assert _get(mette, "/min-side") == again
        assert kept.hits == hits + 1
    assert "Du handler nu for dig selv." in shown
    assert "Du handler nu for dig selv." not in again


def test_the_activity_log_shows_a_new_entry_by_someone_else_at_once(app, demo):
    _store(app)
    birthe, mette = app.test_client(), app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(birthe, "birthe")
        sign_in(mette, "mette", act_for="birthe")
        before = _get(birthe, "/aktivitet")
        assert _get(birthe, "/aktivitet") == before
        _get(birthe, "/traeningsplan")  # her own read: not in her log, the kept log still holds
        assert _get(birthe, "/aktivitet") == before
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2) + timedelta(seconds=20), tick=False):
        _get(mette, f"/mine-sager/{demo.birthe_case}/afgoerelse")
        after = _get(birthe, "/aktivitet")
    assert after.count("Mette Hansen") == before.count("Mette Hansen") + 1


def test_the_visitations_kept_inbox_shows_a_new_application_at_once(app, demo):
    from portal.cases.models import Case
    from portal.extensions import db

    _store(app)
    lone = app.test_client()
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in_staff(lone, "lone")
        before = _get(lone, "/medarbejder")
        assert _get(lone, "/medarbejder") == before
        with app.app_context():
            case = db.session.scalar(select(Case).where(Case.reference == demo.birthe_case))
            db.session.execute(text('UPDATE "case" SET status = :status WHERE id = :id'),
                               {"status": "received", "id": case.id})
            db.session.commit()
        after = _get(lone, "/medarbejder")
    assert demo.birthe_case not in before
    assert demo.birthe_case in after


def test_a_page_whose_request_wrote_is_not_kept(app, client, demo, monkeypatch):
    """A page that changed something while it was made (marking a message read, say)
    is made again next time: only pages from requests that only read are kept."""
    from portal.auth.models import Person
    from portal.extensions import db
    from portal.schedule import presenters

    kept = _store(app)
    plan_view = presenters.plan_view

    def writing_plan_view(citizen):
        db.session.execute(update(Person).where(Person.id == citizen.id).values(phone=Person.phone))
        return plan_view(citizen)

    monkeypatch.setattr(presenters, "plan_view", writing_plan_view)
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        _get(client, "/traeningsplan")
        _get(client, "/traeningsplan")
    assert kept.hits == 0 and len(kept) == 0


def test_an_english_page_is_kept_apart_from_the_danish(app, client, demo):
    _store(app)
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        danish = _get(client, "/traeningsplan")
        client.set_cookie("sprog", "en")
        english = _get(client, "/traeningsplan")
        client.set_cookie("sprog", "da")
        assert _get(client, "/traeningsplan") == danish
    assert "Træningsplan" in danish and "Training schedule" in english


def test_an_htmx_request_is_kept_apart_from_the_page(app, client, demo):
    _store(app)
    with time_machine.travel(on(demo.upcoming[0][1], 9, 0, days_before=2), tick=False):
        sign_in(client, "birthe")
        page = _get(client, "/traeningsplan")
        part = client.get("/traeningsplan", headers={"HX-Request": "true", "HX-Target": "plan"}).get_data(as_text=True)
        assert _get(client, "/traeningsplan") == page
    assert "<html" in page and "<html" not in part


def test_the_store_keeps_at_most_its_bytes():
    from portal.page_cache import Kept

    one = Kept(200, (), b"x" * 500, False, ())
    store = PageStore(3 * one.size)
    for n in range(10):
        store.put(n, Kept(200, (), b"x" * 500, False, ()))
    assert store.used == 3 * one.size and len(store) == 3
    assert store.get(0) is None and store.get(9) is not None
    store.put("big", Kept(200, (), b"x" * 5_000, False, ()))
    assert store.get("big") is None  # larger than the whole store: never kept
