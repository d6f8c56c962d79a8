"""inbox queue index: the visitation's open cases in the order the inbox shows them

Revision ID: c5e9a1f3d7b2
Revises: b4d8f2a6c1e3
Create Date: 2026-12-04 20:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c5e9a1f3d7b2'
down_revision = 'b4d8f2a6c1e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_queue', ['municipality_id', 'status', 'response_due', 'received_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_queue')
