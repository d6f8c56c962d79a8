"""Complaints: the guide, the route, filing, the citizen's complaint page and
the staff inbox. The URL map of the capability:

  GET       /klage                                  the guide; ?about=… shows the route (?sag=, ?tid= give context)
  GET POST  /klage/ny?about=…                        write the complaint, check it, send it
  GET       /klage/<ref>/kvittering                 the receipt
  GET       /klage/<ref>                            one complaint with its history
  POST      /klage/<ref>/ikke-tilfreds              a delivery complaint goes on to the visitation
  GET       /medarbejder/klager                     the inbox (klagebehandler; leder for delivery)
  GET       /medarbejder/klager/<ref>               one complaint, with what staff can do now
  POST      /medarbejder/klager/<ref>/genvurdering  start the reconsideration (or handling)
  POST      /medarbejder/klager/<ref>/resultat      medhold or fastholdt
  POST      /medarbejder/klager/<ref>/svar          the provider's or the visitation's answer
  GET       /medarbejder/klager/<ref>/klagepakke    the forwarding package for Ankestyrelsen
  POST      /medarbejder/klager/<ref>/sendt         the package has been sent to Ankestyrelsen
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy.exc import IntegrityError

from portal import access, audit, clock, municipalities
from portal.auth.current import actor
from portal.extensions import db
from portal.public.presenters import LAW_LABELS
from portal.rules.complaint_deadlines import limitation_deadline
from portal.rules.complaints import Subject, complaint_route

from . import presenters, services
from .forms import ActionForm, AnswerForm, ComplaintForm, LimitationForm, NotSatisfiedForm, ReconsiderationForm
from .models import CASE_HANDLING, DECISION, DELIVERY, FILED_SUBJECTS

bp = Blueprint("complaints", __name__)

AUDIT_LABELS = {
    "complaint.create": lazy_gettext("sendte en klage"),
    "complaint.form": lazy_gettext("begyndte på en klage"),
    "complaint.view": lazy_gettext("så din klage"),
    "complaint.escalate": lazy_gettext("bad om, at din klage går videre til visitationen"),
    "complaint.start": lazy_gettext("begyndte at behandle din klage"),
    "complaint.upheld": lazy_gettext("gav dig medhold i din klage"),
    "complaint.kept": lazy_gettext("fastholdt afgørelsen, du klagede over"),
    "complaint.forward": lazy_gettext("sendte din klage til Ankestyrelsen"),
    "complaint.answer": lazy_gettext("svarede på din klage"),
    "complaint.package": lazy_gettext("hentede klagepakken til Ankestyrelsen"),
}

PAGE_BLOCKS = {"my_cases": "complaints/_my_complaints.html", "case": "complaints/_case_complaints.html"}



@bp.app_context_processor
def _complaint_helpers():
    """For the blocks on /mine-sager and the case page (rendered by other capabilities)."""

    def citizen_complaints():
        current = actor()
        if current is None or current.citizen is None or not current.may("complain"):
            return []
        return services.complaints_of(current.citizen)

    def case_complaints(case):
        current = actor()
        if case is None or current is None or current.citizen is None or not current.may("complain"):
            return []
        if case.citizen_id != current.citizen.id:
            return []
        return services.complaints_about_case(case)

    def case_decision(case):
        return services.latest_decision(case) if case is not None else None

    return {
        "citizen_complaints": citizen_complaints,
        "case_complaints": case_complaints,
        "case_decision": case_decision,
        "complaint_presenters": presenters,
    }


# ---------------------------------------------------------------- helpers

def _context_from_args():
    """The case, decision and session named by ?sag= and ?tid=, which must be
    the citizen's own (anything else is 404)."""
    citizen = actor().citizen
    case = decision = booking = None
    sag = request.args.get("sag", "").strip()
    # ?tid= is the session's booking reference (?booking= is understood too).
    tid = (request.args.get("tid") or request.args.get("booking") or "").strip()
    if sag:
        case = services.own_case(citizen, sag)
        if case is None:
            abort(404)
        decision = services.latest_decision(case)
    if tid:
        booking = services.own_booking(citizen, tid)
        if booking is None or (case is not None and booking.case_id != case.id):
            abort(404)
        case = booking.case
    return case, decision, booking


