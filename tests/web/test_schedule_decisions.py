"""The visitator records a decision; the citizen reads it as a letter with the exact complaint deadline."""

from __future__ import annotations

from datetime import date, datetime

import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import post, sign_in, sign_in_staff
from tests.web import schedule_support as support

GRANTED = {
    "outcome": "granted", "legal_basis": "Serviceloven § 86, stk. 1", "offer_id": "genoptraening",
    "form": "individuel", "frequency": "To gange om ugen", "session_minutes": "45", "max_sessions": "21",
    "period_start": "07.12.2026", "period_end": "26.02.2027",
    "purpose": "At du kan klare dig selv igen.", "goals": "At gå på trapper uden pause.",
    "provider": "Træningscentret, Glostrup Kommune", "contact_person": "Peter Madsen", "contact_phone": "43 46 85 00",
    "reasons": "Du har mistet kræfter efter sygdom.", "alternatives": "",
    "decided_on": "27.11.2026", "received_on": "30.11.2026",
}

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=COPENHAGEN)




def _decision_rows(app, reference):
    from portal.cases.models import Case
    from portal.extensions import db
    from portal.schedule.models import Decision

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        decisions = db.session.scalars(select(Decision).where(Decision.case_id == case.id)).all()
        return case.status, case.decided_on, [(d.outcome, d.complaint_deadline, d.received_on) for d in decisions]


def test_visitator_records_a_granted_decision_and_the_citizen_is_told(app, client):
    demo = support.load(app)
    with time_machine.travel(NOW, tick=False):
        reference = support.make_case(app, "mette")
        sign_in_staff(client, "lone")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        page = client.get(url)
        assert page.status_code == 200
        assert "Serviceloven § 86, stk. 1" in page.get_data(as_text=True)  # prefilled from the catalogue
        response = post(client, url, GRANTED, token_from=url)
        assert response.status_code == 302
        status, decided_on, decisions = _decision_rows(app, reference)
        assert status == "decided" and decided_on == date(2026, 11, 27)
        # 4 uger after receiving it on 30 November 2026 (DOMAIN.md §5)
        assert decisions == [("granted", date(2026, 12, 28), date(2026, 11, 30))]
        messages = support.outbox(app, "decision")
        assert len(messages) == 1 and messages[0]["person_id"] == demo.people["mette"]
        assert "mandag den 28. december 2026" in messages[0]["body"]
        assert "decision.create" in support.audit_actions(app, demo.people["mette"])
        # the page now shows the decision; a second POST makes no second decision
        assert "mandag den 28. december 2026" in support.main_text(client.get(url))
        post(client, url, GRANTED, token_from=url)
        assert len(_decision_rows(app, reference)[2]) == 1


def test_an_invalid_decision_shows_every_problem_and_writes_nothing(app, client):
    support.load(app)
    with time_machine.travel(NOW, tick=False):
        reference = support.make_case(app, "mette")
        sign_in_staff(client, "lone")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        data = dict(GRANTED, reasons="", goals="", form="døgn", period_end="01.12.2026", received_on="26.11.2026",
                    session_minutes="mange")
        response = post(client, url, data, token_from=url)
        assert response.status_code == 400
        page = support.main_text(response)
        assert "Der er et problem" in page
        for message in ("Skriv begrundelsen for afgørelsen.", "Skriv de mål, I har aftalt med borgeren.",
                        "Genoptræning gives som individuel træning, holdtræning eller træning i dit hjem. Vælg en af dem.", "Slutdatoen må ikke ligge før startdatoen.",
                        "Borgeren kan ikke modtage afgørelsen, før den er truffet.", "Skriv et helt tal mellem 5 og 600."):
            assert message in page, message
        assert 'value="mange"' in response.get_data(as_text=True)  # what was typed is kept
        assert _decision_rows(app, reference) == ("visitation", None, [])
        assert support.outbox(app, "decision") == []


def test_a_rejection_needs_alternatives_and_stores_no_granted_scope(app, client):
    support.load(app)
    with time_machine.travel(NOW, tick=False):
        reference = support.make_case(app, "mette")
        sign_in_staff(client, "lone")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        rejection = dict(GRANTED, outcome="rejected", alternatives="")
        response = post(client, url, rejection, token_from=url)
        assert response.status_code == 400
        assert "Et afslag skal altid have forslag til andre muligheder" in support.main_text(response)
        response = post(client, url, dict(rejection, alternatives="Kontakt din egen læge."), token_from=url)
        assert response.status_code == 302
        from portal.extensions import db
        from portal.schedule.models import Decision

        from portal.cases.models import Case

        with app.app_context():
            decision = db.session.scalar(select(Decision).join(Case).where(Case.reference == reference))
            assert decision.outcome == "rejected" and decision.max_sessions is None and decision.frequency is None


