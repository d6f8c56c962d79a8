"""The guide /hvilket-tilbud: a few questions, one per page, and an answer
with its reasons. Answers live in the session, never in the URL."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from portal import municipalities
from portal.apply.forms import PageForm
from portal.auth.current import actor
from portal.rules.eligibility import advise

from . import forms
from .presenters import outcome

bp = Blueprint("guide", __name__, url_prefix="/hvilket-tilbud")

SESSION_KEY = "guide"
RESULT = "svar"

# (page, form, answer key), in the order they are asked.
QUESTIONS: tuple[tuple[str, type[PageForm], str], ...] = (
    ("kommune", forms.MunicipalityForm, "municipality_id"),
    ("indlagt", forms.InHospitalForm, "in_hospital"),
    ("plan", forms.PlanForm, "has_plan"),
    ("funktion", forms.OnsetForm, "onset"),
    ("alder", forms.AgeForm, "age_band"),
)
_BY_PAGE = {page: (form, key) for page, form, key in QUESTIONS}


def _answers() -> dict:
    stored = session.get(SESSION_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def _applies(page: str, answers: dict) -> bool:
    if page in ("funktion", "alder"):
        # Anyone in hospital or with a plan is answered after the plan question.
        return answers.get("in_hospital") == "no" and answers.get("has_plan") in ("no", "unsure")
    return True


def _valid(page: str, answers: dict) -> bool:
    form_class, key = _BY_PAGE[page]
    value = answers.get(key)
    form = form_class(meta={"csrf": False}, formdata=None)
    return any(str(choice) == str(value) for choice, _ in form[key].choices)


def _pages(answers: dict) -> list[str]:
    return [page for page, _, _ in QUESTIONS if _applies(page, answers)]


def _first_incomplete(answers: dict) -> str:
    for page in _pages(answers):
        if not _valid(page, answers):
            return page
    return RESULT


def _url(page: str) -> str:
    return url_for("guide.result") if page == RESULT else url_for("guide.question", page=page)


@bp.get("")
def start():
    return render_template("guide/start.html", started=bool(_answers()), form=forms.MunicipalityForm())


@bp.post("")
def begin():
    form = PageForm()
    if not form.validate_on_submit():
        abort(400)
    session[SESSION_KEY] = {}
    return redirect(_url(QUESTIONS[0][0]))


@bp.route("/<page>", methods=["GET", "POST"])
def question(page: str):
    if page not in _BY_PAGE:
        abort(404)
    answers = _answers()
    pages = _pages(answers)
    stop = _first_incomplete(answers)
    if page not in pages or (stop != RESULT and pages.index(page) > pages.index(stop)):
        return redirect(_url(stop))
    form_class, key = _BY_PAGE[page]
    form = form_class()
    if request.method == "GET":
        form.load(answers)
        current = actor()
        if key == "municipality_id" and not form.municipality_id.data and current and current.citizen:
            form.municipality_id.data = current.citizen.municipality_id
    elif form.validate_on_submit():
        answers.update(form.dump())
        session[SESSION_KEY] = answers
        if request.args.get("fra") == RESULT:
            return redirect(_url(_first_incomplete(answers)))
        pages = _pages(answers)
        index = pages.index(page)
        return redirect(_url(pages[index + 1] if index + 1 < len(pages) else RESULT))
    index = pages.index(page)
    back = _url(pages[index - 1]) if index > 0 else url_for("guide.start")
    from_result = request.args.get("fra") == RESULT
    if from_result:
        back = url_for("guide.result")
    action = url_for("guide.question", page=page, fra=RESULT if from_result else None)
    html = render_template("guide/question.html", page=page, form=form, field=form[key], back=back, action=action,
                           number=index + 1, total=len(pages))
    return html


@bp.get("/svar")
def result():
    answers = _answers()
    stop = _first_incomplete(answers)
    if stop != RESULT:
        return redirect(_url(stop))
    m = municipalities.get(answers["municipality_id"])
    in_hospital, has_plan = answers["in_hospital"], answers["has_plan"]
    advice = advise(
        in_hospital=in_hospital, has_plan=has_plan, onset=answers.get("onset"), age_band=answers.get("age_band"),
        eligibility=m.eligibility,
    )
    shown = outcome(advice, m, in_hospital=in_hospital, has_plan=has_plan)
    rows = []
    for page in _pages(answers):
        form_class, key = _BY_PAGE[page]
        form = form_class(meta={"csrf": False}, formdata=None)
        label = dict((str(v), text) for v, text in form[key].choices).get(str(answers.get(key)), "")
        rows.append((form[key].label.text, label, url_for("guide.question", page=page, fra=RESULT)))
    return render_template("guide/result.html", outcome=shown, m=m, rows=rows, form=PageForm())