def _carried(case, booking) -> dict:
    """The context to carry from page to page: ?sag=, ?tid= (canonical) and ?kommune=."""
    carried = {}
    if booking is not None:
        carried["tid"] = booking.reference
    elif case is not None:
        carried["sag"] = case.reference
    kommune = request.values.get("kommune", "")
    if kommune in municipalities.all_municipalities():
        carried["kommune"] = kommune
    return carried


def _municipality(case=None):
    """The municipality that handles it; ?kommune= only when nothing else tells."""
    m = services.municipality_for(actor().citizen, case)
    if m is None:
        chosen = request.values.get("kommune", "")
        if chosen in municipalities.all_municipalities():
            m = municipalities.get(chosen)
    return m


def _subject_or_none(value: str | None) -> Subject | None:
    try:
        return Subject(value) if value else None
    except ValueError:
        return None


# ------------------------------------------------------------ the guide

@bp.get("/klage")
@access.citizen_page("complain")
def start():
    case, decision, booking = _context_from_args()
    subject = _subject_or_none(request.args.get("about"))
    m = _municipality(case)
    if subject is None or request.args.get("skift"):
        return _guide_page(subject, m, case, booking)
    if m is None:
        return render_template(
            "complaints/choose_municipality.html", subject=subject, municipalities=municipalities.all_municipalities(),
            carried=_carried(case, booking),
        )
    limitation, limitation_form, status = _limitation(subject)
    if decision is not None and subject is Subject.DECISION:
        audit.record("complaint.form", "case", decision.case.reference, subject=actor().citizen, detail="decision")
    return render_template(
        "complaints/route.html", **presenters.route_context(actor().citizen, m, subject, decision, booking),
        limitation=limitation, limitation_form=limitation_form, carried=_carried(case, booking),
    ), status


def _guide_page(subject, m, case, booking):
    """No choice yet, a change of mind, or a choice that is not one of the five."""
    error = request.args.get("about") is not None and subject is None
    return render_template(
        "complaints/guide.html", m=m, chosen=subject.value if subject else None, error=error,
        subjects=list(Subject), labels=presenters.SUBJECT_LABELS, examples=presenters.SUBJECT_EXAMPLES,
        carried=_carried(case, booking), complaints=services.complaints_of(actor().citizen),
    ), (400 if error else 200)


def _limitation(subject):
    """The limitation calculator on the treatment and compensation pages: (deadline, form, status)."""
    if subject not in (Subject.TREATMENT, Subject.COMPENSATION):
        return None, None, 200
    form = LimitationForm(request.args)
    if not (request.args.get("knowledge") or request.args.get("event")):
        return None, form, 200
    if not form.validate():
        return None, form, 400
    try:
        return limitation_deadline(subject, knowledge=form.knowledge.data, event=form.event.data), form, 200
    except ValueError:
        form.knowledge.errors = [gettext("Datoen, du fandt ud af det, kan ikke ligge før datoen, det skete.")]
        return None, form, 400


# ------------------------------------------------------------- filing

def _choices(subject: str, citizen, preselected_booking=None) -> list[tuple[str, str]]:
    if subject == DECISION:
        return [(d.case.reference, presenters.decision_label(d)) for d in services.own_decisions(citizen)]
    if subject == DELIVERY:
        bookings = services.own_bookings(citizen)
        if preselected_booking is not None and preselected_booking not in bookings:
            bookings.insert(0, preselected_booking)
        return [(b.reference, presenters.booking_label(b)) for b in bookings]
    cases = services.own_cases(citizen)
    choices = [
        (c.reference, gettext("Sag %(reference)s: %(law)s, modtaget %(date)s", reference=c.reference,
                              law=str(LAW_LABELS.get(c.law, c.law)), date=_short(c.received_at)))
        for c in cases
    ]
    choices.append(("none", gettext("Det drejer sig ikke om en bestemt sag")))
    return choices


