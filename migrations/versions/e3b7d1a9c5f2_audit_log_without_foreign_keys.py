"""The audit log names people and staff by id without foreign keys: an entry's
insert no longer looks up and locks each row it names (portal/auth/models.py,
AuditEntry)

Revision ID: e3b7d1a9c5f2
Revises: d8a2f6c4e1b9
Create Date: 2026-12-07 17:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e3b7d1a9c5f2'
down_revision = 'd8a2f6c4e1b9'
branch_labels = None
depends_on = None

_KEYS = (
    ('fk_audit_entry_actor_person_id_person', 'person', 'actor_person_id'),
    ('fk_audit_entry_actor_staff_id_staff_member', 'staff_member', 'actor_staff_id'),
    ('fk_audit_entry_subject_person_id_person', 'person', 'subject_person_id'),
)


def upgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        for name, _, _ in _KEYS:
            batch_op.drop_constraint(name, type_='foreignkey')


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        for name, table, column in _KEYS:
            batch_op.create_foreign_key(name, table, [column], ['id'])
