"""Administration pages: each issuing body's letterhead (Tiêu đề văn bản) and its own template.

Units of the tree and external bodies alike: the admin must administer the organisation
(:data:`~minutes.permissions.ADMINISTER` on it). Every changing form carries the letterhead's
version ("0" before the first save): a save from an older page is refused with 409.
"""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_login import current_user

from ..documents import custom
from ..extensions import db
from ..formatting import date_time
from ..models import Letterhead, Organisation
from ..pagination import page_args, paginate
from ..permissions import ADMINISTER, require
from ..rules import Conflict, RuleError
from ..views import check_version, commit, fail, posted_version
from . import letterhead_services as services
from .letterhead_forms import AUTHORITIES, FAMILIES, BodyPickForm, LetterheadForm, TemplateForm
from .letterhead_starter import FILENAME, starter
from .routes import _unit, bp

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/letterheads")
@require(ADMINISTER)
def letterheads():
    """The bodies that issue documents in my part of the tree, whether each can issue, and a
    picker to open any other body (a unit or an external body)."""
    picking = "unit" in request.args or "unit__text" in request.args
    pick = BodyPickForm(formdata=request.args if picking else None)
    if picking and pick.validate():
        return redirect(url_for(".letterhead", unit_id=pick.unit.data), 303)
    page = paginate(services.bodies(current_user))
    rows = services.rows(list(page.items))
    args = {k: v for k, v in page_args().items() if not k.startswith("unit")}
    return render_template("admin/letterheads.html", page=page, rows=rows, pick=pick, args=args), (
        422 if picking else 200
    )


def _version(letterhead: Letterhead) -> int:
    return letterhead.version if letterhead.id is not None else 0


def _stale_message(organisation: Organisation) -> str:
    last = services.last_change(organisation)
    if last is None:
        return _("Tiêu đề văn bản của %(name)s vừa được lưu từ trang khác.", name=organisation.name)
    return _(
        "Tiêu đề văn bản của %(name)s vừa được %(who)s sửa lúc %(when)s, sau khi trang này được mở. "
        "Giá trị đang lưu hiện ở phần xem trước; những gì bạn nhập vẫn còn trong biểu mẫu: xem lại "
        "rồi lưu lại nếu vẫn cần.",
        name=organisation.name,
        who=last.actor_name or "?",
        when=date_time(last.at),
    )


def _check(organisation: Organisation, letterhead: Letterhead) -> None:
    """The page was built from the stored letterhead (``0``: from none)."""
    message = LazyString(_stale_message, organisation)
    from_none = request.form.get("version", "").strip() == "0"
    if letterhead.id is None:
        if from_none:
            return
        posted_version()  # junk: MissingVersion (400)
        raise Conflict(message)
    if from_none:  # someone saved the first letterhead since this page was built
        raise Conflict(message)
    check_version(letterhead.version, message)


def _page(organisation: Organisation, form=None, upload=None, status: int = 200):
    letterhead = services.current(organisation)
    form = form or LetterheadForm(formdata=None, obj=letterhead)
    upload = upload or TemplateForm(formdata=None)
    return render_template(
        "admin/letterhead.html",
        unit=organisation,
        letterhead=letterhead,
        version=_version(letterhead),
        form=form,
        upload=upload,
        preview=services.preview(letterhead),
        missing_now=[
            services.MISSING[m] for m in services.lh.missing_for_issue(letterhead) if m != "letterhead"
        ],
        families=FAMILIES,
        authorities=AUTHORITIES,
        variables=custom.documented_names(),
    ), status


