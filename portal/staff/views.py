"""Staff pages: the visitation inbox /medarbejder for the staff member's
municipality, one application, and recording the visitation meeting. The
decision itself is recorded by the schedule capability (schedule.decide)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit, clock, municipalities
from portal.apply import presenters
from portal.apply import questions as q
from portal.auth.current import actor, staff_required
from portal.cases import services
from portal.cases.models import AWAITING_CONFIRMATION, RECEIVED, VISITATION, Case
from portal.cases.timeline import STATUS_LABELS, is_overdue, latest_decision, response_step, timeline
from portal.extensions import db
from portal.municipalities import wording

from .forms import VisitationForm

bp = Blueprint("staff", __name__, url_prefix="/medarbejder")

audit.ACTION_LABELS.update({
    "case.inbox": lazy_gettext("så din ansøgning i kommunens liste over ansøgninger"),
})

INBOX_STATUSES = (RECEIVED, VISITATION)


def _far_future() -> date:
    return date.max


@bp.get("")
@staff_required()
def inbox():
    staff = actor().staff
    if not staff.has_role("visitator"):
        return render_template("staff/home.html")
    today = clock.today()
    cases = db.session.scalars(
        select(Case).where(Case.municipality_id == staff.municipality_id, Case.status.in_(INBOX_STATUSES))
        .options(joinedload(Case.citizen))  # the citizen's name on every row: in the same query, not one per row
    ).all()
    rows = []
    for case in cases:
        steps = timeline(case)
        rows.append({"case": case, "due": case.response_due, "overdue": is_overdue(case, steps, today),
                     "step": response_step(case, steps), "status": str(STATUS_LABELS.get(case.status, case.status))})
    audit.record_reads("case.inbox", "case", [(case.reference, case.citizen_id) for case in cases])
    rows.sort(key=lambda row: (row["due"] or _far_future(), row["case"].received_at))
    awaiting = db.session.scalars(
        select(Case).where(Case.municipality_id == staff.municipality_id, Case.status == AWAITING_CONFIRMATION)
        .order_by(Case.received_at)
    ).all()
    m = municipalities.get(staff.municipality_id)
    # Rendered before the commit: a commit expires every row, and each would be read again.
    html = render_template("staff/inbox.html", rows=rows, awaiting=awaiting, m=m, today=today,
                           response_rule=wording.deadline_rule(m.deadlines.response))
    db.session.commit()
    return html


def _municipality_case(reference: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None or case.municipality_id != actor().staff.municipality_id:
        abort(404)
    return case


def _render_case(case: Case, form: VisitationForm, status: int = 200):
    decision = latest_decision(case)
    steps = timeline(case, decision)
    m = municipalities.get(case.municipality_id)
    html = render_template(
        "staff/case.html", case=case, m=m, form=form, decision=decision, steps=steps, today=clock.today(),
        overdue=is_overdue(case, steps, clock.today()), status_label=str(STATUS_LABELS.get(case.status, case.status)),
        rows=presenters.answer_rows(case.answers or {}), consent_sources=q.CONSENT_SOURCES,
        response_rule=wording.deadline_rule(m.deadlines.response),
        may_record=case.status in services.OPEN_FOR_VISITATION,
    )
    return html, status


@bp.get("/sager/<reference>")
@staff_required("visitator")
def case(reference: str):
    found = _municipality_case(reference)
    audit.record("case.view", "case", found.reference, subject=found.citizen_id)
    db.session.commit()
    form = VisitationForm(received_on=found.received_at.date())
    if found.visitation_on:
        form.held_on.data = found.visitation_on
        form.note.data = found.visitation_note
    return _render_case(found, form)


@bp.post("/sager/<reference>/visitation")
@staff_required("visitator")
def record_visitation(reference: str):
    found = _municipality_case(reference)
    form = VisitationForm(received_on=found.received_at.date())
    if found.status not in services.OPEN_FOR_VISITATION:
        flash(gettext("Sagen er ikke åben for visitation, så samtalen er ikke gemt."), "warning")
        return _render_case(found, form)
    if not form.validate_on_submit():
        return _render_case(found, form)
    services.record_visitation(found, form.held_on.data, (form.note.data or "").strip(), actor().staff)
    db.session.commit()
    flash(gettext("Visitationssamtalen er registreret."), "success")
    return redirect(url_for("staff.case", reference=found.reference))
