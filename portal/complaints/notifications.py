"""Tell the citizen when a complaint changes status, through the outbox (in
the same transaction as the change).

The message says only that something changed and where to read it: no
complaint text, no health details, no CPR number.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, render_template
from flask_babel import force_locale


_suppressed: ContextVar[bool] = ContextVar("complaint_notifications_suppressed", default=False)


@contextmanager
def suppressed():
    """No messages (the demo loader: its people are made up)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def status_changed(complaint) -> None:
    if _suppressed.get():
        return
    from portal.outbox import services

    from .presenters import status_label

    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "da")):
        status = status_label(complaint)
        body = render_template("complaints/notification.txt", complaint=complaint, status=status)
        from flask_babel import gettext

        subject = gettext("Din klage %(reference)s: %(status)s", reference=complaint.reference, status=status)
    services.enqueue(complaint.citizen, "complaint", subject, body.strip() + "\n")
