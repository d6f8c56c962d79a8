"""Date expressions that SQLite and PostgreSQL spell differently, and a
promise calendar the database can join (portal.rules.quality.due_dates)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, bindparam, column, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from portal.rules.deadlines import DeadlineRule
from portal.rules.quality import due_dates


class days_between(FunctionElement):
    """Whole days from the first date to the second (negative when earlier)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)})"
            " AS INTEGER)")


class local_date(FunctionElement):
    """The Copenhagen calendar day of a stored moment. SQLite keeps moments
    in UTC without a time zone database, so there it is the UTC day (at most
    an hour or two off around midnight); PostgreSQL converts exactly."""

    type = Date()
    inherit_cache = True


@compiles(local_date)
def _local_date_default(element, compiler, **kw):
    (moment,) = list(element.clauses)
    return f"CAST(timezone('Europe/Copenhagen', {compiler.process(moment, **kw)}) AS DATE)"


@compiles(local_date, "sqlite")
def _local_date_sqlite(element, compiler, **kw):
    (moment,) = list(element.clauses)
    return f"date({compiler.process(moment, **kw)})"


def calendar_cte(name: str, rule: DeadlineRule, first: date, last: date):
    """A CTE (day, due): for each event day from `first` to `last`, the last
    day that keeps the promise. Both databases name VALUES' columns column1, column2."""
    pairs = due_dates(rule, first, last) or [(first, first)]
    params = []
    rows = []
    for index, (day, due) in enumerate(pairs):
        rows.append(f"(:{name}_d{index}, :{name}_u{index})")
        params += [bindparam(f"{name}_d{index}", day, type_=Date), bindparam(f"{name}_u{index}", due, type_=Date)]
    textual = text("VALUES " + ", ".join(rows)).bindparams(*params)
    return textual.columns(column("column1", Date), column("column2", Date)).cte(name)
