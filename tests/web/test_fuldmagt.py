"""Fuldmagt: grant, change, revoke, decline; scopes; activity log."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.auth.models import AuditEntry, Grant, Person
from portal.extensions import db
from portal.rules.cancellation import COPENHAGEN
from tests.helpers import load_demo, post, sign_in


def _grant(app, grantor_key_cpr: str, holder_cpr: str) -> Grant | None:
    with app.app_context():
        grantor = db.session.scalar(select(Person).where(Person.cpr == grantor_key_cpr))
        holder = db.session.scalar(select(Person).where(Person.cpr == holder_cpr))
        if holder is None:
            return None
        grant = db.session.scalar(select(Grant).where(Grant.grantor_id == grantor.id, Grant.holder_id == holder.id))
        if grant is not None:
            db.session.expunge(grant)
        return grant


def test_citizen_grants_a_relative_chosen_scopes_and_an_end_date(app, client):
    load_demo(app)
    sign_in(client, "jens")
    response = post(client, "/fuldmagt/ny", {
        "holder_cpr": "051279-2244", "holder_name": "Karen Nielsen", "scopes": ["apply", "view"],
        "valid_until": "31.12.2030",
    }, token_from="/fuldmagt/ny")
    assert response.status_code == 302
    grant = _grant(app, "1507813579", "0512792244")
    assert grant.scope_list == ["apply", "view"]
    assert grant.valid_until == date(2030, 12, 31)
    html = client.get("/fuldmagt").get_data(as_text=True)
    assert "Karen Nielsen" in html and "051279-XXXX" in html
    assert "0512792244" not in html


def test_granting_again_to_the_same_person_updates_the_grant(app, client):
    load_demo(app)
    sign_in(client, "jens")
    for scopes in (["view"], ["cancel", "complain"]):
        post(client, "/fuldmagt/ny", {"holder_cpr": "0512792244", "holder_name": "Karen Nielsen", "scopes": scopes},
             token_from="/fuldmagt/ny")
    with app.app_context():
        assert db.session.query(Grant).filter(Grant.holder.has(cpr="0512792244")).count() == 1
    assert _grant(app, "1507813579", "0512792244").scope_list == ["cancel", "complain"]


def test_a_citizen_cannot_grant_to_themselves(app, client):
    load_demo(app)
    sign_in(client, "jens")
    response = post(client, "/fuldmagt/ny", {"holder_cpr": "1507813579", "holder_name": "Jens", "scopes": ["view"]},
                    token_from="/fuldmagt/ny")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Du kan ikke give en fuldmagt til dig selv." in html
    assert "Der er et problem" in html


def test_bad_input_is_explained_at_the_field_and_kept(app, client):
    load_demo(app)
    sign_in(client, "jens")
    response = post(client, "/fuldmagt/ny", {"holder_cpr": "3213991234", "holder_name": "Karen N", "valid_until": "32.13.2026"},
                    token_from="/fuldmagt/ny")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv et gyldigt cpr-nummer" in html
    assert "Vælg mindst én ting" in html
    assert "Skriv datoen som dag.måned.år" in html
    assert 'value="Karen N"' in html and 'value="32.13.2026"' in html
    with app.app_context():
        assert db.session.query(Grant).count() == 1  # only the demo grant


def test_revoking_takes_effect_on_the_relatives_very_next_request(app):
    load_demo(app)
    mette, birthe = app.test_client(), app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    assert "Du handler på vegne af Birthe Hansen" in mette.get("/min-side").get_data(as_text=True)
    sign_in(birthe, "birthe")
    grant = _grant(app, "1203551234", "0309812468")
    post(birthe, f"/fuldmagt/{grant.id}/tilbagekald", token_from="/fuldmagt")
    response = mette.get("/min-side")
    assert response.status_code == 403
    assert "Fuldmagten gælder ikke længere" in response.get_data(as_text=True)
    html = mette.get("/min-side").get_data(as_text=True)
    assert "Du handler på vegne af" not in html


def test_expiry_takes_effect_mid_session(app):
    load_demo(app)
    birthe, mette = app.test_client(), app.test_client()
    start = datetime(2026, 11, 23, 23, 50, tzinfo=COPENHAGEN)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(birthe, "birthe")
        grant = _grant(app, "1203551234", "0309812468")
        post(birthe, f"/fuldmagt/{grant.id}", {"scopes": ["view"], "valid_until": "23.11.2026"},
             token_from=f"/fuldmagt/{grant.id}")
        sign_in(mette, "mette", act_for="birthe")
        assert mette.get("/min-side").status_code == 200
        traveller.move_to(start + timedelta(minutes=15))  # past midnight: expired
        assert mette.get("/min-side").status_code == 403


def test_relative_declines_a_grant(app, client):
    load_demo(app)
    sign_in(client, "mette", act_for="self")
    grant = _grant(app, "1203551234", "0309812468")
    post(client, f"/fuldmagt/{grant.id}/afvis", token_from="/fuldmagt")
    assert _grant(app, "1203551234", "0309812468").declined_at is not None
    # no choice to act for Birthe any more
    assert "/vaelg-person" not in sign_in(client, "mette").headers["Location"]


def test_someone_elses_grant_is_404_not_403(app, client):
    load_demo(app)
    grant = _grant(app, "1203551234", "0309812468")
    sign_in(client, "jens")
    assert client.get(f"/fuldmagt/{grant.id}").status_code == 404
    assert post(client, f"/fuldmagt/{grant.id}/tilbagekald", token_from="/fuldmagt").status_code == 404
    assert post(client, f"/fuldmagt/{grant.id}/afvis", token_from="/fuldmagt").status_code == 404
    assert _grant(app, "1203551234", "0309812468").revoked_at is None


def test_the_fuldmagt_page_is_only_for_oneself(app, client):
    load_demo(app)
    sign_in(client, "mette", act_for="birthe")
    response = client.get("/fuldmagt")
    assert response.status_code == 403
    assert "Skift til dig selv" in response.get_data(as_text=True)


def test_menu_shows_only_what_the_scopes_allow(app):
    load_demo(app)
    birthe, karen = app.test_client(), app.test_client()
    sign_in(birthe, "birthe")
    post(birthe, "/fuldmagt/ny", {"holder_cpr": "0512792244", "holder_name": "Karen Nielsen", "scopes": ["complain"]},
         token_from="/fuldmagt/ny")
    sign_in(karen, "karen", act_for="birthe")
    html = karen.get("/min-side").get_data(as_text=True)
    assert "Fuldmagten fra Birthe Hansen giver dig lov til at: klage." in html
    assert ">Fuldmagt<" not in html and ">Aktivitet<" not in html


def test_citizen_sees_what_others_did_on_their_behalf(app):
    load_demo(app)
    mette, birthe = app.test_client(), app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    sign_in(birthe, "birthe")
    html = birthe.get("/aktivitet").get_data(as_text=True)
    assert "Mette Hansen" in html
    assert "begyndte at handle på dine vegne" in html


def test_audit_entries_cannot_be_edited_or_deleted(app):
    load_demo(app)
    import pytest
    from portal.auth.models import AuditIsAppendOnly
    from portal import clock

    with app.app_context():
        entry = AuditEntry(at=clock.now(), action="grant.create", object_type="grant", object_ref="1", detail="")
        db.session.add(entry)
        db.session.commit()
        entry.detail = "changed"
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()
        db.session.rollback()


def test_control_characters_are_dropped_from_text_before_saving(app, client):
    load_demo(app)
    sign_in(client, "jens")
    response = post(client, "/fuldmagt/ny", {"holder_cpr": "0512792244", "holder_name": "Karen\x00 Niel\x07sen",
                                             "scopes": ["view"]}, token_from="/fuldmagt/ny")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Person.name).where(Person.cpr == "0512792244")) == "Karen Nielsen"
