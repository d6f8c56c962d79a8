"""Filing a complaint: the form, the check page, the receipt, late complaints,
bad input, relatives with a fuldmagt, and the citizen's complaint page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal import clock
from portal.auth.models import AuditEntry, Grant
from portal.cases.models import Case
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from portal.schedule.models import Decision
from tests.helpers import load_demo, post, sign_in
from tests.web.complaints_support import complaint, file_complaint, form_fields, person_id

REFERENCE = re.compile(r"^KL-[346789ABCDEFGHJKMNPQRTUVWXY]{3}-[346789ABCDEFGHJKMNPQRTUVWXY]{3}$")


@pytest.fixture
def app(app):
    return app


def _count(app) -> int:
    """Complaints filed in the test (the demo gives Birthe one)."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Complaint)) - 1


def _ali_decision(app):
    with app.app_context():
        decision = db.session.scalar(select(Decision).join(Case).where(Case.citizen_id == person_id(app, "ali")))
        return decision.case.reference, decision.complaint_deadline


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_ali_complains_about_his_rejection_in_time_and_gets_a_receipt_with_the_route(app, client):
    load_demo(app)
    case_ref, deadline = _ali_decision(app)
    sign_in(client, "ali")
    response = file_complaint(client, "decision", query=f"&sag={case_ref}", concern=case_ref,
                              what_happened="Jeg kan ikke holde mine kræfter ved lige alene.",
                              wants="At jeg får vedligeholdende træning.",
                              new_information="Min læge har skrevet en ny udtalelse.",
                              contact="phone", contact_phone="12 34 56 78")
    assert response.status_code == 302
    reference = response.headers["Location"].split("/")[2]
    assert REFERENCE.match(reference)
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    text = _text(receipt)
    assert reference in text and "Din klage er sendt" in text
    assert "Hvad sker der nu?" in text and "Kommunen genvurderer afgørelsen." in text
    assert "Socialforvaltningens Hjemmeplejevisitation" in text and "Ankestyrelsen" in text
    assert "data-late" not in receipt
    stored = complaint(app, reference)
    assert stored.subject == "decision" and stored.status == "received"
    assert stored.deadline == deadline and stored.late is False
    assert stored.contact == "phone" and stored.contact_phone == "12 34 56 78"
    assert stored.new_information == "Min læge har skrevet en ny udtalelse."
    assert stored.municipality_id == "koebenhavn" and stored.answer_due is None  # København promises no date
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.create",
                                                           AuditEntry.object_ref == reference))
        assert entry.subject_person_id == person_id(app, "ali") and entry.actor_person_id == person_id(app, "ali")


def test_the_check_page_shows_the_answers_and_lets_you_change_them_without_losing_them(app, client):
    load_demo(app)
    sign_in(client, "ali")
    url = "/klage/ny?about=decision"
    found = form_fields(client.get(url).get_data(as_text=True))
    data = {"csrf_token": found["csrf_token"], "submission": found["submission"], "concern": found["concern_choices"][0],
            "what_happened": "Linje et\nLinje to", "wants": "Træning", "new_information": "", "contact": "digital_post",
            "contact_phone": "", "contact_email": ""}
    check = client.post(url, data={**data, "action": "continue"}).get_data(as_text=True)
    assert "Tjek din klage" in check and "Linje et<br>Linje to" in check and "Send klagen" in check
    assert _count(app) == 0
    edit = client.post(url, data={**data, "action": "edit"}).get_data(as_text=True)
    assert "Linje et\nLinje to</textarea>" in edit.replace("\r\n", "\n")
    assert "Der er et problem" not in edit
    assert _count(app) == 0


@pytest.mark.parametrize("change, field_error", [
    ({"what_happened": ""}, "Skriv, hvad der er sket."),
    ({"wants": "   "}, "Skriv, hvad du ønsker, der skal ske."),
    ({"concern": ""}, "Vælg, hvad klagen drejer sig om."),
    ({"contact": ""}, "Vælg, hvordan du vil have svar."),
    ({"contact": "pigeon"}, "Vælg, hvordan du vil have svar."),
    ({"contact": "phone", "contact_phone": ""}, "Skriv det telefonnummer, kommunen skal ringe til."),
    ({"contact": "phone", "contact_phone": "ring mig"}, "Skriv telefonnummeret med 8 cifre"),
    ({"contact": "email", "contact_email": "ikke-en-adresse"}, "Skriv en e-mailadresse som navn@eksempel.dk."),
    ({"what_happened": "x" * 5001}, "Skriv højst 5000 tegn."),
])
def test_bad_input_is_explained_at_the_top_and_at_the_field_and_nothing_is_written(app, client, change, field_error):
    load_demo(app)
    sign_in(client, "ali")
    url = "/klage/ny?about=decision"
    found = form_fields(client.get(url).get_data(as_text=True))
    data = {"csrf_token": found["csrf_token"], "submission": found["submission"], "concern": found["concern_choices"][0],
            "what_happened": "Noget", "wants": "Noget andet", "contact": "digital_post", "contact_phone": "",
            "contact_email": "", "action": "confirm"}
    data.update(change)
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Der er et problem" in html and field_error in html
    assert 'class="form-error-message"' in html
    assert _count(app) == 0


