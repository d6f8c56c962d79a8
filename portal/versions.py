"""Data versions: a counter per person, per municipality and for everything,
raised by the database itself whenever data it covers changes.

A kept page (portal/page_cache.py) is kept under the versions of everything
it shows, so it is never served after any of that changed. The counters are
kept by triggers rather than by the services, for the same reason as the
place counts (portal/schedule/places.py): no code path, staff page, job,
migration or hand-written SQL can change a row and forget to say so.

Scopes, each a row of `data_version (scope, version)`:

- `p:<person id>`: anything a citizen's or a relative's own pages show about
  them: their cases, consents, decisions, bookings (and the slots they are
  booked on), complaints and their steps, threads, messages, documents,
  drafts, fuldmagter given and held, satisfaction answers;
- `m:<municipality id>`: anything the municipality's staff pages show: its
  cases, slots, bookings, complaints, threads, documents, its citizens;
- `g`: what every page may show about someone else: any change to a person
  (names), any change to a member of staff.

A row that moves (a booking to another slot, a case to another citizen)
raises the scopes of both its old and its new values. A counter only grows;
a missing row reads as 0. The activity log is keyed on a mark of its own
(`activity_mark`), not on a counter: see there.

How it is raised:

- SQLite takes one write lock for the whole database, so each trigger simply
  adds one to its scopes' rows (an upsert) in the statement that changed the
  data.
- PostgreSQL locks rows. A row trigger only notes the scopes in a
  transaction-local setting (`portal.changed`, no lock taken); a deferred
  constraint trigger raises all of them at COMMIT, in one statement, in the
  order of their names. So the counters' row locks are the last a
  transaction takes and are always taken in the same order: two transactions
  never wait for each other in a circle, whatever they changed.

`install` (the migration) and `attach` (create_all, the tests) create the same
DDL. A migration installs the triggers as this file says when it runs: a change
to SCOPES needs a migration that calls `install` again, and a new table must be
added to SCOPES or to NOT_SHOWN (tests/web/test_data_versions.py checks both).
`loading_in_bulk` turns the triggers off for the bench's seeder and raises
`g` afterwards, so nothing kept before the load can be shown after it.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import DDL, BigInteger, Column, Integer, MetaData, String, Table, bindparam, event, text

# The scopes one row touches: (expression, FROM clause or None) over R, the
# row (NEW or OLD). NULLs are dropped.
_CASE = '"case"'
_VIA_CASE = [("'p:' || citizen_id", f"{_CASE} WHERE id = R.case_id"),
             ("'m:' || municipality_id", f"{_CASE} WHERE id = R.case_id")]
SCOPES: dict[str, list[tuple[str, str | None]]] = {
    "person": [("'p:' || R.id", None), ("'m:' || R.municipality_id", None)],
    "staff_member": [],
    '"grant"': [("'p:' || R.grantor_id", None), ("'p:' || R.holder_id", None),
                ("'m:' || municipality_id", "person WHERE id = R.grantor_id")],
    _CASE: [("'p:' || R.citizen_id", None), ("'p:' || R.applied_by_id", None), ("'m:' || R.municipality_id", None)],
    "consent": _VIA_CASE,
    "decision": _VIA_CASE,
    # Every citizen booked on the slot sees its time, place and places.
    "slot": [("'m:' || R.municipality_id", None), ("'p:' || citizen_id", "booking WHERE slot_id = R.id")],
    "booking": [("'p:' || R.citizen_id", None), ("'m:' || municipality_id", "slot WHERE id = R.slot_id")],
    "complaint": [("'p:' || R.citizen_id", None), ("'p:' || R.filed_by_id", None), ("'m:' || R.municipality_id", None)],
    "complaint_event": [("'p:' || citizen_id", "complaint WHERE id = R.complaint_id"),
                        ("'m:' || municipality_id", "complaint WHERE id = R.complaint_id")],
    "message_thread": [("'p:' || R.citizen_id", None), ("'m:' || R.municipality_id", None)],
    "message": [("'p:' || citizen_id", "message_thread WHERE id = R.thread_id"),
                ("'m:' || municipality_id", "message_thread WHERE id = R.thread_id")],
    "document": [("'p:' || R.citizen_id", None), ("'m:' || municipality_id", f"{_CASE} WHERE id = R.case_id")],
    "application_draft": [("'p:' || R.author_id", None), ("'p:' || R.acting_for_id", None)],
    # The satisfaction question leaves the case's or complaint's page once answered.
    "satisfaction_answer": [("'m:' || R.municipality_id", None),
                            ("'p:' || citizen_id", f"{_CASE} WHERE reference = R.subject_ref"),
                            ("'p:' || citizen_id", "complaint WHERE reference = R.subject_ref")],
}
# A person's or a staff member's name may be on anyone's page (a relative's,
# a caseworker's): changing or removing one raises `g`. A new one is on no page
# until a row above names it.
CHANGED_ONLY: dict[str, list[tuple[str, str | None]]] = {
    "person": [("'g'", None)],
    "staff_member": [("'g'", None)],
}
NOT_SHOWN = frozenset({"login_session", "outbox_message", "audit_entry", "data_version"})
# Not covered: login_session (who is signed in is part of a kept page's key),
# outbox_message (no page shows mail not yet sent) and audit_entry: every read
# writes one, and the one page that shows them, /aktivitet, is keyed on its
# own mark instead (activity_mark below), so a read never takes a lock here.

TABLE = "data_version"
GLOBAL = "g"


def person(person_id: int) -> str:
    return f"p:{person_id}"


def municipality(municipality_id: str) -> str:
    return f"m:{municipality_id}"


def _name(table: str) -> str:
    return table.strip('"')


def _scopes(table: str, rows: tuple[str, ...], changed: bool) -> str:
    """`(SELECT … AS s UNION …) AS scopes`: the scopes of the rows (NEW, OLD or
    both); `changed`: an update or a delete, not an insert."""
    selects = []
    for row in rows:
        for expression, source in SCOPES[table] + (CHANGED_ONLY.get(table, []) if changed else []):
            select = f"SELECT {expression} AS s" + (f" FROM {source}" if source else "")
            selects.append(select.replace("R.", f"{row}."))
    if not selects:
        return "(SELECT CAST(NULL AS VARCHAR(64)) AS s) AS scopes"
    return "(" + " UNION ".join(selects) + ") AS scopes"


_EVENTS = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}


# ------------------------------------------------------------------ SQLite

def _sqlite() -> list[str]:
    statements = []
    for table in SCOPES:
        for event_name, rows in _EVENTS.items():
            trigger = f"data_version_{_name(table)}_{event_name}"
            statements.append(f"DROP TRIGGER IF EXISTS {trigger}")
            statements.append(
                f"CREATE TRIGGER {trigger} AFTER {event_name.upper()} ON {table} BEGIN "
                f"INSERT INTO {TABLE} (scope, version) "
                f"SELECT DISTINCT s, 1 FROM {_scopes(table, rows, event_name != 'insert')} WHERE s IS NOT NULL "
                f"ON CONFLICT (scope) DO UPDATE SET version = version + 1; END"
            )
    return statements


# -------------------------------------------------------------- PostgreSQL

_POSTGRESQL_COMMON = [
    f"""
