"""The visitation inbox /medarbejder: the staff member's own municipality
only, received and promised dates, overdue first in line, and recording
the visitation meeting."""

from __future__ import annotations

import re
from datetime import date, datetime

import time_machine
from sqlalchemy import select

from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in, sign_in_staff
from tests.web.test_apply_application import ANSWERS, RELATIVE, apply
from tests.web.test_cases_pages import make_case

THURSDAY = datetime(2026, 12, 17, 10, 0, tzinfo=COPENHAGEN)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_visitator_sees_each_application_with_the_promised_date(app, client):
    load_demo(app)
    with time_machine.travel(THURSDAY, tick=False):
        sign_in(client, "jens")
        reference = apply(client).request.path.rsplit("/", 1)[-1]
        staff = app.test_client()
        sign_in_staff(staff, "anders")
        html = staff.get("/medarbejder").get_data(as_text=True)
    text = _text(html)
    assert reference in html and "Jens Nielsen" in html
    assert "17. december 2026" in text  # received
    assert "onsdag den 6. januar 2027" in text  # promised: 10 hverdage, over Christmas


def test_the_inbox_shows_only_the_staff_members_municipality(app, client):
    load_demo(app)
    glostrup = make_case(app, "birthe")
    herlev = make_case(app, "jens", municipality="herlev")
    sign_in_staff(client, "lone")
    html = client.get("/medarbejder").get_data(as_text=True)
    assert glostrup in html and herlev not in html
    assert client.get(f"/medarbejder/sager/{herlev}").status_code == 404
    assert post(client, f"/medarbejder/sager/{herlev}/visitation", {"held_on": "01.12.2026"},
                token_from="/medarbejder").status_code == 404


def test_the_oldest_due_comes_first_and_an_overdue_one_is_marked(app, client):
    load_demo(app)
    newer = make_case(app, "birthe", received_at=datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN))
    older = make_case(app, "mette", received_at=datetime(2026, 11, 2, 9, 0, tzinfo=COPENHAGEN))
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "lone")
        html = client.get("/medarbejder").get_data(as_text=True)
    assert html.index(older) < html.index(newer)
    row = html[html.index(older):html.index(newer)]
    assert "Overskredet" in row  # due 16 November
    assert "Overskredet" not in html[html.index(newer):]


def test_opening_an_application_shows_answers_consents_and_who_applied_and_is_audited(app, client):
    from portal.auth.models import AuditEntry
    from portal.extensions import db

    ids, staff_ids = load_demo(app)
    reference = make_case(app, "birthe", consents={"gp": True})
    sign_in_staff(client, "lone")
    html = client.get(f"/medarbejder/sager/{reference}").get_data(as_text=True)
    assert "Birthe Hansen" in html and "120355-XXXX" in html and "1203551234" not in html
    assert ANSWERS["maal"]["goal"] in html
    assert "Borgeren selv" in html
    assert "Din egen læge: givet" in _text(html) or "Din egen læge : givet" in _text(html)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.view", AuditEntry.object_ref == reference))
        assert entry.actor_staff_id == staff_ids["lone"] and entry.subject_person_id == ids["birthe"]


