"""Administration pages: the organisation tree (add, rename, move, deactivate, merge)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func

from ..clock import today
from ..extensions import db
from ..models import Organisation, User
from ..organisations.services import walk
from ..permissions import ADMINISTER, can, require, scope_ids
from ..rules import RuleError, parse_id
from ..text import sort_key
from ..views import commit, fail, posted_version
from . import merge, services, unit_services
from .forms import ExternalMergeForm, UnitCreateForm, UnitEditForm, UnitMergeForm, UnitMoveForm
from .routes import _parent_choices, _status, _unit, bp
from .services import Refused

# --- units -------------------------------------------------------------------------------------


@bp.get("/units")
@require(ADMINISTER)
def units():
    """The tree the admin administers, inactive units included; chi bộ only on request
    (there are thousands)."""
    with_cells = request.args.get("cells") == "1"
    #: "ngoài hệ thống": only the external bodies (of every level), to find those to merge.
    only_external = request.args.get("external") == "1"
    tree = walk(
        include_inactive=True,
        exclude_levels=() if with_cells or only_external else ("cell",),
        within=scope_ids(current_user),
    )
    if only_external:
        tree = sorted(
            ((org, 0) for org, _depth in tree if org.external), key=lambda pair: sort_key(pair[0].name)
        )
    names = {org.id: org.name for org, _depth in tree}
    linked = {org.merged_into_id for org, _depth in tree} | {org.steward_id for org, _depth in tree}
    missing = {i for i in linked if i and i not in names}
    if missing:
        names.update(
            db.session.execute(
                db.select(Organisation.id, Organisation.name).where(Organisation.id.in_(missing))
            ).all()
        )
    counts = dict(
        db.session.execute(
            db.select(User.organisation_id, func.count(User.id))
            .where(User.active.is_(True))
            .group_by(User.organisation_id)
        ).all()
    )
    return render_template(
        "admin/units.html",
        tree=tree,
        names=names,
        counts=counts,
        with_cells=with_cells,
        only_external=only_external,
    )


@bp.route("/units/new", methods=["GET", "POST"])
@require(ADMINISTER)
def unit_new():
    """Add a unit, at the top or under an active unit."""
    form = UnitCreateForm()
    _parent_choices(form.parent_id)
    parent = parse_id(request.args.get("parent", ""))
    if request.method == "GET" and parent is not None:
        form.parent_id.data = parent  # junk in ?parent= is ignored
    if form.validate_on_submit():
        try:
            unit = unit_services.add_unit(
                current_user,
                name=form.name.data,
                short_name=form.short_name.data,
                external_key=form.external_key.data,
                level=form.level.data,
                parent=_unit(form.parent_id.data),
            )
        except Refused as error:
            fail(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return render_template("admin/unit_new.html", form=form), _status(form)


def _unit_page(unit: Organisation, edit=None, move=None, merge=None, absorb=None, status: int = 200):
    edit = edit or UnitEditForm(formdata=None, obj=unit)
    move = move or UnitMoveForm(formdata=None, parent_id=unit.parent_id)
    merge = merge or UnitMergeForm(formdata=None)
    absorb = absorb or ExternalMergeForm(formdata=None, meta={"csrf": False})
    _parent_choices(move.parent_id)
    children = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.parent_id == unit.id)
        .order_by(Organisation.active.desc(), Organisation.sort_order, Organisation.id)
    ).all()
    return render_template(
        "admin/unit.html",
        unit=unit,
        edit=edit,
        move=move,
        merge=merge,
        absorb=absorb,
        children=children,
        users=unit_services.user_count(unit),
        all_users=unit_services.user_count(unit, active_only=False),
    ), status


@bp.get("/units/<int:unit_id>")
@require(ADMINISTER)
def unit(unit_id: int):
    """One unit: rename, move, deactivate, merge. Units are never deleted."""
    return _unit_page(_unit(unit_id))


@bp.post("/units/<int:unit_id>/edit")
@require(ADMINISTER)
def unit_edit(unit_id: int):
    """Rename (or re-key) a unit; records made earlier keep the name they were made with."""
    unit = _unit(unit_id)
    form = UnitEditForm()
    if form.level.data != unit.level and (refused := _own_root(unit, form, "level")):
        return _unit_page(unit, edit=form, status=refused)
    if form.validate():
        try:
            old_name = unit_services.edit_unit(
                current_user,
                unit,
                name=form.name.data,
                short_name=form.short_name.data,
                external_key=form.external_key.data,
                level=form.level.data,
            )
        except Refused as error:
            fail(form, error)
        else:
            db.session.commit()
            if old_name:
                flash(
                    _(
                        "Đã đổi tên “%(old)s” thành “%(new)s”. Hội nghị và nhiệm vụ đã ghi trước đây "
                        "vẫn giữ tên cũ.",
                        old=old_name,
                        new=unit.name,
                    ),
                    "success",
                )
            else:
                flash(_("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return _unit_page(unit, edit=form, status=422)


@bp.post("/units/<int:unit_id>/move")
@require(ADMINISTER)
def unit_move(unit_id: int):
    """Put a unit, with everything under it, under another parent."""
    unit = _unit(unit_id)
    form = UnitMoveForm()
    _parent_choices(form.parent_id)
    if refused := _own_root(unit, form, "parent_id"):
        return _unit_page(unit, move=form, status=refused)
    if form.validate():
        parent = _unit(form.parent_id.data)
        try:
            unit_services.move_unit(current_user, unit, parent)
        except Refused as error:
            fail(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Đã chuyển %(name)s về trực thuộc %(parent)s.",
                    name=unit.name,
                    parent=parent.name if parent else _("cấp cao nhất"),
                ),
                "success",
            )
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return _unit_page(unit, move=form, status=422)


@bp.post("/units/<int:unit_id>/deactivate")
@require(ADMINISTER)
def unit_deactivate(unit_id: int):
    """Mark a unit as no longer existing (from today); its records stay."""
    unit = _unit(unit_id)
    if refused := _own_root(unit, None, None):
        return _unit_page(unit, status=refused)
    try:
        unit_services.deactivate_unit(current_user, unit, today())
    except Refused as error:
        flash(error.message, "error")
        return _unit_page(unit, status=422)
    db.session.commit()
    flash(_("%(name)s đã ngừng hoạt động từ hôm nay.", name=unit.name), "success")
    _warn_users_left(unit)
    return redirect(url_for(".unit", unit_id=unit.id), 303)


@bp.post("/units/<int:unit_id>/merge")
@require(ADMINISTER)
def unit_merge(unit_id: int):
    """Merge a unit into another: it stops, and remembers which unit took over."""
    unit = _unit(unit_id)
    form = UnitMergeForm()
    if refused := _own_root(unit, form, "target_id"):
        return _unit_page(unit, merge=form, status=refused)
    if unit.external:  # its records must follow it: that is the merge of an external body
        message = _("Đây là cơ quan ngoài hệ thống: hãy dùng “Gộp vào đơn vị trong hệ thống”.")
        return _unit_page(unit, merge=form, status=fail(form, Refused(message, "target_id")))
    if form.validate():
        target = _unit(form.target_id.data)
        try:
            children, moved = unit_services.merge_unit(
                current_user,
                unit,
                target,
                today(),
                move_children=form.move_children.data,
                move_users=form.move_users.data,
            )
        except Refused as error:
            fail(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Đã hợp nhất %(name)s vào %(target)s (chuyển %(children)s đơn vị trực thuộc, "
                    "%(users)s tài khoản).",
                    name=unit.name,
                    target=target.name,
                    children=children,
                    users=moved,
                ),
                "success",
            )
            _warn_users_left(unit)
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return _unit_page(unit, merge=form, status=422)


@bp.route("/units/<int:unit_id>/merge-external", methods=["GET", "POST"])
@require(ADMINISTER)
def unit_merge_external(unit_id: int):
    """Merge an external body into the unit of the tree it really is. GET (the form on the
    unit page) shows what would move and changes nothing; POST, from that page with the
    version it showed, moves it. Bad input: the unit page with the message by the picker."""
    unit = _unit(unit_id)
    posting = request.method == "POST"
    form = ExternalMergeForm() if posting else ExternalMergeForm(request.args, meta={"csrf": False})
    if not form.validate():
        return _unit_page(unit, absorb=form, status=422)
    into = db.session.get(Organisation, form.into.data)
    try:
        plan = merge.plan(current_user, unit, into)
        if not posting:
            return _confirmation(unit, plan, form)
        if posted_version() != plan.version:
            flash(
                _(
                    "Hồ sơ trỏ tới %(name)s vừa thay đổi từ lúc trang xác nhận được mở, nên chưa gộp. "
                    "Hãy xem lại số liệu dưới đây rồi xác nhận lại.",
                    name=unit.name,
                ),
                "error",
            )
            return _confirmation(unit, plan, form, 409)
        result = merge.merge_external(current_user, unit, plan.into)
        commit(
            _(
                "Có người vừa thay đổi hồ sơ của %(name)s cùng lúc nên chưa gộp. Hãy thử lại.",
                name=unit.name,
            )
        )
    except RuleError as error:  # a lost race (Conflict) and a missing version included
        return _unit_page(unit, absorb=form, status=fail(form, error))
    flash(
        _(
            "Đã gộp %(name)s vào %(into)s: %(n)s hồ sơ nay trỏ tới %(into)s; tên đã ghi trong hồ sơ cũ "
            "giữ nguyên.",
            name=unit.name,
            into=plan.into.name,
            n=result.total,
        ),
        "success",
    )
    target = plan.into if can(current_user, ADMINISTER, plan.into) else unit
    return redirect(url_for(".unit", unit_id=target.id), 303)


def _confirmation(unit: Organisation, plan: merge.MergePlan, form, status: int = 200):
    page = render_template(
        "admin/unit_merge.html", unit=unit, plan=plan, form=form, kinds=merge.KINDS, dropped=merge.DROPPED
    )
    return page, status


def _own_root(unit: Organisation, form, field: str | None) -> int | None:
    """The status to answer with when ``unit`` is the signed-in admin's own root (the message
    put on ``field`` of ``form``); None when the change may go on to the form's checks."""
    try:
        services.refuse_own_root(current_user, unit, field)
    except Refused as error:
        return fail(form, error)
    return None


def _warn_users_left(unit: Organisation) -> None:
    left = unit_services.user_count(unit)
    if left:
        flash(
            _(
                "Còn %(n)s tài khoản đang hoạt động thuộc %(name)s; hãy chuyển họ sang đơn vị khác nếu cần.",
                n=left,
                name=unit.name,
            ),
            "warning",
        )
