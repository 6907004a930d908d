"""Letterheads of the issuing bodies and their register of issued documents.

Reviewed by hand:

- ``letterheads``: one row per issuing body (a unit or an external body), unique on the
  organisation; the family (party/state), the header lines, the code used in numbers, the
  place of the date line, the Party term's first day, the default signer and recipients, and
  an optional uploaded .docx template; an optimistic-lock counter starting at 1;
- ``issued_documents``: the register (sổ văn bản). A number is unique per body, document
  kind and series (a Party term or a State calendar year), enforced by the database, so two
  concurrent issues cannot take the same number. The conference reference is SET NULL on
  delete: the entry, its number and its stored file stay when a conference goes.

Both tables are new; nothing existing is changed. The downgrade drops them (and with them
every issued file), the register first.

Revision ID: 8c4d2e6f1a53
Revises: 7a1b3c5d9e20
Create Date: 2026-12-03 14:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = "8c4d2e6f1a53"
down_revision = "7a1b3c5d9e20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letterheads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=10), nullable=False),
        sa.Column("superior", sa.String(length=255), nullable=False),
        sa.Column("body_line", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("signer_authority", sa.String(length=4), nullable=False),
        sa.Column("signer_for", sa.String(length=120), nullable=False),
        sa.Column("signer_position", sa.String(length=120), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("archive", sa.String(length=200), nullable=False),
        sa.Column("template", sa.LargeBinary(), nullable=True),
        sa.Column("template_name", sa.String(length=255), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_letterheads_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letterheads")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_letterheads_organisation_id")),
    )
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("series", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("number_text", sa.String(length=80), nullable=False),
        sa.Column("typed", sa.Boolean(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"], name=op.f("fk_issued_documents_conference_id_conferences"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"], name=op.f("fk_issued_documents_issued_by_id_users")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name=op.f("fk_issued_documents_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("organisation_id", "kind", "series", "number", name="uq_register_number"),
    )
    with op.batch_alter_table("issued_documents") as batch:
        batch.create_index(batch.f("ix_issued_documents_conference_id"), ["conference_id"], unique=False)
        batch.create_index(batch.f("ix_issued_documents_organisation_id"), ["organisation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("issued_documents") as batch:
        batch.drop_index(batch.f("ix_issued_documents_organisation_id"))
        batch.drop_index(batch.f("ix_issued_documents_conference_id"))
    op.drop_table("issued_documents")
    op.drop_table("letterheads")