def test_a_decision_that_is_not_yours_in_the_form_is_404_and_nothing_is_written(app, client):
    load_demo(app)
    with app.app_context():
        birthe_case = db.session.scalar(select(Case.reference).join(Decision).where(Case.citizen_id == person_id(app, "birthe")))
    sign_in(client, "ali")
    url = "/klage/ny?about=decision"
    found = form_fields(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": found["csrf_token"], "concern": birthe_case, "what_happened": "x",
                                      "wants": "y", "contact": "digital_post", "action": "confirm"})
    assert response.status_code == 404
    assert _count(app) == 0


def test_sending_the_same_form_twice_files_one_complaint(app, client):
    load_demo(app)
    sign_in(client, "ali")
    url = "/klage/ny?about=decision"
    found = form_fields(client.get(url).get_data(as_text=True))
    data = {"csrf_token": found["csrf_token"], "submission": found["submission"], "concern": found["concern_choices"][0],
            "what_happened": "x", "wants": "y", "contact": "digital_post", "action": "confirm"}
    first = client.post(url, data=data)
    second = client.post(url, data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(app) == 1


def test_a_late_complaint_is_accepted_marked_late_and_the_citizen_told_who_decides(app, client):
    load_demo(app)
    case_ref, deadline = _ali_decision(app)
    later = datetime.combine(deadline + timedelta(days=3), datetime.min.time(), tzinfo=COPENHAGEN).replace(hour=11)
    with time_machine.travel(later, tick=False):
        sign_in(client, "ali")
        form = client.get(f"/klage/ny?about=decision&sag={case_ref}").get_data(as_text=True)
        assert "Fristen for at klage var" in form
        response = file_complaint(client, "decision", concern=case_ref)
        assert response.status_code == 302
        receipt = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    reference = response.headers["Location"].split("/")[2]
    stored = complaint(app, reference)
    assert stored.late is True and stored.status == "received"
    assert "Klagen kom efter fristen" in receipt
    assert "der afgør, om den kan behandles" in receipt


def test_on_the_last_day_a_complaint_is_in_time(app, client):
    load_demo(app)
    case_ref, deadline = _ali_decision(app)
    last_day = datetime.combine(deadline, datetime.min.time(), tzinfo=COPENHAGEN).replace(hour=23, minute=30)
    with time_machine.travel(last_day, tick=False):
        sign_in(client, "ali")
        response = file_complaint(client, "decision", concern=case_ref)
    assert complaint(app, response.headers["Location"].split("/")[2]).late is False


def test_glostrup_promises_an_answer_date_on_the_receipt(app, client):
    load_demo(app)
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        response = file_complaint(client, "decision")
        receipt = _text(client.get(response.headers["Location"]).get_data(as_text=True))
    stored = complaint(app, response.headers["Location"].split("/")[2])
    assert stored.answer_due.isoformat() == "2026-12-21"  # 4 uger after 23 November
    assert "Kommunen svarer senest mandag den 21. december 2026." in receipt


def test_birthes_complaint_about_a_session_goes_to_the_training_centres_leader(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    form = client.get("/klage/ny?about=delivery").get_data(as_text=True)
    assert "new_information" not in form
    assert "lederen af træningscentret" in form
    response = file_complaint(client, "delivery", what_happened="Terapeuten kom en halv time for sent.")
    reference = response.headers["Location"].split("/")[2]
    stored = complaint(app, reference)
    assert stored.status == "with_provider" and stored.booking_id is not None and stored.deadline is None
    page = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    assert "Sendt til lederen af træningsstedet" in page
    assert "Træningscentret, Glostrup Kommune" in page and "lederen af træningscentret" in page


def test_a_complaint_about_waiting_need_not_name_a_case(app, client):
    load_demo(app)
    sign_in(client, "jens")  # no case at all
    response = file_complaint(client, "case_handling", concern="none", what_happened="Ingen har svaret mig.")
    stored = complaint(app, response.headers["Location"].split("/")[2])
    assert stored.subject == "case_handling" and stored.case_id is None and stored.municipality_id == "herlev"


def test_without_decisions_or_sessions_you_are_told_how_to_complain_anyway(app, client):
    load_demo(app)
    sign_in(client, "jens")
    for about, words in (("decision", "Vi kan ikke finde nogen afgørelser"), ("delivery", "Vi kan ikke finde nogen træningstider")):
        response = client.get(f"/klage/ny?about={about}")
        text = _text(response.get_data(as_text=True))
        assert response.status_code == 200
        assert words in text and "klage mundtligt" in text


def test_mette_complains_for_birthe_and_birthe_sees_it_in_her_activity_log(app, client):
    load_demo(app)
    sign_in(client, "mette", act_for="birthe")
    response = file_complaint(client, "case_handling", concern="none")
    reference = response.headers["Location"].split("/")[2]
    stored = complaint(app, reference)
    assert stored.citizen_id == person_id(app, "birthe") and stored.filed_by_id == person_id(app, "mette")
    assert stored.filed_as == "fuldmagt"
    assert "Klagen er sendt på vegne af Birthe Hansen af Mette Hansen med fuldmagt." in _text(
        client.get(response.headers["Location"]).get_data(as_text=True))
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.create",
                                                           AuditEntry.object_ref == reference))
        assert entry.actor_person_id == person_id(app, "mette")
        assert entry.subject_person_id == person_id(app, "birthe")
    birthe = app.test_client()
    sign_in(birthe, "birthe")
    activity = _text(birthe.get("/aktivitet").get_data(as_text=True))
    assert "Mette Hansen" in activity and "sendte en klage" in activity
    assert reference in birthe.get("/klage").get_data(as_text=True)


