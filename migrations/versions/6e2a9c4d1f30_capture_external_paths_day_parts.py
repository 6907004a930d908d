"""External bodies and ancestry paths; start day and part of day; figure parts and scopes.

Reviewed by hand:

- ``organisations``: ``external`` (NOT NULL, default false), ``steward_id`` (the unit whose
  secretariat added an external body; FK, indexed) and ``path``, the materialised ancestry
  "/1/5/23/" (NOT NULL, indexed), filled here for every existing unit from ``parent_id``;
- ``conferences``: ``starts_on`` (the local day, indexed), filled from ``starts_at`` in the
  configured time zone (MINUTES_TIMEZONE, default Asia/Ho_Chi_Minh), ``day_part`` (sáng,
  chiều, tối) and ``copied_from_id`` (FK, SET NULL on delete). ``starts_at`` keeps its
  meaning: set only when the hour is known;
- ``figures``: ``value`` becomes nullable (an indicator copied from a previous conference has
  no value yet), ``parent_id`` (a figure that is a part of another, CASCADE), ``scope`` (NOT
  NULL, default '') and ``baseline_carried`` (NOT NULL, default false);
- the free "Đơn vị khác" texts of attendees and reports are linked to the unit whose folded
  name equals them, where exactly one active unit does; the text itself is kept.

The downgrade drops the new columns. It refuses (and changes nothing) while a figure has no
value, since the old schema cannot hold one; fill or delete those figures first.

Revision ID: 6e2a9c4d1f30
Revises: 5c3e8f1a2b47
Create Date: 2026-12-02 19:30:00
"""
import os
import unicodedata
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "6e2a9c4d1f30"
down_revision = "5c3e8f1a2b47"
branch_labels = None
depends_on = None


def _fold(value):
    """minutes.text.fold at the time of writing: NFD, no marks, đ → d, lower case, one space."""
    text = unicodedata.normalize("NFD", value or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


def _fill_paths(bind):
    rows = bind.execute(sa.text("SELECT id, parent_id FROM organisations")).all()
    parent = {row.id: row.parent_id for row in rows}
    paths = {}

    def path(org_id, seen=()):
        if org_id in paths:
            return paths[org_id]
        up = parent.get(org_id)
        prefix = path(up, seen + (org_id,)) if up is not None and up not in seen else "/"
        paths[org_id] = f"{prefix}{org_id}/"
        return paths[org_id]

    for org_id in parent:
        path(org_id)
    for org_id, value in paths.items():
        bind.execute(sa.text("UPDATE organisations SET path = :p WHERE id = :i"), {"p": value, "i": org_id})


def _fill_start_days(bind):
    zone = ZoneInfo(os.environ.get("MINUTES_TIMEZONE", "Asia/Ho_Chi_Minh"))
    rows = bind.execute(sa.text("SELECT id, starts_at FROM conferences WHERE starts_at IS NOT NULL")).all()
    for row in rows:
        moment = row.starts_at
        if isinstance(moment, str):  # SQLite hands back text through a raw SELECT
            moment = datetime.fromisoformat(moment)
        local = moment.replace(tzinfo=timezone.utc).astimezone(zone).date()
        bind.execute(sa.text("UPDATE conferences SET starts_on = :d WHERE id = :i"), {"d": local, "i": row.id})


def _link_free_names(bind):
    units = bind.execute(sa.text("SELECT id, name FROM organisations WHERE active")).all()
    by_name = {}
    for unit in units:
        by_name.setdefault(_fold(unit.name), []).append(unit.id)
    for table in ("attendees", "reports"):
        rows = bind.execute(
            sa.text(f"SELECT id, organisation_name FROM {table} "
                    "WHERE organisation_id IS NULL AND organisation_name <> ''")
        ).all()
        for row in rows:
            found = by_name.get(_fold(row.organisation_name), [])
            if len(found) == 1:
                bind.execute(sa.text(f"UPDATE {table} SET organisation_id = :o WHERE id = :i"),
                             {"o": found[0], "i": row.id})


def upgrade():
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("external", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("steward_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("path", sa.String(500), nullable=False, server_default=""))
        batch.create_foreign_key("fk_organisations_steward_id", "organisations", ["steward_id"], ["id"])
        batch.create_index("ix_organisations_steward_id", ["steward_id"])
        batch.create_index("ix_organisations_path", ["path"])
    with op.batch_alter_table("conferences") as batch:
        batch.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("day_part", sa.String(10), nullable=True))
        batch.add_column(sa.Column("copied_from_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_conferences_copied_from_id", "conferences", ["copied_from_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_conferences_starts_on", ["starts_on"])
    with op.batch_alter_table("figures") as batch:
        batch.alter_column("value", existing_type=sa.Float(), nullable=True)
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("scope", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("baseline_carried", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_foreign_key("fk_figures_parent_id", "figures", ["parent_id"], ["id"], ondelete="CASCADE")
    bind = op.get_bind()
    _fill_paths(bind)
    _fill_start_days(bind)
    _link_free_names(bind)


def downgrade():
    bind = op.get_bind()
    empty = bind.execute(sa.text("SELECT count(*) FROM figures WHERE value IS NULL")).scalar()
    if empty:
        raise RuntimeError(
            f"{empty} figures have no value; the old schema needs one. Fill or delete them, then "
            "downgrade again. Nothing was changed."
        )
    with op.batch_alter_table("figures") as batch:
        batch.drop_constraint("fk_figures_parent_id", type_="foreignkey")
        batch.drop_column("baseline_carried")
        batch.drop_column("scope")
        batch.drop_column("parent_id")
        batch.alter_column("value", existing_type=sa.Float(), nullable=False)
    with op.batch_alter_table("conferences") as batch:
        batch.drop_index("ix_conferences_starts_on")
        batch.drop_constraint("fk_conferences_copied_from_id", type_="foreignkey")
        batch.drop_column("copied_from_id")
        batch.drop_column("day_part")
        batch.drop_column("starts_on")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_index("ix_organisations_path")
        batch.drop_index("ix_organisations_steward_id")
        batch.drop_constraint("fk_organisations_steward_id", type_="foreignkey")
        batch.drop_column("path")
        batch.drop_column("steward_id")
        batch.drop_column("external")
