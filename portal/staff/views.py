"""Staff pages: the visitation inbox /medarbejder for the staff member's
municipality, one application, and recording the visitation meeting. The
decision itself is recorded by the schedule capability (schedule.decide)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from portal import access, audit, clock, i18n, municipalities
from portal.apply import presenters
from portal.apply import questions as q
from portal.auth.current import actor
from portal.cases import services
from portal.cases.models import RECEIVED, VISITATION, Case
from portal.cases.timeline import STATUS_LABELS, is_overdue, latest_decision, response_step, timeline
from portal.municipalities import wording

from . import rows as inbox_rows
from .forms import VisitationForm

bp = Blueprint("staff", __name__, url_prefix="/medarbejder")
bp.add_app_template_global(inbox_rows.inbox_row, "inbox_row")

AUDIT_LABELS = {
    "case.inbox": lazy_gettext("så din ansøgning i kommunens liste over ansøgninger"),
}

PAGE_BLOCKS: dict[str, str] = {}

INBOX_STATUSES = (RECEIVED, VISITATION)


def _far_future() -> date:
    return date.max


PER_PAGE = 50  # applications per page of the inbox


@bp.get("")
@access.staff_page(keep=True)
def inbox():
    staff = actor().staff
    if not staff.has_role("visitator"):
        return render_template("staff/home.html")
    today = clock.today()
    page = request.args.get("side", 1, type=int) or 1
    cases, total = services.open_cases(staff.municipality_id, page=page, per_page=PER_PAGE)
    duplicates = services.duplicates_among(staff.municipality_id, [case.citizen_id for case in cases])
    rows = []
    for case in cases:
        steps = timeline(case)
        others = [ref for ref in duplicates.get((case.citizen_id, case.law), []) if ref != case.reference]
        rows.append({"case": case, "due": case.response_due, "overdue": is_overdue(case, steps, today), "duplicates": others,
                     "step": response_step(case, steps), "status": i18n.resolve(STATUS_LABELS.get(case.status, case.status))})
    # One statement for all the reads, not one per row.
    audit.record_reads("case.inbox", "case", [(case.reference, case.citizen_id) for case in cases])
    m = municipalities.get(staff.municipality_id)
    return render_template("staff/inbox.html", rows=rows, awaiting=services.unconfirmed_cases(staff.municipality_id),
                           m=m, today=today, response_rule=wording.deadline_rule_about(m.deadlines.response, gettext("borgeren")),
                           page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1), total=total)


def _rule(m, law: str) -> str:
    promise = m.promise("response", law)
    return (wording.deadline_rule_about(promise, gettext("borgeren")) if promise
            else gettext("Kvalitetsstandarden lover ingen frist for dette tilbud."))


def _render_case(case: Case, form: VisitationForm, status: int = 200):
    decision = latest_decision(case)
    steps = timeline(case, decision)
    m = municipalities.get(case.municipality_id)
    html = render_template(
        "staff/case.html", case=case, m=m, form=form, decision=decision, steps=steps, today=clock.today(),
        overdue=is_overdue(case, steps, clock.today()), status_label=str(STATUS_LABELS.get(case.status, case.status)),
        rows=presenters.answer_rows(case.answers or {}), consent_sources=q.CONSENT_SOURCES,
        routing_lines=presenters.routing_lines(case.answers or {}, m),
        response_rule=_rule(m, case.law), may_record=bool(services.may_record_visitation(case)),
    )
    return html, status


@bp.get("/sager/<reference>")
@access.staff("case", "visitator")
def case(found):
    form = VisitationForm(received_on=found.received_at.date())
    if found.visitation_on:
        form.held_on.data = found.visitation_on
        form.note.data = found.visitation_note
    return _render_case(found, form)


@bp.post("/sager/<reference>/visitation")
@access.staff("case", "visitator")
def record_visitation(found):
    form = VisitationForm(received_on=found.received_at.date())
    if not services.may_record_visitation(found):
        flash(gettext("Sagen er ikke åben for visitation, så samtalen er ikke gemt."), "warning")
        return _render_case(found, form, 409)
    if not form.validate_on_submit():
        return _render_case(found, form, 400)
    services.record_visitation(found, form.held_on.data, (form.note.data or "").strip(), actor().staff)
    flash(gettext("Visitationssamtalen er registreret."), "success")
    return redirect(url_for("staff.case", reference=found.reference))
