"""The activity log says what and when (issue 15.8): which session a relative
cancelled, who did it; the demo's entries name the people who acted and
carry plausible times."""

from __future__ import annotations

import re

import pytest

from tests.helpers import session_token, sign_in
from tests.web import schedule_support as support


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>") if "<td" in row]


@pytest.mark.parametrize("language,cancelled,relative", [
    ("da", "meldte afbud til en træning: træningen", "(pårørende)"),
    ("en", "cancelled a session: the session", "(relative)"),
])
def test_a_relatives_afbud_is_listed_with_the_session_and_who(app, client, language, cancelled, relative):
    demo = support.load(app)
    reference, start = demo.upcoming[-1]
    sign_in(client, "mette", act_for="birthe")
    response = client.post(f"/traeningsplan/{reference}/afbud", data={
        "reason": "other", "step": "confirm", "shown": "on_time", "csrf_token": session_token(client)})
    assert response.status_code == 302
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    birthe.set_cookie("sprog", language)
    rows = _rows(birthe.get("/aktivitet").get_data(as_text=True))
    mine = next(row for row in rows if cancelled in row)
    assert "Mette Hansen" in mine and relative in mine
    with app.test_request_context():
        from flask_babel import force_locale

        from portal import i18n

        with force_locale(language):
            assert i18n.long_datetime(start) in mine


def test_the_demo_history_names_who_acted_at_plausible_times(app, client):
    support.load(app)
    sign_in(client, "birthe")
    rows = _rows(client.get("/aktivitet").get_data(as_text=True))
    assert any("Lone Jensen" in row and "traf en afgørelse" not in row and "så din sag" in row for row in rows)
    assert any("Peter Madsen" in row and "registrerede fremmøde: træningen" in row for row in rows)
    assert any("Mette Hansen" in row and "så din træningsplan" in row for row in rows)
    assert not any("Systemet" in row for row in rows)
    times = [re.search(r"kl\. (\d+)\.(\d\d)", row) for row in rows]
    assert all(match and 7 <= int(match.group(1)) <= 21 for match in times)  # office hours or an evening, not 03.00
