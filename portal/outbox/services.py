"""Putting messages in the outbox: flush, never commit (the caller's transaction owns them)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, render_template
from flask_babel import force_locale

from portal import clock
from portal.auth.models import Person
from portal.extensions import db

from .models import NO_ADDRESS, PENDING, OutboxMessage

_suppressed: ContextVar[bool] = ContextVar("outbox_notices_suppressed", default=False)


@contextmanager
def notices_suppressed():
    """No notices to the citizen while this lasts (the demo loader: its people are made up)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notices_wanted() -> bool:
    """False inside `notices_suppressed()`: the notifications of every capability ask this."""
    return not _suppressed.get()


def enqueue(person: Person, kind: str, subject: str, body: str) -> OutboxMessage:
    """A message to `person`, sent after the surrounding transaction commits."""
    now = clock.now()
    message = OutboxMessage(
        kind=kind, person_id=person.id, to_address=person.email or None, to_name=person.name,
        subject=subject[:200], body=body, status=PENDING if person.email else NO_ADDRESS,
        attempts=0, next_attempt_at=now, created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message


def enqueue_template(person: Person, kind: str, subject: str, template: str, **context) -> OutboxMessage:
    """Render templates/outbox/<template> in the portal's default language
    (the recipient's own choice is not known) and enqueue it."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "da")):
        body = render_template(f"outbox/{template}", person=person, **context)
        subject_text = str(subject)
    return enqueue(person, kind, subject_text, body.strip() + "\n")
