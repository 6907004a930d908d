"""Task tracking pages: my tasks, a task, a directive's roll-up, extensions, the dashboard."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..clock import today
from ..extensions import db
from ..models import Conference, Directive, Organisation, Task, TaskEvent, TaskExtension
from ..organisations import services as orgs
from ..pagination import paginate
from ..permissions import (
    MANAGE_TASKS,
    READ_MINUTES,
    READ_TASK,
    WORK_TASK,
    can,
    check,
    managed_tasks,
    owns,
    require,
    scope_ids,
    visible_tasks,
)
from . import services
from . import status as st
from .forms import (
    AssignForm,
    CompleteForm,
    DashboardFilterForm,
    DelegateForm,
    EditTaskForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReasonForm,
    TaskFilterForm,
)
from .services import TaskError, TaskFilters

bp = Blueprint("tasks", __name__, url_prefix="/tasks")


def _task(task_id: int, action: str = READ_TASK) -> Task:
    """The task with its history, if the signed-in user may do ``action`` on it."""
    task = db.session.get(Task, task_id, options=[
        selectinload(Task.events).selectinload(TaskEvent.user),
        selectinload(Task.extensions),
        selectinload(Task.partners),
        selectinload(Task.children).selectinload(Task.partners),
    ])
    if task is None:
        abort(404)
    check(action, task)
    return task


def _workable(task_id: int) -> Task:
    """The task, if the signed-in user may report on it; 403 otherwise (nothing changes)."""
    return _task(task_id, WORK_TASK)


def _unit_choices(blank: str | None = None, keep=()):
    """Units the signed-in user may give tasks to: those in their scope, plus the units in
    ``keep`` (a task's current ones, set from above, which an edit must not drop)."""
    return orgs.choices(blank=blank, within=scope_ids(current_user), keep=keep)


def _delegable(task: Task) -> list[Organisation]:
    """The units a task may be handed down to: below its unit, inside the user's scope."""
    scope = scope_ids(current_user)
    return [o for o in orgs.below(task.organisation) if scope is None or o.id in scope]


def _units(ids) -> list[Organisation]:
    if not ids:
        return []
    return list(db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids))))


def _page_args() -> dict:
    return {k: v for k, v in request.args.items() if k != "page" and v}


def _paginate(query):
    return paginate(query)


