"""Reading tasks: the filters every list, roll-up and report shares, and the queries behind
them. Each query's count and sort happen in SQL, and rates come from
:class:`minutes.tasks.status.Rollup` (the one completion rate)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, extract, func
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.sql.util import ClauseAdapter

from ..clock import local_zone, today
from ..collation import vietnamese
from ..conferences.starts import start_key
from ..extensions import db
from ..formatting import to_utc
from ..models import Conference, Directive, Organisation, Task
from . import status as st


@dataclass
class TaskFilters:
    status: str | None = None  # a status, "open" or "done"
    window: str | None = None  # "7", "30" (due within N days) or None
    #: Lead unit among these: a set of ids or a select of them (a subtree); None: any.
    unit_ids: Iterable[int] | Select[Any] | None = None
    year: int | None = None  # the conference's year
    conference_id: int | None = None
    directive_id: int | None = None
    #: Only the top of each chain of handed-down tasks that the reader sees: tasks without a
    #: parent, or (when ``visible`` limits the rows) whose parent the reader cannot see.
    top_level_only: bool = False
    #: An SQL condition on Task limiting the rows to what the reader may see
    #: (:func:`minutes.permissions.visible_tasks`); None: no limit.
    visible: object | None = None
    #: The tasks of a reporting period (first day, last day): due in it, or, thường xuyên
    #: (no due date), assigned in it (the local date of ``created_at``); None: any.
    period: tuple[date, date] | None = None
    #: Status as it stood on this day: a completion recorded after it counts as open (see
    #: :func:`~.status.task_status_as_of`); None: as of today.
    as_of: date | None = None


def _when(f: TaskFilters) -> date:
    """The day the status of ``f``'s tasks is taken on."""
    return f.as_of or today()


def _status(f: TaskFilters, when: date):
    """The status of a task on ``when``, as ``f`` asks for it (the one rule either way)."""
    return st.status_as_of_sql(Task, when) if f.as_of else st.status_sql(Task, when)


def _standing_done(f: TaskFilters):
    return st.standing_done_sql(Task, f.as_of)


def in_period_sql(first: date, last: date):
    """SQL on Task: the task belongs to the period ``first``–``last`` (see TaskFilters.period)."""
    zone = local_zone()
    start = to_utc(datetime.combine(first, time()), zone)
    end = to_utc(datetime.combine(last + timedelta(days=1), time()), zone)
    assigned = Task.due_date.is_(None) & (Task.created_at >= start) & (Task.created_at < end)
    return Task.due_date.between(first, last) | assigned


def _filtered(query, f: TaskFilters, when: date, *, join_conference: bool = False):
    """Apply ``f`` to a select over tasks; joins the directive (and conference when needed)."""
    status = _status(f, when)
    query = query.join(Directive, Directive.id == Task.directive_id)
    if f.year or join_conference:
        query = query.join(Conference, Conference.id == Directive.conference_id)
    if f.status in st.STATUSES:
        query = query.where(status == f.status)
    elif f.status == "open":
        query = query.where(status.in_(st.OPEN))
    elif f.status == "done":
        query = query.where(status.in_(st.DONE))
    if f.window and f.window.isdigit():
        query = query.where(
            Task.completed_on.is_(None),
            Task.cancelled_at.is_(None),
            Task.due_date <= when + timedelta(days=int(f.window)),
        )
    if f.unit_ids is not None:
        query = query.where(Task.organisation_id.in_(f.unit_ids))
    if f.directive_id:
        query = query.where(Task.directive_id == f.directive_id)
    if f.conference_id:
        query = query.where(Directive.conference_id == f.conference_id)
    if f.top_level_only:
        query = query.where(_top_level(f.visible))
    if f.visible is not None:
        query = query.where(f.visible)
    if f.year:
        query = query.where(
            func.coalesce(Conference.period_year, extract("year", Conference.starts_on)) == f.year
        )
    if f.period is not None:
        query = query.where(in_period_sql(*f.period))
    return query


def _top_level(visible):
    """SQL on Task: the task heads a chain the reader sees (see TaskFilters.top_level_only)."""
    if visible is None:
        return Task.parent_id.is_(None)
    seen = Task.__table__.alias("seen")
    parents = db.select(seen.c.id).where(ClauseAdapter(seen).traverse(visible))
    return Task.parent_id.is_(None) | Task.parent_id.not_in(parents)


