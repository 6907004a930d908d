"""Pasted reports waiting for review (text → minutes).

Reviewed by hand:

- ``extractions``: one row per paste or upload, owned by a user (CASCADE: a deleted user's
  pending pastes go with them), with the cleaned text and the draft read from it as JSON.
  Rows are short-lived: deleted on confirm and once older than 24 hours, so an index on
  ``created_at`` serves the purge and one on ``user_id`` the user's own list.

The table is new; nothing existing is changed. The downgrade drops it (pending reviews are
lost; no conference depends on them).

Revision ID: 9d5e3f7a2b64
Revises: 8c4d2e6f1a53
Create Date: 2026-12-03 19:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "9d5e3f7a2b64"
down_revision = "8c4d2e6f1a53"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("draft_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_extractions_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extractions")),
    )
    with op.batch_alter_table("extractions") as batch:
        batch.create_index(batch.f("ix_extractions_user_id"), ["user_id"], unique=False)
        batch.create_index(batch.f("ix_extractions_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("extractions") as batch:
        batch.drop_index(batch.f("ix_extractions_created_at"))
        batch.drop_index(batch.f("ix_extractions_user_id"))
    op.drop_table("extractions")
