"""The places taken on a training slot, counted by the database itself.

`slot.booked` is the number of live bookings on the slot (booked, attended,
no-show: `portal.rules.states.LIVE`). It stays a column rather than a count
computed per query, because the free-time search reads it for every
candidate slot (one comparison in an index range scan, even at a million
sessions). It is kept by triggers rather than by the services, so no code
path can forget it or move it twice: the count changes in the same
statement as the booking, and `CHECK (booked <= capacity)` makes an
overbooked slot impossible even when two transactions race for the last
place (the trigger's UPDATE locks the slot's row; the second waits, then
fails the check). The services still lock the slot and look before they
book, so a full slot is a clear message, not a constraint error.

The same DDL is installed by the migration and by `create_all` (tests).
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import DDL, event, text

from portal.rules.states import LIVE

_LIVE = "(" + ", ".join(f"'{status.value}'" for status in sorted(LIVE)) + ")"

POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION booking_places() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {_LIVE} THEN
    UPDATE slot SET booked = booked - 1 WHERE id = OLD.slot_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {_LIVE} THEN
    UPDATE slot SET booked = booked + 1 WHERE id = NEW.slot_id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS booking_places ON booking",
    """
CREATE TRIGGER booking_places AFTER INSERT OR DELETE OR UPDATE OF status, slot_id ON booking
FOR EACH ROW EXECUTE FUNCTION booking_places()
""",
]

SQLITE = [
    "DROP TRIGGER IF EXISTS booking_places_insert",
    "DROP TRIGGER IF EXISTS booking_places_delete",
    "DROP TRIGGER IF EXISTS booking_places_update",
    f"""
CREATE TRIGGER booking_places_insert AFTER INSERT ON booking WHEN NEW.status IN {_LIVE}
BEGIN UPDATE slot SET booked = booked + 1 WHERE id = NEW.slot_id; END
""",
    f"""
CREATE TRIGGER booking_places_delete AFTER DELETE ON booking WHEN OLD.status IN {_LIVE}
BEGIN UPDATE slot SET booked = booked - 1 WHERE id = OLD.slot_id; END
""",
    f"""
CREATE TRIGGER booking_places_update AFTER UPDATE OF status, slot_id ON booking
BEGIN
  UPDATE slot SET booked = booked - 1 WHERE id = OLD.slot_id AND OLD.status IN {_LIVE};
  UPDATE slot SET booked = booked + 1 WHERE id = NEW.slot_id AND NEW.status IN {_LIVE};
END
""",
]

# Brings every slot's count in line with its bookings (the migration runs it once).
RECOUNT = f"""
UPDATE slot SET booked = (
  SELECT count(*) FROM booking WHERE booking.slot_id = slot.id AND booking.status IN {_LIVE}
)
"""


def statements(dialect: str) -> list[str]:
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(dialect, [])


def install(connection) -> None:
    """Create (or replace) the triggers on this connection's database."""
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def attach(booking_table) -> None:
    """Install the triggers whenever the booking table is created (create_all in tests)."""
    for dialect in ("postgresql", "sqlite"):
        for statement in statements(dialect):
            event.listen(booking_table, "after_create", DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))


_DROP = {
    "postgresql": ["DROP TRIGGER IF EXISTS booking_places ON booking"],
    "sqlite": [f"DROP TRIGGER IF EXISTS booking_places_{name}" for name in ("insert", "delete", "update")],
}


@contextmanager
def counted_by_the_loader(session):
    """A bulk load (the bench's seeder) that sets every slot's count itself:
    the triggers are off while it inserts and back on after, and the counts
    are then made true from the bookings, whatever the loader wrote."""
    dialect = session.get_bind().dialect.name
    for statement in _DROP.get(dialect, []):
        session.execute(text(statement))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        session.execute(text(RECOUNT))
        for statement in statements(dialect):
            session.execute(text(statement))
        session.commit()