def test_recording_the_visitation_meeting_moves_the_case_on(app, client):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    reference = make_case(app, "birthe")
    with time_machine.travel(datetime(2026, 11, 26, 15, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "lone")
        response = post(client, f"/medarbejder/sager/{reference}/visitation",
                        {"held_on": "26.11.2026", "note": "Hjemmebesøg"}, token_from=f"/medarbejder/sager/{reference}")
        assert response.status_code == 302
        html = client.get(f"/medarbejder/sager/{reference}").get_data(as_text=True)
    assert "Samtalen blev holdt torsdag den 26. november 2026." in html
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.status == "visitation" and case.visitation_on == date(2026, 11, 26)
        assert case.visitation_note == "Hjemmebesøg"
    assert f"/medarbejder/sager/{reference}/afgoerelse" in html


def test_a_visitation_date_in_the_future_is_refused_and_the_note_is_kept(app, client):
    from portal.cases.models import Case
    from portal.extensions import db

    load_demo(app)
    reference = make_case(app, "birthe")
    with time_machine.travel(datetime(2026, 11, 26, 15, 0, tzinfo=COPENHAGEN), tick=False):
        sign_in_staff(client, "lone")
        response = post(client, f"/medarbejder/sager/{reference}/visitation",
                        {"held_on": "27.11.2026", "note": "Mit notat"}, token_from=f"/medarbejder/sager/{reference}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Der er et problem" in html
    assert "Datoen må ikke ligge efter i dag." in html and "Mit notat" in html
    with app.app_context():
        assert db.session.scalar(select(Case).where(Case.reference == reference)).status == "received"


def test_an_application_awaiting_the_citizen_shows_no_answers_yet(app, client):
    load_demo(app)
    sign_in(client, "karen")
    reference = apply(client, {**ANSWERS, **RELATIVE}).request.path.rsplit("/", 1)[-1]
    staff = app.test_client()
    sign_in_staff(staff, "anders")
    inbox = staff.get("/medarbejder").get_data(as_text=True)
    assert "Venter på borgerens bekræftelse" in inbox and reference in inbox
    html = staff.get(f"/medarbejder/sager/{reference}").get_data(as_text=True)
    assert "Borgeren har endnu ikke bekræftet ansøgningen." in html
    assert ANSWERS["maal"]["goal"] not in html
    assert 'action="/medarbejder/sager/' not in html


def test_other_staff_roles_and_citizens_are_kept_out(app, client):
    load_demo(app)
    reference = make_case(app, "birthe")
    sign_in_staff(client, "peter")  # terapeut
    assert client.get("/medarbejder").status_code == 200
    assert reference not in client.get("/medarbejder").get_data(as_text=True)
    assert client.get(f"/medarbejder/sager/{reference}").status_code == 403
    citizen = app.test_client()
    sign_in(citizen, "birthe")
    assert citizen.get("/medarbejder").status_code == 403
    anonymous = app.test_client()
    response = anonymous.get("/medarbejder")
    assert response.status_code == 302 and "/medarbejder/log-ind" in response.headers["Location"]


def test_the_inbox_comes_in_pages_of_fifty_earliest_promise_first(app, client):
    from datetime import timedelta

    from portal import clock
    from portal.auth.models import Person
    from portal.cases.models import Case, new_reference
    from portal.extensions import db

    load_demo(app)
    with app.app_context():
        mette = db.session.scalar(select(Person).where(Person.name == "Mette Hansen"))
        for day in range(60):
            db.session.add(Case(reference=new_reference(), citizen_id=mette.id, municipality_id="glostrup", law="sel_86_1",
                                status="received", received_at=clock.now(), applied_by_id=mette.id, applied_as="self",
                                answers={}, response_due=clock.today() + timedelta(days=day)))
        db.session.commit()
    sign_in_staff(client, "lone")
    first = client.get("/medarbejder").get_data(as_text=True)
    assert first.count('<tr') - 1 == 50 and "Side 1 af 2" in first and 'rel="next"' in first
    second = client.get("/medarbejder?side=2").get_data(as_text=True)
    assert "Side 2 af 2" in second and 'rel="prev"' in second
    dues = re.findall(r'<td class="nowrap">([^<]*\d{4})', first)
    assert dues  # the dates are in promise order (checked by the query's ORDER BY; here: the page shows them)


def test_each_inbox_page_is_the_same_slice_as_one_order_over_the_whole_queue(app):
    """open_cases reads the queue in four index-ordered pieces (each status, with
    and without a promised answer): merged, every page must be exactly the
    slice that one ORDER BY over every open case gives, ties and all."""
    from datetime import timedelta

    from portal import clock
    from portal.auth.models import Person
    from portal.cases import services
    from portal.cases.models import RECEIVED, VISITATION, Case, new_reference
    from portal.extensions import db

    load_demo(app)
    with app.app_context():
        mette = db.session.scalar(select(Person).where(Person.name == "Mette Hansen"))
        now = clock.now()
        for n in range(47):
            status = (RECEIVED, VISITATION, "decided")[n % 3]  # a decided case is not in the queue
            due = None if n % 5 == 0 else clock.today() + timedelta(days=n % 7)  # ties on the date, some without
            db.session.add(Case(reference=new_reference(), citizen_id=mette.id, municipality_id="glostrup", law="sel_86_1",
                                status=status, received_at=now - timedelta(hours=n % 4), applied_by_id=mette.id,
                                applied_as="self", answers={}, response_due=due))
        db.session.commit()
        waiting = (Case.municipality_id == "glostrup") & Case.status.in_((RECEIVED, VISITATION))
        whole = list(db.session.scalars(select(Case.id).where(waiting).order_by(
            Case.response_due.is_(None), Case.response_due, Case.received_at, Case.id)))
        assert len(whole) > 20
        for page in range(1, len(whole) // 7 + 3):
            cases, total = services.open_cases("glostrup", page=page, per_page=7)
            assert total == len(whole)
            assert [case.id for case in cases] == whole[(page - 1) * 7:page * 7]
