"""The citizen's cases: /mine-sager with each case's timeline and promised
dates, one case, confirming or rejecting a relative's application, and
withdrawing consent per source."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in
from tests.web.test_apply_application import ANSWERS, RELATIVE, apply

MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=COPENHAGEN)  # Glostrup: 10 hverdage → Monday 7 December 2026


def make_case(app, person_key, *, received_at=MONDAY, municipality="glostrup", applied_as="self", consents=None,
              visitation_on=None, law="sel_86_1"):
    from portal.auth.models import Person
    from portal.cases import services
    from portal.demo_people import PEOPLE_BY_KEY
    from portal.extensions import db

    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.cpr == PEOPLE_BY_KEY[person_key].cpr))
        case = services.create_case(
            citizen=person, applied_by=person, applied_as=applied_as, municipality_id=municipality, law=law,
            answers={**{k: v for page in ANSWERS.values() for k, v in page.items()}, "levels": {}, "activities": []},
            consents=consents if consents is not None else {"gp": True}, received_at=received_at,
        )
        if visitation_on:
            services.record_visitation(case, visitation_on, "Holdt", None)
        db.session.commit()
        return case.reference


def add_decision(app, reference, *, decided_on, outcome="granted"):
    from portal.cases.models import Case
    from portal.extensions import db
    from portal.schedule.models import Decision

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        db.session.add(Decision(
            case_id=case.id, outcome=outcome, legal_basis="Serviceloven § 86, stk. 1", reasons="Begrundelse",
            decided_on=decided_on, received_on=decided_on, complaint_deadline=decided_on + timedelta(weeks=4),
            created_at=datetime.combine(decided_on, datetime.min.time(), tzinfo=COPENHAGEN),
        ))
        case.status = "decided"
        case.decided_on = decided_on
        db.session.commit()


def test_my_cases_shows_each_case_with_its_timeline_and_promised_date(app, client):
    load_demo(app)
    reference = make_case(app, "birthe")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        sign_in(client, "birthe")
        html = client.get("/mine-sager").get_data(as_text=True)
    assert reference in html
    for step in ("Modtaget", "Visitation", "Afgørelse", "Træning", "Afsluttet"):
        assert step in html
    assert "Senest mandag den 7. december 2026" in html  # Glostrup promises the decision in 10 hverdage


def test_a_kept_promise_and_a_broken_one_are_told_apart(app, client):
    load_demo(app)
    kept = make_case(app, "birthe", visitation_on=date(2026, 11, 25))
    broken = make_case(app, "birthe", visitation_on=date(2026, 11, 25))
    add_decision(app, kept, decided_on=date(2026, 12, 7))
    add_decision(app, broken, decided_on=date(2026, 12, 8))
    with time_machine.travel(datetime(2026, 12, 9, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        kept_html = client.get(f"/mine-sager/{kept}").get_data(as_text=True)
        broken_html = client.get(f"/mine-sager/{broken}").get_data(as_text=True)
    assert "fristen mandag den 7. december 2026 blev holdt" in kept_html
    assert "fristen mandag den 7. december 2026 blev ikke holdt" in broken_html
    # Training: Glostrup promises a start within 20 hverdage of the decision.
    assert "Senest fredag den 8. januar 2027" in kept_html


def test_an_overdue_promise_is_marked_on_the_case(app, client):
    load_demo(app)
    reference = make_case(app, "birthe")
    with time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "birthe")
        html = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert "Fristen er overskredet" in html
    assert "Fristen var mandag den 7. december 2026. Den er overskredet." in html


def test_a_rejection_ends_the_timeline_and_links_to_the_decision_when_that_page_exists(app, client):
    load_demo(app)
    reference = make_case(app, "birthe", visitation_on=date(2026, 11, 25))
    add_decision(app, reference, decided_on=date(2026, 12, 1), outcome="rejected")
    sign_in(client, "birthe")
    html = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert "Ikke relevant" in html
    assert "Kommunen traf afgørelse tirsdag den 1. december 2026." in html
    assert f"/mine-sager/{reference}/afgoerelse" in html


def test_reading_a_case_is_audited_with_who_read_it(app, client):
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    ids, _ = load_demo(app)
    reference = make_case(app, "birthe")
    sign_in(client, "mette", act_for="birthe")
    assert client.get(f"/mine-sager/{reference}").status_code == 200
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.view", AuditEntry.object_ref == reference))
        assert entry.actor_person_id == ids["mette"] and entry.subject_person_id == ids["birthe"]
    sign_in(client, "birthe")
    assert "så din sag" in client.get("/aktivitet").get_data(as_text=True)


def test_another_citizens_case_is_not_found(app, client):
    load_demo(app)
    reference = make_case(app, "birthe")
    sign_in(client, "jens")
    assert client.get(f"/mine-sager/{reference}").status_code == 404
    assert client.get(f"/mine-sager/{reference}/bekraeft").status_code == 404
    assert post(client, f"/mine-sager/{reference}/samtykke/gp", token_from="/min-side").status_code == 404
    assert reference not in client.get("/mine-sager").get_data(as_text=True)


def test_withdrawing_consent_stops_it_from_then_on_for_that_source_only(app, client):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    reference = make_case(app, "birthe", consents={"gp": True, "hospital": True})
    moment = datetime(2026, 11, 25, 14, 5, tzinfo=COPENHAGEN)
    with time_machine.travel(moment, tick=False):
        sign_in(client, "birthe")
        html = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
        assert html.count("Træk tilbage") == 2
        response = post(client, f"/mine-sager/{reference}/samtykke/gp", token_from=f"/mine-sager/{reference}")
        assert response.status_code == 302
        html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fra nu af må kommunen ikke hente oplysninger der." in html
    assert "Trukket tilbage onsdag den 25. november 2026 kl. 14.05" in html
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert not case.consent("gp").in_force and case.consent("gp").withdrawn_at == moment
        assert case.consent("hospital").in_force
    # Withdrawing again changes nothing; an unknown source is not found.
    sign_in(client, "birthe")
    response = post(client, f"/mine-sager/{reference}/samtykke/gp", token_from=f"/mine-sager/{reference}")
    assert response.status_code == 302
    assert post(client, f"/mine-sager/{reference}/samtykke/naboen", token_from="/min-side").status_code == 404


def test_a_fuldmagt_that_only_lets_you_see_cannot_withdraw_consent(app, client):
    from tests.web.test_apply_application import _grant

    ids, _ = load_demo(app)
    _grant(app, ids["birthe"], ids["karen"], "view")
    reference = make_case(app, "birthe")
    sign_in(client, "karen", act_for="birthe")
    assert client.get(f"/mine-sager/{reference}").status_code == 200
    assert "Træk tilbage" not in client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert post(client, f"/mine-sager/{reference}/samtykke/gp", token_from="/min-side").status_code == 403


def test_the_citizen_confirms_a_relatives_application_and_the_promise_counts_from_then(app, client):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    sign_in(client, "karen")
    reference = apply(client, {**ANSWERS, **RELATIVE}).request.path.rsplit("/", 1)[-1]
    with time_machine.travel(datetime(2026, 12, 17, 10, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "jens")
        overview = client.get("/min-side").get_data(as_text=True)
        assert "Bekræft en ansøgning om træning" in overview
        html = client.get(f"/mine-sager/{reference}/bekraeft").get_data(as_text=True)
        assert "Karen Nielsen har søgt om træning for dig" in html and ANSWERS["maal"]["goal"] in html
        response = post(client, f"/mine-sager/{reference}/bekraeft", {"choice": "confirm"},
                        token_from=f"/mine-sager/{reference}/bekraeft")
        assert response.headers["Location"].endswith(f"/mine-sager/{reference}")
        assert "Bekræft en ansøgning om træning" not in client.get("/min-side").get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.status == "received" and case.confirmed_at is not None
        assert case.response_due == date(2027, 1, 6)


def test_the_citizen_rejects_a_relatives_application_and_it_is_withdrawn(app, client):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    sign_in(client, "karen")
    reference = apply(client, {**ANSWERS, **RELATIVE}).request.path.rsplit("/", 1)[-1]
    sign_in(client, "jens")
    response = post(client, f"/mine-sager/{reference}/bekraeft", {"choice": "reject"},
                    token_from=f"/mine-sager/{reference}/bekraeft")
    assert response.headers["Location"].endswith("/mine-sager")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.status == "withdrawn" and case.withdrawn_at is not None
    html = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert "Ansøgningen blev trukket tilbage" in html
    # Once answered, the confirmation page just shows the case.
    assert client.get(f"/mine-sager/{reference}/bekraeft").status_code == 302


def test_confirming_without_a_choice_asks_again(app, client):
    load_demo(app)
    sign_in(client, "karen")
    reference = apply(client, {**ANSWERS, **RELATIVE}).request.path.rsplit("/", 1)[-1]
    sign_in(client, "jens")
    response = post(client, f"/mine-sager/{reference}/bekraeft", {}, token_from=f"/mine-sager/{reference}/bekraeft")
    assert response.status_code == 200
    assert "Vælg, om du vil bekræfte eller afvise ansøgningen." in response.get_data(as_text=True)


def test_without_cases_the_page_says_so_and_offers_to_apply(app, client):
    load_demo(app)
    sign_in(client, "jens")
    html = client.get("/mine-sager").get_data(as_text=True)
    assert "Du har ingen sager endnu." in html and 'href="/ansoeg"' in html


def test_herlev_promises_the_training_start_from_the_visitation_visit(app, client):
    load_demo(app)
    reference = make_case(app, "jens", municipality="herlev", visitation_on=date(2026, 11, 26))
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in(client, "jens")
        html = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    # Contact within 10 hverdage of the application: kept by the visit on 26 November.
    assert "fristen mandag den 7. december 2026 blev holdt" in html
    # Training within 14 dage of the visit: 10 December.
    assert "Senest torsdag den 10. december 2026" in html


def test_the_citizen_withdraws_their_own_application_before_the_decision(app, client):
    load_demo(app)
    reference = make_case(app, "jens", municipality="herlev")
    sign_in(client, "jens")
    page = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert "Træk ansøgningen tilbage" in page
    confirm = client.get(f"/mine-sager/{reference}/traek-tilbage").get_data(as_text=True)
    assert "Vil du trække ansøgningen tilbage?" in confirm and "Du kan ikke fortryde det bagefter." in confirm
    response = post(client, f"/mine-sager/{reference}/traek-tilbage", token_from=f"/mine-sager/{reference}/traek-tilbage")
    assert response.status_code == 302
    page = client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    assert "Ansøgningen blev trukket tilbage" in page
    assert "Træk ansøgningen tilbage" not in page
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.withdraw")) is not None


def test_a_decided_application_cannot_be_withdrawn(app, client):
    load_demo(app)
    reference = make_case(app, "jens", municipality="herlev")
    add_decision(app, reference, decided_on=date(2026, 11, 20))
    sign_in(client, "jens")
    assert "Træk ansøgningen tilbage" not in client.get(f"/mine-sager/{reference}").get_data(as_text=True)
    response = post(client, f"/mine-sager/{reference}/traek-tilbage", token_from=f"/mine-sager/{reference}")
    assert response.status_code == 302
    from portal.cases.models import Case
    from portal.extensions import db

    with app.app_context():
        assert db.session.scalar(select(Case.status).where(Case.reference == reference)) != "withdrawn"


def test_a_herlev_vedligeholdende_case_shows_no_promise_its_section_does_not_make(app, client):
    """Herlev's 10 hverdage and 14 dage sit under genoptræning (§ 86 stk. 1): its
    vedligeholdende section promises no deadline, so the case page shows none (DOMAIN.md §5)."""
    load_demo(app)
    maintain = make_case(app, "jens", municipality="herlev", law="sel_86_2", visitation_on=date(2026, 11, 25))
    regain = make_case(app, "jens", municipality="herlev", law="sel_86_1", visitation_on=date(2026, 11, 25))
    sign_in(client, "jens")
    maintain_page = client.get(f"/mine-sager/{maintain}").get_data(as_text=True)
    regain_page = client.get(f"/mine-sager/{regain}").get_data(as_text=True)
    assert "10 hverdage" in regain_page and "14 dage" in regain_page
    assert "10 hverdage" not in maintain_page and "14 dage" not in maintain_page
    assert "Senest" not in maintain_page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
