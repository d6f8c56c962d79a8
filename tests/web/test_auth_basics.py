"""Demo sign-in, sessions, sign-out and acting for someone."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in


def test_demo_sign_in_starts_a_session_and_shows_the_name(app, client):
    load_demo(app)
    sign_in(client, "jens")
    html = client.get("/min-side").get_data(as_text=True)
    assert "Jens Nielsen" in html
    assert "DEMO" in html


def test_holder_of_a_fuldmagt_chooses_whom_to_act_for_and_sees_the_banner(app, client):
    load_demo(app)
    response = sign_in(client, "mette")
    assert "/vaelg-person" in response.headers["Location"]
    sign_in(client, "mette", act_for="birthe")
    html = client.get("/min-side").get_data(as_text=True)
    assert "Du handler på vegne af Birthe Hansen" in html
    assert "Skift til dig selv" in html


def test_sign_out_ends_the_session_on_the_server(app, client):
    load_demo(app)
    sign_in(client, "jens")
    cookie = client.get_cookie("tp_session")
    post(client, "/log-ud", token_from="/min-side")
    assert client.get("/min-side").status_code == 302
    # replaying the old cookie does not bring the session back
    client.set_cookie("tp_session", cookie.value)
    assert client.get("/min-side").status_code == 302


def test_idle_for_more_than_thirty_minutes_signs_you_out(app, client):
    load_demo(app)
    start = datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "jens")
        traveller.move_to(start + timedelta(minutes=29))
        assert client.get("/min-side").status_code == 200
        traveller.move_to(start + timedelta(minutes=29 + 31))
        response = client.get("/min-side")
        assert response.status_code == 302
        assert "/log-ind" in response.headers["Location"]


def test_absolute_timeout_after_eight_hours_even_when_active(app, client):
    load_demo(app)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=COPENHAGEN)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "jens")
        for minutes in range(20, 8 * 60, 20):
            traveller.move_to(start + timedelta(minutes=minutes))
            assert client.get("/min-side").status_code == 200
        traveller.move_to(start + timedelta(hours=8, minutes=1))
        assert client.get("/min-side").status_code == 302


def test_a_post_without_csrf_token_changes_nothing(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    response = client.post("/fuldmagt/ny", data={
        "holder_cpr": "0512792244", "holder_name": "Karen Nielsen", "scopes": ["view"],
    })
    assert response.status_code == 400
    assert "Karen Nielsen" not in client.get("/fuldmagt").get_data(as_text=True)


def test_sign_in_is_rate_limited_per_client(tmp_path):
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'limits.db'}", RATELIMIT_ENABLED=True)
    load_demo(app)
    client = app.test_client()
    statuses = [post(client, "/log-ind/demo", {"who": "jens"}).status_code for _ in range(12)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert "For mange forsøg" in post(client, "/log-ind/demo", {"who": "jens"}).get_data(as_text=True)


def test_the_sign_in_routes_that_are_read_are_rate_limited_too(tmp_path):
    """GETs are not limited, but for the routes with a limit of their own (the MitID and staff sign-in)."""
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'limits.db'}", RATELIMIT_ENABLED=True)
    client = app.test_client()
    statuses = [client.get("/log-ind/mitid").status_code for _ in range(12)]
    assert 429 not in statuses[:10] and statuses[10:] == [429, 429]
    assert {client.get("/hvilket-tilbud").status_code for _ in range(15)} == {200}
