"""The pages of the messages capability, so the views stay a URL map."""

from __future__ import annotations

from flask import make_response, render_template
from flask_babel import gettext, lazy_gettext

from portal import clock, municipalities
from portal.auth.current import actor
from portal.i18n import long_date
from portal.rules import documents as document_rules
from portal.rules import messages as rules

from . import services
from .forms import MessageForm
from .models import Thread

RECIPIENT_NAMES = {
    "visitation": lazy_gettext("visitationen"),
    "training": lazy_gettext("træningsstedet"),
}

LIMITS_HINT = lazy_gettext("Du kan vedhæfte op til %(n)d filer: PDF, JPEG eller PNG, højst %(mb)d MB hver.",
                           n=document_rules.MAX_FILES, mb=document_rules.MAX_BYTES // (1024 * 1024))


def recipient_name(thread_or_recipient) -> str:
    recipient = thread_or_recipient.recipient if isinstance(thread_or_recipient, Thread) else thread_or_recipient
    return str(RECIPIENT_NAMES.get(recipient, recipient))


def promise_text(thread: Thread) -> str:
    if thread.answered_at is not None or thread.answer_due is None:
        return ""
    return gettext("Du får svar senest %(date)s.", date=long_date(thread.answer_due))


def sent_text(thread: Thread) -> str:
    promise = promise_text(thread)
    return gettext("Beskeden er sendt til %(to)s.", to=recipient_name(thread)) + (" " + promise if promise else "")


def token(form) -> str | None:
    return form.submission.data if services.is_token(form.submission.data) else None


def case_open(case, form) -> bool:
    """A closed case takes no messages: said at the text field, nothing is saved."""
    if rules.may_write(case.status):
        return True
    form.body.errors = list(form.body.errors) + [gettext(
        "Sagen er afsluttet, så du kan ikke skrive om den her. Ring til kommunen, hvis du har spørgsmål.")]
    return False


def _booking_choices(case) -> list[tuple[str, str]]:
    from portal.i18n import long_datetime

    choices = [("", gettext("Nej, det handler ikke om en bestemt træning"))]
    choices += [(booking.reference, long_datetime(booking.slot.starts_at)) for booking in services.upcoming_bookings(case)]
    return choices


def new_message_form(case) -> MessageForm:
    form = MessageForm()
    form.booking.choices = _booking_choices(case)
    return form


def new_message_page(case, form, status: int = 200):
    m = municipalities.get(case.municipality_id)
    due = rules.answer_due(clock.today())
    return render_template("messages/new.html", case=case, form=form, m=m, limits_hint=LIMITS_HINT,
                           promise=gettext("Du får svar senest %(date)s.", date=long_date(due)),
                           closed=not rules.may_write(case.status)), status


def citizen_thread_page(thread: Thread, form, status: int = 200):
    return render_template("messages/thread.html", thread=thread, form=form, promise=promise_text(thread),
                           to=recipient_name(thread), limits_hint=LIMITS_HINT, today=clock.today(),
                           closed=not rules.may_write(thread.case.status),
                           m=municipalities.get(thread.municipality_id)), status


def staff_thread_page(thread: Thread, form, status: int = 200):
    form.body.label.text = gettext("Dit svar til borgeren")
    return render_template("messages/staff_thread.html", thread=thread, form=form, to=recipient_name(thread),
                           limits_hint=LIMITS_HINT, today=clock.today(),
                           overdue=services.is_overdue(thread, clock.today())), status


def file_response(document):
    """The stored bytes, shown inline (printable), never sniffed or scripted by the browser."""
    response = make_response(services.read_document(document))
    response.headers["Content-Type"] = document.content_type
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    # No scripts or styles of any kind; the browser's own PDF viewer (a plugin) may show the file itself.
    response.headers["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; img-src 'self'; frame-ancestors 'none'"
    response.headers["Cache-Control"] = "no-store"
    return response


def pause_page(case, form, *, status: int = 200, affected=None, preview: bool = False, changed: bool = False):
    m = municipalities.get(case.municipality_id)
    return render_template("messages/pause.html", case=case, form=form, m=m, affected=affected or [],
                           preview=preview, changed=changed, shown=services.signature(affected or [])), status


def letter_refused(case, form):
    """The visitator's case page again, with the letter form's errors at its fields."""
    from flask import g

    from portal.staff import views as staff_views
    from portal.staff.forms import VisitationForm

    g.letter_form = form
    return staff_views._render_case(case, VisitationForm(formdata=None, received_on=case.received_at.date()), 400)
