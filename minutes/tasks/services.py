"""Task logic shared by views, the CLI, the demo data and exports.

Every change goes through a function here, which checks the rule, changes the task and
appends one :class:`~minutes.models.TaskEvent` per change. Rule violations raise
:class:`TaskError` naming the form field they belong to, so views show them next to it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func
from sqlalchemy.orm import contains_eager, selectinload
from sqlalchemy.sql.util import ClauseAdapter

from ..clock import today, utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import (
    Conference,
    Directive,
    Organisation,
    Task,
    TaskEvent,
    TaskExtension,
    TaskPartner,
    User,
)
from ..organisations.services import subtree_ids
from ..text import sort_key
from . import status as st


class TaskError(ValueError):
    """A rule the change would break; ``field`` is the form field it concerns (or None)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def _d(value: date | None) -> str:
    return short_date(value) if value else str(_l("thường xuyên"))


def bump(item) -> None:
    """A calendar-visible change (due date, summary, state): raise the iCalendar SEQUENCE."""
    item.ical_sequence = (item.ical_sequence or 0) + 1


def record(task: Task, user: User | None, action: str, old: object = None, new: object = None,
           note: str | None = None) -> TaskEvent:
    """Append one history row to ``task``."""
    event = TaskEvent(
        action=action, user_id=user.id if user else None, at=utcnow(),
        old_value=None if old is None else str(old)[:500],
        new_value=None if new is None else str(new)[:500],
        note=note,
    )
    task.events.append(event)
    task.updated_at = event.at  # every recorded change is a change of the task (feeds key on it)
    return event


# --- assigning ------------------------------------------------------------------------------

@dataclass
class Assignment:
    created: list[Task]
    skipped: list[str]


def assign(directive: Directive, user: User, units: Sequence[Organisation], *,
           due_date: date | None, priority: str = "normal", lead_person: str | None = None,
           partners: Iterable[Organisation] = ()) -> Assignment:
    """One task per unit for ``directive``; units that already have one are skipped."""
    if not units:
        raise TaskError(_l("Hãy chọn ít nhất một đơn vị chủ trì."), "organisation_id")
    existing = set(db.session.scalars(
        db.select(Task.organisation_id).where(
            Task.directive_id == directive.id, Task.parent_id.is_(None),
            Task.cancelled_at.is_(None),
        )
    ))
    partners = list(partners)
    created, skipped = [], []
    for unit in units:
        if unit.id in existing:
            skipped.append(unit.name)
            continue
        task = Task(
            directive=directive, organisation_id=unit.id, organisation_name=unit.name,
            lead_person=lead_person, priority=priority, original_due_date=due_date,
            due_date=due_date, progress=0,
        )
        task.partners = [TaskPartner(organisation_id=p.id, organisation_name=p.name)
                         for p in partners if p.id != unit.id]
        record(task, user, "created", new=unit.name, note=None)
        created.append(task)
        existing.add(unit.id)
    db.session.add_all(created)
    return Assignment(created, skipped)


def delegate(task: Task, user: User, units: Sequence[Organisation], due_date: date | None
             ) -> Assignment:
    """Child tasks of ``task`` for sub-units of its unit; the parent's progress follows them."""
    _require_open(task)
    below = subtree_ids(task.organisation_id) - {task.organisation_id}
    if not units:
        raise TaskError(_l("Hãy chọn ít nhất một đơn vị cấp dưới."), "unit_ids")
    if any(u.id not in below for u in units):
        raise TaskError(_l("Chỉ giao được cho đơn vị cấp dưới của %(unit)s.",
                           unit=task.organisation_name), "unit_ids")
    if due_date and task.due_date and due_date > task.due_date:
        raise TaskError(_l("Thời hạn của việc giao lại không được sau thời hạn %(d)s.",
                           d=short_date(task.due_date)), "due_date")
    have = {c.organisation_id for c in task.children if c.cancelled_at is None}
    created, skipped = [], []
    for unit in units:
        if unit.id in have:
            skipped.append(unit.name)
            continue
        child = Task(directive_id=task.directive_id, parent=task, organisation_id=unit.id,
                     organisation_name=unit.name, priority=task.priority,
                     original_due_date=due_date, due_date=due_date, progress=0)
        db.session.add(child)
        record(child, user, "created", new=unit.name, note=str(_l("Giao lại từ %(u)s",
                                                                  u=task.organisation_name)))
        created.append(child)
    if created:
        record(task, user, "delegated", new=", ".join(c.organisation_name for c in created))
        db.session.flush()
        refresh_progress(task)
    return Assignment(created, skipped)


