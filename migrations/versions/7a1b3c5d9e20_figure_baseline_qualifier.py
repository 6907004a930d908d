"""A figure's baseline keeps its own qualifier ("cùng kỳ hơn 300").

Reviewed by hand: ``figures.baseline_qualifier`` VARCHAR(20) NOT NULL DEFAULT '' (one of
QUALIFIERS or empty, like ``qualifier``). Existing rows get ''. The downgrade drops it; a
qualifier stored there is lost, the baseline number itself stays.

Revision ID: 7a1b3c5d9e20
Revises: 6e2a9c4d1f30
Create Date: 2026-12-03 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7a1b3c5d9e20"
down_revision = "6e2a9c4d1f30"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("baseline_qualifier", sa.String(length=20), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("baseline_qualifier")
