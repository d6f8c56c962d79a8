"""The quality follow-up: the public page per municipality with its open
data (CSV, JSON), the staff's list of promises about to be missed, and the
satisfaction question."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext

from portal import access, audit, clock, i18n, municipalities
from portal.auth.current import actor
from portal.rules.quality import MIN_GROUP

from . import cache, presenters, satisfaction
from .figures import FIELDS, QualityFigures, quality_figures, records
from .forms import SatisfactionForm
from .models import COMPLAINT, COURSE

# The public page and its open data are about no one's case (auth.current.PUBLIC_BLUEPRINTS);
# the staff's and citizens' pages of the follow-up are in `followup`.
bp = Blueprint("quality", __name__)
followup = Blueprint("followup", __name__)

AUDIT_LABELS = {
    "satisfaction.answer": lazy_gettext("svarede på spørgsmålet om tilfredshed"),
}
PAGE_BLOCKS = {"case": "quality/_satisfaction_prompt.html", "complaint": "quality/_satisfaction_prompt.html"}


def _figures(municipality_id: str) -> QualityFigures:
    try:
        m = municipalities.get(municipality_id)
    except municipalities.UnknownMunicipality:
        abort(404)
    return cache.kept(("figures", municipality_id, clock.today()),
                      lambda: quality_figures(m, clock.today(), clock.now()))


@bp.get("/kommune/<municipality_id>/kvalitet")
def page(municipality_id: str):
    figures = _figures(municipality_id)

    def render() -> str:
        return render_template("quality/page.html", m=municipalities.get(municipality_id),
                               page=presenters.quality_page(figures), figures=figures)

    if not cache.anonymous():
        return render()
    return cache.kept(("html", municipality_id, clock.today(), i18n.language()), render)


def _json(figures: QualityFigures) -> str:
    return json.dumps({"municipality": figures.municipality_id, "generated_at": figures.generated_at.isoformat(),
                       "min_group": MIN_GROUP, "fields": list(FIELDS), "figures": records(figures)},
                      ensure_ascii=False, indent=1)


def _csv(figures: QualityFigures) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in records(figures):
        writer.writerow({**row, "value": "" if row["value"] is None else row["value"],
                         "suppressed": "1" if row["suppressed"] else "0"})
    return out.getvalue()


@bp.get("/kommune/<municipality_id>/kvalitet.json")
def as_json(municipality_id: str):
    figures = _figures(municipality_id)
    body = cache.kept(("json", municipality_id, clock.today()), lambda: _json(figures))
    return current_app.response_class(body, mimetype="application/json")


@bp.get("/kommune/<municipality_id>/kvalitet.csv")
def as_csv(municipality_id: str):
    figures = _figures(municipality_id)
    body = cache.kept(("csv", municipality_id, clock.today()), lambda: _csv(figures))
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f"inline; filename=kvalitet-{municipality_id}.csv"
    return response


@followup.get("/medarbejder/frister")
@access.staff_page()
def deadlines():
    staff = actor().staff
    m = municipalities.get(staff.municipality_id)
    rows = presenters.promises_needing_attention(m, staff, clock.today())
    return render_template("quality/deadlines.html", m=m, rows=rows, today=clock.today())


# ------------------------------------------------------- the satisfaction question

@followup.app_template_global("satisfaction_prompt")
def satisfaction_prompt(about: str, obj) -> str | None:
    """The link to the question where it fits and is not answered yet (for the page blocks)."""
    if obj is None or not satisfaction.may_ask(about, obj) or satisfaction.answered(about, obj.reference):
        return None
    endpoint = "followup.course_satisfaction" if about == COURSE else "followup.complaint_satisfaction"
    return url_for(endpoint, reference=obj.reference)


def _ask(about: str, obj, back: str):
    """One question, then back to the case or complaint with thanks."""
    if not satisfaction.may_ask(about, obj):
        raise access.refuse_change("satisfaction_not_yet", gettext(
            "Du kan svare, når forløbet er slut eller klagen er besvaret."))
    if satisfaction.answered(about, obj.reference):
        flash(gettext("Du har allerede svaret. Tak for dit svar."), "info")
        return redirect(back)
    form = SatisfactionForm()
    form.rating.label.text = str(satisfaction.QUESTIONS[about])
    if form.validate_on_submit():
        satisfaction.record_answer(municipality_id=obj.municipality_id, about=about, reference=obj.reference,
                                   rating=form.rating.data, comment=form.comment.data or "", today=clock.today())
        audit.record("satisfaction.answer", "case" if about == COURSE else "complaint", obj.reference,
                     subject=obj.citizen_id)
        flash(gettext("Tak for dit svar."), "success")
        return redirect(back)
    return render_template("quality/satisfaction.html", form=form, about=about, back=back,
                           question=form.rating.label.text), 400 if form.errors else 200


@followup.route("/mine-sager/<reference>/tilfredshed", methods=["GET", "POST"])
@access.citizen("case", "view", self_only=True)
def course_satisfaction(case):
    return _ask(COURSE, case, url_for("cases.case", reference=case.reference))


@followup.route("/klage/<reference>/tilfredshed", methods=["GET", "POST"])
@access.citizen("complaint", "complain", self_only=True)
def complaint_satisfaction(complaint):
    return _ask(COMPLAINT, complaint, url_for("complaints.detail", reference=complaint.reference))