def _short(moment) -> str:
    from portal import i18n

    return i18n.short_date(moment)


def _chosen(subject: str, citizen, value: str):
    """The case, decision and session the form's choice names (all the citizen's own)."""
    if subject == DECISION:
        decision = services.own_decision(citizen, value)
        return (decision.case if decision else None), decision, None
    if subject == DELIVERY:
        booking = services.own_booking(citizen, value)
        return (booking.case if booking else None), None, booking
    if value == "none":
        return None, None, None
    return services.own_case(citizen, value), None, None


_FORM_LABELS = {
    DECISION: (lazy_gettext("Hvilken afgørelse klager du over?"), lazy_gettext("Hvorfor er du uenig i afgørelsen?")),
    CASE_HANDLING: (lazy_gettext("Hvilken sag drejer det sig om?"), lazy_gettext("Hvad er sket?")),
    DELIVERY: (lazy_gettext("Hvilken træning klager du over?"), lazy_gettext("Hvad skete der ved træningen?")),
}


@bp.route("/klage/ny", methods=["GET", "POST"])
@access.citizen_page("complain")
def new():
    subject = request.args.get("about", "")
    if subject not in FILED_SUBJECTS:
        return redirect(url_for("complaints.start", about=subject) if _subject_or_none(subject) else url_for("complaints.start"))
    case, decision, booking = _context_from_args()
    m = _municipality(case)
    if m is None:
        return redirect(url_for("complaints.start", about=subject))
    form = _complaint_form(subject, booking)
    if subject in (DECISION, DELIVERY) and not form.concern.choices:
        return render_template("complaints/nothing_to_choose.html", m=m, subject=subject,
                               title=presenters.subject_title(subject), page=presenters.route_page(m, subject))
    carried = _carried(case, booking)
    if request.method == "GET":
        return _new_form(form, m, subject, case, booking, carried)
    if request.form.get("concern", "") and request.form["concern"] not in dict(form.concern.choices):
        raise access.not_found()
    action = request.form.get("action", "continue")
    if action == "edit":
        return _form_page(form, m, subject, carried)  # back to the form with what was typed, nothing validated
    if not form.validate_on_submit():
        return _form_page(form, m, subject, carried), 400
    return _check_or_file(form, m, subject, carried, action)


def _complaint_form(subject: str, booking) -> ComplaintForm:
    form = ComplaintForm()
    form.concern.label.text, form.what_happened.label.text = _FORM_LABELS[subject]
    if subject != DECISION:
        del form.new_information
    form.concern.choices = _choices(subject, actor().citizen, booking)
    return form


def _new_form(form, m, subject, case, booking, carried):
    """The empty form, with what the context already tells filled in."""
    citizen = actor().citizen
    values = {value for value, _ in form.concern.choices}
    if subject == DELIVERY and booking is not None:
        form.concern.data = booking.reference
    elif case is not None and case.reference in values:
        form.concern.data = case.reference
    if len(form.concern.choices) == 1:
        form.concern.data = form.concern.choices[0][0]
    form.contact.data = "digital_post"
    form.contact_email.data = citizen.email or ""
    form.submission.data = secrets.token_urlsafe(24)
    audit.record("complaint.form", "case" if case else "complaint", case.reference if case else "ny",
                 subject=citizen, detail=subject)
    return _form_page(form, m, subject, carried)


def _check_or_file(form, m, subject, carried, action):
    citizen = actor().citizen
    chosen_case, chosen_decision, chosen_booking = _chosen(subject, citizen, form.concern.data)
    m = services.municipality_for(citizen, chosen_case) or m
    if action != "confirm":
        return render_template("complaints/check.html", form=form, m=m, subject=subject, carried=carried,
                               title=presenters.subject_title(subject), page=presenters.route_page(m, subject),
                               concern=dict(form.concern.choices).get(form.concern.data, ""),
                               deadline=services.decision_deadline(m, chosen_decision) if chosen_decision else None,
                               today=clock.today())
    complaint = _file_once(form, m, subject, chosen_case, chosen_decision, chosen_booking)
    return redirect(url_for("complaints.receipt", reference=complaint.reference))


