"""The quality follow-up: the public page per municipality with its open
data (CSV, JSON), the staff's list of promises about to be missed, and the
satisfaction question."""

from __future__ import annotations

import csv
import io
import json
import time
from threading import Lock

from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext

from portal import access, clock, municipalities
from portal.auth.current import actor

from . import presenters
from .figures import FIELDS, QualityFigures, quality_figures, records

# The public page and its open data are about no one's case (auth.current.PUBLIC_BLUEPRINTS);
# the staff's and citizens' pages of the follow-up are in `followup`.
bp = Blueprint("quality", __name__)
followup = Blueprint("followup", __name__)

AUDIT_LABELS = {
    "satisfaction.answer": lazy_gettext("svarede på spørgsmålet om tilfredshed"),
}
PAGE_BLOCKS: dict[str, str] = {}

# The figures are counted over every case: at most once per this many seconds per process.
CACHE_SECONDS = 600


def _figures(municipality_id: str) -> QualityFigures:
    try:
        m = municipalities.get(municipality_id)
    except municipalities.UnknownMunicipality:
        abort(404)
    store, lock = current_app.extensions.setdefault("quality_figures", ({}, Lock()))
    key = (municipality_id, clock.today())
    seconds = current_app.config.get("QUALITY_CACHE_SECONDS", CACHE_SECONDS)
    with lock:
        hit = store.get(key)
    if hit is not None and time.monotonic() - hit[0] < seconds:
        return hit[1]
    figures = quality_figures(m, clock.today(), clock.now())
    with lock:
        store[key] = (time.monotonic(), figures)
    return figures


@bp.get("/kommune/<municipality_id>/kvalitet")
def page(municipality_id: str):
    figures = _figures(municipality_id)
    m = municipalities.get(municipality_id)
    return render_template("quality/page.html", m=m, page=presenters.quality_page(figures), figures=figures)


@bp.get("/kommune/<municipality_id>/kvalitet.json")
def as_json(municipality_id: str):
    figures = _figures(municipality_id)
    body = {"municipality": figures.municipality_id, "generated_at": figures.generated_at.isoformat(),
            "min_group": 5, "fields": list(FIELDS), "figures": records(figures)}
    return current_app.response_class(json.dumps(body, ensure_ascii=False, indent=1),
                                      mimetype="application/json")


@bp.get("/kommune/<municipality_id>/kvalitet.csv")
def as_csv(municipality_id: str):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in records(_figures(municipality_id)):
        writer.writerow({**row, "value": "" if row["value"] is None else row["value"],
                         "suppressed": "1" if row["suppressed"] else "0"})
    response = current_app.response_class(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"inline; filename=kvalitet-{municipality_id}.csv"
    return response


@followup.get("/medarbejder/frister")
@access.staff_page()
def deadlines():
    staff = actor().staff
    m = municipalities.get(staff.municipality_id)
    rows = presenters.promises_needing_attention(m, staff, clock.today())
    return render_template("quality/deadlines.html", m=m, rows=rows, today=clock.today())