@bp.route("/letterheads/<int:unit_id>", methods=["GET", "POST"])
@require(ADMINISTER)
def letterhead(unit_id: int):
    """One body's letterhead: family, header lines, code, place, term, signer, recipients."""
    organisation = _unit(unit_id)
    if request.method == "GET":
        return _page(organisation)
    form = LetterheadForm()
    try:
        _check(organisation, services.current(organisation))
    except RuleError as error:
        return _page(organisation, form=form, status=fail(form, error))
    if not form.validate():
        return _page(organisation, form=form, status=422)
    try:
        changed = services.save(current_user, organisation, form.data)
        commit(LazyString(_stale_message, organisation))
    except RuleError as error:
        db.session.rollback()
        return _page(organisation, form=form, status=fail(form, error))
    if changed:
        flash(_("Đã lưu tiêu đề văn bản của %(name)s.", name=organisation.name), "success")
    else:
        flash(_("Không có gì thay đổi."), "info")
    return redirect(url_for(".letterhead", unit_id=organisation.id), 303)


@bp.post("/letterheads/<int:unit_id>/template")
@require(ADMINISTER)
def letterhead_template(unit_id: int):
    """Upload a body's own .docx template: kept only once it fills both sample documents."""
    organisation = _unit(unit_id)
    upload = TemplateForm()
    try:
        _check(organisation, services.current(organisation))
    except RuleError as error:
        return _page(organisation, upload=upload, status=fail(upload, error))
    if not upload.validate():
        return _page(organisation, upload=upload, status=422)
    file = upload.template.data
    data = file.read(custom.MAX_BYTES + 1)
    try:
        services.set_template(current_user, organisation, data, file.filename or "")
        commit(LazyString(_stale_message, organisation))
    except RuleError as error:
        db.session.rollback()
        return _page(organisation, upload=upload, status=fail(upload, error))
    flash(
        _(
            "Đã lưu mẫu văn bản của %(name)s: thông báo và biên bản của cơ quan nay dùng mẫu này.",
            name=organisation.name,
        ),
        "success",
    )
    return redirect(url_for(".letterhead", unit_id=organisation.id), 303)


@bp.post("/letterheads/<int:unit_id>/template/remove")
@require(ADMINISTER)
def letterhead_template_remove(unit_id: int):
    """Back to the built-in layout."""
    organisation = _unit(unit_id)
    letterhead = services.current(organisation)
    try:
        _check(organisation, letterhead)
        if letterhead.id is None:
            raise RuleError(_("Cơ quan này đang dùng mẫu có sẵn."), None)
        services.remove_template(current_user, letterhead)
        commit(LazyString(_stale_message, organisation))
    except RuleError as error:
        db.session.rollback()
        return _page(organisation, status=fail(None, error))
    flash(_("Đã bỏ mẫu riêng: văn bản của %(name)s dùng lại mẫu có sẵn.", name=organisation.name), "success")
    return redirect(url_for(".letterhead", unit_id=organisation.id), 303)


@bp.get("/letterheads/<int:unit_id>/template.docx")
@require(ADMINISTER)
def letterhead_template_download(unit_id: int):
    """The template the body uses now, as it was uploaded."""
    letterhead = services.lh.stored(_unit(unit_id).id)
    if letterhead is None or not letterhead.template:
        abort(404)
    return send_file(
        io.BytesIO(letterhead.template),
        mimetype=DOCX,
        as_attachment=True,
        download_name=letterhead.template_name or "mau.docx",
    )


@bp.get("/letterheads/starter.docx")
@require(ADMINISTER)
def letterhead_starter():
    """A starter template using every documented variable, for a body to restyle."""
    return send_file(io.BytesIO(starter()), mimetype=DOCX, as_attachment=True, download_name=FILENAME)


def too_large():
    """A file above the request limit (2 MB): the message by the upload field, status 413."""
    unit_id = (request.view_args or {}).get("unit_id")
    organisation = _unit(unit_id) if isinstance(unit_id, int) else None
    if organisation is None:
        abort(404)
    upload = TemplateForm(formdata=None)
    upload.template.errors = [_("Tệp lớn hơn 2 MB: hãy bỏ bớt hình ảnh trong mẫu rồi tải lên lại.")]
    return _page(organisation, upload=upload, status=413)
