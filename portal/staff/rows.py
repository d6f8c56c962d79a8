"""The visitation inbox's rows, rendered once and kept (portal.render_cache).

A row is kept under exactly what it shows: the case's reference, law and
dates, the citizen's name, whether the promised answer is overdue today, its
status in words and the same citizen's other applications. The page's
language is portal.render_cache's. `{{ inbox_row(row) }}` renders what the
row's markup did inline.
"""

from __future__ import annotations

from markupsafe import Markup

from portal import render_cache

ROW = "staff/_inbox_row.html"


def row_key(row: dict) -> tuple:
    case = row["case"]
    return ("inbox-row", case.reference, case.citizen.name, case.law, case.received_at, row["due"],
            bool(row["overdue"]), row["status"], tuple(row["duplicates"]))


def inbox_row(row: dict) -> Markup:
    return render_cache.template(ROW, row_key(row), {"row": row})
