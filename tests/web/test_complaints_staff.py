"""The complaints inbox and the steps staff take: reconsideration (medhold or
fastholdt), the forwarding package for Ankestyrelsen, answers, overdue marks."""

from __future__ import annotations

import re
from html import unescape
from datetime import datetime

import pytest
import time_machine
from sqlalchemy import select

from portal.auth.models import AuditEntry
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in, sign_in_staff
from tests.web.complaints_support import complaint, file_complaint

STAFF_FORM = "/medarbejder/log-ind"


@pytest.fixture
def app(app):
    return app


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _filed(client, about: str, **fields) -> str:
    response = file_complaint(client, about, **fields)
    assert response.status_code == 302
    return response.headers["Location"].split("/")[2]


def _staff(app, key: str):
    client = app.test_client()
    sign_in_staff(client, key)
    return client


def _post(staff, url: str, data: dict | None = None):
    return post(staff, url, data or {}, token_from=STAFF_FORM)


def test_ali_rejection_reconsidered_kept_packaged_and_forwarded(app, client):
    load_demo(app)
    sign_in(client, "ali")
    reference = _filed(client, "decision", what_happened="Jeg kan ikke træne alene.",
                       new_information="Ny udtalelse fra min læge.")
    mads = _staff(app, "mads")
    inbox = mads.get("/medarbejder/klager").get_data(as_text=True)
    assert reference in inbox and "Ali Yilmaz" in inbox

    assert _post(mads, f"/medarbejder/klager/{reference}/genvurdering").status_code == 302
    assert complaint(app, reference).status == "reconsidering"
    assert "Under genvurdering" in _text(client.get(f"/klage/{reference}").get_data(as_text=True))

    assert mads.get(f"/medarbejder/klager/{reference}/klagepakke").status_code == 404  # nothing to forward yet
    response = _post(mads, f"/medarbejder/klager/{reference}/resultat",
                     {"outcome": "kept", "reasons": "Du træner allerede selv to gange om ugen."})
    assert response.status_code == 302
    stored = complaint(app, reference)
    assert stored.status == "kept" and stored.package_html
    assert "Fastholdt – sendes til Ankestyrelsen" in _text(client.get(f"/klage/{reference}").get_data(as_text=True))

    package = mads.get(f"/medarbejder/klager/{reference}/klagepakke")
    assert package.status_code == 200
    assert package.headers["Content-Disposition"] == f'attachment; filename="klagepakke-{reference}.html"'
    csp = package.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'sha256-" in csp and "unsafe" not in csp
    html = package.get_data(as_text=True)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "the package loads nothing from outside"
    text = _text(html)
    for part in ("1. Klagen", "2. Afgørelsen", "3. Sagens dokumenter", "4. Kommunens genvurdering", "5. Klagens forløb"):
        assert part in text
    assert "Jeg kan ikke træne alene." in text and "Ny udtalelse fra min læge." in text  # the complaint
    with app.app_context():
        from portal.complaints.models import Complaint

        filed = db.session.scalar(select(Complaint).where(Complaint.reference == reference))
        reasons, case = filed.decision.reasons, filed.case
        with app.test_request_context():
            from flask_babel import force_locale

            from portal.apply.presenters import answer_rows

            with force_locale("da"):
                rows = answer_rows(case.answers)
        keys = [str(v) for v in case.answers.values() if isinstance(v, str) and "_" in str(v) and " " not in str(v)]
        note = case.visitation_note
    assert "Afslag" in text and _text(reasons) in text  # the decision
    for row in rows:  # the application's answers, in words as on "Tjek dine svar"
        assert _text(row.question) in text
        for line in row.answer:
            assert _text(line or "–") in text
    for key in keys + ["Declared consent", "moving_outdoors"]:  # never the stored keys
        assert key not in text
    if note:
        assert _text(note) in text  # the visitation note
    assert "Kommunen fastholder afgørelsen." in text and "Du træner allerede selv to gange om ugen." in text
    assert "@media print" in html

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN), tick=False):
        mads = _staff(app, "mads")
        assert _post(mads, f"/medarbejder/klager/{reference}/sendt").status_code == 302
        sign_in(client, "ali")
        text = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    stored = complaint(app, reference)
    assert stored.status == "forwarded" and stored.forwarded_on.isoformat() == "2026-12-01"
    assert stored.closed_at is not None
    assert "Fastholdt og sendt til Ankestyrelsen" in text
    assert "Sendt til Ankestyrelsen tirsdag den 1. december 2026." in text
    # a second "sent" changes nothing
    assert _post(_staff(app, "mads"), f"/medarbejder/klager/{reference}/sendt").status_code == 302
    assert complaint(app, reference).forwarded_on.isoformat() == "2026-12-01"
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_ref == reference)))
    assert {"complaint.create", "complaint.start", "complaint.kept", "complaint.package", "complaint.forward"} <= actions