def refresh_progress(task: Task | None) -> None:
    """Derive the progress of a task that has sub-tasks from them, up the chain."""
    while task is not None:
        children = [c for c in task.children if c.cancelled_at is None]
        if children and task.completed_on is None:
            task.progress = round(sum(100 if c.completed_on else c.progress for c in children)
                                  / len(children))
        task = task.parent


# --- reporting on a task ------------------------------------------------------------------

def _require_open(task: Task) -> None:
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy, không thể cập nhật."))
    if task.completed_on is not None:
        raise TaskError(_l("Nhiệm vụ đã hoàn thành; hãy mở lại trước khi cập nhật."))


def complete(task: Task, user: User, completed_on: date, note: str) -> None:
    """Tick ``task`` off: done on ``completed_on`` (not in the future) with a result note."""
    _require_open(task)
    if completed_on > today():
        raise TaskError(_l("Ngày hoàn thành không được ở tương lai."), "completed_on")
    if completed_on < task.created_at.date() - timedelta(days=366):
        raise TaskError(_l("Ngày hoàn thành quá xa trước ngày giao việc."), "completed_on")
    if not (note or "").strip():
        raise TaskError(_l("Hãy ghi kết quả thực hiện."), "result_note")
    old = st.status_of(task, today())
    task.completed_on = completed_on
    task.result_note = note
    task.progress = 100
    bump(task)
    record(task, user, "completed", old=old, new=short_date(completed_on), note=task.result_note)
    refresh_progress(task.parent)


def reopen(task: Task, user: User, reason: str) -> None:
    """Undo a tick made by mistake; the history keeps both."""
    if task.completed_on is None:
        raise TaskError(_l("Nhiệm vụ chưa hoàn thành nên không cần mở lại."))
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy, không thể cập nhật."))
    if not (reason or "").strip():
        raise TaskError(_l("Hãy ghi lý do mở lại."), "reason")
    record(task, user, "reopened", old=short_date(task.completed_on), note=reason.strip())
    task.completed_on = None
    task.result_note = None
    bump(task)
    task.progress = 90 if not task.children else task.progress
    refresh_progress(task)
    refresh_progress(task.parent)


def update_progress(task: Task, user: User, percent: int, note: str | None) -> None:
    """A progress report: percentage (0–100, below 100: ticking off is a separate act)."""
    _require_open(task)
    if task.children:
        raise TaskError(_l("Tiến độ của nhiệm vụ đã giao lại được tính từ các đơn vị cấp dưới."),
                        "percent")
    if percent is None or not 0 <= percent <= 100:
        raise TaskError(_l("Tiến độ phải từ 0 đến 100 %."), "percent")
    if percent == 100:
        raise TaskError(_l("Đã xong thì hãy dùng nút “Báo hoàn thành” để ghi kết quả."), "percent")
    record(task, user, "progress", old=f"{task.progress} %", new=f"{percent} %", note=note)
    task.progress = percent
    refresh_progress(task.parent)


def request_extension(task: Task, user: User, new_due: date, reason: str) -> TaskExtension:
    """Ask for more time; the assigner decides."""
    _require_open(task)
    if task.due_date is None:
        raise TaskError(_l("Nhiệm vụ thường xuyên không có thời hạn để gia hạn."), "new_due_date")
    if task.pending_extension is not None:
        raise TaskError(_l("Đã có một đề nghị gia hạn đang chờ quyết định."), "new_due_date")
    if new_due <= task.due_date:
        raise TaskError(_l("Thời hạn mới phải sau thời hạn hiện tại (%(d)s).",
                           d=short_date(task.due_date)), "new_due_date")
    if not (reason or "").strip():
        raise TaskError(_l("Hãy ghi lý do xin gia hạn."), "reason")
    ext = TaskExtension(previous_due_date=task.due_date, requested_due_date=new_due, state="pending",
                        reason=reason.strip(), requested_by_id=user.id, requested_at=utcnow())
    task.extensions.append(ext)
    record(task, user, "extension_requested", old=_d(task.due_date), new=_d(new_due),
           note=ext.reason)
    return ext


def decide_extension(ext: TaskExtension, user: User, approve: bool, reference: str | None,
                     note: str | None) -> None:
    """Approve (the new due date applies from now on) or reject an extension request."""
    if ext.state != "pending":
        raise TaskError(_l("Đề nghị này đã được quyết định."))
    task = ext.task
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy, không thể cập nhật."))
    ext.state = "approved" if approve else "rejected"
    ext.decided_by_id = user.id
    ext.decided_at = utcnow()
    ext.reference = (reference or "").strip() or None
    ext.decision_note = (note or "").strip() or None
    if approve:
        record(task, user, "extension_approved", old=_d(task.due_date),
               new=_d(ext.requested_due_date), note=ext.reference)
        task.due_date = ext.requested_due_date
        bump(task)
    else:
        record(task, user, "extension_rejected", new=_d(ext.requested_due_date),
               note=ext.decision_note)


