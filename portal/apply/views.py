"""The application /ansoeg: start, one question per page, Tjek dine svar,
submit and the receipt (kvittering)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy.exc import IntegrityError

from portal import audit, clock, municipalities
from portal.auth.current import actor, citizen_required
from portal.cases import services as cases_services
from portal.cases.models import Case
from portal.extensions import db
from portal.guide.presenters import shown
from portal.guide.views import carried_facts
from portal.municipalities import wording

from . import presenters, services
from .flow import CHECK, FULDMAGT, RELATIVE_DECLARED, Flow
from .forms import CitizenForm, ContactForm, SubmitForm
from .models import ApplicationDraft
from . import questions as q

bp = Blueprint("apply", __name__, url_prefix="/ansoeg")

AUDIT_LABELS = {
    "application.start": lazy_gettext("begyndte på en ansøgning om træning"),
    "application.submit": lazy_gettext("søgte om træning for dig"),
    "case.receipt": lazy_gettext("så kvitteringen for ansøgningen"),
}

PAGE_BLOCKS = {"overview": "apply/_overview_draft.html"}


RECEIPTS = "receipts"  # references this browser session may see the receipt of


def _flow(draft: ApplicationDraft) -> Flow:
    current = actor()
    return Flow(dict(draft.answers or {}), author=current.person, acting_for=current.acting_for, today=clock.today())


def _current_draft() -> ApplicationDraft | None:
    current = actor()
    return services.open_draft(current.person, current.acting_for)


def _page_url(page: str, from_check: bool = False) -> str:
    if page == CHECK:
        return url_for("apply.check")
    return url_for("apply.page", page=page, fra="tjek" if from_check else None)


# ------------------------------------------------------------------ start

@bp.get("")
@citizen_required("apply")
def start():
    draft = _current_draft()
    return render_template("apply/start.html", draft=draft, form=SubmitForm(), from_guide=bool(carried_facts()))


@bp.post("")
@citizen_required("apply")
def begin():
    form = SubmitForm()
    if not form.validate_on_submit():
        abort(400)
    draft = _current_draft()
    if draft is None or request.form.get("restart") == "1":
        current = actor()
        draft = services.start_draft(current.person, current.acting_for, carried=carried_facts())
        db.session.commit()
    return redirect(_page_url(_flow(draft).first_incomplete()))


# ------------------------------------------------------------------ pages

def _form_for(page: str, flow: Flow, draft: ApplicationDraft):
    definition = flow.definition(page)
    if definition.form is CitizenForm:
        return CitizenForm(own_cpr=actor().person.cpr)
    form = definition.form()
    activity = flow.activity_for(page)
    if activity is not None:
        form.level.label.text = gettext("%(activity)s: Hvor meget hjælp har du brug for?",
                                        activity=q.label(q.ACTIVITY_BY_ID, activity))
    return form


def _load(form, page: str, flow: Flow) -> None:
    answers = flow.answers
    activity = flow.activity_for(page)
    if activity is not None:
        form.level.data = (answers.get("levels") or {}).get(activity)
        return
    form.load(answers)
    if isinstance(form, ContactForm):
        citizen = flow.known_citizen
        if citizen is not None:
            form.phone.data = answers.get("phone", citizen.phone or "")
            form.email.data = answers.get("email", citizen.email or "")


def _dump(form, page: str, flow: Flow) -> dict:
    activity = flow.activity_for(page)
    if activity is not None:
        return {"levels": {**(flow.answers.get("levels") or {}), activity: form.dump()["level"]}}
    if page == "vejledning":
        decision = flow.decision
        return {"other_route_ack": decision.route_id} if decision is not None and decision.route_id else {}
    return form.dump()


def guidance(flow: Flow):
    """What the routing rules say (DOMAIN.md §9) when this application belongs
    somewhere else, or, on Tjek dine svar, when it may be refused before a date."""
    decision = flow.decision
    if decision is None:
        return None
    return shown(decision, flow.municipality)


@bp.route("/<page>", methods=["GET", "POST"])
@citizen_required("apply")
def page(page: str):
    draft = _current_draft()
    if draft is None:
        return redirect(url_for("apply.start"))
    flow = _flow(draft)
    if flow.definition(page) is None:
        abort(404)
    if not flow.reachable(page):
        return redirect(_page_url(flow.first_incomplete()))
    from_check = request.args.get("fra") == "tjek"
    form = _form_for(page, flow, draft)
    if request.method == "GET":
        _load(form, page, flow)
    elif form.validate_on_submit() and not (page == "vejledning" and flow.blocked):
        services.save_answers(draft, flow, _dump(form, page, flow))
        db.session.commit()
        if from_check:
            target = flow.first_incomplete()
            return redirect(_page_url(target, from_check=target != CHECK))
        return redirect(_page_url(flow.next_after(page)))
    return _question_page(page, flow, form, from_check)


def _question_page(page: str, flow: Flow, form, from_check: bool) -> str:
    """One question of the application, with its back link and step indicator."""
    previous = flow.previous(page)
    back = url_for("apply.check") if from_check else (_page_url(previous) if previous else url_for("apply.start"))
    steps, current_step = flow.steps(page, _page_url)
    activity = flow.activity_for(page)
    return render_template(
        "apply/page.html", page=page, template_key="niveau" if activity else page, form=form, flow=flow,
        back=back, steps=steps, current_step=current_step, from_check=from_check,
        action=_page_url(page, from_check), activity=q.ACTIVITY_BY_ID.get(activity) if activity else None,
        levels=q.FUNCTION_LEVELS, guidance=guidance(flow) if page == "vejledning" else None,
        interval=flow.municipality.eligibility.maintenance_interval if flow.municipality else None,
        m=flow.municipality, questions=presenters.QUESTIONS, onset_choices=q.ONSET, need_choices=q.NEEDS,
        RELATIVE_DECLARED=RELATIVE_DECLARED, FULDMAGT=FULDMAGT,
    )


# ---------------------------------------------------------- check and send

def _summary(flow: Flow) -> list[presenters.Row]:
    return presenters.who_rows(
        flow.answers, applied_as=flow.applied_as, citizen_name=flow.citizen_name,
        municipality_id=flow.municipality_id, asks_municipality="kommune" in flow.pages(),
    ) + presenters.answer_rows(flow.answers)


@bp.get("/tjek")
@citizen_required("apply")
def check():
    draft = _current_draft()
    if draft is None:
        return redirect(url_for("apply.start"))
    flow = _flow(draft)
    if not flow.reachable(CHECK):
        return redirect(_page_url(flow.first_incomplete()))
    steps, current_step = flow.steps(CHECK, _page_url)
    m = flow.municipality
    promise = m.promise("response", flow.law) if m else None
    return render_template(
        "apply/check.html", draft=draft, flow=flow, rows=_summary(flow), form=SubmitForm(), m=m,
        open_case=_open_case(flow),
        back=_page_url(flow.previous(CHECK)), steps=steps, current_step=current_step,
        rule=wording.deadline_rule(promise) if promise else "", RELATIVE_DECLARED=RELATIVE_DECLARED,
        guidance=guidance(flow),
    )


def _open_case(flow: Flow) -> Case | None:
    """An open case for the same offer, told only to someone who may see the citizen's
    cases (a relative without a fuldmagt learns nothing of them)."""
    citizen = flow.known_citizen
    if citizen is None or not actor().may("view") or flow.municipality_id is None or flow.law is None:
        return None
    return cases_services.open_case_for(citizen, flow.municipality_id, flow.law)


@bp.post("/tjek")
@citizen_required("apply")
def submit():
    form = SubmitForm()
    if not form.validate_on_submit():
        abort(400)
    current = actor()
    token = request.form.get("token", "")
    draft = services.locked_draft(token, current.person) if token else None
    if draft is None:
        # Started again in another tab, or a stale form: nothing is sent.
        flash(gettext("Ansøgningen blev ikke sendt, fordi den er startet forfra. Tjek dine svar, og send den igen."), "warning")
        return redirect(url_for("apply.start"))
    if draft.case_id is not None:
        # Sent already (a double click, the back button or another tab): show that receipt.
        return _to_receipt(draft.case, again=True)
    if (draft.acting_for_id or None) != (current.acting_for.id if current.acting_for else None):
        abort(404)
    return _send(draft, token)


def _send(draft, token: str):
    """Submit the draft once: the same draft sent twice at once makes one case."""
    try:
        case = services.submit(draft, _flow(draft))
        db.session.commit()
    except services.NotReady as not_ready:
        db.session.rollback()
        return redirect(_page_url(str(not_ready)))
    except IntegrityError:
        # Another request sent the same draft at the same moment and won.
        db.session.rollback()
        case = services.case_for_token(token)
        if case is None or case.applied_by_id != actor().person.id:
            raise
        return _to_receipt(case, again=True)
    return _to_receipt(case)


def _to_receipt(case: Case, again: bool = False):
    seen = list(session.get(RECEIPTS, []))
    if case.reference not in seen:
        seen.append(case.reference)
        session[RECEIPTS] = seen[-10:]
    if again:
        flash(gettext("Ansøgningen er allerede sendt. Du har ikke sendt den to gange."), "info")
    return redirect(url_for("apply.receipt", reference=case.reference))


# ---------------------------------------------------------------- receipt

@bp.get("/kvittering/<reference>")
@citizen_required()
def receipt(reference: str):
    """The applicant sees the receipt in the session they sent it from; the
    citizen (and a fuldmagt holder who may see the case) at any time.
    A relative without a fuldmagt sees nothing else of the case."""
    current = actor()
    case = db.session.scalar(db.select(Case).where(Case.reference == reference))
    if case is None:
        abort(404)
    own_receipt = case.applied_by_id == current.person.id and reference in session.get(RECEIPTS, [])
    citizen_view = case.citizen_id == current.citizen.id and current.may("view")
    if not (own_receipt or citizen_view):
        abort(404)
    audit.record("case.receipt", "case", case.reference, subject=case.citizen_id)
    db.session.commit()
    m = municipalities.get(case.municipality_id)
    return render_template(
        "apply/receipt.html", case=case, m=m, **presenters.response_promise(case, m, for_citizen=case.citizen_id == current.person.id),
        rows=presenters.answer_rows(case.answers or {}), awaiting=case.awaiting_confirmation, is_citizen=citizen_view,
        RELATIVE_DECLARED=RELATIVE_DECLARED,
    )


# ------------------------------------------------------------ Min side

@bp.app_template_global("apply_open_draft")
def open_draft_for_overview():
    current = actor()
    if current is None or current.person is None or not current.may("apply"):
        return None
    return _current_draft()