def test_medhold_says_what_changes_and_closes_the_complaint(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "decision")
    susanne = _staff(app, "susanne")
    _post(susanne, f"/medarbejder/klager/{reference}/genvurdering")
    missing = _post(susanne, f"/medarbejder/klager/{reference}/resultat", {"outcome": "upheld", "changes": ""})
    assert missing.status_code == 400 and "Skriv, hvad kommunen ændrer i afgørelsen." in missing.get_data(as_text=True)
    assert complaint(app, reference).status == "reconsidering"
    _post(susanne, f"/medarbejder/klager/{reference}/resultat", {"outcome": "upheld", "changes": "Du får 10 træningsgange mere."})
    stored = complaint(app, reference)
    assert stored.status == "upheld" and stored.closed_at is not None and stored.package_html is None
    text = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    assert "Medhold" in text and "Du får 10 træningsgange mere." in text
    assert susanne.get(f"/medarbejder/klager/{reference}/klagepakke").status_code == 404


@pytest.mark.parametrize("data, message", [
    ({}, "Vælg resultatet af genvurderingen."),
    ({"outcome": "maybe"}, "Vælg resultatet af genvurderingen."),
    ({"outcome": "kept", "reasons": "  "}, "Skriv, hvorfor kommunen fastholder afgørelsen."),
])
def test_a_reconsideration_without_an_outcome_or_reasons_is_refused(app, client, data, message):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "decision")
    susanne = _staff(app, "susanne")
    _post(susanne, f"/medarbejder/klager/{reference}/genvurdering")
    response = _post(susanne, f"/medarbejder/klager/{reference}/resultat", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert complaint(app, reference).status == "reconsidering"


def test_steps_out_of_order_change_nothing(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "decision")
    susanne = _staff(app, "susanne")
    for step, data in (("resultat", {"outcome": "kept", "reasons": "x"}), ("sendt", {}), ("svar", {"answer": "x"})):
        response = _post(susanne, f"/medarbejder/klager/{reference}/{step}", data)
        assert response.status_code == 302, step
        assert complaint(app, reference).status == "received", step


def test_a_post_without_csrf_token_is_refused(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "decision")
    susanne = _staff(app, "susanne")
    assert susanne.post(f"/medarbejder/klager/{reference}/genvurdering").status_code == 400
    assert complaint(app, reference).status == "received"


def test_the_inbox_shows_deadlines_and_marks_overdue_complaints(app, client):
    load_demo(app)
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        reference = _filed(client, "decision")
        susanne = _staff(app, "susanne")
        html = susanne.get("/medarbejder/klager").get_data(as_text=True)
        row = re.search(rf'<tr[^>]*data-reference="{reference}".*?</tr>', html, re.S).group(0)
        assert "21. december 2026" in row and "data-overdue" not in row
    with time_machine.travel(datetime(2026, 12, 22, 10, 0, tzinfo=COPENHAGEN), tick=False):
        susanne = _staff(app, "susanne")
        html = susanne.get("/medarbejder/klager").get_data(as_text=True)
        row = re.search(rf'<tr[^>]*data-reference="{reference}".*?</tr>', html, re.S).group(0)
        assert "data-overdue" in row and "Overskredet" in row
        assert "Svarfristen er overskredet" in susanne.get(f"/medarbejder/klager/{reference}").get_data(as_text=True)


def test_the_inbox_marks_complaints_that_came_late(app, client):
    load_demo(app)
    with time_machine.travel(datetime(2027, 6, 1, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "ali")
        reference = _filed(client, "decision")
        html = _staff(app, "mads").get("/medarbejder/klager").get_data(as_text=True)
    row = re.search(rf'<tr[^>]*data-reference="{reference}".*?</tr>', html, re.S).group(0)
    assert "Klaget efter fristen" in row


def test_delivery_leader_answers_citizen_goes_on_and_the_visitation_answers(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "delivery", what_happened="Holdet var alt for stort.")
    susanne = _staff(app, "susanne")
    assert reference not in re.search(r"Skal behandles.*?Andre klager", susanne.get("/medarbejder/klager").get_data(as_text=True), re.S).group(0)
    hanne = _staff(app, "hanne")
    assert reference in hanne.get("/medarbejder/klager").get_data(as_text=True)
    empty = _post(hanne, f"/medarbejder/klager/{reference}/svar", {"answer": ""})
    assert empty.status_code == 400 and "Skriv svaret til borgeren." in empty.get_data(as_text=True)
    _post(hanne, f"/medarbejder/klager/{reference}/svar", {"answer": "Vi deler holdet i to."})
    stored = complaint(app, reference)
    assert stored.status == "answered" and stored.closed_at is None and stored.answer == "Vi deler holdet i to."
    text = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    assert "Træningsstedet har svaret:" in text and "Vi deler holdet i to." in text

    post(client, f"/klage/{reference}/ikke-tilfreds", {"reason": "Det hjælper ikke."}, token_from=f"/klage/{reference}")
    assert complaint(app, reference).status == "sent_to_visitation"
    assert _post(hanne, f"/medarbejder/klager/{reference}/svar", {"answer": "Igen"}).status_code == 302
    assert complaint(app, reference).answer == "Vi deler holdet i to."  # the leader cannot answer again
    susanne_inbox = susanne.get("/medarbejder/klager").get_data(as_text=True)
    assert reference in re.search(r"Skal behandles.*?Andre klager", susanne_inbox, re.S).group(0)
    assert "Det hjælper ikke." in susanne.get(f"/medarbejder/klager/{reference}").get_data(as_text=True)
    _post(susanne, f"/medarbejder/klager/{reference}/svar", {"answer": "Visitationen har talt med træningscentret."})
    stored = complaint(app, reference)
    assert stored.status == "answered" and stored.closed_at is not None and stored.level == 1
    text = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    assert "Kommunen har svaret:" in text and "Visitationen har talt med træningscentret." in text
    assert "Er du ikke tilfreds med svaret?" not in text


def test_case_handling_is_handled_and_answered_by_the_complaint_handler(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "case_handling", concern="none")
    susanne = _staff(app, "susanne")
    _post(susanne, f"/medarbejder/klager/{reference}/genvurdering")
    assert "Under behandling" in _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    _post(susanne, f"/medarbejder/klager/{reference}/svar", {"answer": "Vi beklager ventetiden."})
    stored = complaint(app, reference)
    assert stored.status == "answered" and stored.closed_at is not None
    assert "Vi beklager ventetiden." in _text(client.get(f"/klage/{reference}").get_data(as_text=True))


def test_staff_views_and_steps_appear_in_the_citizens_activity_log(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = _filed(client, "decision")
    susanne = _staff(app, "susanne")
    susanne.get(f"/medarbejder/klager/{reference}")
    _post(susanne, f"/medarbejder/klager/{reference}/genvurdering")
    activity = _text(client.get("/aktivitet").get_data(as_text=True))
    assert "Susanne Berg" in activity and "så din klage" in activity and "begyndte at behandle din klage" in activity


def test_status_changes_are_queued_in_the_outbox_without_health_details(app, client):
    load_demo(app)
    from portal.auth.models import Person
    from portal.outbox.models import OutboxMessage

    sign_in(client, "ali")
    reference = _filed(client, "decision", what_happened="Meget personlig helbredsoplysning")
    _post(_staff(app, "mads"), f"/medarbejder/klager/{reference}/genvurdering")
    with app.app_context():
        ali = db.session.scalar(select(Person).where(Person.name == "Ali Yilmaz"))
        sent = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.person_id == ali.id, OutboxMessage.kind == "complaint").order_by(OutboxMessage.id)).all()
        assert len(sent) == 2
        assert reference in sent[-1].subject and "Under genvurdering" in sent[-1].subject
        for message in sent:
            assert "helbredsoplysning" not in message.body
            assert "2202881357" not in message.body and "220288" not in message.body
