"""The therapist schedules sessions, marks attendance and no-shows, and cancels with a replacement."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import post, sign_in, sign_in_staff
from tests.web import schedule_support as support
from tests.web.schedule_support import on


@pytest.fixture
def demo(app):
    return support.load(app)


def _slots(app, **where):
    from portal.extensions import db
    from portal.schedule.models import Slot

    with app.app_context():
        query = select(Slot).order_by(Slot.starts_at)
        for key, value in where.items():
            query = query.where(getattr(Slot, key) == value)
        return [{"id": s.id, "starts_at": s.starts_at, "capacity": s.capacity, "booked": s.booked, "form": s.form,
                 "cancelled_at": s.cancelled_at} for s in db.session.scalars(query)]


SLOT = {"offer_id": "genoptraening", "form": "individuel", "capacity": "1",
        "place": "Træningscentret, Dommervangen 4, 1. sal, 2600 Glostrup", "therapist": "Peter Madsen",
        "minutes": "45", "repeat": "once", "first_day": "", "start_time": "10.00", "weeks": "", "case": ""}


def test_a_therapist_creates_one_session(app, client, demo):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "peter")
        before = len(_slots(app))
        response = post(client, "/medarbejder/traening/ny", dict(SLOT, first_day="03.12.2026", start_time="14.30"),
                        token_from="/medarbejder/traening/ny")
        assert response.status_code == 200
        assert "1 træningstid er oprettet" in support.main_text(response)
        created = [s for s in _slots(app) if s["starts_at"] == datetime(2026, 12, 3, 14, 30, tzinfo=COPENHAGEN)]
        assert len(created) == 1 and len(_slots(app)) == before + 1


def test_a_series_skips_days_that_are_not_hverdage_and_says_which(app, client, demo):
    with time_machine.travel(datetime(2026, 12, 14, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "peter")
        data = dict(SLOT, repeat="series", first_day="21.12.2026", weekdays=["3", "4"], weeks="3", start_time="9.30")
        response = post(client, "/medarbejder/traening/ny", data, token_from="/medarbejder/traening/ny")
        page = support.main_text(response)
        assert "2 træningstider er oprettet" in page
        for skipped in ("torsdag den 24. december 2026 (Juleaftensdag)", "fredag den 25. december 2026 (Juledag)",
                        "torsdag den 31. december 2026", "fredag den 1. januar 2027 (Nytårsdag)"):
            assert skipped in page, skipped
        days = [s["starts_at"].date().isoformat() for s in _slots(app) if s["starts_at"].hour == 9 and s["starts_at"].minute == 30]
        assert days == ["2027-01-07", "2027-01-08"]


def test_a_hold_has_places_and_the_form_keeps_what_was_typed(app, client, demo):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "peter")
        bad = post(client, "/medarbejder/traening/ny", dict(SLOT, form="hold", capacity="1", first_day="31.02.2026",
                                                            start_time="25.00"), token_from="/medarbejder/traening/ny")
        assert bad.status_code == 400
        page = support.main_text(bad)
        assert "Et hold skal have mindst 2 pladser." in page and "Skriv datoen som dag.måned.år" in page
        assert 'value="25.00"' in bad.get_data(as_text=True)
        good = post(client, "/medarbejder/traening/ny", dict(SLOT, form="hold", capacity="8", first_day="02.12.2026"),
                    token_from="/medarbejder/traening/ny")
        assert good.status_code == 200
        hold = [s for s in _slots(app, form="hold") if s["starts_at"].date().isoformat() == "2026-12-02" and s["starts_at"].hour == 10]
        assert hold and hold[0]["capacity"] == 8


def test_a_single_session_on_a_holiday_is_refused(app, client, demo):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "peter")
        response = post(client, "/medarbejder/traening/ny", dict(SLOT, first_day="24.12.2026"), token_from="/medarbejder/traening/ny")
        assert response.status_code == 400
        assert "er ikke en hverdag (Juleaftensdag)" in support.main_text(response)


def test_booking_a_series_for_a_citizen_respects_the_decisions_maximum(app, client, demo):
    sign_in_staff(client, "peter")
    url = f"/medarbejder/traening/ny?case={demo.birthe_case}"
    assert "Book træningstider til Birthe Hansen" in support.main_text(client.get(url))
    from portal import clock

    first = (clock.now() + timedelta(days=35)).strftime("%d.%m.%Y")
    data = dict(SLOT, repeat="series", first_day=first, weekdays=["0", "1", "2", "3", "4"], weeks="4", case=demo.birthe_case)
    response = post(client, "/medarbejder/traening/ny", data, token_from=url)
    assert response.status_code == 400
    assert "Afgørelsen giver højst 21 træningsgange" in support.main_text(response)
    count = len(support.bookings_of(app, demo.people["birthe"]))
    ok = post(client, "/medarbejder/traening/ny", dict(data, weekdays=["0"], weeks="2"), token_from=url)
    assert ok.status_code == 200 and "Birthe Hansen er booket på dem." in support.main_text(ok)
    assert len(support.bookings_of(app, demo.people["birthe"])) == count + 2


def test_attendance_can_only_be_marked_once_the_session_has_begun(app, client, demo):
    reference, start = demo.upcoming[0]
    slot_id = support.booking(app, reference)["slot_id"]
    with time_machine.travel(start - timedelta(minutes=10), tick=False):
        sign_in_staff(client, "peter")
        response = post(client, f"/medarbejder/traening/{slot_id}/fremmoede", {"booking": reference, "status": "attended"},
                        token_from=f"/medarbejder/traening/{slot_id}")
        assert response.status_code == 409
        assert support.booking(app, reference)["status"] == "booked"
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        sign_in_staff(client, "peter")
        post(client, f"/medarbejder/traening/{slot_id}/fremmoede", {"booking": reference, "status": "attended"},
             token_from=f"/medarbejder/traening/{slot_id}")
        assert support.booking(app, reference)["status"] == "attended"


def test_the_third_no_show_flags_the_course_and_tells_the_citizen(app, client, demo):
    # The demo has one no-show already; two more make three: more than two.
    targets = demo.upcoming[:2]
    with time_machine.travel(targets[-1][1] + timedelta(hours=1), tick=False):
        sign_in_staff(client, "peter")
        for index, (reference, _start) in enumerate(targets):
            slot_id = support.booking(app, reference)["slot_id"]
            response = post(client, f"/medarbejder/traening/{slot_id}/fremmoede", {"booking": reference, "status": "no_show"},
                            token_from=f"/medarbejder/traening/{slot_id}")
            assert response.status_code == 302
            flagged = support.outbox(app, "reassessment")
            assert len(flagged) == (1 if index == 1 else 0)
        assert "Du er udeblevet fra træningen 3 gange" in flagged[0]["body"]
        slot_page = support.main_text(client.get(response.headers["Location"]))
        assert "til ny vurdering" in slot_page
        birthe = app.test_client()
        sign_in(birthe, "birthe")
        plan = support.main_text(birthe.get("/traeningsplan"))
        assert "Dit forløb bliver vurderet igen" in plan and "din visitator kontakter dig" in plan
        assert "Dit forløb bliver vurderet igen" in support.main_text(birthe.get("/min-side"))
        # a fourth does not tell her again
        reference = demo.past[0][0]
        slot_id = support.booking(app, reference)["slot_id"]
        post(client, f"/medarbejder/traening/{slot_id}/fremmoede", {"booking": reference, "status": "no_show"},
             token_from=f"/medarbejder/traening/{slot_id}")
        assert len(support.outbox(app, "reassessment")) == 1


def test_the_municipality_must_offer_a_replacement_when_it_cancels(app, client, demo):
    reference, start = demo.upcoming[2]
    slot_id = support.booking(app, reference)["slot_id"]
    sign_in_staff(client, "peter")
    url = f"/medarbejder/traening/{slot_id}/aflys"
    response = post(client, url, {"note": "Terapeuten er syg."}, token_from=url)
    assert response.status_code == 400
    assert "Kommunen skal tilbyde erstatningstræning" in support.main_text(response)
    assert support.booking(app, reference)["status"] == "booked"
    page = client.get(url).get_data(as_text=True)
    target = next(i for i in reversed(demo.free_slot_ids) if f'value="{i}"' in page)
    response = post(client, url, {"note": "Terapeuten er på kursus.", "replacement": str(target)}, token_from=url)
    assert response.status_code == 302
    row = support.booking(app, reference)
    assert row["status"] == "cancelled_by_municipality"
    new = [b for b in support.bookings_of(app, demo.people["birthe"]) if b["slot_id"] == target]
    assert len(new) == 1 and new[0]["status"] == "booked"
    assert support.slot_booked(app, slot_id) == 0 and support.slot_booked(app, target) == 1
    message = support.outbox(app, "municipality_cancel")[0]
    assert message["person_id"] == demo.people["birthe"] and "Terapeuten er på kursus." in message["body"]
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    plan = support.main_text(birthe.get("/traeningsplan"))
    assert "Aflyst af kommunen" in plan and "Erstatningstid:" in plan


def test_the_municipality_can_cancel_with_a_new_time(app, client, demo):
    reference, start = demo.upcoming[2]
    slot_id = support.booking(app, reference)["slot_id"]
    sign_in_staff(client, "peter")
    url = f"/medarbejder/traening/{slot_id}/aflys"
    new_day = (start + timedelta(days=1)).strftime("%d.%m.%Y")
    response = post(client, url, {"note": "Lokalet er lukket.", "replacement": "new", "new_day": new_day, "new_time": "15.00"},
                    token_from=url)
    assert response.status_code == 302, support.main_text(response)
    new = [b for b in support.bookings_of(app, demo.people["birthe"]) if b["replacement_for_id"]]
    assert len(new) == 1
    created = [s for s in _slots(app) if s["id"] == new[0]["slot_id"]][0]
    assert created["starts_at"].hour == 15 and created["booked"] == 1


def test_staff_of_another_municipality_or_role_cannot_touch_sessions(app, client, demo):
    slot_id = support.booking(app, demo.upcoming[0][0])["slot_id"]
    sign_in_staff(client, "anders")  # visitator, Herlev
    assert client.get(f"/medarbejder/traening/{slot_id}").status_code == 403
    hanne = app.test_client()
    sign_in_staff(hanne, "hanne")  # leder in Glostrup may see the times
    assert hanne.get(f"/medarbejder/traening/{slot_id}").status_code == 200
    assert client.get("/medarbejder/traening").status_code == 403
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    assert birthe.get("/medarbejder/traening").status_code == 403


def test_the_slot_page_lists_participants_and_is_audited(app, client, demo):
    reference, _start = demo.upcoming[0]
    slot_id = support.booking(app, reference)["slot_id"]
    sign_in_staff(client, "peter")
    page = support.main_text(client.get(f"/medarbejder/traening/{slot_id}"))
    assert "Birthe Hansen" in page and demo.birthe_case in page
    assert "slot.staff_view" in support.audit_actions(app, demo.people["birthe"])
    overview = support.main_text(client.get("/medarbejder/traening"))
    assert "Træningstider" in overview and demo.birthe_case in overview
    course = support.main_text(client.get(f"/medarbejder/traening/forloeb/{demo.birthe_case}"))
    assert "Forløb for Birthe Hansen" in course and "af højst 21" in course


def test_a_therapist_books_a_citizen_on_a_free_hold_place(app, client, demo):
    sign_in_staff(client, "peter")
    url = f"/medarbejder/traening/forloeb/{demo.birthe_case}"
    hold = demo.hold_slot_ids[-1]
    response = post(client, f"{url}/book", {"slot": str(hold)}, token_from=url)
    assert response.status_code == 302
    assert support.slot_booked(app, hold) == 1
    again = post(client, f"{url}/book", {"slot": str(hold)}, token_from=url)
    assert again.status_code == 409


def test_cancelling_on_the_day_itself_reminds_the_therapist_to_phone(app, client, demo):
    reference, start = demo.upcoming[1]
    slot_id = support.booking(app, reference)["slot_id"]
    with time_machine.travel(on(start, 7, 0), tick=False):
        sign_in_staff(client, "peter")
        page = support.main_text(client.get(f"/medarbejder/traening/{slot_id}/aflys"))
        assert "Træningen er i dag" in page and "ring også til dem" in page


def _free_slot_at(app, start):
    from portal.extensions import db
    from portal.schedule.models import Slot

    with app.app_context():
        slot = Slot(municipality_id="glostrup", offer_id="genoptraening", form="hold", starts_at=start + timedelta(minutes=15),
                    minutes=45, place="Bassinet", therapist="Peter Madsen", capacity=4)
        db.session.add(slot)
        db.session.commit()
        return slot.id


@pytest.mark.parametrize("language,warning", [
    ("da", "Birthe Hansen har allerede træning på det tidspunkt"),
    ("en", "Birthe Hansen already has training at that time"),
])
def test_staff_are_warned_before_booking_a_citizen_twice_at_the_same_time(app, client, demo, language, warning):
    reference, start = demo.upcoming[-1]
    overlapping = _free_slot_at(app, start)
    sign_in_staff(client, "peter")
    client.set_cookie("sprog", language)
    url = f"/medarbejder/traening/forloeb/{demo.birthe_case}"
    first = post(client, f"{url}/book", {"slot": str(overlapping)}, token_from=url)
    assert first.status_code == 200 and warning in first.get_data(as_text=True)
    assert support.slot_booked(app, overlapping) == 0  # nothing booked until they confirm
    confirmed = post(client, f"{url}/book", {"slot": str(overlapping), "overlap_ok": str(overlapping)}, token_from=url)
    assert confirmed.status_code == 302
    assert support.slot_booked(app, overlapping) == 1


def test_a_therapist_corrects_a_past_sessions_attendance_from_the_course_and_the_log_says_so(app, client, demo):
    sign_in_staff(client, "peter")
    reference = demo.past[0][0]
    before = support.booking(app, reference)["status"]
    url = f"/medarbejder/traening/forloeb/{demo.birthe_case}"
    assert f'id="booking-{reference}"' in client.get(url).get_data(as_text=True)
    wanted = "no_show" if before == "attended" else "attended"
    response = post(client, f"/medarbejder/traening/{support.booking(app, reference)['slot_id']}/fremmoede",
                    {"booking": reference, "status": wanted, "back": "course"}, token_from=url)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#booking-{reference}")
    assert support.booking(app, reference)["status"] == wanted
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        detail = db.session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "booking.attendance",
                                                                   AuditEntry.object_ref == reference)
                                   .order_by(AuditEntry.id.desc()).limit(1))
    words = {"attended": "mødt", "no_show": "udeblevet"}
    assert detail.startswith(f"rettet fra {words[before]} til {words[wanted]}")