def cancel(task: Task, user: User, reason: str) -> None:
    """Cancel (by the assigner), with a reason; sub-tasks are cancelled with it."""
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy."))
    if not (reason or "").strip():
        raise TaskError(_l("Hãy ghi lý do hủy."), "reason")
    stack = [task]
    while stack:
        current = stack.pop()
        if current.cancelled_at is None:
            current.cancelled_at = utcnow()
            current.cancel_reason = reason.strip()
            bump(current)
            record(current, user, "cancelled", note=current.cancel_reason)
        stack.extend(current.children)
    refresh_progress(task.parent)


def edit(task: Task, user: User, *, organisation: Organisation, due_date: date | None,
         priority: str, lead_person: str | None, partners: Sequence[Organisation]) -> None:
    """The assigner changes the lead unit, due date, priority, lead person or partners."""
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy, không thể cập nhật."))
    if organisation.id != task.organisation_id:
        record(task, user, "reassigned", old=task.organisation_name, new=organisation.name)
        task.organisation_id, task.organisation_name = organisation.id, organisation.name
        bump(task)
    if due_date != task.due_date:
        record(task, user, "due_changed", old=_d(task.due_date), new=_d(due_date))
        task.due_date = due_date
        bump(task)
        if task.original_due_date is None:
            task.original_due_date = due_date
    if priority != task.priority:
        record(task, user, "priority", old=task.priority, new=priority)
        task.priority = priority
    lead_person = (lead_person or "").strip() or None
    if lead_person != task.lead_person:
        record(task, user, "lead_person", old=task.lead_person, new=lead_person)
        task.lead_person = lead_person
    old_partners = {p.organisation_id for p in task.partners}
    new_partners = {p.id for p in partners if p.id != task.organisation_id}
    if old_partners != new_partners:
        record(task, user, "partners",
               old=", ".join(p.organisation_name for p in task.partners) or None,
               new=", ".join(p.name for p in partners if p.id in new_partners) or None)
        task.partners = [p for p in task.partners if p.organisation_id in new_partners] + [
            TaskPartner(organisation_id=p.id, organisation_name=p.name)
            for p in partners if p.id in new_partners - old_partners
        ]


# --- reading ----------------------------------------------------------------------------------

@dataclass
class TaskFilters:
    status: str | None = None  # a status, "open" or "done"
    window: str | None = None  # "7", "30" (due within N days) or None
    #: Lead unit among these: a set of ids or a select of them (a subtree); None: any.
    unit_ids: object | None = None
    year: int | None = None  # the conference's year
    conference_id: int | None = None
    directive_id: int | None = None
    #: Only the top of each chain of handed-down tasks that the reader sees: tasks without a
    #: parent, or (when ``visible`` limits the rows) whose parent the reader cannot see.
    top_level_only: bool = False
    #: An SQL condition on Task limiting the rows to what the reader may see
    #: (:func:`minutes.permissions.visible_tasks`); None: no limit.
    visible: object | None = None


def _filtered(query, f: TaskFilters, when: date, *, join_conference: bool = False):
    """Apply ``f`` to a select over tasks; joins the directive (and conference when needed)."""
    status = st.status_sql(Task, when)
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
        query = query.where(Task.completed_on.is_(None), Task.cancelled_at.is_(None),
                            Task.due_date <= when + timedelta(days=int(f.window)))
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
        query = query.where(func.coalesce(Conference.period_year,
                                          extract("year", Conference.starts_at)) == f.year)
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
    query = _filtered(db.select(Task).select_from(Task), f, today(), join_conference=True)
    query = query.options(
        contains_eager(Task.directive).contains_eager(Directive.conference),
        selectinload(Task.extensions),
    )
    if order == "overdue":
        query = query.order_by(Task.due_date.asc(), Task.id)
    elif order == "unit":
        query = query.order_by(Task.organisation_name, Task.id)
    else:  # nearest deadline first, open before done, ongoing last
        query = query.order_by(
            (Task.completed_on.is_not(None) | Task.cancelled_at.is_not(None)).asc(),
            Task.due_date.is_(None).asc(), Task.due_date.asc(), Task.id,
        )
    return query


def rollup(f: TaskFilters) -> st.Rollup:
    """Counts by status of the tasks matching ``f``, in one query."""
    when = today()
    status = st.status_sql(Task, when)
    query = _filtered(db.select(status, func.count()).select_from(Task), f, when).group_by(status)
    return st.Rollup(st.count_by_status(db.session.execute(query).all()))


