"""The transactional outbox: messages written with the change, delivered by
`flask outbox send` to a real SMTP server on loopback, retried and never lost."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from aiosmtpd.controller import Controller

from portal import clock
from tests.helpers import post, sign_in, sign_in_staff
from tests.web import schedule_support as support


class Inbox:
    """An SMTP server's handler: keeps what it receives; can refuse the next few messages."""

    def __init__(self):
        self.messages = []
        self.refuse_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 Try again later"
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def _pending_receipt(app, client):
    """Birthe cancels a session: one receipt waits in the outbox."""
    demo = support.load(app)
    reference, start = demo.upcoming[-1]
    sign_in(client, "birthe")
    url = f"/traeningsplan/{reference}/afbud"
    post(client, url, {"reason": "other", "step": "confirm", "shown": "on_time"}, token_from=url)
    messages = support.outbox(app, "cancel_receipt")
    assert len(messages) == 1 and messages[0]["status"] == "pending"
    return demo


def _row(app):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    with app.app_context():
        m = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "cancel_receipt"))
        return {"status": m.status, "attempts": m.attempts, "next": m.next_attempt_at, "error": m.last_error, "sent_at": m.sent_at}


def _send(app, runner, port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="traening@glostrup.example")
    return runner.invoke(args=["outbox", "send"])


def test_a_cancellation_receipt_is_delivered_by_smtp_and_marked_sent(app, client, runner, smtp):
    _pending_receipt(app, client)
    result = _send(app, runner, smtp.port)
    assert result.exit_code == 0, result.output
    assert "Sendt: 1." in result.output
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["birthe@example.dk"]
    assert message["Subject"] == "Kvittering for dit afbud"
    assert message["From"] == "traening@glostrup.example"
    assert message["Message-ID"].startswith("<outbox-")
    assert "Vi har registreret et afbud" in message.get_content()
    assert _row(app)["status"] == "sent"
    # sending again sends nothing twice
    assert "Sendt: 0." in _send(app, runner, smtp.port).output
    assert len(smtp.messages) == 1


def test_a_refused_message_is_retried_later_and_then_delivered(app, client, runner, smtp):
    _pending_receipt(app, client)
    smtp.refuse_next = 1
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        result = _send(app, runner, smtp.port)
        assert result.exit_code == 0 and "Fejlede og prøves igen senere: 1." in result.output
        row = _row(app)
        assert row["status"] == "pending" and row["attempts"] == 1 and "451" in row["error"]
        assert row["next"] == start + timedelta(minutes=1)
        # not due yet: nothing is tried
        assert "Sendt: 0. Fejlede og prøves igen senere: 0." in _send(app, runner, smtp.port).output
        traveller.move_to(start + timedelta(minutes=2))
        assert "Sendt: 1." in _send(app, runner, smtp.port).output
    assert len(smtp.messages) == 1
    assert _row(app)["status"] == "sent" and _row(app)["attempts"] == 2


def test_a_server_that_is_down_loses_nothing(app, client, runner, smtp):
    _pending_receipt(app, client)
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        result = _send(app, runner, _free_port())  # nobody listens there
        assert result.exit_code == 0 and "Fejlede" in result.output
        assert _row(app)["attempts"] == 1
        traveller.move_to(start + timedelta(minutes=1, seconds=1))
        _send(app, runner, _free_port())
        row = _row(app)
        assert row["attempts"] == 2 and row["next"] == start + timedelta(minutes=1, seconds=1) + timedelta(minutes=2)
        traveller.move_to(start + timedelta(hours=1))
        assert "Sendt: 1." in _send(app, runner, smtp.port).output
    assert len(smtp.messages) == 1


def test_without_an_smtp_host_nothing_is_sent_or_marked(app, client, runner):
    _pending_receipt(app, client)
    app.config.update(SMTP_HOST="")
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code != 0 and "SMTP_HOST" in result.output
    assert _row(app)["status"] == "pending" and _row(app)["attempts"] == 0


def test_backoff_doubles_and_is_capped_at_six_hours():
    from portal.outbox.delivery import backoff

    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(50) == timedelta(hours=6)


def test_messages_are_written_in_the_same_transaction_as_the_change(app, client):
    """A cancellation that fails after the message was queued leaves neither behind."""
    demo = support.load(app)
    reference, start = demo.upcoming[-1]
    from sqlalchemy import select

    from portal.auth.models import Person
    from portal.extensions import db
    from portal.rules.cancellation import Reason
    from portal.schedule import services
    from portal.schedule.models import Booking

    with app.test_request_context():
        booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
        services.cancel(booking, Reason.OTHER, db.session.get(Person, demo.people["birthe"]))
        db.session.rollback()  # what a view does when something fails before commit
    assert support.outbox(app) == [] and support.booking(app, reference)["status"] == "booked"


def test_the_demo_outbox_page_shows_messages_only_in_the_demo(app, client):
    _pending_receipt(app, client)
    sign_in_staff(client, "peter")
    page = support.main_text(client.get("/demo/outbox"))
    assert "Kvittering for dit afbud" in page and "birthe@example.dk" in page
    app.config["DEMO"] = False
    assert client.get("/demo/outbox").status_code == 404


def test_the_demo_outbox_is_for_staff_and_shows_only_their_municipalitys_citizens(app, client):
    _pending_receipt(app, client)
    assert client.get("/demo/outbox").status_code == 403  # Birthe, a citizen, may not read the outbox
    post(client, "/log-ud", token_from="/min-side")
    response = client.get("/demo/outbox")
    assert response.status_code == 302 and "/medarbejder/log-ind" in response.headers["Location"]
    sign_in_staff(client, "anders")  # Herlev: Birthe lives in Glostrup
    page = support.main_text(client.get("/demo/outbox"))
    assert "birthe@example.dk" not in page and "Kvittering for dit afbud" not in page
