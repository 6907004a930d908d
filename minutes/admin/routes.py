"""Administration pages: users, the organisation tree, bulk import. Administrators only."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from wtforms.validators import DataRequired

from ..clock import today
from ..errors import MESSAGES
from ..extensions import db
from ..models import Organisation, User
from ..organisations.services import choices, subtree_ids, walk
from ..pagination import paginate
from ..permissions import (
    ADMINISTER,
    can,
    check,
    require,
    scope_ids,
    scope_root_id,
    scope_select,
)
from . import importing, services
from .forms import (
    IMPORT_KINDS,
    AuditFilterForm,
    ImportForm,
    PasswordResetForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMergeForm,
    UnitMoveForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .services import Refused

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Accounts per import file: each password is hashed with scrypt (about 0,1–0,2 s), and the
#: whole import runs inside one request.
DEFAULT_MAX_USER_ROWS = 200


@bp.before_request
def _administrators_only():
    """A second lock behind each view's ``@require``: nothing here is for anyone else."""
    if not can(current_user, ADMINISTER):
        abort(403)


# --- helpers -----------------------------------------------------------------------------------

def _user(user_id: int) -> User:
    """The account, if it belongs to a unit the signed-in admin administers."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    check(ADMINISTER, user)
    return user


def _unit(unit_id: int | None) -> Organisation | None:
    """The unit, if the signed-in admin administers it."""
    if unit_id is None:
        return None
    unit = db.session.get(Organisation, unit_id)
    if unit is None:
        abort(404)
    check(ADMINISTER, unit)
    return unit


def _choices(blank: str | None = None, **kwargs):
    """Units for a select: those the signed-in admin administers."""
    return choices(blank=blank, within=scope_ids(current_user), **kwargs)


def _parent_choices(field, **kwargs) -> None:
    """Parents for a new or moved unit: the top of the tree only for an admin of everything."""
    scope = scope_ids(current_user)
    field.choices = _choices(blank=_("— cấp cao nhất —") if scope is None else None, **kwargs)
    if scope is not None:
        field.validators = [DataRequired(_("Hãy chọn đơn vị cấp trên."))]


def _is_scope_root(unit: Organisation) -> bool:
    """A scoped admin's own top unit: they may rename it, not move, merge or close it."""
    return unit.id == scope_root_id(current_user)


def _refused(form, error: Refused) -> None:
    """Show the refusal next to its field, or as a message when it belongs to no field."""
    target = getattr(form, error.field, None) if (form is not None and error.field) else None
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        flash(error.message, "error")


def _page_args() -> dict:
    return {k: v for k, v in request.args.items() if k != "page" and v}


def _status(*forms) -> int:
    return 422 if any(f.errors for f in forms) or request.method == "POST" else 200


@bp.get("/")
@require(ADMINISTER)
def index():
    return redirect(url_for(".users"))


# --- users -------------------------------------------------------------------------------------

@bp.get("/users")
@require(ADMINISTER)
def users():
    """Every account, with search (no diacritics needed), role, unit and status filters."""
    form = UserFilterForm(formdata=request.args)
    form.unit.choices = _choices(blank=_("Tất cả"))
    valid = form.validate()
    if not valid:
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
    data = form.data if valid else {}
    page = services.list_users(
        q=data.get("q"), role=data.get("role") or None, unit_id=data.get("unit"),
        status=data.get("status") or None, page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"], within=scope_select(current_user),
    )
    return render_template("admin/users.html", form=form, page=page, args=_page_args())


@bp.route("/users/new", methods=["GET", "POST"])
@require(ADMINISTER)
def user_new():
    """Create an account with an initial password."""
    form = UserCreateForm()
    form.organisation_id.choices = _choices(blank="—")
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user, username=form.username.data, full_name=form.full_name.data,
                email=form.email.data, role=form.role.data, unit=_unit(form.organisation_id.data),
                password=form.password.data)
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo tài khoản %(u)s (%(name)s).", u=user.username, name=user.full_name),
                  "success")
            return redirect(url_for(".user", user_id=user.id), 303)
    return render_template("admin/user_new.html", form=form), _status(form)


