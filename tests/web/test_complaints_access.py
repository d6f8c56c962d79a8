"""Who may use the complaint routes, beyond what the authorisation matrix
(tests/web/test_authz_matrix.py with tests/web/authz/complaints.py) shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import Grant
from portal.extensions import db
from tests.helpers import load_demo, post, sign_in, sign_in_staff
from tests.web.complaints_support import file_complaint, person_id, token


@pytest.fixture
def app(app):
    return app


def _grant(app, grantor: str, holder: str, scopes: str) -> None:
    with app.app_context():
        now = clock.now()
        db.session.add(Grant(grantor_id=person_id(app, grantor), holder_id=person_id(app, holder), scopes=scopes,
                             created_at=now, updated_at=now))
        db.session.commit()


def _end_grant(app, holder: str, how: str) -> None:
    with app.app_context():
        grant = db.session.scalar(select(Grant).where(Grant.holder_id == person_id(app, holder)))
        if how == "expired":
            grant.valid_until = clock.today() - timedelta(days=1)
        else:
            grant.revoked_at = clock.now()
        db.session.commit()


def _client_for(app, role: str):
    """A signed-in client for the role and its CSRF token (taken before a fuldmagt ends)."""
    client = app.test_client()
    source = "/medarbejder/log-ind" if role.startswith("staff") else "/log-ind"
    if role == "citizen_a":
        sign_in(client, "birthe")
    elif role == "citizen_b":
        sign_in(client, "jens")
    elif role == "relative_all":
        sign_in(client, "mette", act_for="birthe")
    elif role == "relative_one":
        sign_in(client, "karen", act_for="birthe")
    elif role in ("relative_expired", "relative_revoked"):
        holder = "ali" if role == "relative_expired" else "jens"
        with app.app_context():
            grant = db.session.scalar(select(Grant).where(Grant.holder_id == person_id(app, holder)))
            grant.valid_until, grant.revoked_at = None, None
            db.session.commit()
        sign_in(client, holder, act_for="birthe")
        csrf = token(client, "/vaelg-person")
        _end_grant(app, holder, "expired" if role == "relative_expired" else "revoked")
        return client, csrf
    elif role == "staff_same":
        sign_in_staff(client, "lone")
    elif role == "staff_other":
        sign_in_staff(client, "anders")
    return client, token(client, source)


def test_a_visitator_alone_is_refused_the_complaints_inbox(app, client):
    load_demo(app)
    sign_in_staff(client, "lone")
    assert client.get("/medarbejder/klager").status_code == 403


def test_anonymous_is_sent_to_sign_in_and_back(app, client):
    load_demo(app)
    response = client.get("/klage?about=decision")
    assert response.status_code == 302
    assert "/log-ind" in response.headers["Location"]
    response = client.get("/medarbejder/klager")
    assert response.status_code == 302
    assert "/medarbejder/log-ind" in response.headers["Location"]


def test_a_complaint_handler_of_another_municipality_gets_404(app, client):
    load_demo(app)
    sign_in(client, "ali")
    reference = file_complaint(client, "decision").headers["Location"].split("/")[2]
    susanne = app.test_client()
    sign_in_staff(susanne, "susanne")  # Glostrup
    assert susanne.get(f"/medarbejder/klager/{reference}").status_code == 404
    assert susanne.get(f"/medarbejder/klager/{reference}/klagepakke").status_code == 404
    response = post(susanne, f"/medarbejder/klager/{reference}/genvurdering", token_from="/medarbejder/log-ind")
    assert response.status_code == 404
    assert reference not in susanne.get("/medarbejder/klager").get_data(as_text=True)
    mads = app.test_client()
    sign_in_staff(mads, "mads")  # København
    assert mads.get(f"/medarbejder/klager/{reference}").status_code == 200


def test_the_providers_leader_sees_delivery_complaints_only(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    decision_ref = file_complaint(client, "decision").headers["Location"].split("/")[2]
    delivery_ref = file_complaint(client, "delivery").headers["Location"].split("/")[2]
    hanne = app.test_client()
    sign_in_staff(hanne, "hanne")
    assert hanne.get(f"/medarbejder/klager/{decision_ref}").status_code == 404
    assert hanne.get(f"/medarbejder/klager/{delivery_ref}").status_code == 200
    inbox = hanne.get("/medarbejder/klager").get_data(as_text=True)
    assert delivery_ref in inbox and decision_ref not in inbox


def test_unknown_references_are_404_not_500(app, client):
    load_demo(app)
    sign_in(client, "birthe")
    for url in ("/klage/KL-XXX-XXX", "/klage/KL-XXX-XXX/kvittering", "/klage/%00", "/klage/" + "A" * 500,
                "/klage?sag=TP-NOPE-1", "/klage?about=decision&sag=TP-XXX-XXX", "/klage?about=delivery&tid=TR-XXX-XXX",
                "/klage/ny?about=decision&sag=TP-XXX-XXX", "/klage/ny?about=delivery&tid=nope",
                "/klage?about=decision&sag=%00", "/klage/ny?about=delivery&tid=TR%00", "/klage/KL-%00%00"):
        assert client.get(url).status_code == 404, url
    staff = app.test_client()
    sign_in_staff(staff, "susanne")
    for url in ("/medarbejder/klager/KL-XXX-XXX", "/medarbejder/klager/KL-XXX-XXX/klagepakke", "/medarbejder/klager/%00"):
        assert staff.get(url).status_code == 404, url


def test_another_citizens_case_or_session_as_context_is_404(app, client):
    load_demo(app)
    from portal.cases.models import Case
    from portal.schedule.models import Booking

    with app.app_context():
        ali_case = db.session.scalar(select(Case.reference).where(Case.citizen_id == person_id(app, "ali")))
        birthe_booking = db.session.scalar(select(Booking.reference).where(Booking.citizen_id == person_id(app, "birthe")))
    sign_in(client, "jens")
    assert client.get(f"/klage?about=decision&sag={ali_case}").status_code == 404
    assert client.get(f"/klage/ny?about=decision&sag={ali_case}").status_code == 404
    assert client.get(f"/klage?about=delivery&tid={birthe_booking}").status_code == 404
    assert client.get(f"/klage/ny?about=delivery&tid={birthe_booking}").status_code == 404
