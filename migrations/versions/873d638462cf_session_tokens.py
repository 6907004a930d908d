"""Session tokens on users: sign-out and password changes invalidate every old cookie.

Reviewed by hand: the column is added nullable, every existing user gets a random token,
then it becomes NOT NULL. Existing sessions (which carry only the user id) stop working
after the upgrade, so everybody signs in once more. The downgrade drops the column.

Revision ID: 873d638462cf
Revises: 2cb290665fc5
Create Date: 2026-11-22 22:45:00
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "873d638462cf"
down_revision = "2cb290665fc5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.text("SELECT id FROM users")).all():
        bind.execute(sa.text("UPDATE users SET session_token = :t WHERE id = :id"),
                     {"t": secrets.token_hex(16), "id": user_id})
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_token")
