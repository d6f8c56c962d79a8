"""the database forbids the impossible: one live place per citizen per slot,
a booking moved or replaced at most once, places counted by the database

Revision ID: a7e3c1d9b2f4
Revises: cc63d462f745
Create Date: 2026-12-02 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e3c1d9b2f4'
down_revision = 'cc63d462f745'
branch_labels = None
depends_on = None

LIVE = "status IN ('attended', 'booked', 'no_show')"

# Rows the new unique indexes would refuse: found before they are created, so
# the migration stops with a message instead of a constraint error.
DUPLICATES = {
    "a citizen holds more than one live place on a slot": f"""
        SELECT slot_id, citizen_id FROM booking WHERE {LIVE} GROUP BY slot_id, citizen_id HAVING count(*) > 1""",
    "a booking was moved more than once": """
        SELECT moved_from_id FROM booking WHERE moved_from_id IS NOT NULL GROUP BY moved_from_id HAVING count(*) > 1""",
    "a cancelled booking has more than one standing replacement": """
        SELECT replacement_for_id FROM booking WHERE replacement_for_id IS NOT NULL AND status <> 'moved'
        GROUP BY replacement_for_id HAVING count(*) > 1""",
}


def upgrade():
    from portal.schedule import places

    connection = op.get_bind()
    for problem, query in DUPLICATES.items():
        if connection.execute(sa.text(query)).first() is not None:
            raise RuntimeError(f"cannot add the booking constraints: {problem}. "
                               "Run `flask --app portal check` to list the rows, and correct them first.")
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_moved_from_id', sqlite_where=sa.text('moved_from_id IS NOT NULL'),
                            postgresql_where=sa.text('moved_from_id IS NOT NULL'))
        batch_op.create_index('uq_booking_live_place', ['slot_id', 'citizen_id'], unique=True,
                              sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
        batch_op.create_index('uq_booking_moved_from_id', ['moved_from_id'], unique=True,
                              sqlite_where=sa.text('moved_from_id IS NOT NULL'),
                              postgresql_where=sa.text('moved_from_id IS NOT NULL'))
        batch_op.create_index('uq_booking_replacement_for_id', ['replacement_for_id'], unique=True,
                              sqlite_where=sa.text("replacement_for_id IS NOT NULL AND status <> 'moved'"),
                              postgresql_where=sa.text("replacement_for_id IS NOT NULL AND status <> 'moved'"))
    # From now on the database counts the places; start from the true count.
    connection.execute(sa.text(places.RECOUNT))
    places.install(connection)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS booking_places ON booking")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS booking_places()")
    else:
        for name in ("insert", "delete", "update"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS booking_places_{name}")
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_replacement_for_id')
        batch_op.drop_index('uq_booking_moved_from_id')
        batch_op.drop_index('uq_booking_live_place')
        batch_op.create_index('ix_booking_moved_from_id', ['moved_from_id'], unique=False,
                              sqlite_where=sa.text('moved_from_id IS NOT NULL'),
                              postgresql_where=sa.text('moved_from_id IS NOT NULL'))
