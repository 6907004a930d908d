"""Section versions on conferences and reports; one live task per unit, one live feed token.

Reviewed by hand:

- five NOT NULL integer counters on ``conferences`` (general data, conclusion, sites,
  attendees, the agenda of reports) and one on ``reports`` (a report with its figures), all
  with server default 1, so existing rows start at version 1;
- partial unique indexes, on SQLite and PostgreSQL alike: one task that is not cancelled per
  directive and unit at the top level, and per parent task and unit for delegated ones; at
  most one unrevoked calendar token per user.

Duplicates already in the database (left by concurrent posts before these indexes) are
looked for first. Extra live calendar tokens are revoked, keeping each user's newest, and
counted on the console. Duplicate live tasks are never cancelled behind anyone's back: the
upgrade stops before changing anything and lists them (directive, unit, task ids), so that
the secretariat cancels the extra ones and runs the upgrade again.

The downgrade drops the indexes and the counters.

Revision ID: 5c3e8f1a2b47
Revises: 4b1d2c7e9a10
Create Date: 2026-12-02 10:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "5c3e8f1a2b47"
down_revision = "4b1d2c7e9a10"
branch_labels = None
depends_on = None

SECTIONS = ("info_version", "conclusion_version", "sites_version", "attendees_version",
            "reports_version")
LIVE_TOP = "parent_id IS NULL AND cancelled_at IS NULL"
LIVE_DELEGATED = "parent_id IS NOT NULL AND cancelled_at IS NULL"
LIVE_TOKEN = "revoked_at IS NULL"


class DuplicateTasks(RuntimeError):
    """Live tasks that the new unique indexes would refuse; nothing was changed."""


def duplicate_tasks(connection) -> list[str]:
    """One line per (directive or parent task, unit) that has more than one live task."""
    lines = []
    for key, where, label in (("directive_id", LIVE_TOP, "chỉ đạo / directive"),
                              ("parent_id", LIVE_DELEGATED, "nhiệm vụ cha / parent task")):
        rows = connection.execute(sa.text(
            f"SELECT {key}, organisation_id FROM tasks WHERE {where} "
            f"GROUP BY {key}, organisation_id HAVING COUNT(*) > 1 ORDER BY {key}, organisation_id"
        )).all()
        for owner, unit in rows:
            ids = connection.execute(sa.text(
                f"SELECT id FROM tasks WHERE {where} AND {key} = :owner "
                "AND organisation_id = :unit ORDER BY id"), {"owner": owner, "unit": unit}).scalars()
            lines.append(f"{label} {owner}, đơn vị / unit {unit}: tasks {', '.join(map(str, ids))}")
    return lines


def revoke_extra_tokens(connection) -> int:
    """Revoke every live calendar token but each user's newest; how many were revoked."""
    rows = connection.execute(sa.text(
        f"SELECT id, user_id FROM calendar_tokens WHERE {LIVE_TOKEN} ORDER BY user_id, created_at DESC, id DESC"
    )).all()
    seen, extra = set(), []
    for token_id, user_id in rows:
        if user_id in seen:
            extra.append(token_id)
        seen.add(user_id)
    for token_id in extra:
        connection.execute(sa.text("UPDATE calendar_tokens SET revoked_at = CURRENT_TIMESTAMP "
                                   "WHERE id = :id"), {"id": token_id})
    return len(extra)


def upgrade():
    connection = op.get_bind()
    duplicates = duplicate_tasks(connection)
    if duplicates:
        raise DuplicateTasks(
            "Không nâng cấp được: có đơn vị được giao cùng một nhiệm vụ hơn một lần. Hãy hủy các "
            "nhiệm vụ thừa rồi chạy lại 'flask db upgrade'. / Upgrade stopped, nothing changed: "
            "these units hold the same task more than once; cancel the extra tasks and run "
            "'flask db upgrade' again.\n  " + "\n  ".join(duplicates))
    revoked = revoke_extra_tokens(connection)
    if revoked:
        print(f"Revoked {revoked} extra calendar token(s), keeping each user's newest.")

    with op.batch_alter_table("conferences", schema=None) as batch_op:
        for column in SECTIONS:
            batch_op.add_column(sa.Column(column, sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    op.create_index("uq_tasks_live_top", "tasks", ["directive_id", "organisation_id"], unique=True,
                    sqlite_where=sa.text(LIVE_TOP), postgresql_where=sa.text(LIVE_TOP))
    op.create_index("uq_tasks_live_delegated", "tasks", ["parent_id", "organisation_id"],
                    unique=True, sqlite_where=sa.text(LIVE_DELEGATED),
                    postgresql_where=sa.text(LIVE_DELEGATED))
    op.create_index("uq_calendar_tokens_live", "calendar_tokens", ["user_id"], unique=True,
                    sqlite_where=sa.text(LIVE_TOKEN), postgresql_where=sa.text(LIVE_TOKEN))


def downgrade():
    op.drop_index("uq_calendar_tokens_live", table_name="calendar_tokens")
    op.drop_index("uq_tasks_live_delegated", table_name="tasks")
    op.drop_index("uq_tasks_live_top", table_name="tasks")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        for column in reversed(SECTIONS):
            batch_op.drop_column(column)
