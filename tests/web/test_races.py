"""The same change sent many times at once happens exactly once.

Eight simultaneous identical requests (a double click with JavaScript off,
a citizen and a relative at the same moment, a retrying proxy), and mixes of
different ones, through real concurrent transactions: each request has its
own thread, test client and connection. The service that makes the change
is held open inside its transaction (race_support.hold), so without the
locks of portal.access every request would pass the same check and act.
Afterwards: exactly one effect in the audit log, one message in the outbox,
no answer is a 500, and `flask check` finds nothing.

On PostgreSQL the rows are locked (SELECT … FOR UPDATE); SQLite, which the
demo runs on, has one write lock for the whole database, and the same tests
show that it serialises the requests just as well.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.helpers import session_token, sign_in, sign_in_staff
from tests.web import race_support as race
from tests.web import schedule_support as support
from tests.web.test_schedule_decisions import GRANTED


@pytest.fixture
def pg_app(app):
    """Either database: the app fixture runs each test on SQLite and on PostgreSQL."""
    return app


@pytest.fixture
def demo(pg_app):
    return support.load(pg_app)


def _birthe(app):
    client = app.test_client()
    sign_in(client, "birthe")
    return client


def _no_server_errors(responses) -> None:
    assert all(response.status_code < 500 for response in responses), race.statuses(responses)


def _live_bookings(app, citizen_id: int) -> int:
    from portal.extensions import db
    from portal.rules.states import LIVE
    from portal.schedule.models import Booking

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking).where(
            Booking.citizen_id == citizen_id, Booking.status.in_([s.value for s in LIVE])))


def _cancel_data(reason: str = "illness") -> dict:
    return {"reason": reason, "step": "confirm", "shown": "on_time"}


def _cancel_once(app, client, reference: str, reason: str = "illness") -> None:
    response = client.post(f"/traeningsplan/{reference}/afbud",
                           data={**_cancel_data(reason), "csrf_token": session_token(client)})
    assert response.status_code == 302, response.status_code


# ------------------------------------------------------------- the citizen

def test_eight_identical_cancellations_cancel_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "cancel")
    reference = demo.upcoming[-1][0]
    responses = race.same(_birthe(pg_app), "POST", f"/traeningsplan/{reference}/afbud", _cancel_data())
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.cancel", reference) == 1
    assert race.outbox_count(pg_app, "cancel_receipt") == 1
    assert support.booking(pg_app, reference)["status"] == "cancelled"
    assert race.consistent(pg_app) == []


def test_eight_identical_undos_give_the_place_back_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    client = _birthe(pg_app)
    reference = demo.upcoming[-1][0]
    _cancel_once(pg_app, client, reference)
    race.hold(monkeypatch, services, "undo_cancellation")
    responses = race.same(client, "POST", f"/traeningsplan/{reference}/afbud/fortryd")
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.undo_cancel", reference) == 1
    assert race.outbox_count(pg_app, "undo_receipt") == 1
    booking = support.booking(pg_app, reference)
    assert booking["status"] == "booked" and booking["booked"] == 1  # one place, not eight
    assert race.consistent(pg_app) == []


def test_eight_identical_moves_move_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "move")
    reference, target = demo.upcoming[-1][0], demo.free_slot_ids[-1]
    before = _live_bookings(pg_app, demo.people["birthe"])
    responses = race.same(_birthe(pg_app), "POST", f"/traeningsplan/{reference}/flyt", {"slot": str(target)})
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.move") == 1
    assert race.outbox_count(pg_app, "move_receipt") == 1
    assert _live_bookings(pg_app, demo.people["birthe"]) == before  # no extra sessions
    assert support.slot_booked(pg_app, target) == 1
    assert race.consistent(pg_app) == []


def test_eight_moves_of_one_session_to_eight_times_move_it_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "move")
    client = _birthe(pg_app)
    reference, targets = demo.upcoming[-1][0], demo.free_slot_ids[-race.N:]
    token = session_token(client)
    shots = [race.Shot("POST", f"/traeningsplan/{reference}/flyt", {"slot": str(target), "csrf_token": token})
             for target in targets]
    before = _live_bookings(pg_app, demo.people["birthe"])
    responses = race.fire(race.clones(client, race.N), shots)
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.move") == 1
    assert race.outbox_count(pg_app, "move_receipt") == 1
    assert _live_bookings(pg_app, demo.people["birthe"]) == before
    assert sum(support.slot_booked(pg_app, target) for target in targets) == 1
    assert race.consistent(pg_app) == []


def test_one_citizen_moving_two_sessions_onto_one_team_session_gets_one_place(pg_app, demo, monkeypatch):
    """The same citizen cannot hold two places on one hold, whichever of her sessions she moves there."""
    from portal.schedule import services

    race.hold(monkeypatch, services, "move")
    client = _birthe(pg_app)
    hold = demo.hold_slot_ids[-1]
    token = session_token(client)
    shots = [race.Shot("POST", f"/traeningsplan/{reference}/flyt", {"slot": str(hold), "csrf_token": token})
             for reference, _ in demo.upcoming[-4:]] * 2
    responses = race.fire(race.clones(client, len(shots)), shots)
    _no_server_errors(responses)
    assert support.slot_booked(pg_app, hold) == 1
    assert race.audit_count(pg_app, "booking.move") == 1
    assert race.consistent(pg_app) == []


def test_eight_identical_replacements_book_one(pg_app, demo, monkeypatch):
    from portal.schedule import services

    client = _birthe(pg_app)
    reference = demo.upcoming[-1][0]
    _cancel_once(pg_app, client, reference)  # illness, on time: a replacement is offered
    race.hold(monkeypatch, services, "choose_replacement")
    targets = demo.free_slot_ids[-race.N:]
    token = session_token(client)
    shots = [race.Shot("POST", f"/traeningsplan/{reference}/erstatning", {"slot": str(target), "csrf_token": token})
             for target in targets]
    responses = race.fire(race.clones(client, race.N), shots)
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.replacement") == 1
    assert race.outbox_count(pg_app, "replacement_receipt") == 1
    assert sum(support.slot_booked(pg_app, target) for target in targets) == 1
    assert race.consistent(pg_app) == []


def test_cancel_and_undo_at_once_leave_the_counts_true(pg_app, demo):
    """Four afbud and four undos at once: they take turns, and every turn that
    acted left one audit entry and one message, and the place count is true."""
    client = _birthe(pg_app)
    reference = demo.upcoming[-1][0]
    token = session_token(client)
    cancel = race.Shot("POST", f"/traeningsplan/{reference}/afbud", {**_cancel_data(), "csrf_token": token})
    undo = race.Shot("POST", f"/traeningsplan/{reference}/afbud/fortryd", {"csrf_token": token})
    responses = race.fire(race.clones(client, race.N), [cancel, undo] * (race.N // 2))
    _no_server_errors(responses)
    cancels = race.audit_count(pg_app, "booking.cancel", reference)
    undos = race.audit_count(pg_app, "booking.undo_cancel", reference)
    assert 1 <= cancels and cancels - undos in (0, 1)
    assert race.outbox_count(pg_app, "cancel_receipt") == cancels
    assert race.outbox_count(pg_app, "undo_receipt") == undos
    assert support.booking(pg_app, reference)["status"] == ("cancelled" if cancels > undos else "booked")
    assert race.consistent(pg_app) == []


def test_move_and_cancel_at_once_do_one_of_them(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "move")
    race.hold(monkeypatch, services, "cancel")
    client = _birthe(pg_app)
    reference, target = demo.upcoming[-1][0], demo.free_slot_ids[-1]
    token = session_token(client)
    move = race.Shot("POST", f"/traeningsplan/{reference}/flyt", {"slot": str(target), "csrf_token": token})
    cancel = race.Shot("POST", f"/traeningsplan/{reference}/afbud", {**_cancel_data(), "csrf_token": token})
    responses = race.fire(race.clones(client, race.N), [move, cancel] * (race.N // 2))
    _no_server_errors(responses)
    moved = race.audit_count(pg_app, "booking.move")
    cancelled = race.audit_count(pg_app, "booking.cancel", reference)
    assert moved + cancelled == 1
    assert race.outbox_count(pg_app) == 1
    assert race.consistent(pg_app) == []


def test_a_citizen_and_her_relative_cancelling_at_once_cancel_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "cancel")
    reference = demo.upcoming[-1][0]
    birthe = _birthe(pg_app)
    mette = pg_app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    shots, clients = [], []
    for client in (birthe, mette):
        token = session_token(client)
        clients += race.clones(client, race.N // 2)
        shots += [race.Shot("POST", f"/traeningsplan/{reference}/afbud", {**_cancel_data(), "csrf_token": token})] * (race.N // 2)
    responses = race.fire(clients, shots)
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.cancel", reference) == 1
    assert race.outbox_count(pg_app, "cancel_receipt") == 1
    assert race.consistent(pg_app) == []


# ------------------------------------------------------------------- staff

def test_the_municipality_cancels_a_session_once(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "cancel_slot")
    reference = demo.upcoming[-1][0]
    slot_id = support.booking(pg_app, reference)["slot_id"]
    peter = pg_app.test_client()
    sign_in_staff(peter, "peter")
    data = {"note": "Terapeuten er syg.", "replacement": str(demo.free_slot_ids[-1])}
    responses = race.same(peter, "POST", f"/medarbejder/traening/{slot_id}/aflys", data)
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.municipality_cancel", reference) == 1
    assert race.outbox_count(pg_app, "municipality_cancel") == 1
    assert support.slot_booked(pg_app, demo.free_slot_ids[-1]) == 1
    assert support.slot_booked(pg_app, slot_id) == 0
    assert race.consistent(pg_app) == []


def test_eight_identical_decisions_make_one(pg_app, demo, monkeypatch):
    from portal.schedule import services

    race.hold(monkeypatch, services, "record_decision")
    reference = support.make_case(pg_app, "mette")
    lone = pg_app.test_client()
    sign_in_staff(lone, "lone")
    responses = race.same(lone, "POST", f"/medarbejder/sager/{reference}/afgoerelse", GRANTED)
    _no_server_errors(responses)
    assert sorted({response.status_code for response in responses}) == [302, 409]
    assert race.audit_count(pg_app, "decision.create", reference) == 1
    assert race.outbox_count(pg_app, "decision") == 1
    assert race.consistent(pg_app) == []


def test_a_complaint_step_is_taken_once(pg_app, demo, monkeypatch):
    from portal.complaints import services
    from tests.web.complaints_support import complaint, file_complaint

    ali = pg_app.test_client()
    sign_in(ali, "ali")
    filed = file_complaint(ali, "decision", what_happened="Jeg kan ikke træne alene.")
    reference = filed.headers["Location"].split("/")[2]
    mads = pg_app.test_client()
    sign_in_staff(mads, "mads")
    race.hold(monkeypatch, services, "start_reconsideration")
    _no_server_errors(race.same(mads, "POST", f"/medarbejder/klager/{reference}/genvurdering"))
    assert race.audit_count(pg_app, "complaint.start", reference) == 1
    race.hold(monkeypatch, services, "record_reconsideration")
    data = {"outcome": "kept", "reasons": "Du kan træne selv med det program, du har fået."}
    _no_server_errors(race.same(mads, "POST", f"/medarbejder/klager/{reference}/resultat", data))
    assert race.audit_count(pg_app, "complaint.kept", reference) == 1
    assert complaint(pg_app, reference).status == "kept"
    assert race.outbox_count(pg_app, "complaint") == 3  # received, reconsidering, kept: one each


def test_a_citizen_not_satisfied_twice_at_once_sends_the_complaint_on_once(pg_app, demo, monkeypatch):
    from portal.complaints import services
    from tests.web.complaints_support import complaint

    birthe = _birthe(pg_app)
    reference = _answered_delivery_complaint(pg_app)
    race.hold(monkeypatch, services, "not_satisfied")
    responses = race.same(birthe, "POST", f"/klage/{reference}/ikke-tilfreds", {"reason": "Holdet er stadig for stort."})
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "complaint.escalate", reference) == 1
    assert complaint(pg_app, reference).status == "sent_to_visitation"


def _answered_delivery_complaint(app) -> str:
    from portal.complaints.models import Complaint
    from portal.extensions import db

    with app.app_context():
        found = db.session.scalar(select(Complaint).where(Complaint.subject == "delivery", Complaint.status == "answered"))
        assert found is not None, "the demo has an answered delivery complaint"
        return found.reference


# --------------------------------------------------------------- fuldmagt

def test_eight_revocations_revoke_once(pg_app, demo, monkeypatch):
    from portal.auth import services
    from portal.auth.models import Grant
    from portal.extensions import db

    with pg_app.app_context():
        grant_id = db.session.scalar(select(Grant.id).where(Grant.grantor_id == demo.people["birthe"],
                                                            Grant.holder_id == demo.people["mette"]))
    race.hold(monkeypatch, services, "revoke")
    responses = race.same(_birthe(pg_app), "POST", f"/fuldmagt/{grant_id}/tilbagekald")
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "grant.revoke", str(grant_id)) == 1


def test_eight_identical_new_fuldmagter_make_one(pg_app, demo, monkeypatch):
    from portal.auth import services
    from portal.auth.models import Grant
    from portal.extensions import db

    race.hold(monkeypatch, services, "grant")
    data = {"holder_cpr": "010190-1234", "holder_name": "Sofie Hansen", "scopes": ["view", "cancel"], "valid_until": ""}
    responses = race.same(_birthe(pg_app), "POST", "/fuldmagt/ny", data)
    _no_server_errors(responses)
    with pg_app.app_context():
        grants = db.session.scalar(select(func.count()).select_from(Grant).where(Grant.grantor_id == demo.people["birthe"]))
    assert grants == 2  # Mette's, and the new one
    assert race.audit_count(pg_app, "grant.create") == 1


def test_a_relative_acting_while_the_fuldmagt_is_revoked_is_refused_or_done_first(pg_app, demo, monkeypatch):
    """Revocation and a relative's afbud at once: either the afbud was made
    while the fuldmagt held, or it is refused; never made after the revocation."""
    from portal.auth.models import Grant
    from portal.extensions import db
    from portal.schedule import services

    race.hold(monkeypatch, services, "cancel")
    reference = demo.upcoming[-1][0]
    with pg_app.app_context():
        grant_id = db.session.scalar(select(Grant.id).where(Grant.grantor_id == demo.people["birthe"],
                                                            Grant.holder_id == demo.people["mette"]))
    birthe = _birthe(pg_app)
    mette = pg_app.test_client()
    sign_in(mette, "mette", act_for="birthe")
    shots = [race.Shot("POST", f"/fuldmagt/{grant_id}/tilbagekald", {"csrf_token": session_token(birthe)}),
             race.Shot("POST", f"/traeningsplan/{reference}/afbud", {**_cancel_data(), "csrf_token": session_token(mette)})]
    responses = race.fire([birthe, mette], shots)
    _no_server_errors(responses)
    with pg_app.app_context():
        from portal.auth.models import AuditEntry

        revoked = db.session.scalar(select(AuditEntry.at).where(AuditEntry.action == "grant.revoke"))
        cancelled = db.session.scalar(select(AuditEntry.at).where(AuditEntry.action == "booking.cancel"))
    assert revoked is not None
    assert cancelled is None or cancelled <= revoked + timedelta(seconds=0)


# ------------------------------------------------------------ messages

def test_eight_identical_messages_send_one(pg_app, demo, monkeypatch):
    """A double click (or eight) on "Send beskeden" with one form: one thread, one message, one notice."""
    import re as _re

    from portal.messages import services
    from portal.messages.models import Message

    race.hold(monkeypatch, services, "start_thread")
    client = _birthe(pg_app)
    url = f"/mine-sager/{demo.birthe_case}/beskeder/ny"
    html = client.get(url).get_data(as_text=True)
    token = _re.search(r'name="submission"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission"', html)
    submission = token.group(1) or token.group(2)
    before = race.audit_count(pg_app, "message.send")
    responses = race.same(client, "POST", url, {"recipient": "visitation", "body": "Kun én gang.", "booking": "",
                                                "submission": submission})
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "message.send") == before + 1
    with pg_app.app_context():
        from portal.extensions import db

        assert db.session.scalar(select(func.count()).select_from(Message).where(Message.body == "Kun én gang.")) == 1
    assert len({response.headers.get("Location") for response in responses}) == 1


def test_eight_identical_pauses_cancel_each_session_once(pg_app, demo, monkeypatch):
    from portal.messages import services

    import re as _re

    race.hold(monkeypatch, services, "pause")
    (_, first), (_, second) = demo.upcoming[0], demo.upcoming[1]
    data = {"reason": "other", "first": first.strftime("%d.%m.%Y"), "last": second.strftime("%d.%m.%Y")}
    client = _birthe(pg_app)
    url = f"/mine-sager/{demo.birthe_case}/pause"
    preview = client.post(url, data={**data, "csrf_token": session_token(client)}).get_data(as_text=True)
    data.update(step="confirm", shown=_re.search(r'name="shown" value="([^"]*)"', preview).group(1))
    responses = race.same(client, "POST", url, data)
    _no_server_errors(responses)
    assert race.audit_count(pg_app, "booking.cancel") == 2
    assert race.audit_count(pg_app, "training.pause") == 1
    assert race.outbox_count(pg_app, "cancel_receipt") == 2
    assert race.consistent(pg_app) == []
