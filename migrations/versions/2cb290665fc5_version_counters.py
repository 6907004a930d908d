"""Version counters (optimistic locking) on conferences, directives and tasks.

Reviewed by hand: one NOT NULL integer per table with server default 1, so existing rows
start at version 1; the downgrade drops the three columns.

Revision ID: 2cb290665fc5
Revises: 3eebf6222f52
Create Date: 2026-11-22 22:22:53.231245

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2cb290665fc5'
down_revision = '3eebf6222f52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('version')

