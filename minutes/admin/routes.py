"""Administration pages, administrators only: the blueprint, its shared helpers and the
user pages. The organisation tree is in :mod:`.unit_routes`, the audit trail and bulk import
in :mod:`.import_routes` (same blueprint, so endpoints stay ``admin.…``)."""

from __future__ import annotations

from typing import overload

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.validators import DataRequired

from ..extensions import db
from ..models import Organisation, User
from ..pagination import page_args, page_number
from ..permissions import ADMINISTER, can, require, scope_ids, scope_select
from ..views import fail, load
from . import services
from .forms import PasswordResetForm, UserCreateForm, UserEditForm, UserFilterForm
from .services import Refused

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _administrators_only():
    """A second lock behind each view's ``@require``: nothing here is for anyone else."""
    if not can(current_user, ADMINISTER):
        abort(403)


# --- helpers -----------------------------------------------------------------------------------


def _user(user_id: int) -> User:
    """The account, if it belongs to a unit the signed-in admin administers."""
    return load(User, user_id, ADMINISTER)


@overload
def _unit(unit_id: int) -> Organisation: ...
@overload
def _unit(unit_id: None) -> None: ...
def _unit(unit_id: int | None) -> Organisation | None:
    """The unit, if the signed-in admin administers it (None: no unit, the top of the tree)."""
    if unit_id is None:
        return None
    return load(Organisation, unit_id, ADMINISTER)


def _parent_choices(field) -> None:
    """Parents for a new or moved unit (the picker offers the admin's units): the top of the
    tree only for an admin of everything."""
    scope = scope_ids(current_user)
    if scope is not None:
        field.validators = [DataRequired(_("Hãy chọn đơn vị cấp trên."))]


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
    valid = form.validate()
    if not valid:
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
    data = form.data if valid else {}
    page = services.list_users(
        q=data.get("q"),
        role=data.get("role") or None,
        unit_id=data.get("unit"),
        status=data.get("status") or None,
        page=page_number(request.args.get("page", "1")),
        per_page=current_app.config["PAGE_SIZE"],
        within=scope_select(current_user),
    )
    return render_template("admin/users.html", form=form, page=page, args=page_args())


@bp.route("/users/new", methods=["GET", "POST"])
@require(ADMINISTER)
def user_new():
    """Create an account with an initial password."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user,
                username=form.username.data,
                full_name=form.full_name.data,
                email=form.email.data,
                role=form.role.data,
                unit=_unit(form.organisation_id.data),
                password=form.password.data,
            )
        except Refused as error:
            fail(form, error)
        else:
            db.session.commit()
            flash(_("Đã tạo tài khoản %(u)s (%(name)s).", u=user.username, name=user.full_name), "success")
            return redirect(url_for(".user", user_id=user.id), 303)
    return render_template("admin/user_new.html", form=form), _status(form)


def _user_page(user: User, form=None, password_form=None, status: int = 200):
    if form is None:
        form = UserEditForm(formdata=None, obj=user)
    password_form = password_form or PasswordResetForm(formdata=None, prefix="pw")
    return render_template("admin/user.html", user=user, form=form, password_form=password_form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require(ADMINISTER)
def user(user_id: int):
    """An account: edit name, e-mail, role and unit; reset the password; lock or unlock."""
    user = _user(user_id)
    if request.method == "GET":
        return _user_page(user)
    form = UserEditForm()
    form.organisation_id.keep = {user.organisation_id}
    if form.validate():
        try:
            changes = services.update_user(
                current_user,
                user,
                full_name=form.full_name.data,
                email=form.email.data,
                role=form.role.data,
                unit=_unit(form.organisation_id.data),
            )
        except Refused as error:
            fail(form, error)
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
            fail(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "Đã đặt mật khẩu mới cho %(u)s. Hãy báo mật khẩu cho người dùng qua kênh an toàn.",
                    u=user.username,
                ),
                "success",
            )
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


from . import import_routes, letterhead_routes, unit_routes  # noqa: E402,F401  (register their views on bp)