CREATE OR REPLACE FUNCTION data_version_note(scopes text) RETURNS void AS $$
BEGIN
  IF scopes IS NOT NULL AND scopes <> '' THEN
    PERFORM set_config('portal.changed', coalesce(current_setting('portal.changed', true), '') || ',' || scopes, true);
  END IF;
END
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE FUNCTION data_version_raise() RETURNS trigger AS $$
DECLARE
  changed text := current_setting('portal.changed', true);
BEGIN
  IF changed IS NULL OR changed = '' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('portal.changed', '', true);
  INSERT INTO {TABLE} (scope, version)
    SELECT DISTINCT s, 1 FROM unnest(string_to_array(changed, ',')) AS changed_scopes(s) WHERE s <> '' ORDER BY s
  ON CONFLICT (scope) DO UPDATE SET version = {TABLE}.version + 1;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
]


def _postgresql() -> list[str]:
    statements = list(_POSTGRESQL_COMMON)
    for table in SCOPES:
        name = _name(table)
        old = _scopes(table, ("OLD",), True)
        new = _scopes(table, ("NEW",), False)
        changed_new = _scopes(table, ("NEW",), True)
        statements += [
            f"""
CREATE OR REPLACE FUNCTION data_version_note_{name}() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM data_version_note((SELECT string_agg(s, ',') FROM {old} WHERE s IS NOT NULL));
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM data_version_note((SELECT string_agg(s, ',') FROM {new} WHERE s IS NOT NULL));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM data_version_note((SELECT string_agg(s, ',') FROM {changed_new} WHERE s IS NOT NULL));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
            f"DROP TRIGGER IF EXISTS data_version_note ON {table}",
            f"CREATE TRIGGER data_version_note AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION data_version_note_{name}()",
            f"DROP TRIGGER IF EXISTS data_version_raise ON {table}",
            f"CREATE CONSTRAINT TRIGGER data_version_raise AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_raise()",
        ]
    return statements


def statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return _sqlite()
    if dialect == "postgresql":
        return _postgresql()
    return []


def _drop(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS data_version_{_name(table)}_{event_name}"
                for table in SCOPES for event_name in _EVENTS]
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trigger} ON {table}"
                for table in SCOPES for trigger in ("data_version_note", "data_version_raise")]
    return []


def install(connection) -> None:
    """Create (or replace) the triggers on this connection's database."""
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def attach(metadata: MetaData) -> None:
    """Install the triggers once create_all has made every table (the tests)."""
    for dialect in ("postgresql", "sqlite"):
        for statement in statements(dialect):
            event.listen(metadata, "after_create", DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))


