"""Calendar feeds: stable iCalendar UIDs and SEQUENCE on tasks and conferences, feed tokens.

Reviewed by hand. Existing rows get a fresh random UID each (UIDs are never derived from
ids, so they stay unique across installations), then the columns become NOT NULL and
unique. The downgrade drops exactly what the upgrade added.

Revision ID: 3eebf6222f52
Revises: 15ab8706ea17
Create Date: 2026-11-22 22:20:00
"""
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "3eebf6222f52"
down_revision = "15ab8706ea17"
branch_labels = None
depends_on = None


def _backfill(table: str, column: str) -> None:
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text(f"SELECT id FROM {table}"))]
    for row_id in ids:
        bind.execute(sa.text(f"UPDATE {table} SET {column} = :uid WHERE id = :id"),
                     {"uid": f"{uuid4()}@minutes", "id": row_id})


def upgrade():
    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("selector", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["users.id"],
                                name=op.f("fk_calendar_tokens_revoked_by_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_calendar_tokens_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("selector", name=op.f("uq_calendar_tokens_selector")),
    )
    with op.batch_alter_table("calendar_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_tokens_user_id"), ["user_id"], unique=False)

    for table, uid_column in (("conferences", "ical_uid"), ("tasks", "uid")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(uid_column, sa.String(length=255), nullable=True))
            batch_op.add_column(sa.Column("ical_sequence", sa.Integer(), nullable=False,
                                          server_default="0"))
        _backfill(table, uid_column)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(uid_column, existing_type=sa.String(length=255), nullable=False)
            batch_op.alter_column("ical_sequence", existing_type=sa.Integer(), server_default=None)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_{uid_column}"), [uid_column])


def downgrade():
    for table, uid_column in (("tasks", "uid"), ("conferences", "ical_uid")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_{uid_column}"), type_="unique")
            batch_op.drop_column("ical_sequence")
            batch_op.drop_column(uid_column)
    with op.batch_alter_table("calendar_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_tokens_user_id"))
    op.drop_table("calendar_tokens")
