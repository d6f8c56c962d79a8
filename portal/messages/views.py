"""Messages, documents, letters and pausing training: the URL map.

Citizen (or a relative whose fuldmagt covers "messages"; pausing needs "cancel")
  GET       /beskeder                                every thread of the citizen, and where to write
  GET       /mine-sager/<ref>/beskeder               the case's threads
  GET POST  /mine-sager/<ref>/beskeder/ny            write to the visitation or the training place
  GET POST  /beskeder/<ref>                          one thread; answer in it
  GET       /dokumenter/<ref>                        a document (same authorisation as the case)
  GET POST  /mine-sager/<ref>/pause                  "Jeg er indlagt / kan ikke komme": period → sessions → confirm
  GET       /mine-sager/<ref>/pause/kvittering       what was cancelled
Staff (visitator: the visitation's threads and letters; terapeut: the training place's threads)
  GET       /medarbejder/beskeder                    the inbox, unread and overdue marked
  GET POST  /medarbejder/beskeder/<ref>              one thread; answer it
  GET       /medarbejder/dokumenter/<ref>            a document
  POST      /medarbejder/sager/<ref>/breve           send a letter (PDF) to the case
"""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from portal import access, clock, municipalities
from portal.auth.current import actor
from portal.forms import parse_danish_date
from portal.rules.cancellation import Reason
from portal.rules.messages import RECIPIENTS

from . import pages, services
from .forms import LetterForm, MessageForm, PauseForm, ReplyForm
from .models import ATTACHMENT

bp = Blueprint("messages", __name__)

AUDIT_LABELS = {
    "message.send": lazy_gettext("skrev en besked til kommunen"),
    "message.answer": lazy_gettext("svarede på en besked"),
    "thread.view": lazy_gettext("læste en besked"),
    "thread.list": lazy_gettext("så beskederne i din sag"),
    "document.view": lazy_gettext("hentede et dokument"),
    "training.pause": lazy_gettext("meldte afbud til træningen i en periode"),
    "letter.send": lazy_gettext("sendte dig et brev"),
}

PAGE_BLOCKS = {"case": "messages/_case_block.html", "overview": "messages/_overview_unread.html"}


@bp.app_context_processor
def _message_helpers():
    """For the blocks on the case pages (rendered by other capabilities)."""

    def case_unread(case) -> int:
        return sum(1 for thread in services.threads_of(case) if thread.unread_by_citizen)

    return {
        "case_letters": services.letters, "case_attachments": services.attachments, "case_unread": case_unread,
        "case_has_upcoming": lambda case: bool(services.upcoming_bookings(case)),
        "case_threads_for_staff": lambda case: services.threads_answerable_by(actor().staff, case),
        "letter_form": lambda: g.get("letter_form") or LetterForm(formdata=None),
        "citizen_unread_threads": lambda: services.unread_threads(actor().citizen),
    }


# ------------------------------------------------------------- citizen

@bp.get("/beskeder")
@access.citizen_page("messages", read="thread.list", read_ref="beskeder")
def inbox():
    citizen = actor().citizen
    return render_template("messages/inbox.html", threads=services.threads_of_citizen(citizen),
                           cases=services.open_cases_of(citizen))


@bp.get("/mine-sager/<reference>/beskeder")
@access.citizen("case", "messages", read="thread.list")
def case_threads(case):
    return render_template("messages/case_threads.html", case=case, threads=services.threads_of(case),
                           today=clock.today(), closed=not services.rules.may_write(case.status))


@bp.route("/mine-sager/<reference>/beskeder/ny", methods=["GET", "POST"])
@access.citizen("case", "messages", read=None)
def new(case):
    form = pages.new_message_form(case)
    if request.method == "GET":
        form.submission.data = secrets.token_urlsafe(24)
        form.booking.data = request.args.get("tid", "")
        form.recipient.data = request.args.get("til") if request.args.get("til") in RECIPIENTS else None
        return pages.new_message_page(case, form)
    if not form.validate_on_submit() or not pages.case_open(case, form):
        return pages.new_message_page(case, form, 400)
    existing = services.by_submission(form.submission.data) if services.is_token(form.submission.data) else None
    if existing is not None:
        return redirect(url_for("messages.thread", reference=existing.thread.reference))
    booking = services.own_booking(case, form.booking.data) if form.booking.data else None
    message = services.start_thread(case, actor().person, form.recipient.data, form.body.data, form.uploads,
                                    booking=booking, token=pages.token(form))
    flash(pages.sent_text(message.thread), "success")
    return redirect(url_for("messages.thread", reference=message.thread.reference))


