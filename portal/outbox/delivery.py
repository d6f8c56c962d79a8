"""Delivering the outbox by SMTP: one message per transaction, retried with backoff, never dropped."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy import select

from portal import clock
from portal.extensions import db

from .models import PENDING, SENT, OutboxMessage

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most six hours; no limit on attempts."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LONGEST_WAIT)


class ConfigurationMissing(RuntimeError):
    pass


@dataclass
class Result:
    sent: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.failed


class Mailer:
    """One SMTP connection, opened on first use and re-opened after an error."""

    def __init__(self, config: dict):
        if not config.get("SMTP_HOST"):
            raise ConfigurationMissing("SMTP_HOST er ikke sat")
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        connection = smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=15)
        if config.get("SMTP_STARTTLS"):
            connection.starttls()
        if config.get("SMTP_USERNAME"):
            connection.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
        return connection

    def send(self, message: OutboxMessage) -> None:
        email = EmailMessage()
        email["From"] = self.config.get("MAIL_FROM") or "traeningsportalen@localhost"
        email["To"] = formataddr((message.to_name or "", message.to_address or ""))
        email["Subject"] = message.subject
        email["Date"] = format_datetime(message.created_at)
        email["Message-ID"] = message.message_id
        email.set_content(message.body)
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(email)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except Exception:  # the connection is already gone
                pass
            self.connection = None


def _next_due():
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= clock.now())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        # Several senders at once each take different messages.
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def send_pending(config: dict, limit: int = 500) -> Result:
    """Send every message that is due, committing after each one: a crash
    half-way never loses a message nor marks an unsent one as sent."""
    mailer = Mailer(config)
    result = Result()
    seen: set[int] = set()
    try:
        while result.attempted < limit:
            message = _next_due()
            if message is None or message.id in seen:
                db.session.rollback()
                break
            seen.add(message.id)
            try:
                mailer.send(message)
            except Exception as error:  # any failure: try again later
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:300]
                message.next_attempt_at = clock.now() + backoff(message.attempts)
                result.failed += 1
            else:
                message.attempts += 1
                message.status = SENT
                message.sent_at = clock.now()
                message.last_error = None
                result.sent += 1
            db.session.commit()
    finally:
        mailer.close()
    return result
