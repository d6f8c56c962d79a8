"""satisfaction answers: one short question after a course and after a complaint;
a case's first booking found from an index (the quality follow-up)

Revision ID: b4d8f2a6c1e3
Revises: b4d2e8f1c6a3
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d8f2a6c1e3'
down_revision = 'b4d2e8f1c6a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'satisfaction_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.String(length=40), nullable=False),
        sa.Column('about', sa.String(length=20), nullable=False),
        sa.Column('subject_ref', sa.String(length=16), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=False),
        sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_satisfaction_answer_rating_1_to_5')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_satisfaction_answer')),
        sa.UniqueConstraint('about', 'subject_ref', name=op.f('uq_satisfaction_answer_about')),
    )
    op.create_index('ix_satisfaction_answer_municipality_about', 'satisfaction_answer',
                    ['municipality_id', 'about'], unique=False)
    op.create_index('ix_booking_case_created', 'booking', ['case_id', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_booking_case_created', table_name='booking')
    op.drop_index('ix_satisfaction_answer_municipality_about', table_name='satisfaction_answer')
    op.drop_table('satisfaction_answer')