def _file_once(form, m, subject, case, decision, booking):
    """File the complaint; the same form sent twice (double click, two tabs) files it once."""
    citizen = actor().citizen
    token = form.submission.data or ""
    if not services.is_token(token):
        token = secrets.token_urlsafe(24)  # a tampered token files once, without the double-send guard
    existing = services.by_submission(citizen, token)
    if existing is not None:
        return existing
    text = services.ComplaintText(
        what_happened=form.what_happened.data, wants=form.wants.data,
        new_information=form.new_information.data if subject == DECISION else None,
        contact=form.contact.data, contact_phone=form.contact_phone.data, contact_email=form.contact_email.data,
    )
    try:
        complaint = services.file_complaint(
            citizen=citizen, filed_by=actor().person, m=m, subject=subject, text=text,
            case=case, decision=decision, booking=booking, submission_token=token)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # sent twice at once: the first one filed it
        complaint = services.by_submission(citizen, token)
        if complaint is None:
            raise
    return complaint


def _form_page(form, m, subject, carried):
    citizen = actor().citizen
    chosen_decision = services.own_decision(citizen, form.concern.data) if (subject == DECISION and form.concern.data) else None
    open_complaint = services.open_complaint_about(chosen_decision) if chosen_decision else None
    return render_template(
        "complaints/form.html", form=form, m=m, subject=subject, title=presenters.subject_title(subject), carried=carried,
        page=presenters.route_page(m, subject), decision=chosen_decision,
        deadline=services.decision_deadline(m, chosen_decision) if chosen_decision else None,
        open_complaint=open_complaint, today=clock.today(),
    )


@bp.get("/klage/<reference>/kvittering")
@access.citizen("complaint", "complain")
def receipt(complaint):
    m = municipalities.get(complaint.municipality_id)
    return render_template("complaints/receipt.html", complaint=complaint, m=m,
                           page=presenters.route_page(m, complaint.subject), today=clock.today())


@bp.get("/klage/<reference>")
@access.citizen("complaint", "complain", keep="citizen")
def detail(complaint):
    return _detail_page(complaint, NotSatisfiedForm())


def _detail_page(complaint, form, status=200):
    m = municipalities.get(complaint.municipality_id)
    return render_template(
        "complaints/detail.html", complaint=complaint, m=m, page=presenters.route_page(m, complaint.subject),
        history=presenters.history(complaint, m), form=form, may_escalate=bool(services.may_escalate(complaint)),
        today=clock.today(),
    ), status


@bp.post("/klage/<reference>/ikke-tilfreds")
@access.citizen("complaint", "complain")
def escalate(complaint):
    form = NotSatisfiedForm()
    if not form.validate_on_submit():
        return _detail_page(complaint, form, 400)
    if not services.may_escalate(complaint):
        flash(gettext("Klagen kan ikke sendes videre nu."), "warning")
        return redirect(url_for("complaints.detail", reference=complaint.reference))
    services.not_satisfied(actor().person, complaint, form.reason.data)
    flash(gettext("Klagen er sendt videre til visitationen i kommunen."), "success")
    return redirect(url_for("complaints.detail", reference=complaint.reference))


# ------------------------------------------------------------- staff

HANDLERS = ("klagebehandler", "leder")


@bp.get("/medarbejder/klager")
@access.staff_page(*HANDLERS)
def inbox():
    staff = actor().staff
    return render_template(
        "complaints/inbox.html", box=services.inbox(staff), m=municipalities.get(staff.municipality_id),
        today=clock.today(), is_overdue=services.is_overdue,
    )


