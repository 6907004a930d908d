"""Task pages: my tasks, one task and everything done on it. The follow-up pages (a
directive, a conference, extensions, the dashboard) are in :mod:`.follow_routes`."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..clock import today
from ..extensions import db
from ..labels import TASK_EVENTS
from ..models import Organisation, Task, TaskEvent
from ..organisations import search
from ..organisations import services as orgs
from ..pagination import page_args, paginate
from ..permissions import MANAGE_TASKS, READ_TASK, WORK_TASK, can, require
from ..rules import Message, RuleError
from ..templating import local_datetime
from ..views import check_version, commit, fail, load
from . import reports, services
from .forms import (
    CompleteForm,
    DelegateForm,
    EditTaskForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReasonForm,
    TaskFilterForm,
)
from .reports import TaskFilters
from .services import TaskError

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

#: A lost race on a unique index (the same unit assigned twice at the same moment).
ALREADY_ASSIGNED = _(
    "Người khác vừa giao nhiệm vụ này cho cùng đơn vị nên lần giao này chưa "
    "được lưu. Hãy xem danh sách nhiệm vụ rồi làm lại nếu vẫn cần."
)


def load_task(task_id: int, action: str = READ_TASK) -> Task:
    """The task with its history, if the signed-in user may do ``action`` on it."""
    return load(
        Task,
        task_id,
        action,
        options=[
            selectinload(Task.events).selectinload(TaskEvent.user),
            selectinload(Task.extensions),
            selectinload(Task.partners),
            selectinload(Task.children).selectinload(Task.partners),
        ],
    )


def units_by_id(ids) -> list[Organisation]:
    if not ids:
        return []
    return list(db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids))))


def changed_since(task: Task) -> Message:
    """Why a stale save of ``task`` is refused: the last change, who made it and when."""
    last = task.events[0] if task.events else None
    if last is None:
        return _(
            "Nhiệm vụ vừa được người khác thay đổi. Thay đổi của bạn chưa được lưu; hãy xem "
            "lại rồi làm lại nếu vẫn cần."
        )
    change = f"{TASK_EVENTS.get(last.action, last.action)}"
    if last.new_value:
        change += f": {last.new_value}"
    return _(
        "%(what)s vừa được %(who)s thay đổi lúc %(when)s (%(change)s). Thay đổi của bạn "
        "chưa được lưu; hãy xem lại rồi làm lại nếu vẫn cần.",
        what=_("Nhiệm vụ"),
        who=last.user.full_name if last.user else "?",
        when=local_datetime(last.at),
        change=change,
    )


# --- my tasks ------------------------------------------------------------------------------


def mine_filters(warn: bool = True) -> tuple[TaskFilterForm, TaskFilters]:
    """The filter form of Việc của tôi from the query string, and the filters it stands for
    (the signed-in user's unit and the units below it). The page and its export both use
    this, so the file holds exactly the rows the page lists. A filter that is not understood
    is ignored (the page says so when ``warn``)."""
    form = TaskFilterForm(formdata=request.args)
    if not form.validate():
        if warn:
            flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = TaskFilterForm(formdata=None)
    filters = TaskFilters(
        status=form.status.data or None,
        window=form.window.data or None,
        unit_ids=orgs.subtree_select(current_user.organisation_id),
    )
    return form, filters


@bp.get("/mine")
def mine():
    """Việc của tôi: the tasks of my unit and of the units below it, nearest deadline first."""
    form, filters = mine_filters()
    page = paginate(reports.list_query(filters))
    counts = reports.rollup(TaskFilters(unit_ids=filters.unit_ids))
    return render_template("tasks/mine.html", form=form, page=page, args=page_args(), counts=counts)


# --- one task ------------------------------------------------------------------------------


def render_task(task: Task, status_code: int = 200, **forms):
    defaults = {
        "complete": CompleteForm(formdata=None, completed_on=today()),
        "progress": ProgressForm(formdata=None, percent=task.progress),
        "reopen": ReasonForm(formdata=None, prefix="reopen"),
        "cancel": ReasonForm(formdata=None, prefix="cancel"),
        "extension": ExtensionRequestForm(formdata=None),
        "decision": ExtensionDecisionForm(formdata=None),
        "delegate": DelegateForm(formdata=None, due_date=task.due_date),
    }
    defaults.update(forms)
    defaults["delegate"].unit_ids.root = task.organisation
    below = search.any_in(current_user, "under", task.organisation)
    # Handed-down tasks the reader may not open (a partner sees the lead unit's task, not
    # the lead unit's sub-units' work) are left out.
    children = [c for c in task.children if can(current_user, READ_TASK, c)]
    return render_template(
        "tasks/show.html", task=task, forms=defaults, can_delegate=bool(below), children=children
    ), status_code


@bp.get("/<int:task_id>")
def show(task_id: int):
    """A task: what, who, by when, its progress, extensions and full history."""
    return render_task(load_task(task_id))


def act(
    task: Task, form, key: str, action: Callable[[], object], success: str, conflict: Message | None = None
):
    """One change to ``task`` from the form ``key`` of its page: the posted version must be
    the task's, the form valid and the rule kept; else the page again with the reason next to
    the field, nothing saved."""
    # Known before the commit: afterwards the task is expired, and reading its id again would
    # need the database, whose connection may drop just then; the change is saved, and the user
    # must not be told otherwise.
    saved = url_for("tasks.show", task_id=task.id)
    try:
        check_version(task.version, changed_since(task))
        if form.validate_on_submit():
            action()
            commit(conflict=conflict)
            flash(success, "success")  # the session cookie, no database
            return redirect(saved, 303)
        status = 422
    except RuleError as error:
        db.session.rollback()
        status = fail(form, error)
        task = load_task(task.id)
    return render_task(task, status, **{key: form})


@bp.post("/<int:task_id>/complete")
def complete(task_id: int):
    """Tick the task off with a result note and the completion date."""
    task = load_task(task_id, WORK_TASK)
    form = CompleteForm()
    return act(
        task,
        form,
        "complete",
        lambda: services.complete(task, current_user, form.completed_on.data, form.result_note.data),
        _("Đã báo hoàn thành nhiệm vụ."),
    )


@bp.post("/<int:task_id>/progress")
def progress(task_id: int):
    """Report progress in per cent."""
    task = load_task(task_id, WORK_TASK)
    form = ProgressForm()
    return act(
        task,
        form,
        "progress",
        lambda: services.update_progress(task, current_user, form.percent.data, form.note.data),
        _("Đã cập nhật tiến độ."),
    )


@bp.post("/<int:task_id>/reopen")
def reopen(task_id: int):
    """Reopen a task ticked off by mistake."""
    task = load_task(task_id, WORK_TASK)
    form = ReasonForm(prefix="reopen")
    return act(
        task,
        form,
        "reopen",
        lambda: services.reopen(task, current_user, form.reason.data),
        _("Đã mở lại nhiệm vụ."),
    )


@bp.post("/<int:task_id>/extension")
def request_extension(task_id: int):
    """Ask the assigner for a later due date."""
    task = load_task(task_id, WORK_TASK)
    form = ExtensionRequestForm()
    return act(
        task,
        form,
        "extension",
        lambda: services.request_extension(task, current_user, form.new_due_date.data, form.reason.data),
        _("Đã gửi đề nghị gia hạn."),
    )


@bp.post("/<int:task_id>/delegate")
def delegate(task_id: int):
    """Hand parts of the task to sub-units as child tasks."""
    task = load_task(task_id, WORK_TASK)
    form = DelegateForm()
    form.unit_ids.root = task.organisation

    def run():
        result = services.delegate(task, current_user, units_by_id(form.unit_ids.data), form.due_date.data)
        if not result.created:
            raise TaskError(_("Các đơn vị đã chọn đều đã được giao."), "unit_ids")

    return act(task, form, "delegate", run, _("Đã giao lại cho đơn vị cấp dưới."), conflict=ALREADY_ASSIGNED)


@bp.post("/<int:task_id>/cancel")
@require(MANAGE_TASKS)
def cancel(task_id: int):
    """Cancel the task (the assigner), with a reason."""
    task = load_task(task_id, MANAGE_TASKS)
    form = ReasonForm(prefix="cancel")
    return act(
        task,
        form,
        "cancel",
        lambda: services.cancel(task, current_user, form.reason.data),
        _("Đã hủy nhiệm vụ."),
    )


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@require(MANAGE_TASKS)
def edit(task_id: int):
    """Change the lead unit, partners, lead person, due date or priority."""
    task = load_task(task_id, MANAGE_TASKS)
    form = EditTaskForm(obj=task if request.method == "GET" else None)
    # The task's current units may stay although set from above the user's scope.
    form.organisation_id.keep = {task.organisation_id}
    form.partner_ids.keep = {p.organisation_id for p in task.partners}
    if request.method == "GET":
        form.partner_ids.data = [p.organisation_id for p in task.partners]
        return render_template("tasks/edit.html", task=task, form=form)
    try:
        check_version(task.version, changed_since(task))
        if form.validate_on_submit():
            unit = db.session.get(Organisation, form.organisation_id.data)
            if unit is None:
                raise TaskError(_("Hãy chọn đơn vị."), "organisation_id")
            services.edit(
                task,
                current_user,
                organisation=unit,
                due_date=form.due_date.data,
                priority=form.priority.data,
                lead_person=form.lead_person.data,
                partners=units_by_id(form.partner_ids.data),
            )
            commit(conflict=ALREADY_ASSIGNED)
            flash(_("Đã lưu nhiệm vụ."), "success")
            return redirect(url_for(".show", task_id=task_id), 303)  # no reload of the saved task
        status = 422
    except RuleError as error:
        db.session.rollback()
        status = fail(form, error)
        task = load_task(task.id, MANAGE_TASKS)
    return render_template("tasks/edit.html", task=task, form=form), status


from . import follow_routes  # noqa: E402,F401  (the follow-up views, on the same blueprint)
