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

from ..clock import today, utcnow
from ..extensions import db
from ..formatting import short_date
from ..models import Directive, Organisation, Task, TaskEvent, TaskExtension, TaskPartner, User
from ..organisations.services import subtree_ids
from ..rules import RuleError, check_date
from . import status as st


class TaskError(RuleError):
    """A rule the change would break; ``field`` is the form field it concerns (or None)."""


def _d(value: date | None) -> str:
    return short_date(value) if value else str(_l("thường xuyên"))


def bump(item) -> None:
    """A calendar-visible change (due date, summary, state): raise the iCalendar SEQUENCE."""
    item.ical_sequence = (item.ical_sequence or 0) + 1


def record(
    task: Task,
    user: User | None,
    action: str,
    old: object = None,
    new: object = None,
    note: str | None = None,
) -> TaskEvent:
    """Append one history row to ``task``."""
    event = TaskEvent(
        action=action,
        user_id=user.id if user else None,
        at=utcnow(),
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


def assign(
    directive: Directive,
    user: User,
    units: Sequence[Organisation],
    *,
    due_date: date | None,
    priority: str = "normal",
    lead_person: str | None = None,
    partners: Iterable[Organisation] = (),
) -> Assignment:
    """One task per unit for ``directive``; units that already have one are skipped."""
    check_date(due_date, "due_date")
    if not units:
        raise TaskError(_l("Hãy chọn ít nhất một đơn vị chủ trì."), "organisation_id")
    existing = set(
        db.session.scalars(
            db.select(Task.organisation_id).where(
                Task.directive_id == directive.id, Task.parent_id.is_(None), Task.cancelled_at.is_(None)
            )
        )
    )
    partners = list(partners)
    created, skipped = [], []
    for unit in units:
        if unit.id in existing:
            skipped.append(unit.name)
            continue
        task = Task(
            directive=directive,
            organisation_id=unit.id,
            organisation_name=unit.name,
            lead_person=lead_person,
            priority=priority,
            original_due_date=due_date,
            due_date=due_date,
            progress=0,
        )
        task.partners = [
            TaskPartner(organisation_id=p.id, organisation_name=p.name) for p in partners if p.id != unit.id
        ]
        record(task, user, "created", new=unit.name, note=None)
        created.append(task)
        existing.add(unit.id)
    db.session.add_all(created)
    return Assignment(created, skipped)


def delegate(task: Task, user: User, units: Sequence[Organisation], due_date: date | None) -> Assignment:
    """Child tasks of ``task`` for sub-units of its unit; the parent's progress follows them."""
    check_date(due_date, "due_date")
    _require_open(task)
    below = subtree_ids(task.organisation_id) - {task.organisation_id}
    if not units:
        raise TaskError(_l("Hãy chọn ít nhất một đơn vị cấp dưới."), "unit_ids")
    if any(u.id not in below for u in units):
        raise TaskError(
            _l("Chỉ giao được cho đơn vị cấp dưới của %(unit)s.", unit=task.organisation_name), "unit_ids"
        )
    if due_date and task.due_date and due_date > task.due_date:
        raise TaskError(
            _l("Thời hạn của việc giao lại không được sau thời hạn %(d)s.", d=short_date(task.due_date)),
            "due_date",
        )
    have = {c.organisation_id for c in task.children if c.cancelled_at is None}
    created, skipped = [], []
    for unit in units:
        if unit.id in have:
            skipped.append(unit.name)
            continue
        child = Task(
            directive_id=task.directive_id,
            parent=task,
            organisation_id=unit.id,
            organisation_name=unit.name,
            priority=task.priority,
            original_due_date=due_date,
            due_date=due_date,
            progress=0,
        )
        db.session.add(child)
        record(
            child, user, "created", new=unit.name, note=str(_l("Giao lại từ %(u)s", u=task.organisation_name))
        )
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
            task.progress = round(
                sum(100 if c.completed_on else c.progress for c in children) / len(children)
            )
        task = task.parent


# --- reporting on a task ------------------------------------------------------------------


def _require_open(task: Task) -> None:
    if task.cancelled_at is not None:
        raise TaskError(_l("Nhiệm vụ đã bị hủy, không thể cập nhật."))
    if task.completed_on is not None:
        raise TaskError(_l("Nhiệm vụ đã hoàn thành; hãy mở lại trước khi cập nhật."))


def complete(task: Task, user: User, completed_on: date, note: str) -> None:
    """Tick ``task`` off: done on ``completed_on`` (not in the future) with a result note."""
    check_date(completed_on, "completed_on")
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
    if not task.children:
        task.progress = last_reported_progress(task)
    refresh_progress(task)
    refresh_progress(task.parent)


def last_reported_progress(task: Task) -> int:
    """The percentage the unit last reported before the tick (0 when it never reported)."""
    reported = db.session.scalar(
        db.select(TaskEvent.new_value)
        .where(TaskEvent.task_id == task.id, TaskEvent.action == "progress")
        .order_by(TaskEvent.at.desc(), TaskEvent.id.desc())
        .limit(1)
    )
    digits = (reported or "").split(" ")[0]
    return int(digits) if digits.isdigit() and int(digits) < 100 else 0


def update_progress(task: Task, user: User, percent: int, note: str | None) -> None:
    """A progress report: percentage (0–100, below 100: ticking off is a separate act)."""
    _require_open(task)
    if task.children:
        raise TaskError(_l("Tiến độ của nhiệm vụ đã giao lại được tính từ các đơn vị cấp dưới."), "percent")
    if percent is None or not 0 <= percent <= 100:
        raise TaskError(_l("Tiến độ phải từ 0 đến 100 %."), "percent")
    if percent == 100:
        raise TaskError(_l("Đã xong thì hãy dùng nút “Báo hoàn thành” để ghi kết quả."), "percent")
    record(task, user, "progress", old=f"{task.progress} %", new=f"{percent} %", note=note)
    task.progress = percent
    refresh_progress(task.parent)


def request_extension(task: Task, user: User, new_due: date, reason: str) -> TaskExtension:
    """Ask for more time; the assigner decides."""
    check_date(new_due, "new_due_date")
    _require_open(task)
    if task.due_date is None:
        raise TaskError(_l("Nhiệm vụ thường xuyên không có thời hạn để gia hạn."), "new_due_date")
    if task.pending_extension is not None:
        raise TaskError(_l("Đã có một đề nghị gia hạn đang chờ quyết định."), "new_due_date")
    if new_due <= task.due_date:
        raise TaskError(
            _l("Thời hạn mới phải sau thời hạn hiện tại (%(d)s).", d=short_date(task.due_date)),
            "new_due_date",
        )
    if not (reason or "").strip():
        raise TaskError(_l("Hãy ghi lý do xin gia hạn."), "reason")
    ext = TaskExtension(
        previous_due_date=task.due_date,
        requested_due_date=new_due,
        state="pending",
        reason=reason.strip(),
        requested_by_id=user.id,
        requested_at=utcnow(),
    )
    task.extensions.append(ext)
    record(task, user, "extension_requested", old=_d(task.due_date), new=_d(new_due), note=ext.reason)
    return ext


def decide_extension(
    ext: TaskExtension, user: User, approve: bool, reference: str | None, note: str | None
) -> None:
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
        record(
            task,
            user,
            "extension_approved",
            old=_d(task.due_date),
            new=_d(ext.requested_due_date),
            note=ext.reference,
        )
        task.due_date = ext.requested_due_date
        bump(task)
    else:
        record(task, user, "extension_rejected", new=_d(ext.requested_due_date), note=ext.decision_note)


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


def edit(
    task: Task,
    user: User,
    *,
    organisation: Organisation,
    due_date: date | None,
    priority: str,
    lead_person: str | None,
    partners: Sequence[Organisation],
) -> None:
    """The assigner changes the lead unit, due date, priority, lead person or partners."""
    check_date(due_date, "due_date")
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
        record(
            task,
            user,
            "partners",
            old=", ".join(p.organisation_name for p in task.partners) or None,
            new=", ".join(p.name for p in partners if p.id in new_partners) or None,
        )
        task.partners = [p for p in task.partners if p.organisation_id in new_partners] + [
            TaskPartner(organisation_id=p.id, organisation_name=p.name)
            for p in partners
            if p.id in new_partners - old_partners
        ]