def _fail(form, error: TaskError) -> None:
    """Put a rule violation next to its field, or (not about one field) at the top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
        flash(str(error.message), "error")


# --- my tasks ------------------------------------------------------------------------------

@bp.get("/mine")
def mine():
    """Việc của tôi: the tasks of my unit and of the units below it, nearest deadline first."""
    form = TaskFilterForm(formdata=request.args)
    if not form.validate():
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = TaskFilterForm(formdata=None)
    filters = TaskFilters(status=form.status.data or None, window=form.window.data or None,
                          unit_ids=orgs.subtree_select(current_user.organisation_id))
    page = _paginate(services.list_query(filters))
    counts = services.rollup(TaskFilters(unit_ids=filters.unit_ids))
    return render_template("tasks/mine.html", form=form, page=page, args=_page_args(),
                           counts=counts, today=today(), status_of=st.status_of)


# --- one task ------------------------------------------------------------------------------

def _render_task(task: Task, status_code: int = 200, **forms):
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
    below = _delegable(task)
    defaults["delegate"].unit_ids.choices = [(o.id, o.name) for o in below]
    # Handed-down tasks the reader may not open (a partner sees the lead unit's task, not
    # the lead unit's sub-units' work) are left out.
    children = [c for c in task.children if can(current_user, READ_TASK, c)]
    return render_template(
        "tasks/show.html", task=task, status=st.status_of(task, today()), today=today(),
        status_of=st.status_of, forms=defaults, overdue_days=st.overdue_days,
        can_delegate=bool(below), children=children,
    ), status_code


@bp.get("/<int:task_id>")
def show(task_id: int):
    """A task: what, who, by when, its progress, extensions and full history."""
    return _render_task(_task(task_id))


def stale(obj, what: str) -> bool:
    """True (and a message naming the other change) when the form was built from an older
    version of ``obj`` than the one stored: the save is refused instead of overwriting."""
    sent = request.form.get("version", "")
    if not sent.isdigit() or int(sent) == obj.version:
        return False
    last = obj.events[0] if getattr(obj, "events", None) else None
    if last is not None:
        from ..labels import TASK_EVENTS
        from ..templating import local_datetime

        who = last.user.full_name if last.user else "?"
        change = f"{TASK_EVENTS.get(last.action, last.action)}"
        if last.new_value:
            change += f": {last.new_value}"
        flash(_("%(what)s vừa được %(who)s thay đổi lúc %(when)s (%(change)s). Thay đổi của bạn "
                "chưa được lưu; hãy xem lại rồi làm lại nếu vẫn cần.", what=what, who=who,
                when=local_datetime(last.at), change=change), "error")
    else:
        flash(_("%(what)s vừa được người khác thay đổi. Thay đổi của bạn chưa được lưu; hãy xem "
                "lại rồi làm lại nếu vẫn cần.", what=what), "error")
    return True


def _act(task: Task, form, key: str, action, success: str):
    """Validate ``form``, run ``action``; on a rule violation show it next to the field."""
    if stale(task, _("Nhiệm vụ")):
        return _render_task(task, 409, **{key: form})
    if form.validate_on_submit():
        try:
            action()
        except TaskError as error:
            db.session.rollback()
            task = _task(task.id)
            _fail(form, error)
        else:
            db.session.commit()
            flash(success, "success")
            return redirect(url_for(".show", task_id=task.id), 303)
    return _render_task(task, 422, **{key: form})


@bp.post("/<int:task_id>/complete")
def complete(task_id: int):
    """Tick the task off with a result note and the completion date."""
    task = _workable(task_id)
    form = CompleteForm()
    return _act(task, form, "complete", lambda: services.complete(
        task, current_user, form.completed_on.data, form.result_note.data),
        _("Đã báo hoàn thành nhiệm vụ."))


@bp.post("/<int:task_id>/progress")
def progress(task_id: int):
    """Report progress in per cent."""
    task = _workable(task_id)
    form = ProgressForm()
    return _act(task, form, "progress", lambda: services.update_progress(
        task, current_user, form.percent.data, form.note.data), _("Đã cập nhật tiến độ."))


@bp.post("/<int:task_id>/reopen")
def reopen(task_id: int):
    """Reopen a task ticked off by mistake."""
    task = _workable(task_id)
    form = ReasonForm(prefix="reopen")
    return _act(task, form, "reopen", lambda: services.reopen(
        task, current_user, form.reason.data), _("Đã mở lại nhiệm vụ."))


@bp.post("/<int:task_id>/extension")
def request_extension(task_id: int):
    """Ask the assigner for a later due date."""
    task = _workable(task_id)
    form = ExtensionRequestForm()
    return _act(task, form, "extension", lambda: services.request_extension(
        task, current_user, form.new_due_date.data, form.reason.data),
        _("Đã gửi đề nghị gia hạn."))


@bp.post("/<int:task_id>/delegate")
def delegate(task_id: int):
    """Hand parts of the task to sub-units as child tasks."""
    task = _workable(task_id)
    form = DelegateForm()
    form.unit_ids.choices = [(o.id, o.name) for o in _delegable(task)]

    def run():
        result = services.delegate(task, current_user, _units(form.unit_ids.data),
                                   form.due_date.data)
        if not result.created:
            raise TaskError(_("Các đơn vị đã chọn đều đã được giao."), "unit_ids")

    return _act(task, form, "delegate", run, _("Đã giao lại cho đơn vị cấp dưới."))


@bp.post("/<int:task_id>/cancel")
@require(MANAGE_TASKS)
def cancel(task_id: int):
    """Cancel the task (the assigner), with a reason."""
    task = _task(task_id, MANAGE_TASKS)
    form = ReasonForm(prefix="cancel")
    return _act(task, form, "cancel", lambda: services.cancel(
        task, current_user, form.reason.data), _("Đã hủy nhiệm vụ."))


@bp.route("/<int:task_id>/edit", methods=["GET", "POST"])
@require(MANAGE_TASKS)
def edit(task_id: int):
    """Change the lead unit, partners, lead person, due date or priority."""
    task = _task(task_id, MANAGE_TASKS)
    form = EditTaskForm(obj=task if request.method == "GET" else None)
    current = [task.organisation, *_units([p.organisation_id for p in task.partners])]
    form.organisation_id.choices = _unit_choices(blank="—", keep=current)
    form.partner_ids.choices = _unit_choices(keep=current)
    if request.method == "GET":
        form.partner_ids.data = [p.organisation_id for p in task.partners]
    if request.method == "POST" and stale(task, _("Nhiệm vụ")):
        return render_template("tasks/edit.html", task=task, form=form), 409
    if form.validate_on_submit():
        unit = db.session.get(Organisation, form.organisation_id.data)
        try:
            if unit is None:
                raise TaskError(_("Hãy chọn đơn vị."), "organisation_id")
            services.edit(task, current_user, organisation=unit, due_date=form.due_date.data,
                          priority=form.priority.data, lead_person=form.lead_person.data,
                          partners=_units(form.partner_ids.data))
        except TaskError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            flash(_("Đã lưu nhiệm vụ."), "success")
            return redirect(url_for(".show", task_id=task.id), 303)
    return render_template("tasks/edit.html", task=task, form=form)


# --- extensions -------------------------------------------------------------------------------

@bp.get("/extensions")
@require(MANAGE_TASKS)
def extensions():
    """Extension requests waiting for a decision, oldest first."""
    query = (db.select(TaskExtension).join(Task, Task.id == TaskExtension.task_id)
             .where(TaskExtension.state == "pending", managed_tasks(current_user))
             .options(selectinload(TaskExtension.task).selectinload(Task.directive)
                      .selectinload(Directive.conference),
                      selectinload(TaskExtension.requested_by))
             .order_by(TaskExtension.requested_at))
    page = _paginate(query)
    return render_template("tasks/extensions.html", page=page, args=_page_args(),
                           form=ExtensionDecisionForm(formdata=None))


@bp.post("/extensions/<int:extension_id>")
@require(MANAGE_TASKS)
def decide(extension_id: int):
    """Approve or reject one extension request."""
    ext = db.session.get(TaskExtension, extension_id)
    if ext is None:
        abort(404)
    form = ExtensionDecisionForm()
    task = _task(ext.task_id, MANAGE_TASKS)
    if ext.state != "pending":
        flash(_("Đề nghị này đã được quyết định."), "error")
        return _render_task(task, 409)
    return _act(task, form, "decision", lambda: services.decide_extension(
        ext, current_user, form.decision.data == "approve", form.reference.data, form.note.data),
        _("Đã ghi quyết định gia hạn."))


# --- a directive: assign and follow up --------------------------------------------------

def _directive(directive_id: int) -> Directive:
    directive = db.session.get(Directive, directive_id)
    if directive is None:
        abort(404)
    check(READ_MINUTES, directive)
    return directive


def _visible_of(conference: Conference):
    """What the signed-in user sees of a conference's tasks: all of them on a conference
    they own, else only the tasks in their scope (an SQL condition, or None for all)."""
    return None if owns(current_user, conference) else visible_tasks(current_user)


def _assign_form(directive: Directive, formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata, prefix="assign", due_date=directive.due_date)
    form.organisation_ids.choices = _unit_choices()
    form.partner_ids.choices = _unit_choices()
    form.parent_id.choices = _unit_choices(blank="—")
    if formdata is None:
        form.organisation_ids.data = [a.organisation_id for a in directive.addressees
                                      if a.organisation_id]
    return form


@bp.route("/directives/<int:directive_id>", methods=["GET", "POST"])
def directive(directive_id: int):
    """A directive's roll-up, its tasks (behind first) and, for the secretariat, assigning."""
    directive = _directive(directive_id)
    form = None
    status_code = 200
    if can(current_user, MANAGE_TASKS, directive):
        form = _assign_form(directive, request.form if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            units = _units(form.organisation_ids.data)
            if form.parent_id.data:
                parent = db.session.get(Organisation, form.parent_id.data)
                units += [u for u in orgs.descendants(parent, form.level.data or None)
                          if u.id not in {x.id for x in units}]
            try:
                result = services.assign(
                    directive, current_user, units, due_date=form.due_date.data,
                    priority=form.priority.data, lead_person=form.lead_person.data,
                    partners=_units(form.partner_ids.data))
            except TaskError as error:
                db.session.rollback()
                _fail(form, error)
            else:
                db.session.commit()
                message = _("Đã giao %(n)s nhiệm vụ.", n=len(result.created))
                if result.skipped:
                    message += " " + _("%(n)s đơn vị đã có nhiệm vụ này nên được bỏ qua.",
                                       n=len(result.skipped))
                flash(message, "success" if result.created else "warning")
                return redirect(url_for(".directive", directive_id=directive.id), 303)
        status_code = 422
    filter_form = TaskFilterForm(formdata=request.args if request.method == "GET" else None)
    if not filter_form.validate():
        filter_form = TaskFilterForm(formdata=None)
    visible = _visible_of(directive.conference)
    filters = TaskFilters(directive_id=directive.id, top_level_only=True,
                          status=filter_form.status.data or None, visible=visible)
    rollup = services.rollup(TaskFilters(directive_id=directive.id, top_level_only=True,
                                         visible=visible))
    # Units that are behind come first: overdue, then open, then done.
    page = _paginate(services.list_query(filters, order="due"))
    return render_template("tasks/directive.html", directive=directive, rollup=rollup,
                           page=page, form=form, filter_form=filter_form, args=_page_args(),
                           today=today(), status_of=st.status_of), status_code


@bp.get("/conferences/<int:conference_id>")
def conference(conference_id: int):
    """Follow-up of one conference: every directive with its roll-up."""
    conference = db.session.get(Conference, conference_id)
    if conference is None:
        abort(404)
    check(READ_MINUTES, conference)
    visible = _visible_of(conference)
    rollups = services.directive_rollups((d.id for d in conference.directives), visible)
    total = services.rollup(TaskFilters(conference_id=conference.id, top_level_only=True,
                                        visible=visible))
    return render_template("tasks/conference.html", conference=conference, rollups=rollups,
                           total=total, tab="follow-up")


# --- dashboard ---------------------------------------------------------------------------------

@bp.get("/dashboard")
def dashboard():
    """Across conferences: counts by status, overdue list, completion per unit and conference."""
    form = DashboardFilterForm(formdata=request.args)
    form.organisation_id.choices = _unit_choices(blank=_("Tất cả"))
    if not form.validate():
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = DashboardFilterForm(formdata=None)
        form.organisation_id.choices = _unit_choices(blank=_("Tất cả"))
    unit_ids = orgs.subtree_select(form.organisation_id.data) if form.organisation_id.data else None
    visible = visible_tasks(current_user)
    base = TaskFilters(year=form.year.data, unit_ids=unit_ids, visible=visible)
    counts = services.rollup(base)
    overdue = _paginate(services.list_query(
        TaskFilters(year=base.year, unit_ids=unit_ids, status=st.OVERDUE, visible=visible),
        order="overdue"))
    units = services.unit_table(base)
    conferences = services.conference_table(base)
    months = services.monthly_completions(base)
    return render_template(
        "tasks/dashboard.html", form=form, counts=counts, overdue=overdue, units=units,
        ages=services.overdue_ages(base), months_top=max([1] + [a + b for _m, a, b in months]),
        conferences=conferences, months=months, args=_page_args(), today=today(),
        overdue_days=st.overdue_days, buckets=st.OVERDUE_BUCKETS,
    )
