"""The guide /hvilket-tilbud: the municipality, then only the questions that
municipality's decision needs (portal/rules/routing.py), one per page, and
an answer page with reasons and "Skift svar" links. Answers live in the
session, never in the URL. A signed-in person's birth date comes from the
CPR number and is never asked."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from portal import clock, municipalities
from portal.apply.forms import PageForm
from portal.auth import cpr as cpr_rules
from portal.auth.current import actor

from . import facts, forms
from .presenters import shown

bp = Blueprint("guide", __name__, url_prefix="/hvilket-tilbud")

SESSION_KEY = "guide"
RESULT = "svar"
FIRST = "kommune"
PAGES = {FIRST: forms.MunicipalityForm, **forms.FACT_FORMS}
# The guide's own names for two pages the application names "sygehus" and "behov".
SLUGS = {"sygehus": "indlagt", "behov": "funktion"}
PAGE_OF_SLUG = {slug: page for page, slug in SLUGS.items()}


def _answers() -> dict:
    stored = session.get(SESSION_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def carried_facts() -> dict:
    """The guide's answers the application asks too (DOMAIN.md §9 facts), for a
    new application: asked once, shown again on "Tjek dine svar" to be changed.
    The birth date is not carried: the application takes it from the CPR number."""
    answers = _answers()
    carried = {key: answers[key] for key in facts.FACT_KEYS if key in answers and key != "born"}
    if carried and answers.get("municipality_id") in municipalities.all_municipalities():
        carried["municipality_id"] = answers["municipality_id"]
    return carried


def _known_born():
    """The birth date of the signed-in citizen (or the one a relative acts for)."""
    current = actor()
    citizen = current.citizen if current else None
    if citizen is None or not citizen.cpr:
        return None
    try:
        return cpr_rules.birth_date(citizen.cpr)
    except cpr_rules.InvalidCpr:
        return None


def _municipality(answers: dict):
    municipality_id = answers.get("municipality_id")
    if municipality_id not in municipalities.all_municipalities():
        return None
    return municipalities.get(municipality_id)


def _route(answers: dict):
    m = _municipality(answers)
    if m is None:
        return None, None
    return m, facts.walk(m, answers, on=clock.today(), born=_known_born())


def _pages(answers: dict) -> list[str]:
    m, route = _route(answers)
    return [FIRST] + (route.pages if route else [])


def _first_incomplete(answers: dict) -> str:
    m, route = _route(answers)
    if m is None:
        return FIRST
    for page in route.pages:
        if not facts.page_answered(page, answers):
            return page
    return RESULT if route.decision else FIRST


def _slug(page: str) -> str:
    return SLUGS.get(page, page)


def _url(page: str, **args) -> str:
    return url_for("guide.result") if page == RESULT else url_for("guide.question", page=_slug(page), **args)


@bp.get("")
def start():
    return render_template("guide/start.html", started=bool(_answers()), form=PageForm())


@bp.post("")
def begin():
    form = PageForm()
    if not form.validate_on_submit():
        abort(400)
    session[SESSION_KEY] = {}
    return redirect(_url(FIRST))


@bp.route("/<page>", methods=["GET", "POST"])
def question(page: str):
    page = PAGE_OF_SLUG.get(page, page)
    if page not in PAGES or page in SLUGS and request.view_args["page"] == page:
        abort(404)
    answers = _answers()
    pages = _pages(answers)
    stop = _first_incomplete(answers)
    if page not in pages or (stop != RESULT and pages.index(page) > pages.index(stop)):
        return redirect(_url(stop))
    from_result = request.args.get("fra") == RESULT
    form = PAGES[page]()
    if request.method == "GET":
        form.load(answers)
        current = actor()
        if page == FIRST and not form.municipality_id.data and current and current.citizen:
            form.municipality_id.data = current.citizen.municipality_id
    elif form.validate_on_submit():
        return _answered(page, form, answers, from_result)
    index = pages.index(page)
    back = url_for("guide.result") if from_result else (_url(pages[index - 1]) if index > 0 else url_for("guide.start"))
    m = _municipality(answers)
    return render_template("guide/question.html", page=page, form=form, back=back, number=index + 1, m=m,
                           action=_url(page, fra=RESULT if from_result else None),
                           interval=m.eligibility.maintenance_interval if m else None)


def _answered(page: str, form, answers: dict, from_result: bool):
    """Keep the answer and go on: to the next question, or back to the answers page."""
    answers.update(form.dump())
    session[SESSION_KEY] = _kept(answers)
    answers = session[SESSION_KEY]
    if from_result:
        target = _first_incomplete(answers)
        return redirect(_url(target, **({} if target == RESULT else {"fra": RESULT})))
    pages = _pages(answers)
    index = pages.index(page)
    following = pages[index + 1] if index + 1 < len(pages) else _first_incomplete(answers)
    return redirect(_url(following))


def _kept(answers: dict) -> dict:
    """Only the answers of the pages asked now, so a changed answer leaves no stale facts."""
    pages = _pages(answers)
    keys = facts.keys_for(pages) | {"municipality_id"}
    return {key: value for key, value in answers.items() if key in keys}


@bp.get("/svar")
def result():
    answers = _answers()
    stop = _first_incomplete(answers)
    if stop != RESULT:
        return redirect(_url(stop))
    m, route = _route(answers)
    rows = []
    for page in [FIRST] + route.pages:
        form = PAGES[page](meta={"csrf": False}, formdata=None)
        form.load(answers)
        field = next(f for name, f in form._fields.items() if name != "csrf_token")
        rows.append((field.label.text, _answer_text(field), _url(page, fra=RESULT)))
    return render_template("guide/result.html", outcome=shown(route.decision, m), m=m, rows=rows,
                           born_from_cpr=_known_born() is not None, form=PageForm())


def _answer_text(field) -> str:
    from portal import i18n

    if hasattr(field, "choices") and field.choices:
        return str(dict((str(value), label) for value, label in field.choices).get(str(field.data), ""))
    return i18n.long_date(field.data) if field.data else ""
