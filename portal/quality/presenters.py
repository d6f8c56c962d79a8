"""What the quality pages show: tables and charts from the figures, and the
staff's list of open promises about to be missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date, gettext

from portal.municipalities.schema import Municipality
from portal.rules.deadlines import deadline_date
from portal.rules.quality import Urgency, at_risk_until, urgency

from . import queries
from .charts import Chart, bar_chart, cell_text
from .figures import PROMISE_LABELS, CountRow, PromiseFigures, QualityFigures

CHART_MONTHS = 12  # the chart of a promise shows the latest months

# Which promises each staff role follows; a leder follows them all.
ROLE_KINDS = {
    "visitator": ("response", "start"),
    "terapeut": ("provider_contact", "start"),
    "klagebehandler": ("reconsideration",),
    "leder": queries.PROMISE_KINDS,
}


@dataclass
class PromiseView:
    figures: PromiseFigures
    years: list[list[str]]
    months: list[list[str]]
    chart: Chart | None


@dataclass
class CountTable:
    id: str
    title: str
    years: list[int]
    rows: list[list[str]]  # label, then one figure per year
    chart: Chart | None


@dataclass
class QualityPage:
    promises: list[PromiseView]
    not_measured: list[str]
    sessions: CountTable
    complaints: CountTable
    satisfaction: CountTable


def month_label(period: str) -> str:
    year, month = period.split("-")
    return format_date(date(int(year), int(month), 1), "MMMM y")


def _promise_view(p: PromiseFigures) -> PromiseView:
    years = [[y.period, cell_text(y.cases), cell_text(y.share, percent=True), cell_text(y.median_days),
              cell_text(y.p90_days)] for y in p.years]
    latest = p.months[-CHART_MONTHS:]
    months = [[month_label(mo.period), cell_text(mo.cases), cell_text(mo.share, percent=True)] for mo in latest]
    chart = bar_chart(
        f"chart-{p.kind}", gettext("%(promise)s: andel holdt løfte pr. måned", promise=p.label),
        gettext("Søjlediagram over andelen af sager, hvor kommunen holdt sit løfte, i de seneste måneder. "
                "Tallene står også i tabellen under diagrammet."),
        [(month_label(mo.period), mo.share) for mo in latest], percent=True) if latest else None
    return PromiseView(p, years, months, chart)


def _count_table(table_id: str, title: str, rows: list[CountRow]) -> CountTable:
    years = sorted({row.year for row in rows})
    labels: dict[str, str] = {}
    cells: dict[tuple[str, int], CountRow] = {}
    for row in rows:
        labels.setdefault(row.measure, row.label)
        cells[(row.measure, row.year)] = row
    table = [[label] + [cell_text(cells[(measure, y)].count) if (measure, y) in cells else "–" for y in years]
             for measure, label in labels.items()]
    chart = None
    if years:
        latest = years[-1]
        chart = bar_chart(
            f"chart-{table_id}", gettext("%(title)s i %(year)s", title=title, year=latest),
            gettext("Vandret søjlediagram over antal i %(year)s. Tallene står også i tabellen under diagrammet.",
                    year=latest),
            [(row.label, row.count) for row in rows if row.year == latest], percent=False)
    return CountTable(table_id, title, years, table, chart)


def quality_page(figures: QualityFigures) -> QualityPage:
    return QualityPage(
        promises=[_promise_view(p) for p in figures.promises],
        not_measured=[str(PROMISE_LABELS[kind]) for kind in figures.not_measured],
        sessions=_count_table("traeninger", gettext("Træninger, afbud og aflysninger"), figures.cancellations),
        complaints=_count_table("klager", gettext("Klager efter emne og udfald"), figures.complaints),
        satisfaction=_count_table("tilfredshed", gettext("Tilfredshed"), figures.satisfaction),
    )


@dataclass
class OpenPromise:
    due: date
    reference: str
    promise: str
    urgency: Urgency
    href: str | None


def _href(kind: str, reference: str, staff) -> str | None:
    """The case's or complaint's staff page, where the staff member's role may open it."""
    if kind == "reconsideration":
        return url_for("complaints.staff_detail", reference=reference) if staff.has_role("klagebehandler", "leder") else None
    return url_for("staff.case", reference=reference) if staff.has_role("visitator") else None


def promises_needing_attention(m: Municipality, staff, today: date, limit: int = 200) -> list[OpenPromise]:
    """Open promises of the staff member's roles that are missed or due within
    two hverdage, the earliest first."""
    kinds = [kind for kind in queries.PROMISE_KINDS
             if any(staff.has_role(role) and kind in ROLE_KINDS[role] for role in ROLE_KINDS)]
    found = []
    for kind in kinds:
        source = queries.promise_rows(m, kind)
        if source is None:
            continue
        for day, reference in queries.open_promises(source, at_risk_until(today), limit):
            due = day if source.stored_due else deadline_date(source.deadline.rule, day)
            found.append(OpenPromise(due, reference, str(PROMISE_LABELS[kind]), urgency(due, None, today),
                                     _href(kind, reference, staff)))
    found.sort(key=lambda row: (row.due, row.reference))
    return found[:limit]
