"""The quality page's figures for one municipality, assembled from the
database's grouped counts (queries.py) with the rules (portal.rules.quality):
the same figures feed the page, the CSV and the JSON."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext

from portal.municipalities import wording
from portal.municipalities.schema import Deadline, Municipality
from portal.rules.deadlines import deadline_date
from portal.rules.quality import Tally, median, outcome, percentile, publishable
from portal.schedule.models import ATTENDED, CANCELLED, CANCELLED_BY_MUNICIPALITY, NO_SHOW

from . import queries

PROMISE_LABELS = {
    "response": lazy_gettext("Kommunens første svar"),
    "provider_contact": lazy_gettext("Træningsstedets første kontakt"),
    "start": lazy_gettext("Træningens start"),
    "reconsideration": lazy_gettext("Svar på klage over afgørelsen"),
}

CANCELLATION_LABELS = {
    "sessions": lazy_gettext("Træninger holdt eller udeblevet"),
    "illness": lazy_gettext("Afbud: egen sygdom"),
    "bereavement": lazy_gettext("Afbud: dødsfald i nærmeste familie"),
    "other": lazy_gettext("Afbud: anden grund"),
    "late": lazy_gettext("Afbud for sent"),
    "replacement": lazy_gettext("Afbud, erstatningstræning tilbudt"),
    "no_show": lazy_gettext("Udeblevet uden afbud"),
    "municipality": lazy_gettext("Aflyst af kommunen"),
    "municipality_replacement": lazy_gettext("Aflyst af kommunen, erstatning tilbudt"),
}

COMPLAINT_SUBJECT_LABELS = {
    "decision": lazy_gettext("Afgørelsen"),
    "case_handling": lazy_gettext("Ventetid eller sagsbehandling"),
    "delivery": lazy_gettext("Den træning, du får"),
}

COMPLAINT_OUTCOMES = {
    "upheld": "upheld", "kept": "kept", "forwarded": "kept", "answered": "answered",
    "received": "open", "reconsidering": "open", "with_provider": "open", "sent_to_visitation": "open",
}
COMPLAINT_OUTCOME_LABELS = {
    "upheld": lazy_gettext("Medhold"),
    "kept": lazy_gettext("Fastholdt og sendt til Ankestyrelsen"),
    "answered": lazy_gettext("Besvaret"),
    "open": lazy_gettext("Under behandling"),
}


@dataclass(frozen=True)
class Cell:
    """A published number, or None when the group is too small to publish."""

    value: int | float | None
    suppressed: bool = False


def count_cell(count: int) -> Cell:
    return Cell(None, True) if not publishable(count) else Cell(count)


def _guarded(cases: int, value) -> Cell:
    if not publishable(cases) or cases == 0:
        return Cell(None, not publishable(cases))
    return Cell(value)


@dataclass
class Period:
    period: str  # "2026" or "2026-03"
    cases: Cell
    share: Cell
    median_days: Cell | None = None
    p90_days: Cell | None = None


@dataclass
class PromiseFigures:
    """Numbers only: the words come in the reader's language when shown (the figures are kept)."""

    kind: str
    deadline: Deadline
    years: list[Period]
    months: list[Period]

    @property
    def label(self) -> str:
        return str(PROMISE_LABELS[self.kind])

    @property
    def rule(self) -> str:
        return wording.deadline_rule(self.deadline)


@dataclass
class CountRow:
    year: int
    measure: str
    parts: tuple  # the label's lazy words, joined when shown
    count: Cell

    @property
    def label(self) -> str:
        return ": ".join(str(part) for part in self.parts)


@dataclass
class QualityFigures:
    municipality_id: str
    generated_at: datetime
    promises: list[PromiseFigures]
    not_measured: list[str]  # promise kinds the standard gives no date
    cancellations: list[CountRow]
    complaints: list[CountRow]
    satisfaction: list[CountRow] = field(default_factory=list)


def _period(name: str, tally: Tally, days: list[tuple[int, int]] | None = None) -> Period:
    period = Period(name, count_cell(tally.cases), _guarded(tally.cases, tally.share))
    if days is not None:
        done = sum(n for _, n in days)
        period.median_days = _guarded(done, median(days))
        period.p90_days = _guarded(done, percentile(days, 0.9))
    return period