def _user_page(user: User, form=None, password_form=None, status: int = 200):
    if form is None:
        form = UserEditForm(formdata=None, obj=user)
        form.organisation_id.choices = _choices(keep=[user.organisation])
    password_form = password_form or PasswordResetForm(formdata=None, prefix="pw")
    return render_template("admin/user.html", user=user, form=form,
                           password_form=password_form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require(ADMINISTER)
def user(user_id: int):
    """An account: edit name, e-mail, role and unit; reset the password; lock or unlock."""
    user = _user(user_id)
    if request.method == "GET":
        return _user_page(user)
    form = UserEditForm()
    form.organisation_id.choices = _choices(keep=[user.organisation])
    if form.validate():
        try:
            changes = services.update_user(
                current_user, user, full_name=form.full_name.data, email=form.email.data,
                role=form.role.data, unit=_unit(form.organisation_id.data))
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            if changes:
                flash(_("Đã lưu tài khoản %(u)s.", u=user.username), "success")
            else:
                flash(_("Không có gì thay đổi."), "info")
            return redirect(url_for(".user", user_id=user.id), 303)
    return _user_page(user, form=form, status=422)


@bp.post("/users/<int:user_id>/password")
@require(ADMINISTER)
def user_password(user_id: int):
    """Set a new password for someone who forgot theirs; their sessions end."""
    user = _user(user_id)
    form = PasswordResetForm(prefix="pw")
    if form.validate():
        try:
            services.reset_password(current_user, user, form.password.data)
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Đã đặt mật khẩu mới cho %(u)s. Hãy báo mật khẩu cho người dùng qua kênh an "
                    "toàn.", u=user.username), "success")
            return redirect(url_for(".user", user_id=user.id), 303)
    return _user_page(user, password_form=form, status=422)


@bp.post("/users/<int:user_id>/deactivate")
@require(ADMINISTER)
def user_deactivate(user_id: int):
    """Lock an account: it can no longer sign in, and its open sessions end."""
    user = _user(user_id)
    try:
        services.set_active(current_user, user, False)
    except Refused as error:
        flash(error.message, "error")
        return redirect(url_for(".user", user_id=user.id), 303)
    db.session.commit()
    flash(_("Đã khóa tài khoản %(u)s.", u=user.username), "success")
    return redirect(url_for(".user", user_id=user.id), 303)


@bp.post("/users/<int:user_id>/reactivate")
@require(ADMINISTER)
def user_reactivate(user_id: int):
    user = _user(user_id)
    services.set_active(current_user, user, True)
    db.session.commit()
    flash(_("Đã mở khóa tài khoản %(u)s.", u=user.username), "success")
    return redirect(url_for(".user", user_id=user.id), 303)


# --- units -------------------------------------------------------------------------------------

@bp.get("/units")
@require(ADMINISTER)
def units():
    """The tree the admin administers, inactive units included; chi bộ only on request
    (there are thousands)."""
    with_cells = request.args.get("cells") == "1"
    tree = walk(include_inactive=True, exclude_levels=() if with_cells else ("cell",),
                within=scope_ids(current_user))
    names = {org.id: org.name for org, _depth in tree}
    missing = {org.merged_into_id for org, _depth in tree
               if org.merged_into_id and org.merged_into_id not in names}
    if missing:
        names.update(db.session.execute(db.select(Organisation.id, Organisation.name)
                                        .where(Organisation.id.in_(missing))).all())
    counts = dict(db.session.execute(
        db.select(User.organisation_id, func.count(User.id)).where(User.active.is_(True))
        .group_by(User.organisation_id)).all())
    return render_template("admin/units.html", tree=tree, names=names, counts=counts,
                           with_cells=with_cells)


