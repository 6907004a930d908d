"""Follow-up pages: a directive's roll-up and assigning, a conference's follow-up, the
extension requests waiting for a decision, and the dashboard."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Conference, Directive, Organisation, Task, TaskExtension
from ..organisations import services as orgs
from ..pagination import paginate
from ..permissions import (
    MANAGE_TASKS,
    READ_MINUTES,
    can,
    managed_tasks,
    owns,
    require,
    visible_tasks,
)
from ..rules import Conflict, RuleError, parse_id
from ..views import check_version, commit, fail, load
from . import levels, reports, services
from . import status as st
from .forms import AssignForm, DashboardFilterForm, ExtensionDecisionForm, TaskFilterForm
from .levels import Level
from .reports import TaskFilters
from .routes import ALREADY_ASSIGNED, act, bp, load_task, page_args, render_task, units_by_id

# --- extensions -------------------------------------------------------------------------------


@bp.get("/extensions")
@require(MANAGE_TASKS)
def extensions():
    """Extension requests waiting for a decision, oldest first."""
    query = (
        db.select(TaskExtension)
        .join(Task, Task.id == TaskExtension.task_id)
        .where(TaskExtension.state == "pending", managed_tasks(current_user))
        .options(
            selectinload(TaskExtension.task).selectinload(Task.directive).selectinload(Directive.conference),
            selectinload(TaskExtension.requested_by),
        )
        .order_by(TaskExtension.requested_at, TaskExtension.id)
    )
    return render_template(
        "tasks/extensions.html",
        page=paginate(query),
        args=page_args(),
        form=ExtensionDecisionForm(formdata=None),
    )


@bp.post("/extensions")
@require(MANAGE_TASKS)
def decide_many():
    """One decision for several extension requests ticked on the list, in one transaction.
    Requests decided meanwhile (by someone else, or a second click) are left as they are and
    named; one the user may not decide refuses the whole submit."""
    form = ExtensionDecisionForm()
    ids = [n for n in (parse_id(raw) for raw in request.form.getlist("ids")[:MAX_DECISIONS]) if n is not None]
    back = url_for(".extensions")
    if not form.validate_on_submit() or not ids:
        flash(_("Hãy chọn ít nhất một đề nghị và một quyết định."), "warning")
        return redirect(back, 303)
    chosen = db.session.scalars(
        db.select(TaskExtension)
        .join(Task, Task.id == TaskExtension.task_id)
        .where(TaskExtension.id.in_(ids), managed_tasks(current_user))
        .options(selectinload(TaskExtension.task))
    ).all()
    if len(chosen) != len(set(ids)):
        abort(403)  # not theirs to decide, or not there at all: nothing is decided
    decided, skipped = 0, []
    try:
        for ext in chosen:
            if ext.state != "pending" or ext.task.cancelled_at is not None:
                skipped.append(ext.task.organisation_name)
                continue
            services.decide_extension(
                ext, current_user, form.decision.data == "approve", form.reference.data, form.note.data
            )
            decided += 1
        commit()
    except RuleError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(back, 303)
    flash(_("Đã ghi quyết định cho %(n)s đề nghị gia hạn.", n=decided), "success")
    if skipped:
        flash(_("Đã được quyết định trước đó, giữ nguyên: %(units)s.", units="; ".join(skipped)), "info")
    return redirect(back, 303)


#: At most this many requests in one decision (a page of the list holds fewer).
MAX_DECISIONS = 200


@bp.post("/extensions/<int:extension_id>")
@require(MANAGE_TASKS)
def decide(extension_id: int):
    """Approve or reject one extension request."""
    ext = load(TaskExtension, extension_id)
    form = ExtensionDecisionForm()
    task = load_task(ext.task_id, MANAGE_TASKS)
    if ext.state != "pending":
        fail(form, Conflict(_("Đề nghị này đã được quyết định.")))
        return render_task(task, 409, decision=form)
    return act(
        task,
        form,
        "decision",
        lambda: services.decide_extension(
            ext, current_user, form.decision.data == "approve", form.reference.data, form.note.data
        ),
        _("Đã ghi quyết định gia hạn."),
    )


# --- a directive: assign and follow up --------------------------------------------------


def _visible_of(conference: Conference):
    """What the signed-in user sees of a conference's tasks: all of them on a conference
    they own, else only the tasks in their scope (an SQL condition, or None for all)."""
    return None if owns(current_user, conference) else visible_tasks(current_user)


def _assign_form(directive: Directive, formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata, prefix="assign", due_date=directive.due_date)
    if formdata is None:
        form.organisation_ids.data = [a.organisation_id for a in directive.addressees if a.organisation_id]
    return form


def _assign(directive: Directive, form: AssignForm):
    """Assign from the posted form; the redirect, or the status of the refusal."""
    saved = url_for(".directive", directive_id=directive.id)  # after the commit it needs a query
    try:
        check_version(
            directive.version,
            _(
                "Chỉ đạo vừa được người khác sửa nên nhiệm vụ chưa "
                "được giao. Hãy xem lại nội dung rồi giao lại."
            ),
        )
        if not form.validate_on_submit():
            return 422
        units = units_by_id(form.organisation_ids.data)
        if form.parent_id.data:
            parent = load(Organisation, form.parent_id.data)  # a choice: gone since is a 404
            units += [
                u
                for u in orgs.descendants(parent, form.level.data or None)
                if u.id not in {x.id for x in units}
            ]
        result = services.assign(
            directive,
            current_user,
            units,
            due_date=form.due_date.data,
            priority=form.priority.data,
            lead_person=form.lead_person.data,
            partners=units_by_id(form.partner_ids.data),
        )
        commit(conflict=ALREADY_ASSIGNED)
    except RuleError as error:
        db.session.rollback()
        return fail(form, error)
    message = _("Đã giao %(n)s nhiệm vụ.", n=len(result.created))
    if result.skipped:
        message += " " + _("%(n)s đơn vị đã có nhiệm vụ này nên được bỏ qua.", n=len(result.skipped))
    flash(message, "success" if result.created else "warning")
    return redirect(saved, 303)


def directive_filters(directive: Directive, formdata) -> tuple[TaskFilterForm, TaskFilters, TaskFilters]:
    """The status filter of a directive's page (from ``formdata``, a bad one ignored), the
    filters of the tasks it lists and those of its roll-up (every status): the tasks the
    signed-in user sees of it. Its export uses the same."""
    filter_form = TaskFilterForm(formdata=formdata)
    if not filter_form.validate():
        filter_form = TaskFilterForm(formdata=None)
    totals = TaskFilters(
        directive_id=directive.id, top_level_only=True, visible=_visible_of(directive.conference)
    )
    return filter_form, replace(totals, status=filter_form.status.data or None), totals


@bp.route("/directives/<int:directive_id>", methods=["GET", "POST"])
def directive(directive_id: int):
    """A directive's roll-up, its tasks (behind first) and, for the secretariat, assigning."""
    directive = load(Directive, directive_id, READ_MINUTES)
    form = None
    status_code = 200
    if can(current_user, MANAGE_TASKS, directive):
        form = _assign_form(directive, request.form if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            abort(403)
        outcome = _assign(directive, form)
        if not isinstance(outcome, int):
            return outcome
        status_code = outcome
        directive = load(Directive, directive_id, READ_MINUTES)
    filter_form, filters, totals = directive_filters(
        directive, request.args if request.method == "GET" else None
    )
    rollup = reports.rollup(totals)
    # The tree one level at a time; the task list below holds the tasks under that level.
    level = levels.resolve(
        request.args.get("unit"),
        endpoint="tasks.directive",
        param="unit",
        fixed={"directive_id": directive.id},
        keep={"status": filter_form.status.data},
    )
    levels.load(level, totals)
    if level.node is not None:
        filters = replace(filters, unit_ids=orgs.subtree_select(level.node.id))
    # Units that are behind come first: overdue, then open, then done.
    page = paginate(reports.list_query(filters, order="due"))
    return render_template(
        "tasks/directive.html",
        directive=directive,
        rollup=rollup,
        level=level,
        page=page,
        form=form,
        filter_form=filter_form,
        args=page_args(),
    ), status_code


def conference_rollups(conference: Conference) -> tuple[dict[int, st.Rollup], st.Rollup]:
    """Per directive and in all, the roll-up of the conference's tasks the signed-in user
    sees (its follow-up page and its export)."""
    visible = _visible_of(conference)
    rollups = reports.directive_rollups((d.id for d in conference.directives), visible)
    total = reports.rollup(TaskFilters(conference_id=conference.id, top_level_only=True, visible=visible))
    return rollups, total


@bp.get("/conferences/<int:conference_id>")
def conference(conference_id: int):
    """Follow-up of one conference: every directive with its roll-up."""
    conference = load(Conference, conference_id, READ_MINUTES)
    rollups, total = conference_rollups(conference)
    return render_template(
        "tasks/conference.html", conference=conference, rollups=rollups, total=total, tab="follow-up"
    )


# --- dashboard ---------------------------------------------------------------------------------


def dashboard_filters(warn: bool = True) -> tuple[DashboardFilterForm, TaskFilters, TaskFilters]:
    """The dashboard's filter form from the query string (a bad one ignored; the page says so
    when ``warn``), the filters of its tables (the tasks the signed-in user may see) and of
    its overdue list. The dashboard and its export both use these."""
    form = DashboardFilterForm(formdata=request.args)
    if not form.validate():
        if warn:
            flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = DashboardFilterForm(formdata=None)
    unit_ids = orgs.subtree_select(form.organisation_id.data) if form.organisation_id.data else None
    base = TaskFilters(year=form.year.data, unit_ids=unit_ids, visible=visible_tasks(current_user))
    return form, base, replace(base, status=st.OVERDUE)


#: At most this many overdue tasks per page of the dashboard (the full list is in its export).
OVERDUE_PAGE = 8


def dashboard_level(form: DashboardFilterForm, base: TaskFilters, per_page: int | None = None) -> Level:
    """The dashboard's level: the unit picked in its filter, else the reader's own top."""
    level = levels.resolve(
        form.organisation_id.data,
        endpoint="tasks.dashboard",
        param="organisation_id",
        keep={"year": form.year.data},
    )
    return levels.load(level, base, per_page)


@bp.get("/dashboard")
def dashboard():
    """Across conferences: counts by status, overdue list, the tree one level at a time (the
    units below the one picked, each with its counts), completion per conference."""
    form, base, late = dashboard_filters()
    counts = reports.rollup(base)
    overdue = paginate(
        reports.list_query(late, order="overdue"), per_page=min(OVERDUE_PAGE, current_app.config["PAGE_SIZE"])
    )
    months = reports.monthly_completions(base)
    level = dashboard_level(form, base)
    return render_template(
        "tasks/dashboard.html",
        form=form,
        counts=counts,
        overdue=overdue,
        level=level,
        ages=reports.overdue_ages(base),
        months_top=max([1] + [a + b for _m, a, b in months]),
        conferences=reports.conference_table(base),
        months=months,
        args=page_args(),
        buckets=st.OVERDUE_BUCKETS,
    )
