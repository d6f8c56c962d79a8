"""The citizen's cases: /mine-sager with each case's timeline, one case,
confirming or rejecting a relative's application, and withdrawing consent."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from portal import access, audit, clock, municipalities
from portal.apply import presenters
from portal.apply import questions as q
from portal.auth.current import actor
from portal.extensions import db
from portal.forms import PortalForm
from portal.municipalities import wording

from . import services
from .models import Case
from .timeline import STATUS_LABELS, is_overdue, latest_decision, timeline

bp = Blueprint("cases", __name__, url_prefix="/mine-sager")

AUDIT_LABELS = {
    "case.list": lazy_gettext("så oversigten over dine sager"),
    "case.view": lazy_gettext("så din sag"),
    "case.confirm": lazy_gettext("bekræftede ansøgningen"),
    "case.reject": lazy_gettext("afviste ansøgningen, som en pårørende havde sendt"),
    "case.withdraw": lazy_gettext("trak ansøgningen tilbage"),
    "consent.withdraw": lazy_gettext("trak et samtykke tilbage"),
    "case.visitation": lazy_gettext("registrerede visitationssamtalen"),
}

PAGE_BLOCKS = {"overview": "cases/_overview_tasks.html"}



class ActionForm(PortalForm):
    """A button that changes something: only the CSRF token."""


def promise_rule(m, kind: str, law: str) -> str:
    """The municipality's promise for this offer in words; "" where its standard promises none."""
    promise = m.promise(kind, law)
    return wording.deadline_rule(promise) if promise else ""


def _case_view(case: Case) -> dict:
    decision = latest_decision(case)
    steps = timeline(case, decision)
    m = municipalities.get(case.municipality_id)
    return {
        "case": case, "m": m, "decision": decision, "steps": steps, "today": clock.today(),
        "overdue": is_overdue(case, steps, clock.today()), "status_label": str(STATUS_LABELS.get(case.status, case.status)),
        "response_rule": promise_rule(m, "response", case.law),
        "start_rule": promise_rule(m, "start", case.law),
    }


@bp.get("")
@access.citizen_page("view", keep="citizen")
def my_cases():
    citizen = actor().citizen
    cases = services.cases_of(citizen)
    for case in cases:
        audit.record("case.list", "case", case.reference, subject=citizen)
    return render_template("cases/my_cases.html", views=[_case_view(case) for case in cases])


@bp.get("/<reference>")
@access.citizen("case", "view", keep="citizen")
def case(found):
    context = _case_view(found)
    context.update(
        rows=presenters.answer_rows(found.answers or {}), consent_sources=q.CONSENT_SOURCES, form=ActionForm(),
        may_change=actor().may("apply"), can_withdraw=bool(services.may_withdraw(found)) and actor().may("apply"),
    )
    return render_template("cases/case.html", **context)


@bp.route("/<reference>/bekraeft", methods=["GET", "POST"])
@access.citizen("case", "apply")
def confirm(found):
    if not services.may_confirm(found):
        return redirect(url_for("cases.case", reference=found.reference))
    form = ActionForm()
    choice = request.form.get("choice")
    if form.validate_on_submit() and choice in ("confirm", "reject"):
        if choice == "confirm":
            services.confirm(found, actor().person)
            flash(gettext("Du har bekræftet ansøgningen. Nu behandler kommunen den."), "success")
            return redirect(url_for("cases.case", reference=found.reference))
        services.reject(found, actor().person)
        flash(gettext("Du har afvist ansøgningen. Den er trukket tilbage, og kommunen behandler den ikke."), "success")
        return redirect(url_for("cases.my_cases"))
    choice_error = [gettext("Vælg, om du vil bekræfte eller afvise ansøgningen.")] if form.is_submitted() and form.validate() else None
    m = municipalities.get(found.municipality_id)
    return render_template(
        "cases/confirm.html", case=found, m=m, form=form, rows=presenters.answer_rows(found.answers or {}),
        choice_error=choice_error, **presenters.response_promise(found, m, for_citizen=True),
    )


@bp.route("/<reference>/traek-tilbage", methods=["GET", "POST"])
@access.citizen("case", "apply")
def withdraw(found):
    """Withdraw one's application before the decision: a page that says what
    it means, then a button (nothing happens on the GET)."""
    if not services.may_withdraw(found):
        if request.method == "POST":
            flash(gettext("Ansøgningen kan ikke længere trækkes tilbage, fordi kommunen har truffet afgørelse, "
                          "eller fordi den allerede er trukket tilbage."), "warning")
        return redirect(url_for("cases.case", reference=found.reference))
    form = ActionForm()
    if form.validate_on_submit():
        services.withdraw(found, actor().person)
        flash(gettext("Du har trukket ansøgningen tilbage. Kommunen behandler den ikke."), "success")
        return redirect(url_for("cases.case", reference=found.reference))
    return render_template("cases/withdraw.html", case=found, m=municipalities.get(found.municipality_id), form=form)


@bp.post("/<reference>/samtykke/<source>")
@access.citizen("case", "apply")
def withdraw_consent(found, source: str):
    if source not in q.CONSENT_BY_ID:
        raise access.not_found()
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_consent(found, source, actor().person)
    except services.CaseError:
        db.session.rollback()
        flash(gettext("Der er ikke noget samtykke at trække tilbage for det sted."), "info")
        return redirect(url_for("cases.case", reference=found.reference, _anchor="samtykke"))
    flash(gettext("Du har trukket dit samtykke tilbage for: %(source)s. Fra nu af må kommunen ikke hente oplysninger der.",
                  source=q.label(q.CONSENT_BY_ID, source)), "success")
    return redirect(url_for("cases.case", reference=found.reference, _anchor="samtykke"))


@bp.app_template_global("cases_awaiting_confirmation")
def awaiting_confirmation() -> list[Case]:
    """For the task on Min side: applications a relative sent, to confirm."""
    current = actor()
    if current is None or current.person is None or not current.may("apply"):
        return []
    return services.awaiting_confirmation(current.citizen)