def directive_rollups(directive_ids: Iterable[int], visible=None) -> dict[int, st.Rollup]:
    """Top-level task counts by status per directive (of the tasks ``visible`` admits, an SQL
    condition), in one query."""
    ids = list(directive_ids)
    if not ids:
        return {}
    status = st.status_sql(Task, today())
    query = (db.select(Task.directive_id, status, func.count())
             .where(Task.directive_id.in_(ids), _top_level(visible))
             .group_by(Task.directive_id, status))
    if visible is not None:
        query = query.where(visible)
    rows = db.session.execute(query).all()
    grouped: dict[int, list] = {i: [] for i in ids}
    for directive_id, s, n in rows:
        grouped[directive_id].append((s, n))
    return {i: st.Rollup(st.count_by_status(r)) for i, r in grouped.items()}


def _status_sums(when: date) -> list:
    status = st.status_sql(Task, when)
    return [func.sum(db.case((status == s, 1), else_=0)).label(s) for s in st.STATUSES]


def unit_table(f: TaskFilters, limit: int | None = None) -> list[tuple[str, st.Rollup]]:
    """Completion per lead unit: (unit name, Rollup), worst completion rate first."""
    when = today()
    query = db.select(Task.organisation_id, Task.organisation_name, *_status_sums(when))
    query = _filtered(query.select_from(Task), f, when)
    query = query.group_by(Task.organisation_id, Task.organisation_name)
    rows = db.session.execute(query).all()
    table = [(row.organisation_name, st.Rollup({s: getattr(row, s) or 0 for s in st.STATUSES}))
             for row in rows]
    table.sort(key=lambda r: (r[1].rate if r[1].rate is not None else 101, sort_key(r[0])))
    return table[:limit] if limit else table


def conference_table(f: TaskFilters) -> list[tuple[Conference, st.Rollup]]:
    """Completion per conference, most recent first."""
    when = today()
    query = db.select(Directive.conference_id, *_status_sums(when))
    query = _filtered(query.select_from(Task), f, when).group_by(Directive.conference_id)
    rows = db.session.execute(query).all()
    conferences = {c.id: c for c in db.session.scalars(
        db.select(Conference).where(Conference.id.in_([r.conference_id for r in rows])))}
    table = [(conferences[r.conference_id],
              st.Rollup({s: getattr(r, s) or 0 for s in st.STATUSES})) for r in rows]
    table.sort(key=lambda r: (r[0].starts_at is None, -(r[0].starts_at.toordinal()
                                                         if r[0].starts_at else 0)))
    return table


def monthly_completions(f: TaskFilters, months: int = 12) -> list[tuple[str, int, int]]:
    """(YYYY-MM, done on time, done late) for the ``months`` months up to the latest completion.

    Ending at the latest completion (not at today) keeps the chart useful when looking back at
    an earlier year's follow-up.
    """
    when = today()
    latest = db.session.scalar(_filtered(
        db.select(func.max(Task.completed_on)).select_from(Task), f, when))
    if isinstance(latest, str):  # SQLite returns the aggregate of a DATE as text
        latest = date.fromisoformat(latest[:10])
    end = min(latest or when, when)
    start = date(end.year, end.month, 1)
    for _ in range(months - 1):
        start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    year, month = extract("year", Task.completed_on), extract("month", Task.completed_on)
    late = Task.due_date.is_not(None) & (Task.completed_on > Task.due_date)
    query = db.select(year, month, func.sum(db.case((late, 0), else_=1)),
                      func.sum(db.case((late, 1), else_=0))).select_from(Task)
    query = _filtered(query, f, when).where(
        Task.completed_on >= start, Task.cancelled_at.is_(None)).group_by(year, month)
    found = {f"{int(y):04d}-{int(m):02d}": (a, b)
             for y, m, a, b in db.session.execute(query).all()}
    result, cursor = [], start
    for _ in range(months):
        key = f"{cursor.year:04d}-{cursor.month:02d}"
        a, b = found.get(key, (0, 0))
        result.append((key, a or 0, b or 0))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return result


def overdue_ages(f: TaskFilters) -> dict[int, int]:
    """Overdue tasks older than each of :data:`~.status.OVERDUE_BUCKETS` days, in one query."""
    when = today()
    sums = [func.sum(db.case((Task.due_date < when - timedelta(days=n), 1), else_=0))
            for n in st.OVERDUE_BUCKETS]
    query = _filtered(db.select(*sums).select_from(Task), f, when).where(
        st.status_sql(Task, when) == st.OVERDUE)
    row = db.session.execute(query).one()
    return {n: v or 0 for n, v in zip(st.OVERDUE_BUCKETS, row, strict=True)}