@bp.route("/units/new", methods=["GET", "POST"])
@require(ADMINISTER)
def unit_new():
    """Add a unit, at the top or under an active unit."""
    form = UnitCreateForm()
    _parent_choices(form.parent_id)
    if request.method == "GET" and request.args.get("parent", type=int):
        form.parent_id.data = request.args.get("parent", type=int)
    if form.validate_on_submit():
        try:
            unit = services.add_unit(
                current_user, name=form.name.data, short_name=form.short_name.data,
                external_key=form.external_key.data, level=form.level.data,
                parent=_unit(form.parent_id.data))
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Đã thêm đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return render_template("admin/unit_new.html", form=form), _status(form)


def _unit_page(unit: Organisation, edit=None, move=None, merge=None, status: int = 200):
    edit = edit or UnitEditForm(formdata=None, obj=unit)
    move = move or UnitMoveForm(formdata=None, parent_id=unit.parent_id)
    merge = merge or UnitMergeForm(formdata=None)
    own = subtree_ids(unit.id)
    _parent_choices(move.parent_id, exclude=own)
    merge.target_id.choices = _choices(blank="—", exclude=own)
    children = db.session.scalars(db.select(Organisation).where(Organisation.parent_id == unit.id)
                                  .order_by(Organisation.active.desc(), Organisation.sort_order)).all()
    return render_template(
        "admin/unit.html", unit=unit, edit=edit, move=move, merge=merge, children=children,
        users=services.user_count(unit), all_users=services.user_count(unit, active_only=False),
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
    if _is_scope_root(unit) and form.level.data != unit.level:
        # Its level decides where its people's scope starts ("other" lifts it to the parent):
        # changing it could hand this admin a part of the tree above their own.
        form.level.errors = [_own_root_message()]
        return _unit_page(unit, edit=form, status=422)
    if form.validate():
        try:
            old_name = services.edit_unit(
                current_user, unit, name=form.name.data, short_name=form.short_name.data,
                external_key=form.external_key.data, level=form.level.data)
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            if old_name:
                flash(_("Đã đổi tên “%(old)s” thành “%(new)s”. Hội nghị và nhiệm vụ đã ghi trước đây "
                        "vẫn giữ tên cũ.", old=old_name, new=unit.name), "success")
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
    if _is_scope_root(unit):
        form.parent_id.errors = [_own_root_message()]
        return _unit_page(unit, move=form, status=422)
    if form.validate():
        parent = _unit(form.parent_id.data)
        try:
            services.move_unit(current_user, unit, parent)
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Đã chuyển %(name)s về trực thuộc %(parent)s.", name=unit.name,
                    parent=parent.name if parent else _("cấp cao nhất")), "success")
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return _unit_page(unit, move=form, status=422)


@bp.post("/units/<int:unit_id>/deactivate")
@require(ADMINISTER)
def unit_deactivate(unit_id: int):
    """Mark a unit as no longer existing (from today); its records stay."""
    unit = _unit(unit_id)
    if _is_scope_root(unit):
        flash(_own_root_message(), "error")
        return _unit_page(unit, status=422)
    try:
        services.deactivate_unit(current_user, unit, today())
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
    form.target_id.choices = _choices(blank="—")
    if _is_scope_root(unit):
        form.target_id.errors = [_own_root_message()]
        return _unit_page(unit, merge=form, status=422)
    if form.validate():
        target = _unit(form.target_id.data)
        try:
            children, moved = services.merge_unit(
                current_user, unit, target, today(),
                move_children=form.move_children.data, move_users=form.move_users.data)
        except Refused as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Đã hợp nhất %(name)s vào %(target)s (chuyển %(children)s đơn vị trực thuộc, "
                    "%(users)s tài khoản).", name=unit.name, target=target.name,
                    children=children, users=moved), "success")
            _warn_users_left(unit)
            return redirect(url_for(".unit", unit_id=unit.id), 303)
    return _unit_page(unit, merge=form, status=422)