def list_query(f: TaskFilters, order: str = "due"):
    """Tasks matching ``f`` with their directive and conference loaded (for list pages)."""
    query = _filtered(db.select(Task).select_from(Task), f, _when(f), join_conference=True)
    query = query.options(
        contains_eager(Task.directive).contains_eager(Directive.conference), selectinload(Task.extensions)
    )
    if order == "overdue":
        query = query.order_by(Task.due_date.asc(), Task.id)
    elif order == "unit":
        query = query.order_by(vietnamese(Task.organisation_name), Task.id)
    else:  # nearest deadline first, open before done, ongoing last
        query = query.order_by(
            (Task.completed_on.is_not(None) | Task.cancelled_at.is_not(None)).asc(),
            Task.due_date.is_(None).asc(),
            Task.due_date.asc(),
            Task.id,
        )
    return query


def rollup(f: TaskFilters) -> st.Rollup:
    """Counts by status of the tasks matching ``f``, in one query."""
    when = _when(f)
    status, standing = _status(f, when), _standing_done(f)
    query = _filtered(db.select(status, standing, func.count()).select_from(Task), f, when)
    return st.rollup_of(db.session.execute(query.group_by(status, standing)).all())


def directive_rollups(directive_ids: Iterable[int], visible=None) -> dict[int, st.Rollup]:
    """Top-level task counts by status per directive (of the tasks ``visible`` admits, an SQL
    condition), in one query."""
    ids = list(directive_ids)
    if not ids:
        return {}
    status, standing = st.status_sql(Task, today()), st.standing_done_sql(Task)
    query = (
        db.select(Task.directive_id, status, standing, func.count())
        .where(Task.directive_id.in_(ids), _top_level(visible))
        .group_by(Task.directive_id, status, standing)
    )
    if visible is not None:
        query = query.where(visible)
    rows = db.session.execute(query).all()
    grouped: dict[int, list] = {i: [] for i in ids}
    for directive_id, s, done_standing, n in rows:
        grouped[directive_id].append((s, done_standing, n))
    return {i: st.rollup_of(r) for i, r in grouped.items()}


def _status_sums(f: TaskFilters, when: date) -> list:
    status = _status(f, when)
    return [
        *(func.sum(db.case((status == s, 1), else_=0)).label(s) for s in st.STATUSES),
        func.sum(db.case((_standing_done(f), 1), else_=0)).label("standing_done"),
    ]


def _age_sums(f: TaskFilters, when: date) -> list:
    """Overdue tasks older than each of :data:`~.status.OVERDUE_BUCKETS` days on ``when``."""
    overdue = _status(f, when) == st.OVERDUE
    return [
        func.sum(db.case((overdue & (Task.due_date < when - timedelta(days=n)), 1), else_=0)).label(
            f"over_{n}"
        )
        for n in st.OVERDUE_BUCKETS
    ]


def _ages_of_row(row) -> dict[int, int]:
    return {n: getattr(row, f"over_{n}") or 0 for n in st.OVERDUE_BUCKETS}


def _rollup_of_row(row) -> st.Rollup:
    return st.Rollup({s: getattr(row, s) or 0 for s in st.STATUSES}, row.standing_done or 0)


#: How a level of the tree can be ordered: worst completion rate first, or most overdue.
LEVEL_SORTS = ("rate", "overdue")


@dataclass(frozen=True)
class LevelRow:
    """One unit of a level of the tree with the counts of the tasks in its subtree."""

    unit_id: int
    name: str
    rollup: st.Rollup
    ages: dict[int, int]
    has_children: bool


def level_table(
    f: TaskFilters, parent_id: int | None, sort: str = "rate", page: int = 1, per_page: int = 25
) -> tuple[list[LevelRow], int]:
    """The units one level below ``parent_id`` (the tops of the tree when None) that have
    tasks matching ``f`` in their subtree, with their counts, ordered and paged in SQL; and
    how many such units there are. Each task counts for the unit whose subtree holds its lead
    unit (``path`` prefix)."""
    when = _when(f)
    lead = db.aliased(Organisation, name="lead")
    child = db.aliased(Organisation, name="child")
    below = db.aliased(Organisation, name="below")
    under = child.parent_id.is_(None) if parent_id is None else child.parent_id == parent_id
    has_children = db.select(below.id).where(below.parent_id == child.id).exists()
    sums = {column.name: column for column in _status_sums(f, when)}
    query = (
        db.select(
            child.id.label("unit_id"),
            child.name.label("name"),
            has_children.label("has_children"),
            *sums.values(),
            *_age_sums(f, when),
        )
        .select_from(Task)
        .join(lead, lead.id == Task.organisation_id)
        .join(child, under & lead.path.startswith(child.path))
    )
    query = _filtered(query, f, when).group_by(child.id, child.name)
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery())) or 0
    on_time, late, in_progress, overdue = (sums[s].element for s in st.STATUSES[:4])
    rate = st.rate_order_sql(on_time, late, in_progress, overdue, sums["standing_done"].element)
    order = (overdue.desc(), rate) if sort == "overdue" else (rate, overdue.desc())
    query = query.order_by(*order, vietnamese(child.name), child.id)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return [
        LevelRow(row.unit_id, row.name, _rollup_of_row(row), _ages_of_row(row), bool(row.has_children))
        for row in rows
    ], total


