"""English pages speak English about complaints (issue 11): the complaint
guidance and the bodies' roles in the data carry an English rendering; the
Danish original is shown, marked lang="da", only where there is none."""

from __future__ import annotations

import pytest

from portal import municipalities
from tests.helpers import sign_in
from tests.web import schedule_support as support


def test_every_complaint_text_and_body_role_in_the_data_has_english():
    missing = []
    for m in municipalities.all_municipalities().values():
        missing += [f"{m.id}: note {note.text[:40]!r}" for note in m.complaints.notes if not note.text_en]
        missing += [f"{m.id}: {c.id}" for c in m.contacts if c.role and not c.role_en]
    for body in municipalities.national().values():
        missing += [f"{body.id}: {field}" for field in ("role", "how") if getattr(body, field) and not getattr(body, f"{field}_en")]
    assert missing == []


def test_the_english_municipality_page_gives_the_complaint_guidance_in_english(client):
    client.set_cookie("sprog", "en")
    html = client.get("/kommune/glostrup").get_data(as_text=True)
    assert "If you have new information that was not part of the decision, send it with the complaint." in html
    assert "Har du nye oplysninger" not in html and "Send klagen som sikker mail" not in html


@pytest.mark.parametrize("language,expected,absent", [
    ("en", "Handles complaints about the municipality&#39;s decisions", "Behandler klager"),
    ("da", "Behandler klager over kommunens afgørelser", "Handles complaints"),
])
def test_the_complaint_route_names_the_bodies_roles_in_the_pages_language(app, client, language, expected, absent):
    support.load(app)
    sign_in(client, "birthe")
    client.set_cookie("sprog", language)
    html = client.get("/klage?about=decision").get_data(as_text=True)
    assert expected in html and absent not in html
