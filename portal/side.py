"""One database connection per request for the statements that stand alone:
the sign-in (who is acting, portal/auth/current.py), the session's last-seen
time and a read's audit entry (portal/audit.py).

Each of them is one statement in autocommit mode: on PostgreSQL one round
trip, not BEGIN, the statement and COMMIT; on SQLite the write lock is held
only inside the statement. They share one connection, taken from the pool on
first use and given back when the request ends, so a kept page
(portal/page_cache.py) costs one checkout for all of them. The request's ORM
session has its own connection and transaction, for everything else.

The side connections come from a pool of their own (`engine()`), whose
connections are in autocommit mode from the moment they are opened: taking
one is a checkout, with no isolation level switched on the way out and back
on the way in. The pool is made like the main engine's (the same creator,
size and listeners: SQLite's pragmas, the idle ping) and is emptied when the
main engine is. Listening to the statements a request sends (tests, the
bench's counts) means listening to both engines: `engines()`.

The two statements every signed-in request sends (the sign-in and a read's
entry) run as `Direct` statements: compiled once per dialect and handed to
the driver's cursor as they are, with SQLAlchemy's own conversions, events
and errors (see `Direct`).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Dialect, Engine

_KEY = "portal.side_connection"
_EXTENSION = "portal.side_engine"
_MADE = threading.Lock()


def connection() -> Connection:
    """This request's autocommit connection (outside a request: a new one the caller must close)."""
    if not has_request_context():
        return engine().connect()
    held = request.environ.get(_KEY)
    if held is None or held.closed:
        held = request.environ[_KEY] = engine().connect()
    return held


def engine() -> Engine:
    """The app's engine for side connections, made on first use (after every
    listener the app and its tests put on the main engine's pool)."""
    made = current_app.extensions.get(_EXTENSION)
    if made is not None:
        return made
    from portal.extensions import db

    with _MADE:
        made = current_app.extensions.get(_EXTENSION)
        if made is None:
            main = db.engine
            if _in_memory(main):
                # A database in memory exists once per pool: the side connections share the main pool's
                # (switched to autocommit per checkout), and its listeners (an OptionEngine's are the main's).
                made = main.execution_options(isolation_level="AUTOCOMMIT")
            else:
                made = create_engine(main.url, pool=main.pool.recreate(), isolation_level="AUTOCOMMIT",
                                     hide_parameters=main.hide_parameters, echo=main.echo)
                event.listen(main, "engine_disposed", lambda _engine: made.dispose())
            current_app.extensions[_EXTENSION] = made
    return made


def _in_memory(main: Engine) -> bool:
    return main.dialect.name == "sqlite" and (main.url.database in (None, "", ":memory:")
                                              or main.url.query.get("mode") == "memory")


def engines() -> tuple[Engine, ...]:
    """The engines whose connections a request's statements go through: to listen to every statement."""
    from portal.extensions import db

    side = engine()
    return (db.engine,) if side.pool is db.engine.pool else (db.engine, side)


def release(_exception=None) -> None:
    held = request.environ.pop(_KEY, None) if has_request_context() else None
    if held is not None:
        held.close()


def init_app(app: Flask) -> None:
    app.teardown_request(release)


# ------------------------------------------------------- direct statements

@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # a positional driver's (SQLite's) parameters, in order; None: by name
    constants: dict[str, Any]  # the statement's own values (literals), converted
    converters: tuple[tuple[str, Callable], ...]  # (parameter, SQLAlchemy's conversion to the database)
    results: tuple[Callable | None, ...]  # per column: SQLAlchemy's conversion from the database


class Direct:
    """A statement that stands alone, run on a connection's driver cursor.

    Through `Connection.execute`, SQLAlchemy looks the statement up in its
    cache, builds an execution context and a result object around the
    driver's call: for a one-row statement that costs about as much Python
    again as the driver's own work (measured on PostgreSQL: the sign-in
    ~190 µs of CPU against ~95 µs on the driver's cursor). The sign-in and a
    read's entry run on every signed-in request, so they are compiled once per
    dialect and given to the driver as SQLAlchemy would give them, keeping
    what SQLAlchemy does besides:

    - its type conversions both ways (each column's and parameter's own
      processors: time zones, SQLite's dates as text, JSON);
    - its statement events (`before_cursor_execute`, `after_cursor_execute`),
      which the tests and the bench count statements with;
    - its errors: a driver error is raised as SQLAlchemy's `DBAPIError` (its
      parameters hidden as the engine hides them), and a connection found
      lost is invalidated, so the pool does not hand it out again.
    """

    def __init__(self, statement, *, column_keys: list[str] | None = None):
        self.statement = statement
        self._column_keys = column_keys
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()

    def compiled(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect)
        if found is None:
            found = self._compiled[dialect] = self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect, column_keys=self._column_keys)
        converters, constants = {}, {}
        for bind, name in compiled.bind_names.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                converters[name] = convert
            if not bind.required:
                value = bind.effective_value
                constants[name] = convert(value) if convert is not None and value is not None else value
        columns = getattr(self.statement, "selected_columns", ())
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns)
        order = tuple(compiled.positiontup) if compiled.positional else None
        return _Compiled(compiled.string, order, constants,
                         tuple(item for item in converters.items() if item[0] not in constants), results)

    def first(self, connection: Connection, values: dict) -> tuple | None:
        """The first row (converted), or None."""
        return self._execute(connection, values, fetch=True)

    def run(self, connection: Connection, values: dict) -> None:
        self._execute(connection, values, fetch=False)

    def _execute(self, connection: Connection, values: dict, *, fetch: bool):
        compiled = self.compiled(connection.dialect)
        given = {**compiled.constants, **values}
        for name, convert in compiled.converters:
            value = given.get(name)
            if value is not None:
                given[name] = convert(value)
        parameters = tuple(given[name] for name in compiled.order) if compiled.order is not None else given
        driver_connection = connection.connection.dbapi_connection
        dispatch = connection.dispatch
        cursor = None
        try:
            cursor = driver_connection.cursor()
            dispatch.before_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            cursor.execute(compiled.sql, parameters)
            dispatch.after_cursor_execute(connection, cursor, compiled.sql, parameters, None, False)
            row = cursor.fetchone() if fetch else None
        except connection.dialect.loaded_dbapi.Error as error:
            lost = connection.dialect.is_disconnect(error, driver_connection, cursor)
            if lost:
                connection.invalidate(error)
            raise exc.DBAPIError.instance(
                compiled.sql, parameters, error, connection.dialect.loaded_dbapi.Error,
                hide_parameters=connection.engine.hide_parameters, dialect=connection.dialect,
                connection_invalidated=lost) from error
        finally:
            if cursor is not None:
                cursor.close()
        if row is None:
            return None
        return tuple(value if convert is None or value is None else convert(value)
                     for value, convert in zip(row, compiled.results))