def _staff_page(complaint, *, reconsider_form=None, answer_form=None, status=200):
    m = municipalities.get(complaint.municipality_id)
    return render_template(
        "complaints/staff_detail.html", complaint=complaint, m=m, history=presenters.history(complaint, m),
        actions=services.actions_for(actor().staff, complaint), action_form=ActionForm(),
        reconsider_form=reconsider_form or ReconsiderationForm(), answer_form=answer_form or AnswerForm(),
        route=complaint_route(complaint.subject), today=clock.today(), overdue=services.is_overdue(complaint, clock.today()),
    ), status


@bp.get("/medarbejder/klager/<reference>")
@access.staff("complaint", *HANDLERS)
def staff_detail(complaint):
    return _staff_page(complaint)


def _refused_step(complaint):
    db.session.rollback()
    flash(gettext("Det kan ikke gøres med klagen nu. Siden viser, hvor klagen står."), "warning")
    return redirect(url_for("complaints.staff_detail", reference=complaint.reference))


def _step_allowed(complaint, action: str) -> bool:
    return action in services.actions_for(actor().staff, complaint)


@bp.post("/medarbejder/klager/<reference>/genvurdering")
@access.staff("complaint", *HANDLERS)
def staff_start(complaint):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not _step_allowed(complaint, "start"):
        return _refused_step(complaint)
    services.start_reconsideration(actor().staff, complaint)
    flash(gettext("Klagen er nu under behandling. Borgeren kan se det."), "success")
    return redirect(url_for("complaints.staff_detail", reference=complaint.reference))


@bp.post("/medarbejder/klager/<reference>/resultat")
@access.staff("complaint", *HANDLERS)
def staff_reconsider(complaint):
    if not _step_allowed(complaint, "reconsider"):
        return _refused_step(complaint)
    form = ReconsiderationForm()
    if not form.validate_on_submit():
        return _staff_page(complaint, reconsider_form=form, status=400)
    services.record_reconsideration(actor().staff, complaint, outcome=form.outcome.data,
                                    changes=form.changes.data, reasons=form.reasons.data)
    if form.outcome.data == "kept":
        flash(gettext("Afgørelsen er fastholdt. Hent klagepakken, send den til Ankestyrelsen, og markér klagen som sendt."), "success")
    else:
        flash(gettext("Borgeren har fået medhold. Borgeren kan se, hvad kommunen ændrer."), "success")
    return redirect(url_for("complaints.staff_detail", reference=complaint.reference))


@bp.post("/medarbejder/klager/<reference>/svar")
@access.staff("complaint", *HANDLERS)
def staff_answer(complaint):
    if not _step_allowed(complaint, "answer"):
        return _refused_step(complaint)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _staff_page(complaint, answer_form=form, status=400)
    services.answer(actor().staff, complaint, form.answer.data)
    flash(gettext("Svaret er sendt til borgeren."), "success")
    return redirect(url_for("complaints.staff_detail", reference=complaint.reference))


@bp.post("/medarbejder/klager/<reference>/sendt")
@access.staff("complaint", *HANDLERS)
def staff_forwarded(complaint):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not _step_allowed(complaint, "forward"):
        return _refused_step(complaint)
    services.mark_forwarded(actor().staff, complaint)
    flash(gettext("Klagen er markeret som sendt til Ankestyrelsen. Borgeren kan se det."), "success")
    return redirect(url_for("complaints.staff_detail", reference=complaint.reference))


@bp.get("/medarbejder/klager/<reference>/klagepakke")
@access.staff("complaint", *HANDLERS, read=None)
def staff_package(complaint):
    from .package import content_security_policy

    if not _step_allowed(complaint, "package"):
        raise access.not_found()
    services.record_package_download(complaint)
    response = make_response(complaint.package_html)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="klagepakke-{complaint.reference}.html"'
    response.headers["Content-Security-Policy"] = content_security_policy(complaint.package_html)
    response.headers["Cache-Control"] = "no-store"
    return response