def promise_figures(m: Municipality, kind: str, today: date) -> PromiseFigures | None:
    source = queries.promise_rows(m, kind)
    if source is None:
        return None
    promised = functools.lru_cache(maxsize=None)(lambda since: deadline_date(source.deadline.rule, since))
    by_month: dict[tuple[int, int], Tally] = defaultdict(Tally)
    by_year: dict[int, Tally] = defaultdict(Tally)
    days: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for stored, since, taken, count in queries.promise_groups(source):
        due = stored if stored is not None else promised(since)  # the rules count each event day once
        late_by = None if taken is None else taken - (due - since).days
        result = outcome(late_by, due < today)
        by_month[(due.year, due.month)] = by_month[(due.year, due.month)].add(result, count)
        by_year[due.year] = by_year[due.year].add(result, count)
        if taken is not None:
            days[due.year][taken] += count
    months = [_period(f"{y}-{mo:02d}", t) for (y, mo), t in sorted(by_month.items()) if t.cases]
    years = [_period(str(y), t, list(days[y].items())) for y, t in sorted(by_year.items()) if t.cases]
    return PromiseFigures(kind, source.deadline, years, months)


def _cancellation_measures(status: str, reason: str | None, on_time: bool | None, replacement: bool | None) -> list[str]:
    if status in (ATTENDED, NO_SHOW):
        return ["sessions"] + (["no_show"] if status == NO_SHOW else [])
    if status == CANCELLED:
        return [reason or "other"] + (["late"] if on_time is False else []) + (["replacement"] if replacement else [])
    if status == CANCELLED_BY_MUNICIPALITY:
        return ["municipality"] + (["municipality_replacement"] if replacement else [])
    return []


def cancellation_figures(m: Municipality) -> list[CountRow]:
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for year, status, reason, on_time, replacement, count in queries.cancellations(m):
        for measure in _cancellation_measures(status, reason, on_time, replacement):
            counts[(year, measure)] += count
    years = sorted({year for year, _ in counts})
    return [CountRow(year, measure, (label,), count_cell(counts.get((year, measure), 0)))
            for year in years for measure, label in CANCELLATION_LABELS.items()]


def complaint_figures(m: Municipality) -> list[CountRow]:
    counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for year, subject, status, count in queries.complaints(m):
        counts[(year, subject, COMPLAINT_OUTCOMES.get(status, "open"))] += count
    rows = []
    for year in sorted({year for year, _, _ in counts}):
        for subject, subject_label in COMPLAINT_SUBJECT_LABELS.items():
            for result, result_label in COMPLAINT_OUTCOME_LABELS.items():
                rows.append(CountRow(year, f"{subject}.{result}", (subject_label, result_label),
                                     count_cell(counts.get((year, subject, result), 0))))
    return rows


def quality_figures(m: Municipality, today: date, now: datetime) -> QualityFigures:
    promises, not_measured = [], []
    for kind in queries.PROMISE_KINDS:
        figures = promise_figures(m, kind, today)
        if figures is None:
            not_measured.append(kind)
        else:
            promises.append(figures)
    from portal.quality.satisfaction import satisfaction_figures

    return QualityFigures(m.id, now, promises, not_measured, cancellation_figures(m), complaint_figures(m),
                          satisfaction_figures(m))


# ------------------------------------------------------------ open data
FIELDS = ("municipality", "section", "item", "period", "measure", "value", "suppressed")


def records(figures: QualityFigures) -> list[dict]:
    """The figures as flat rows, one number each (the open-data schema)."""
    out = []

    def add(section, item, period, measure, cell: Cell | None):
        if cell is None:
            return
        out.append({"municipality": figures.municipality_id, "section": section, "item": item,
                    "period": period, "measure": measure,
                    "value": round(cell.value, 4) if isinstance(cell.value, float) else cell.value,
                    "suppressed": cell.suppressed})

    for promise in figures.promises:
        for period in promise.years + promise.months:
            add("promise", promise.kind, period.period, "cases", period.cases)
            add("promise", promise.kind, period.period, "share_kept", period.share)
            add("promise", promise.kind, period.period, "median_days", period.median_days)
            add("promise", promise.kind, period.period, "p90_days", period.p90_days)
    for row in figures.cancellations:
        add("sessions", row.measure, str(row.year), "count", row.count)
    for row in figures.complaints:
        add("complaints", row.measure, str(row.year), "count", row.count)
    for row in figures.satisfaction:
        add("satisfaction", row.measure, str(row.year), "count", row.count)
    return out
