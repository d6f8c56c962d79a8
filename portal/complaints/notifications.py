"""Tell the citizen when a complaint changes status, through the outbox (in
the same transaction as the change).

The message says only that something changed and where to read it: no
complaint text, no health details, no CPR number.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale


def status_changed(complaint) -> None:
    from portal.outbox import services

    if not services.notices_wanted():
        return
    from .presenters import status_label

    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "da")):
        status = status_label(complaint)
        body = render_template("complaints/notification.txt", complaint=complaint, status=status)
        from flask_babel import gettext

        subject = gettext("Din klage %(reference)s: %(status)s", reference=complaint.reference, status=status)
    services.enqueue(complaint.citizen, "complaint", subject, body.strip() + "\n")
