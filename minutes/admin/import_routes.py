"""Administration pages: the audit trail, and bulk import of units and accounts."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..errors import MESSAGES
from ..extensions import db
from ..pagination import page_args, paginate
from ..permissions import ADMINISTER, can, require, scope_ids, scope_select
from ..views import fail
from . import importing, services
from .forms import IMPORT_KINDS, AuditFilterForm, ImportForm
from .routes import bp

#: Accounts per import file: each password is hashed with scrypt (about 0,1–0,2 s), and the
#: whole import runs inside one request.
DEFAULT_MAX_USER_ROWS = 200


# --- audit trail --------------------------------------------------------------------------------


@bp.get("/audit")
@require(ADMINISTER)
def audit():
    """The audit trail of the part of the tree I administer, newest first."""
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        flash(_("Bộ lọc không hợp lệ đã được bỏ qua."), "warning")
        form = AuditFilterForm(formdata=None)
    query = services.audit_query(
        within=scope_select(current_user), action=form.action.data or None, who=form.who.data or None
    )
    return render_template("admin/audit.html", form=form, page=paginate(query), args=page_args())


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
            result = importing.run_import(
                kind, data, current_user, max_rows, max_bytes, within=scope_ids(current_user)
            )
            db.session.commit()
        except importing.FileRejected as error:
            db.session.rollback()
            fail(form, error)
        except importing.Invalid as error:
            db.session.rollback()
            invalid = error
        except IntegrityError:
            db.session.rollback()
            form.file.errors.append(
                _(
                    "Dữ liệu vừa bị thay đổi trong lúc nhập (mã hoặc tên đăng nhập "
                    "trùng); chưa có gì được lưu. Hãy thử lại."
                )
            )
        else:
            response = make_response(
                render_template("admin/import_result.html", result=result, kinds=IMPORT_KINDS)
            )
            # Generated passwords are shown once: never from a cache.
            response.headers["Cache-Control"] = "no-store"
            return response
    status = 422 if (form.errors or invalid) else 200
    return render_template(
        "admin/import.html", form=form, invalid=invalid, limits=_limits, listed=importing.MAX_LISTED_ERRORS
    ), status


@bp.errorhandler(413)
def _too_large(_error):
    """A file above the request size limit: say so on the import page (or by the template
    upload of a letterhead page), not a bare error."""
    if request.endpoint == "admin.letterhead_template" and can(current_user, ADMINISTER):
        from .letterhead_routes import too_large

        return too_large()
    if request.endpoint == "admin.import_file" and can(current_user, ADMINISTER):
        form = ImportForm(formdata=None)
        form.file.errors = [importing.too_large_message(_limits("users")[0])]
        return render_template(
            "admin/import.html", form=form, invalid=None, limits=_limits, listed=importing.MAX_LISTED_ERRORS
        ), 413
    title, message = MESSAGES[413]
    return render_template("errors/error.html", code=413, title=title, message=message), 413


@bp.get("/import/template/<kind>.csv")
@require(ADMINISTER)
def import_template(kind: str):
    """A CSV template with the columns of ``kind`` (UTF-8 with BOM, for Excel)."""
    if kind not in importing.KINDS:
        abort(404)
    filename = {"units": "mau-nhap-don-vi.csv", "users": "mau-nhap-tai-khoan.csv"}[kind]
    return Response(
        importing.template_csv(kind),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
