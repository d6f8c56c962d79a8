"""Data versions, raised by triggers, that kept signed-in pages are keyed on
(portal/versions.py, portal/page_cache.py); the audit entries indexed only
where /aktivitet reads them (made by someone else than the person they are
about), so a citizen's own read is written without an index insert

Revision ID: d8a2f6c4e1b9
Revises: c5e9a1f3d7b2
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8a2f6c4e1b9'
down_revision = 'c5e9a1f3d7b2'
branch_labels = None
depends_on = None


def upgrade():
    from portal import versions

    op.create_table(
        'data_version',
        sa.Column('scope', sa.String(length=64), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_data_version')),
    )
    versions.install(op.get_bind())
    by_others = sa.text("actor_person_id IS NULL OR actor_person_id <> subject_person_id")
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_subject_at')
        batch_op.create_index('ix_audit_by_others', ['subject_person_id', 'at', 'id'], unique=False,
                              postgresql_where=by_others, sqlite_where=by_others)


def downgrade():
    from portal import versions

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_by_others', postgresql_where=sa.text(
            "actor_person_id IS NULL OR actor_person_id <> subject_person_id"))
        batch_op.create_index('ix_audit_subject_at', ['subject_person_id', 'at'], unique=False)
    connection = op.get_bind()
    for statement in versions._drop(connection.dialect.name):
        connection.exec_driver_sql(statement)
    if connection.dialect.name == "postgresql":
        for table in versions.SCOPES:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS data_version_note_{versions._name(table)}()")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS data_version_raise()")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS data_version_note(text)")
    op.drop_table('data_version')