def table(metadata: MetaData) -> Table:
    return Table(
        TABLE, metadata,
        Column("scope", String(64), primary_key=True),
        Column("version", BigInteger, nullable=False, default=0),
    )


# ------------------------------------------------------------------ reading

def read(connection, scopes: tuple[str, ...]) -> tuple[int, ...]:
    """The versions of `scopes`, in their order (0 for a scope never raised)."""
    rows = dict(connection.execute(_READ, {"scopes": list(scopes)}).all())
    return tuple(rows.get(scope, 0) for scope in scopes)


_READ = text(f"SELECT scope, version FROM {TABLE} WHERE scope IN :scopes").bindparams(
    bindparam("scopes", expanding=True))


def activity_mark(connection, person_id: int) -> tuple[int, int]:
    """What /aktivitet shows has changed when this has: the number of entries
    about the person made by someone else, and the newest one's id, read
    along the index `ix_audit_by_others`. The audit log is only ever added
    to, so the count grows with every entry that commits, whatever the order
    in which entries made at the same time commit; a raised counter per
    person (as for the scopes above) would instead have every list page of
    the staff lock fifty rows."""
    global _ACTIVITY_MARK
    if _ACTIVITY_MARK is None:
        from sqlalchemy import func, or_, select

        from portal.auth.models import AuditEntry as A

        # The person as a scalar subquery: PostgreSQL then plans without the person's own
        # row estimate, which for someone with thousands of own reads chose to scan the table.
        _ACTIVITY_MARK = (select(func.count(), func.max(A.id))
                          .where(A.subject_person_id == select(bindparam("person", type_=Integer())).scalar_subquery())
                          .where(or_(A.actor_person_id.is_(None), A.actor_person_id != A.subject_person_id)))
    count, newest = connection.execute(_ACTIVITY_MARK, {"person": person_id}).one()
    return count, newest or 0


_ACTIVITY_MARK = None


def raise_global(session) -> None:
    """Everything kept is out of date (after a bulk load that ran without the triggers)."""
    session.execute(text(
        f"INSERT INTO {TABLE} (scope, version) VALUES ('{GLOBAL}', 1) "
        f"ON CONFLICT (scope) DO UPDATE SET version = {TABLE}.version + 1"
    ))


@contextmanager
def loading_in_bulk(session):
    """The bench's seeder inserts millions of rows: the triggers are off
    meanwhile, and `g` is raised after, so no page kept before is shown after."""
    dialect = session.get_bind().dialect.name
    for statement in _drop(dialect):
        session.execute(text(statement))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        for statement in statements(dialect):
            session.execute(text(statement))
        raise_global(session)
        session.commit()