def own_row(f: TaskFilters, unit: Organisation) -> LevelRow | None:
    """The tasks whose lead is ``unit`` itself (not a unit below it), as a row of its level:
    counts and overdue ages in one query; None when it leads none (cancelled ones count)."""
    mine = replace(f, unit_ids={unit.id})
    when = _when(mine)
    query = db.select(*_status_sums(mine, when), *_age_sums(mine, when)).select_from(Task)
    row = db.session.execute(_filtered(query, mine, when)).one()
    counts = _rollup_of_row(row)
    if not (counts.all or counts[st.CANCELLED]):
        return None
    return LevelRow(unit.id, unit.name, counts, _ages_of_row(row), False)


def conference_table(f: TaskFilters) -> list[tuple[Conference, st.Rollup]]:
    """Completion per conference, most recent first."""
    when = _when(f)
    query = db.select(Directive.conference_id, *_status_sums(f, when))
    query = _filtered(query.select_from(Task), f, when).group_by(Directive.conference_id)
    rows = db.session.execute(query).all()
    conferences = {
        c.id: c
        for c in db.session.scalars(
            db.select(Conference).where(Conference.id.in_([r.conference_id for r in rows]))
        )
    }
    table = [(conferences[r.conference_id], _rollup_of_row(r)) for r in rows]
    table.sort(key=lambda r: start_key(r[0], newest_first=True))
    return table


def monthly_completions(f: TaskFilters, months: int = 12) -> list[tuple[str, int, int]]:
    """(YYYY-MM, done on time, done late) for the ``months`` months up to the latest completion.

    Ending at the latest completion (not at today) keeps the chart useful when looking back at
    an earlier year's follow-up.
    """
    when = _when(f)
    latest = db.session.scalar(_filtered(db.select(func.max(Task.completed_on)).select_from(Task), f, when))
    if isinstance(latest, str):  # SQLite returns the aggregate of a DATE as text
        latest = date.fromisoformat(latest[:10])
    end = min(latest or when, when)
    start = date(end.year, end.month, 1)
    for _ in range(months - 1):
        start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    year, month = extract("year", Task.completed_on), extract("month", Task.completed_on)
    late = Task.due_date.is_not(None) & (Task.completed_on > Task.due_date)
    query = db.select(
        year, month, func.sum(db.case((late, 0), else_=1)), func.sum(db.case((late, 1), else_=0))
    ).select_from(Task)
    query = (
        _filtered(query, f, when)
        .where(Task.completed_on >= start, Task.cancelled_at.is_(None))
        .group_by(year, month)
    )
    found = {f"{int(y):04d}-{int(m):02d}": (a, b) for y, m, a, b in db.session.execute(query).all()}
    result, cursor = [], start
    for _ in range(months):
        key = f"{cursor.year:04d}-{cursor.month:02d}"
        a, b = found.get(key, (0, 0))
        result.append((key, a or 0, b or 0))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return result


def overdue_ages(f: TaskFilters) -> dict[int, int]:
    """Overdue tasks older than each of :data:`~.status.OVERDUE_BUCKETS` days, in one query."""
    when = _when(f)
    row = db.session.execute(_filtered(db.select(*_age_sums(f, when)).select_from(Task), f, when)).one()
    return _ages_of_row(row)


def child_table(f: TaskFilters, parent_id: int) -> dict[int | None, tuple[st.Rollup, dict[int, int]]]:
    """Counts by status and overdue ages per unit one level below ``parent_id``, in one query:
    each task under the child unit whose subtree holds its lead unit (``path`` prefix), under
    None when its lead unit is under no child (the parent's own tasks). Units without tasks
    are not in the answer."""
    when = _when(f)
    lead = db.aliased(Organisation, name="lead")
    child = db.aliased(Organisation, name="child")
    query = (
        db.select(child.id.label("child_id"), *_status_sums(f, when), *_age_sums(f, when))
        .select_from(Task)
        .join(lead, lead.id == Task.organisation_id)
        .outerjoin(child, (child.parent_id == parent_id) & lead.path.startswith(child.path))
    )
    query = _filtered(query, f, when).group_by(child.id)
    return {row.child_id: (_rollup_of_row(row), _ages_of_row(row)) for row in db.session.execute(query)}