def test_a_relative_without_the_complain_scope_is_refused(app, client):
    load_demo(app)
    with app.app_context():
        now = clock.now()
        db.session.add(Grant(grantor_id=person_id(app, "birthe"), holder_id=person_id(app, "karen"), scopes="view",
                             created_at=now, updated_at=now))
        db.session.commit()
    sign_in(client, "karen", act_for="birthe")
    response = client.get("/klage")
    assert response.status_code == 403
    assert "Din fuldmagt dækker ikke dette" in response.get_data(as_text=True)
    assert client.get("/klage/ny?about=decision").status_code == 403


def test_the_complaint_page_shows_status_history_and_the_complaint(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    html = client.get("/klage").get_data(as_text=True)
    reference = re.search(r"/klage/(KL-[A-Z0-9]{3}-[A-Z0-9]{3})", html).group(1)  # the demo's answered complaint
    page = client.get(f"/klage/{reference}")
    text = _text(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "Modtaget" in text and "Sendt til lederen af træningsstedet" in text and "Besvaret" in text
    assert "Træningsstedet har svaret:" in text and "Undskyld ventetiden" in text
    assert "Er du ikke tilfreds med svaret?" in text
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.view",
                                                          AuditEntry.object_ref == reference)) is not None


def test_not_satisfied_sends_a_delivery_complaint_on_to_the_visitation(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = re.search(r"/klage/(KL-[A-Z0-9]{3}-[A-Z0-9]{3})", client.get("/klage").get_data(as_text=True)).group(1)
    response = post(client, f"/klage/{reference}/ikke-tilfreds", {"reason": "Det skete igen."}, token_from=f"/klage/{reference}")
    assert response.status_code == 302
    stored = complaint(app, reference)
    assert stored.status == "sent_to_visitation" and stored.level == 1 and stored.not_satisfied_reason == "Det skete igen."
    text = _text(client.get(f"/klage/{reference}").get_data(as_text=True))
    assert "Sendt videre til visitationen" in text and "Er du ikke tilfreds med svaret?" not in text
    again = post(client, f"/klage/{reference}/ikke-tilfreds", {}, token_from=f"/klage/{reference}")
    assert again.status_code == 302
    assert complaint(app, reference).status == "sent_to_visitation"


def test_my_cases_and_the_case_page_list_complaints_with_their_status(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    reference = re.search(r"/klage/(KL-[A-Z0-9]{3}-[A-Z0-9]{3})", client.get("/klage").get_data(as_text=True)).group(1)
    html = client.get("/mine-sager").get_data(as_text=True)
    assert "Dine klager" in html and reference in html and "Besvaret" in html
    with app.app_context():
        case_ref = db.session.scalar(select(Case.reference).join(Complaint, Complaint.case_id == Case.id)
                                     .where(Complaint.reference == reference))
    html = client.get(f"/mine-sager/{case_ref}").get_data(as_text=True)
    assert "Klager i sagen" in html and reference in html
    assert f"/klage?about=decision&amp;sag={case_ref}" in html
    other = app.test_client()
    sign_in(other, "jens")
    assert other.get(f"/mine-sager/{case_ref}").status_code == 404


def test_control_characters_in_the_text_are_dropped_not_a_500(app, client):
    load_demo(app)
    sign_in(client, "ali")
    response = file_complaint(client, "decision", what_happened="Før\x00efter\x07", wants="Træning\x00",
                              submission="bad\x00token", contact="email", contact_email="ali@example.dk")
    assert response.status_code == 302
    stored = complaint(app, response.headers["Location"].split("/")[2])
    assert stored.what_happened == "Førefter"
    assert "\x00" not in stored.wants
