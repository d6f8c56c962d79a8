"""Sessions in the citizen's calendar: one .ics file, and a renewable subscription."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from tests.helpers import post, sign_in
from tests.web import schedule_support as support


@pytest.fixture
def demo(app):
    return support.load(app)


def test_one_session_downloads_as_ics_in_copenhagen_time(app, client, demo):
    reference, start = demo.upcoming[0]
    sign_in(client, "birthe")
    response = client.get(f"/traeningsplan/{reference}/kalender.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert f'filename="traening-{reference}.ics"' in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Copenhagen" in body
    assert f"DTSTART;TZID=Europe/Copenhagen:{start.strftime('%Y%m%dT%H%M%S')}" in body
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == start
    assert str(event["location"]).startswith("Træningscentret, Dommervangen 4")
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]).startswith(reference)


def test_the_subscription_feed_shows_cancelled_sessions_as_cancelled(app, client, demo):
    sign_in(client, "birthe")
    post(client, "/kalender/stop", token_from="/kalender")  # the demo has one; start from none
    assert "Lav en adresse til min kalender" in support.main_text(client.get("/kalender"))
    post(client, "/kalender/forny", token_from="/kalender")
    page = client.get("/kalender").get_data(as_text=True)
    feed_url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1)
    path = feed_url.split("localhost", 1)[1]
    reference = demo.upcoming[-1][0]
    url = f"/traeningsplan/{reference}/afbud"
    post(client, url, {"reason": "other", "step": "confirm", "shown": "on_time"}, token_from=url)
    anonymous = app.test_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = {str(e["uid"]).split("@")[0]: str(e["status"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")}
    assert events[reference] == "CANCELLED"
    assert events[demo.upcoming[0][0]] == "CONFIRMED"
    assert "calendar.feed" in support.audit_actions(app, demo.people["birthe"])


def test_renewing_the_address_kills_the_old_one(app, client, demo):
    sign_in(client, "birthe")
    post(client, "/kalender/forny", token_from="/kalender")
    first = re.search(r'value="(http[^"]+\.ics)"', client.get("/kalender").get_data(as_text=True)).group(1)
    post(client, "/kalender/forny", token_from="/kalender")
    second = re.search(r'value="(http[^"]+\.ics)"', client.get("/kalender").get_data(as_text=True)).group(1)
    assert first != second
    anonymous = app.test_client()
    assert anonymous.get(first.split("localhost", 1)[1]).status_code == 404
    assert anonymous.get(second.split("localhost", 1)[1]).status_code == 200
    post(client, "/kalender/stop", token_from="/kalender")
    assert anonymous.get(second.split("localhost", 1)[1]).status_code == 404


def test_guessed_tokens_find_nothing(app, client, demo):
    assert client.get("/kalender/abc.ics").status_code == 404
    assert client.get("/kalender/" + "A" * 43 + ".ics").status_code == 404


def test_a_relative_cannot_take_the_subscription_address(app, client, demo):
    sign_in(client, "mette", act_for="birthe")
    assert client.get("/kalender").status_code == 403
    assert client.post("/kalender/forny", data={"csrf_token": support_token(client)}).status_code == 403
    # but may download one session with the view scope
    assert client.get(f"/traeningsplan/{demo.upcoming[0][0]}/kalender.ics").status_code == 200


def support_token(client):
    from tests.helpers import csrf_token

    return csrf_token(client, "/log-ind")


def test_the_feed_is_logged_once_a_day_as_read_by_the_calendar_not_by_whoever_is_signed_in(app, client, demo):
    from sqlalchemy import select

    from portal.auth.models import AuditEntry
    from portal.extensions import db

    sign_in(client, "birthe")
    post(client, "/kalender/forny", token_from="/kalender")
    page = client.get("/kalender").get_data(as_text=True)
    path = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page).group(1).split("localhost", 1)[1]
    assert client.get(path).status_code == 200  # opened in the browser she is signed in with
    assert app.test_client().get(path).status_code == 200  # her calendar program
    with app.app_context():
        entries = db.session.execute(select(AuditEntry.actor_person_id, AuditEntry.actor_staff_id).where(
            AuditEntry.subject_person_id == demo.people["birthe"], AuditEntry.action == "calendar.feed")).all()
    assert entries == [(None, None)]
