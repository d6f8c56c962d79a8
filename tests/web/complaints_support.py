"""Shared set-up for the complaint tests (not a test module)."""

from __future__ import annotations

import re

from sqlalchemy import select




def form_fields(html: str) -> dict:
    """The hidden csrf_token and submission of a complaint form, and the first concern choice."""
    fields = {}
    for name in ("csrf_token", "submission"):
        match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
            rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html)
        if match:
            fields[name] = match.group(1)
    concern = re.findall(r'name="concern" class="form-radio" value="([^"]+)"', html)
    fields["concern_choices"] = concern
    return fields


def token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no csrf token on {url}"
    return match.group(1)


def complaint(app, reference: str):
    from portal.complaints.models import Complaint
    from portal.extensions import db

    with app.app_context():
        found = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        if found is not None:
            db.session.expunge(found)
        return found


def person_id(app, key: str) -> int:
    from portal.auth.models import Person
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.cpr == PEOPLE_BY_KEY[key].cpr))


def file_complaint(client, about: str, *, concern: str | None = None, query: str = "", **fields):
    """Walk the form: open it, continue to the check page, send. Returns the final response."""
    url = f"/klage/ny?about={about}{query}"
    html = client.get(url).get_data(as_text=True)
    found = form_fields(html)
    data = {
        "csrf_token": found["csrf_token"], "submission": found.get("submission", ""),
        "concern": concern if concern is not None else found["concern_choices"][0],
        "what_happened": "Det gik ikke, som det skulle.", "wants": "At det bliver rettet.",
        "contact": "digital_post", "contact_phone": "", "contact_email": "",
    }
    data.update(fields)
    checked = client.post(url, data={**data, "action": "continue"})
    assert checked.status_code == 200, checked.get_data(as_text=True)[:2000]
    return client.post(url, data={**data, "action": "confirm"})
