"""The training plan, afbud with its consequence shown first, undo, replacement and moving."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from portal.rules.cancellation import CancellationPolicy, Reason, cancellation_deadline
from tests.helpers import post, sign_in
from tests.web import schedule_support as support
from tests.web.schedule_support import on


@pytest.fixture
def demo(app):
    return support.load(app)


def _cancel(client, reference, reason, step="preview", shown=""):
    url = f"/traeningsplan/{reference}/afbud"
    data = {"reason": reason, "step": step}
    if shown:
        data["shown"] = shown
    return post(client, url, data, token_from=url)


def _confirm(client, reference, reason):
    preview = _cancel(client, reference, reason)
    assert preview.status_code == 200
    shown = "on_time" if 'data-on-time="true"' in preview.get_data(as_text=True) else "late"
    return _cancel(client, reference, reason, "confirm", shown)


# ----------------------------------------------------------------- the plan

def test_the_plan_shows_upcoming_sessions_with_deadlines_in_words_and_past_ones_with_status(app, client, demo):
    sign_in(client, "birthe")
    response = client.get("/traeningsplan")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    page = support.main_text(response)
    reference, start = demo.upcoming[0]
    other = cancellation_deadline(CancellationPolicy(), start, Reason.OTHER)
    from portal import i18n

    with app.test_request_context():
        expected = (f"Afbud senest {i18n.day_month(other)} {i18n.clock_time(other)} — "
                    f"ved sygdom senest {i18n.weekday(start)} kl. 8.00")
    assert expected in page
    assert "Træningscentret, Dommervangen 4, 1. sal, 2600 Glostrup" in page and "Peter Madsen" in page
    assert "Mødt" in page and "Udeblevet" in page  # past sessions with their status
    assert "Regler for afbud" in page
    html = response.get_data(as_text=True)
    assert f'data-other-deadline="{other.isoformat(timespec="seconds")}"' in html


def test_a_relative_needs_the_view_scope_for_the_plan(app, client, demo):
    sign_in(client, "mette", act_for="birthe")
    assert "Træningsplan for Birthe Hansen" in support.main_text(client.get("/traeningsplan"))
    support.grant(app, "birthe", "karen", "apply")
    karen = app.test_client()
    sign_in(karen, "karen", act_for="birthe")
    assert karen.get("/traeningsplan").status_code == 403
    assert karen.get(f"/traeningsplan/{demo.upcoming[0][0]}/afbud").status_code == 403


def test_a_relative_with_view_only_sees_but_cannot_cancel(app, client, demo):
    support.grant(app, "birthe", "karen", "view")
    sign_in(client, "karen", act_for="birthe")
    page = client.get("/traeningsplan").get_data(as_text=True)
    assert "Meld afbud" not in page
    reference = demo.upcoming[0][0]
    assert client.get(f"/traeningsplan/{reference}/afbud").status_code == 403
    assert client.get(f"/traeningsplan/{reference}/flyt").status_code == 403


def test_someone_elses_session_is_not_found(app, client, demo):
    sign_in(client, "jens")
    reference = demo.upcoming[0][0]
    for url in (f"/traeningsplan/{reference}", f"/traeningsplan/{reference}/afbud", f"/traeningsplan/{reference}/flyt",
                f"/traeningsplan/{reference}/kalender.ics", f"/traeningsplan/{reference}/erstatning"):
        assert client.get(url).status_code == 404, url
    assert client.get("/traeningsplan/TB-NOT-HERE/afbud").status_code == 404


# ------------------------------------------------------------------ afbud

def test_illness_at_0745_on_the_day_is_on_time_and_offers_a_replacement(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 7, 45), tick=False):
        sign_in(client, "birthe")
        page = client.get(f"/traeningsplan/{reference}/afbud")
        assert "Hvorfor melder du afbud?" in support.main_text(page)
        preview = _cancel(client, reference, "illness")
        text = support.main_text(preview)
        assert "Dit afbud kommer til tiden" in text
        assert "Du kan vælge en erstatningstid, når du har meldt afbud." in text
        assert support.booking(app, reference)["status"] == "booked"  # nothing happens before confirming
        slot_before = support.booking(app, reference)["booked"]
        response = _cancel(client, reference, "illness", "confirm", "on_time")
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/traeningsplan/{reference}/afbud/kvittering")
        row = support.booking(app, reference)
        assert (row["status"], row["on_time"], row["replacement_offered"], row["reason"]) == ("cancelled", True, True, "illness")
        assert row["booked"] == slot_before - 1  # the place is free for others
        assert row["deadline"] == on(start, 8, 0)
        receipt = support.main_text(client.get(response.headers["Location"]))
        assert "Dit afbud er registreret" in receipt and reference in receipt
        assert "Du kan vælge en erstatningstid." in receipt
        messages = support.outbox(app, "cancel_receipt")
        assert len(messages) == 1 and messages[0]["to"] == "birthe@example.dk"
        assert "booking.cancel" in support.audit_actions(app, demo.people["birthe"])


def test_other_at_1201_the_day_before_is_late_recorded_and_gets_no_replacement(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 12, 1, days_before=1), tick=False):
        sign_in(client, "birthe")
        preview = support.main_text(_cancel(client, reference, "other"))
        assert "Dit afbud kommer for sent" in preview
        assert "registreret som for sent" in preview
        response = _cancel(client, reference, "other", "confirm", "late")
        assert response.status_code == 302
        row = support.booking(app, reference)
        assert (row["status"], row["on_time"], row["replacement_offered"]) == ("cancelled", False, False)
        receipt = support.main_text(client.get(response.headers["Location"]))
        assert "efter fristen" in receipt and "Du får ikke erstatningstræning" in receipt
        assert "Fortryd afbud" not in receipt
        assert client.get(f"/traeningsplan/{reference}/erstatning").status_code == 200
        assert "Afbuddet kom efter fristen" in support.main_text(client.get(f"/traeningsplan/{reference}/erstatning"))


def test_other_at_noon_the_day_before_is_still_on_time_but_without_replacement(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 12, 0, days_before=1), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "other")
        row = support.booking(app, reference)
        assert (row["on_time"], row["replacement_offered"]) == (True, False)


def test_a_deadline_is_kept_to_the_minute_so_twelve_oclock_lasts_the_whole_minute(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 12, 0, days_before=1) + timedelta(seconds=59), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "other")
        assert support.booking(app, reference)["on_time"] is True


def test_when_the_deadline_passes_while_the_page_is_open_the_new_consequence_is_shown_first(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 11, 59, days_before=1), tick=False) as traveller:
        sign_in(client, "birthe")
        assert 'data-on-time="true"' in _cancel(client, reference, "other").get_data(as_text=True)
        traveller.move_to(on(start, 12, 1, days_before=1))
        response = _cancel(client, reference, "other", "confirm", "on_time")
        assert response.status_code == 200
        text = support.main_text(response)
        assert "Fristen er passeret, mens siden var åben" in text and "Dit afbud kommer for sent" in text
        assert support.booking(app, reference)["status"] == "booked"


def test_no_reason_or_a_made_up_reason_is_refused_without_a_change(app, client, demo):
    reference = demo.upcoming[1][0]
    sign_in(client, "birthe")
    for reason in ("", "holiday"):
        response = _cancel(client, reference, reason)
        assert response.status_code == 400
        assert "Vælg, hvorfor du melder afbud." in support.main_text(response)
    assert support.booking(app, reference)["status"] == "booked"


def test_a_started_session_cannot_be_cancelled(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        sign_in(client, "birthe")
        page = client.get(f"/traeningsplan/{reference}/afbud")
        assert "Du kan ikke melde afbud" in support.main_text(page)
        _cancel(client, reference, "illness", "confirm", "late")
        assert support.booking(app, reference)["status"] == "booked"


def test_mette_cancels_for_birthe_and_both_are_recorded(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 7, 0), tick=False):
        sign_in(client, "mette", act_for="birthe")
        _confirm(client, reference, "illness")
        row = support.booking(app, reference)
        assert row["status"] == "cancelled" and row["cancelled_by_id"] == demo.people["mette"]
        receipt = support.main_text(client.get(f"/traeningsplan/{reference}/afbud/kvittering"))
        assert "Afbuddet blev meldt af Mette Hansen med fuldmagt." in receipt
        message = support.outbox(app, "cancel_receipt")[0]
        assert message["person_id"] == demo.people["birthe"] and "Mette Hansen" in message["body"]
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    assert "meldte afbud til en træning" in support.main_text(birthe.get("/aktivitet"))


# ------------------------------------------------------------------ undo

def test_an_afbud_can_be_undone_until_its_deadline(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 7, 30), tick=False) as traveller:
        sign_in(client, "birthe")
        _confirm(client, reference, "illness")
        booked = support.booking(app, reference)["booked"]
        response = post(client, f"/traeningsplan/{reference}/afbud/fortryd")
        assert response.status_code == 302
        row = support.booking(app, reference)
        assert row["status"] == "booked" and row["on_time"] is None and row["booked"] == booked + 1
        assert len(support.outbox(app, "undo_receipt")) == 1
        # again, but now the deadline passes before undoing
        _confirm(client, reference, "illness")
        traveller.move_to(on(start, 8, 1))
        post(client, f"/traeningsplan/{reference}/afbud/fortryd")
        assert support.booking(app, reference)["status"] == "cancelled"


def test_undoing_gives_back_a_chosen_replacement(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 7, 30), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "illness")
        slot_id = demo.free_slot_ids[-1]
        before = support.slot_booked(app, slot_id)
        url = f"/traeningsplan/{reference}/erstatning"
        assert post(client, url, {"slot": str(slot_id)}, token_from=url).status_code == 302
        assert support.slot_booked(app, slot_id) == before + 1
        post(client, f"/traeningsplan/{reference}/afbud/fortryd")
        assert support.slot_booked(app, slot_id) == before
        statuses = [b["status"] for b in support.bookings_of(app, demo.people["birthe"]) if b["slot_id"] == slot_id]
        assert statuses == []


# ----------------------------------------------------------- replacement

def test_a_replacement_is_picked_from_free_times_of_the_same_offer(app, client, demo):
    reference, start = demo.upcoming[0]
    with time_machine.travel(on(start, 7, 45), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "illness")
        url = f"/traeningsplan/{reference}/erstatning"
        page = client.get(url).get_data(as_text=True)
        slot_id = next(i for i in demo.free_slot_ids if f'value="{i}"' in page)
        response = post(client, url, {"slot": str(slot_id)}, token_from=url)
        assert response.status_code == 302
        new = [b for b in support.bookings_of(app, demo.people["birthe"]) if b["slot_id"] == slot_id]
        assert len(new) == 1 and new[0]["status"] == "booked" and new[0]["replacement_for_id"] is not None
        assert "Din erstatningstræning er booket" in support.main_text(client.get("/traeningsplan"))
        assert len(support.outbox(app, "replacement_receipt")) == 1
        # only one replacement per afbud
        again = client.get(url)
        assert "Du har allerede valgt en erstatningstid" in support.main_text(again)


def test_a_time_taken_meanwhile_is_refused_plainly(app, client, demo):
    reference, start = demo.upcoming[0]
    with time_machine.travel(on(start, 7, 45), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "illness")
        slot_id = demo.free_slot_ids[-1]
        from portal.extensions import db
        from portal.schedule.models import Slot

        with app.app_context():
            db.session.get(Slot, slot_id).booked = 1  # someone else took it
            db.session.commit()
        url = f"/traeningsplan/{reference}/erstatning"
        response = post(client, url, {"slot": str(slot_id)}, token_from=url)
        assert response.status_code == 409
        assert "Den tid blev taget af en anden lige før dig. Vælg en anden tid." in support.main_text(response)
        assert all(b["slot_id"] != slot_id for b in support.bookings_of(app, demo.people["birthe"]))


# ---------------------------------------------------------------- moving

def test_a_session_is_moved_before_the_other_deadline(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 9, 0, days_before=1), tick=False):
        sign_in(client, "birthe")
        url = f"/traeningsplan/{reference}/flyt"
        page = client.get(url)
        assert page.status_code == 200 and "Du kan flytte indtil" in support.main_text(page)
        slot_id = next(i for i in demo.free_slot_ids if f'value="{i}"' in page.get_data(as_text=True))
        old_slot = support.booking(app, reference)["slot_id"]
        old_booked = support.slot_booked(app, old_slot)
        response = post(client, url, {"slot": str(slot_id)}, token_from=url)
        assert response.status_code == 302
        assert support.booking(app, reference)["status"] == "moved"
        assert support.slot_booked(app, old_slot) == old_booked - 1
        assert support.slot_booked(app, slot_id) == 1
        moved = [b for b in support.bookings_of(app, demo.people["birthe"]) if b["slot_id"] == slot_id][0]
        assert moved["moved_from_id"] is not None and moved["status"] == "booked"
        assert "Din træning er flyttet" in support.main_text(client.get("/traeningsplan"))
        assert len(support.outbox(app, "move_receipt")) == 1


def test_moving_after_the_other_deadline_is_refused_with_the_reason(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 12, 1, days_before=1), tick=False):
        sign_in(client, "birthe")
        url = f"/traeningsplan/{reference}/flyt"
        assert "Fristen for at flytte træningen var" in support.main_text(client.get(url))
        post(client, url, {"slot": str(demo.free_slot_ids[-1])})
        assert support.booking(app, reference)["status"] == "booked"


def test_moving_is_refused_where_the_municipality_does_not_allow_it(app, client, demo, monkeypatch):
    from portal import municipalities

    glostrup = municipalities.get("glostrup")
    strict = glostrup.model_copy(update={"cancellation": glostrup.cancellation.model_copy(update={"moving_allowed": False})})
    real_get = municipalities.get
    monkeypatch.setattr(municipalities, "get", lambda mid: strict if mid == "glostrup" else real_get(mid))
    reference = demo.upcoming[-1][0]
    sign_in(client, "birthe")
    assert "giver ikke mulighed for at flytte" in support.main_text(client.get(f"/traeningsplan/{reference}/flyt"))
    assert "Flyt" not in client.get("/traeningsplan").get_data(as_text=True).split("Tidligere træning")[0].replace("Flyttet", "")


# ------------------------------------------------------------------ htmx

def test_htmx_cancel_swaps_the_row_and_updates_the_summary(app, client, demo):
    reference, start = demo.upcoming[1]
    headers = {"HX-Request": "true", "HX-Target": f"session-{reference}"}
    with time_machine.travel(on(start, 7, 45), tick=False):
        sign_in(client, "birthe")
        form = client.get(f"/traeningsplan/{reference}/afbud", headers=headers)
        html = form.get_data(as_text=True)
        assert "<html" not in html and f'id="session-{reference}"' in html and 'name="reason"' in html
        assert "HX-Request" in form.headers["Vary"]
        url = f"/traeningsplan/{reference}/afbud"
        preview = post(client, url, {"reason": "illness", "step": "preview"}, headers=headers)
        assert "<html" not in preview.get_data(as_text=True) and "Dit afbud kommer til tiden" in preview.get_data(as_text=True)
        done = post(client, url, {"reason": "illness", "step": "confirm", "shown": "on_time"},
                    headers=headers)
        html = done.get_data(as_text=True)
        assert done.status_code == 200 and "<html" not in html
        assert f'id="session-{reference}"' in html and "Afbud meldt til tiden" in html
        assert 'id="plan-summary"' in html and 'hx-swap-oob="true"' in html
        assert "Vælg erstatningstid" in html and "Fortryd afbud" in html
        undone = post(client, f"/traeningsplan/{reference}/afbud/fortryd", headers=headers)
        assert "Dit afbud er fortrudt" in undone.get_data(as_text=True)
        assert support.booking(app, reference)["status"] == "booked"


def test_htmx_replacement_returns_the_whole_plan_with_the_new_session(app, client, demo):
    reference, start = demo.upcoming[1]
    with time_machine.travel(on(start, 7, 45), tick=False):
        sign_in(client, "birthe")
        _confirm(client, reference, "illness")
        url = f"/traeningsplan/{reference}/erstatning"
        inline = client.get(url, headers={"HX-Request": "true", "HX-Target": f"session-{reference}"})
        assert "<html" not in inline.get_data(as_text=True) and 'name="slot"' in inline.get_data(as_text=True)
        slot_id = demo.free_slot_ids[-1]
        response = post(client, url, {"slot": str(slot_id)},
                        headers={"HX-Request": "true", "HX-Target": "plan"})
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in html and 'id="plan"' in html
        assert "Din erstatningstræning er booket" in html


def test_the_move_list_never_offers_the_time_just_cancelled(app, client, demo):
    """Birthe cannot come on one day and cancels; moving another session does not offer her that day's time."""
    sign_in(client, "birthe")
    cancelled, kept = demo.upcoming[-2][0], demo.upcoming[-1][0]
    assert _confirm(client, cancelled, "other").status_code == 302
    slot_id = support.booking(app, cancelled)["slot_id"]
    html = client.get(f"/traeningsplan/{kept}/flyt").get_data(as_text=True)
    assert 'name="slot"' in html  # there are free times to choose
    assert f'value="{slot_id}"' not in html
