"""Pausing training (issue 13.3): "Jeg er indlagt / kan ikke komme i en
periode" shows the sessions the period cancels with their on-time or late
mark, cancels them in one step under the afbud rules (illness: 08:00 the
same day), tells the training place in a message, and shows what was cancelled."""

from __future__ import annotations

import re

import time_machine
from sqlalchemy import select

from tests.helpers import csrf_token, sign_in
from tests.web import schedule_support as support


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_pause_cancels_the_period_with_the_right_marks_and_tells_the_training_place(app):
    from portal.extensions import db
    from portal.messages.models import Message, Thread
    from portal.schedule.models import Booking

    demo = support.load(app)
    (first_ref, first_start), (second_ref, second_start) = demo.upcoming[0], demo.upcoming[1]
    later = [reference for reference, _ in demo.upcoming[2:]]
    url = f"/mine-sager/{demo.birthe_case}/pause"
    period = {"reason": "illness", "first": first_start.strftime("%d.%m.%Y"), "last": second_start.strftime("%d.%m.%Y")}
    client = app.test_client()
    # 09.00 on the first session's day: illness after 08.00 is late; the next session's afbud is on time.
    with time_machine.travel(support.on(first_start, 9, 0), tick=False):
        sign_in(client, "mette", act_for="birthe")
        token = csrf_token(client, url)
        preview = client.post(url, data={"csrf_token": token, **period})
        html = preview.get_data(as_text=True)
        assert preview.status_code == 200
        assert f'data-booking="{first_ref}" data-on-time="no"' in html
        assert f'data-booking="{second_ref}" data-on-time="yes"' in html
        assert not any(reference in html for reference in later)
        with app.app_context():  # the preview changed nothing
            assert db.session.scalar(select(Booking.status).where(Booking.reference == first_ref)) == "booked"
        shown = re.search(r'name="shown" value="([^"]*)"', html).group(1)
        done = client.post(url, data={"csrf_token": token, **period, "step": "confirm", "shown": shown})
        assert done.status_code == 302
        receipt = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f'data-booking="{first_ref}" data-on-time="no"' in receipt
    assert f'data-booking="{second_ref}" data-on-time="yes"' in receipt
    assert "Du har meldt afbud til 2 træninger." in _text(receipt)
    with app.app_context():
        rows = {b.reference: b for b in db.session.scalars(select(Booking).where(Booking.reference.in_([first_ref, second_ref])))}
        assert {b.status for b in rows.values()} == {"cancelled"}
        assert rows[first_ref].cancel_reason == "illness" and rows[first_ref].cancel_on_time is False
        assert rows[second_ref].cancel_on_time is True and rows[second_ref].replacement_offered is True
        assert all(db.session.scalar(select(Booking.status).where(Booking.reference == ref)) == "booked" for ref in later)
        message = db.session.scalar(select(Message).where(Message.kind == "pause"))
        assert message is not None and message.thread.recipient == "training"
        assert "for sent" in message.body and "til tiden" in message.body
        assert db.session.scalar(select(Thread.unread_by_staff).where(Thread.id == message.thread_id)) is True


def test_a_pause_with_the_last_day_before_the_first_is_refused_at_the_field(app):
    demo = support.load(app)
    client = app.test_client()
    sign_in(client, "birthe")
    url = f"/mine-sager/{demo.birthe_case}/pause"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "other",
                                      "first": "10.01.2027", "last": "05.01.2027"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Den sidste dag kan ikke ligge før den første." in html
    assert 'id="last-error"' in html and "Der er et problem" in html


def test_a_relative_without_the_cancel_scope_cannot_pause(app):
    from portal.auth.models import Grant
    from portal.extensions import db

    demo = support.load(app)
    with app.app_context():
        grant = db.session.scalar(select(Grant).where(Grant.holder_id == demo.people["mette"]))
        grant.scopes = "view,messages"
        db.session.commit()
    client = app.test_client()
    sign_in(client, "mette", act_for="birthe")
    assert client.get(f"/mine-sager/{demo.birthe_case}/pause").status_code == 403


def test_a_confirmation_for_marks_that_changed_meanwhile_shows_the_list_again(app):
    from portal.extensions import db
    from portal.schedule.models import Booking

    demo = support.load(app)
    (first_ref, first_start), (_, second_start) = demo.upcoming[0], demo.upcoming[1]
    url = f"/mine-sager/{demo.birthe_case}/pause"
    period = {"reason": "illness", "first": first_start.strftime("%d.%m.%Y"), "last": second_start.strftime("%d.%m.%Y")}
    client = app.test_client()
    with time_machine.travel(support.on(first_start, 7, 59), tick=False):
        sign_in(client, "birthe")
        token = csrf_token(client, url)
        html = client.post(url, data={"csrf_token": token, **period}).get_data(as_text=True)
        assert f'data-booking="{first_ref}" data-on-time="yes"' in html
        shown = re.search(r'name="shown" value="([^"]*)"', html).group(1)
    with time_machine.travel(support.on(first_start, 8, 1), tick=False):  # the 08.00 deadline passed
        again = client.post(url, data={"csrf_token": token, **period, "step": "confirm", "shown": shown})
        html = again.get_data(as_text=True)
    assert again.status_code == 200 and "Noget har ændret sig" in html
    assert f'data-booking="{first_ref}" data-on-time="no"' in html
    with app.app_context():
        assert db.session.scalar(select(Booking.status).where(Booking.reference == first_ref)) == "booked"
