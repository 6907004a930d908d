"""Built calendar feeds kept under their ETag (national scale).

Reviewed by hand:

- ``feed_bodies``: one row per feed in use (its identity hashed into ``feed_key``), holding
  the bytes last built and the ETag they were built for. A request whose fingerprint matches
  is served from here by whichever app server gets it; a rebuild replaces the row. The index
  on ``built_at`` serves the purge of feeds nobody asked for in a while.

The table is new; nothing existing is changed. The downgrade drops it: the next request of
each feed builds it again, nothing is lost.

Revision ID: a1c7e4b9d052
Revises: 9d5e3f7a2b64
Create Date: 2026-12-04 19:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "a1c7e4b9d052"
down_revision = "9d5e3f7a2b64"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feed_bodies",
        sa.Column("feed_key", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feed_key", name=op.f("pk_feed_bodies")),
    )
    with op.batch_alter_table("feed_bodies") as batch:
        batch.create_index(batch.f("ix_feed_bodies_built_at"), ["built_at"], unique=False)


def downgrade():
    with op.batch_alter_table("feed_bodies") as batch:
        batch.drop_index(batch.f("ix_feed_bodies_built_at"))
    op.drop_table("feed_bodies")
