"""The quality page's figures at the bench's size, counted once without the
page's cache: how long the database takes, and what the figures say."""

from __future__ import annotations

import time

QUALITY_PAGE = "kvalitet"  # the row of bench/__main__.PAGES that gets this note
MUNICIPALITY = "glostrup"


def summary(app) -> str:
    from portal import clock, municipalities
    from portal.quality.cache import CACHE_SECONDS
    from portal.quality.charts import cell_text
    from portal.quality.figures import quality_figures

    with app.app_context(), app.test_request_context():
        m = municipalities.get(MUNICIPALITY)
        started = time.monotonic()
        figures = quality_figures(m, clock.today(), clock.now())
        elapsed = (time.monotonic() - started) * 1000
        parts = []
        for promise in figures.promises:
            if not promise.years:
                parts.append(f"{promise.kind}: no settled promise")
                continue
            year = promise.years[-1]
            parts.append(f"{promise.kind} {year.period}: {cell_text(year.cases)} cases, "
                         f"{cell_text(year.share, percent=True)} kept, median {cell_text(year.median_days)} d, "
                         f"p90 {cell_text(year.p90_days)} d")
        sessions = {row.measure: cell_text(row.count) for row in figures.cancellations
                    if figures.cancellations and row.year == figures.cancellations[-1].year}
        if sessions:
            parts.append(f"sessions: {sessions.get('sessions')} held or missed, {sessions.get('no_show')} no-shows, "
                         f"{sessions.get('late')} late cancellations, {sessions.get('municipality')} cancelled by "
                         f"the municipality")
    return (f"{MUNICIPALITY}'s figures counted by the database in {elapsed:,.0f} ms without the page's "
            f"{app.config.get('QUALITY_CACHE_SECONDS', CACHE_SECONDS)} s cache — " + "; ".join(parts))