def _own_root_message() -> str:
    return _("Đây là đơn vị gốc trong phạm vi quản trị của bạn; chỉ quản trị viên cấp trên mới "
             "đổi cấp, chuyển, hợp nhất hay cho ngừng hoạt động được.")


def _warn_users_left(unit: Organisation) -> None:
    left = services.user_count(unit)
    if left:
        flash(_("Còn %(n)s tài khoản đang hoạt động thuộc %(name)s; hãy chuyển họ sang đơn vị khác "
                "nếu cần.", n=left, name=unit.name), "warning")


# --- audit trail --------------------------------------------------------------------------------

@bp.get("/audit")
@require(ADMINISTER)
def audit():
    """The audit trail of the part of the tree I administer, newest first."""
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = AuditFilterForm(formdata=None)
    query = services.audit_query(within=scope_select(current_user), action=form.action.data or None,
                                 who=form.who.data or None)
    return render_template("admin/audit.html", form=form, page=paginate(query), args=_page_args())


# --- import ------------------------------------------------------------------------------------

def _limits(kind: str) -> tuple[int, int]:
    max_bytes = current_app.config.get("ADMIN_IMPORT_MAX_BYTES", importing.MAX_BYTES)
    max_rows = importing.MAX_ROWS
    if kind == "users":
        max_rows = min(max_rows, current_app.config.get("ADMIN_IMPORT_MAX_USERS", DEFAULT_MAX_USER_ROWS))
    return max_bytes, max_rows


@bp.route("/import", methods=["GET", "POST"])
@require(ADMINISTER)
def import_file():
    """Add many units or accounts from a CSV or .xlsx file: every row checked, all or nothing."""
    form = ImportForm()
    invalid = None
    if form.validate_on_submit():
        kind = form.kind.data
        max_bytes, max_rows = _limits(kind)
        data = form.file.data.read(max_bytes + 1)
        try:
            result = importing.run_import(kind, data, current_user, max_rows, max_bytes,
                                          within=scope_ids(current_user))
            db.session.commit()
        except importing.FileRejected as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        except importing.Invalid as error:
            db.session.rollback()
            invalid = error
        except IntegrityError:
            db.session.rollback()
            form.file.errors.append(_("Dữ liệu vừa bị thay đổi trong lúc nhập (mã hoặc tên đăng nhập "
                                      "trùng); chưa có gì được lưu. Hãy thử lại."))
        else:
            response = make_response(render_template("admin/import_result.html", result=result,
                                                     kinds=IMPORT_KINDS))
            # Generated passwords are shown once: never from a cache.
            response.headers["Cache-Control"] = "no-store"
            return response
    status = 422 if (form.errors or invalid) else 200
    return render_template("admin/import.html", form=form, invalid=invalid, limits=_limits,
                           listed=importing.MAX_LISTED_ERRORS), status


@bp.errorhandler(413)
def _too_large(_error):
    """A file above the request size limit: say so on the import page, not a bare error."""
    if request.endpoint == "admin.import_file" and can(current_user, ADMINISTER):
        form = ImportForm(formdata=None)
        form.file.errors = [importing.too_large_message(_limits("users")[0])]
        return render_template("admin/import.html", form=form, invalid=None, limits=_limits,
                               listed=importing.MAX_LISTED_ERRORS), 413
    title, message = MESSAGES[413]
    return render_template("errors/error.html", code=413, title=title, message=message), 413


@bp.get("/import/template/<kind>.csv")
@require(ADMINISTER)
def import_template(kind: str):
    """A CSV template with the columns of ``kind`` (UTF-8 with BOM, for Excel)."""
    if kind not in importing.KINDS:
        abort(404)
    filename = {"units": "mau-nhap-don-vi.csv", "users": "mau-nhap-tai-khoan.csv"}[kind]
    return Response(importing.template_csv(kind), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
