"""messages and documents: threads about a case, their messages, and documents (attachments and letters)

Revision ID: b4d2e8f1c6a3
Revises: a7e3c1d9b2f4
Create Date: 2026-12-03 07:34:07.747458

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d2e8f1c6a3'
down_revision = 'a7e3c1d9b2f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_thread',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.String(length=40), nullable=False),
    sa.Column('recipient', sa.String(length=20), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('answer_due', sa.Date(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unread_by_staff', sa.Boolean(), nullable=False),
    sa.Column('unread_by_citizen', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_message_thread_booking_id_booking')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_message_thread_case_id_case')),
    sa.ForeignKeyConstraint(['citizen_id'], ['person.id'], name=op.f('fk_message_thread_citizen_id_person')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_message_thread_created_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_thread')),
    sa.UniqueConstraint('reference', name=op.f('uq_message_thread_reference'))
    )
    with op.batch_alter_table('message_thread', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_thread_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_message_thread_inbox', ['municipality_id', 'recipient', 'last_message_at'], unique=False)

    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author_person_id', sa.Integer(), nullable=True),
    sa.Column('author_staff_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_person_id'], ['person.id'], name=op.f('fk_message_author_person_id_person')),
    sa.ForeignKeyConstraint(['author_staff_id'], ['staff_member.id'], name=op.f('fk_message_author_staff_id_staff_member')),
    sa.ForeignKeyConstraint(['thread_id'], ['message_thread.id'], name=op.f('fk_message_thread_id_message_thread')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_message_submission_token'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_thread_id'), ['thread_id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('uploaded_by_person_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_document_case_id_case')),
    sa.ForeignKeyConstraint(['citizen_id'], ['person.id'], name=op.f('fk_document_citizen_id_person')),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_document_message_id_message')),
    sa.ForeignKeyConstraint(['uploaded_by_person_id'], ['person.id'], name=op.f('fk_document_uploaded_by_person_id_person')),
    sa.ForeignKeyConstraint(['uploaded_by_staff_id'], ['staff_member.id'], name=op.f('fk_document_uploaded_by_staff_id_staff_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('reference', name=op.f('uq_document_reference')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_document_storage_key'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_message_id'), ['message_id'], unique=False)



def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_message_id'))
        batch_op.drop_index(batch_op.f('ix_document_case_id'))

    op.drop_table('document')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_thread_id'))

    op.drop_table('message')
    with op.batch_alter_table('message_thread', schema=None) as batch_op:
        batch_op.drop_index('ix_message_thread_inbox')
        batch_op.drop_index(batch_op.f('ix_message_thread_case_id'))

    op.drop_table('message_thread')