def test_only_a_visitator_of_the_case_municipality_may_decide(app, client):
    support.load(app)
    reference = support.make_case(app, "mette")
    url = f"/medarbejder/sager/{reference}/afgoerelse"
    assert client.get(url).status_code == 302  # anonymous: to staff sign-in
    sign_in_staff(client, "anders")  # visitator in Herlev
    assert client.get(url).status_code == 404
    other = client.application.test_client()
    sign_in_staff(other, "peter")  # terapeut: wrong role
    assert other.get(url).status_code == 403
    citizen = client.application.test_client()
    sign_in(citizen, "mette")
    assert citizen.get(url).status_code == 403
    assert client.get("/medarbejder/sager/TP-XXX-XXX/afgoerelse").status_code == 404


def test_a_withdrawn_application_cannot_be_decided(app, client):
    support.load(app)
    reference = support.make_case(app, "mette", status="withdrawn")
    sign_in_staff(client, "lone")
    url = f"/medarbejder/sager/{reference}/afgoerelse"
    assert "trukket tilbage" in support.main_text(client.get(url))
    post(client, url, GRANTED, token_from=f"/medarbejder/sager/{reference}/afgoerelse")
    assert _decision_rows(app, reference)[2] == []


def test_the_citizen_reads_the_decision_with_the_exact_complaint_deadline(app, client):
    support.load(app)
    with time_machine.travel(NOW, tick=False):
        reference = support.make_case(app, "mette")
        staff = app.test_client()
        sign_in_staff(staff, "lone")
        url = f"/medarbejder/sager/{reference}/afgoerelse"
        post(staff, url, GRANTED, token_from=url)
        sign_in(client, "mette")
        page = support.main_text(client.get(f"/mine-sager/{reference}/afgoerelse"))
        assert "Du kan klage senest mandag den 28. december 2026" in page
        for fact in ("Bevilget", "Serviceloven § 86, stk. 1", "Genoptræning", "Individuel træning", "To gange om ugen",
                     "45 minutter", "Højst 21 træningsgange", "Fra mandag den 7. december 2026 til og med fredag den 26. februar 2027",
                     "Træningscentret, Glostrup Kommune", "Peter Madsen", "At du kan klare dig selv igen.",
                     "At gå på trapper uden pause.", "Du har mistet kræfter efter sygdom.", "Klagevejledning",
                     "Glostrup Kommune, Visitationen", "Ankestyrelsen", "43 23 66 90"):
            assert fact in page, fact
        assert "Klag over afgørelsen" in page
        printed = client.get(f"/mine-sager/{reference}/afgoerelse/udskriv")
        assert printed.status_code == 200
        assert "Du kan klage senest mandag den 28. december 2026" in support.main_text(printed)
        assert "data-print hidden" in printed.get_data(as_text=True)


def test_the_complaint_button_goes_to_the_complaint_flow_with_the_decision(app, client):
    demo = support.load(app)
    sign_in(client, "ali")
    html = client.get(f"/mine-sager/{demo.ali_case}/afgoerelse").get_data(as_text=True)
    assert f'href="/klage?about=decision&amp;sag={demo.ali_case}"' in html


def test_ali_reads_his_rejection_with_reasons_alternatives_and_a_deadline_ahead(app, client):
    demo = support.load(app)
    sign_in(client, "ali")
    page = support.main_text(client.get(f"/mine-sager/{demo.ali_case}/afgoerelse"))
    assert "Du har fået afslag på træning." in page
    assert "Det kan du gøre i stedet" in page and "Fortsæt den vederlagsfri fysioterapi" in page
    assert "Fristen er overskredet" not in page
    from portal.extensions import db
    from portal.schedule.models import Decision
    from portal import clock, i18n

    with app.test_request_context():
        decision = db.session.scalar(select(Decision).where(Decision.outcome == "rejected"))
        assert decision.complaint_deadline > clock.today()
        assert f"Du kan klage senest {i18n.long_date(decision.complaint_deadline)}" in page


def test_others_cannot_read_a_decision(app, client):
    demo = support.load(app)
    url = f"/mine-sager/{demo.birthe_case}/afgoerelse"
    assert client.get(url).status_code == 302
    sign_in(client, "jens")
    assert client.get(url).status_code == 404
    relative = app.test_client()
    sign_in(relative, "mette", act_for="birthe")
    assert relative.get(url).status_code == 200
    support.grant(app, "birthe", "karen", "apply")
    karen = app.test_client()
    sign_in(karen, "karen", act_for="birthe")
    assert karen.get(url).status_code == 403
    assert client.get("/mine-sager/TP-NOT-HERE/afgoerelse").status_code == 404


def test_reading_a_decision_is_in_the_audit_log_with_the_relative(app, client):
    demo = support.load(app)
    sign_in(client, "mette", act_for="birthe")
    client.get(f"/mine-sager/{demo.birthe_case}/afgoerelse")
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "decision.view"))
        assert entry.actor_person_id == demo.people["mette"] and entry.subject_person_id == demo.people["birthe"]
