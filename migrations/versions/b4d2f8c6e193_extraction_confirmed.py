"""A confirmed review remembers the conference it became (text → minutes).

Reviewed by hand:

- ``extractions.conference_id`` (nullable, FK to ``conferences`` with CASCADE): set when the
  review is confirmed, at which point the pasted text and the draft are emptied. A second
  click on "confirm" (or the back button) then lands on that conference instead of a 404.
  The row is purged after 24 hours like any other; deleting the draft conference deletes it.

Existing rows are pending reviews: NULL is right for them. The downgrade drops the column
(confirmed stubs then look like empty pending reviews until the purge removes them, within a
day; so it first deletes them).

Revision ID: b4d2f8c6e193
Revises: a1c7e4b9d052
Create Date: 2026-12-04 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "b4d2f8c6e193"
down_revision = "a1c7e4b9d052"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("extractions") as batch:
        batch.add_column(sa.Column("conference_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_extractions_conference_id_conferences"),
            "conferences",
            ["conference_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    op.execute("DELETE FROM extractions WHERE conference_id IS NOT NULL")
    with op.batch_alter_table("extractions") as batch:
        batch.drop_constraint(batch.f("fk_extractions_conference_id_conferences"), type_="foreignkey")
        batch.drop_column("conference_id")