@bp.route("/beskeder/<reference>", methods=["GET", "POST"])
@access.citizen("thread", "messages")
def thread(found):
    form = ReplyForm()
    if request.method == "GET":
        services.mark_read(found, by_staff=False)
        form.submission.data = secrets.token_urlsafe(24)
        return pages.citizen_thread_page(found, form)
    if not form.validate_on_submit() or not pages.case_open(found.case, form):
        return pages.citizen_thread_page(found, form, 400)
    if services.is_token(form.submission.data) and services.by_submission(form.submission.data) is not None:
        return redirect(url_for("messages.thread", reference=found.reference))
    services.reply_as_citizen(found, actor().person, form.body.data, form.uploads, token=pages.token(form))
    flash(pages.sent_text(found), "success")
    return redirect(url_for("messages.thread", reference=found.reference))


@bp.get("/dokumenter/<reference>")
@access.citizen("document", "view")
def document(found):
    if found.kind == ATTACHMENT and not actor().may("messages"):
        raise access.not_found()
    return pages.file_response(found)


@bp.route("/mine-sager/<reference>/pause", methods=["GET", "POST"])
@access.citizen("case", "cancel", read=None)
def pause(case):
    form = PauseForm()
    if request.method == "GET":
        return pages.pause_page(case, form)
    if not form.validate_on_submit():
        return pages.pause_page(case, form, status=400)
    reason = Reason(form.reason.data)
    affected = services.affected_sessions(case, form.first.data, form.last.data, reason)
    # Confirmed only what was shown: if a mark changed meanwhile (a deadline passed), the list is shown again.
    if form.step.data != "confirm" or form.shown.data != services.signature(affected):
        return pages.pause_page(case, form, affected=affected, preview=True, changed=form.step.data == "confirm")
    done = services.pause(case, form.first.data, form.last.data, reason, actor().person)
    flash(gettext("Du har meldt afbud til %(n)d træninger.", n=len(done)) if done else
          gettext("Der var ingen træninger at melde afbud til i perioden."), "success" if done else "info")
    return redirect(url_for("messages.pause_receipt", reference=case.reference,
                            fra=form.first.data.isoformat(), til=form.last.data.isoformat()))


@bp.get("/mine-sager/<reference>/pause/kvittering")
@access.citizen("case", "cancel", read=None)
def pause_receipt(case):
    first, last = parse_danish_date(request.args.get("fra", "")), parse_danish_date(request.args.get("til", ""))
    if first is None or last is None or last < first:
        return redirect(url_for("messages.pause", reference=case.reference))
    return render_template("messages/pause_receipt.html", case=case, first=first, last=last,
                           bookings=services.paused_sessions(case, first, last),
                           m=municipalities.get(case.municipality_id))


# --------------------------------------------------------------- staff

ANSWERERS = ("visitator", "terapeut")


@bp.get("/medarbejder/beskeder")
@access.staff_page(*ANSWERERS)
def staff_inbox():
    staff = actor().staff
    return render_template("messages/staff_inbox.html", threads=services.inbox(staff), today=clock.today(),
                           is_overdue=services.is_overdue, m=municipalities.get(staff.municipality_id))


@bp.route("/medarbejder/beskeder/<reference>", methods=["GET", "POST"])
@access.staff("thread", *ANSWERERS)
def staff_thread(found):
    form = ReplyForm()
    if request.method == "GET":
        services.mark_read(found, by_staff=True)
        form.submission.data = secrets.token_urlsafe(24)
        return pages.staff_thread_page(found, form)
    if not form.validate_on_submit():
        return pages.staff_thread_page(found, form, 400)
    if services.is_token(form.submission.data) and services.by_submission(form.submission.data) is not None:
        return redirect(url_for("messages.staff_thread", reference=found.reference))
    services.answer(found, actor().staff, form.body.data, form.uploads, token=pages.token(form))
    flash(gettext("Svaret er sendt. Borgeren får besked om, at der er et nyt svar."), "success")
    return redirect(url_for("messages.staff_thread", reference=found.reference))


@bp.get("/medarbejder/dokumenter/<reference>")
@access.staff("document", *ANSWERERS)
def staff_document(found):
    return pages.file_response(found)


@bp.post("/medarbejder/sager/<reference>/breve")
@access.staff("case", "visitator", read=None)
def staff_letter(case):
    if case.awaiting_confirmation:
        raise access.refuse_change("awaiting_confirmation", gettext(
            "Borgeren har endnu ikke bekræftet ansøgningen. Du kan sende breve, når borgeren har bekræftet den."))
    form = LetterForm()
    if not form.validate_on_submit():
        return pages.letter_refused(case, form)
    services.send_letter(case, actor().staff, form.title.data, form.uploads[0])
    flash(gettext("Brevet er sendt. Borgeren kan se det på sagen."), "success")
    return redirect(url_for("staff.case", reference=case.reference, _anchor="breve"))
