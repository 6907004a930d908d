"""Downloads of a conference's documents, their issuing, and the register entries."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import labels
from ..clock import today
from ..downloads import disposition, file_name
from ..downloads import download as xlsx_download
from ..extensions import db
from ..models import Conference, IssuedDocument
from ..pagination import page_args, paginate
from ..permissions import READ_MINUTES, WRITE_MINUTES, check
from ..rules import RuleError
from ..text import nfc
from ..views import commit, fail, load
from . import letterheads as lh
from . import register, services
from .content import Signer
from .forms import IssueForm, RegisterFilterForm
from .pdf import PdfFailed, PdfUnavailable, available, to_pdf

bp = Blueprint("documents", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ENABLE_PDF = (
    "Máy chủ chưa có LibreOffice nên chưa tạo được PDF. Quản trị viên cài gói "
    "libreoffice-writer-nogui (Debian, Ubuntu) hoặc đặt biến MINUTES_SOFFICE là đường dẫn "
    "tới soffice; tệp Word (.docx) vẫn tải được."
)


def _file(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _pdf_name(name: str) -> str:
    return name.removesuffix(".docx") + ".pdf"


def _pdf_refused(message: str, status: int) -> tuple[str, int]:
    """A page that says why no file came, and what to do."""
    return render_template("documents/unavailable.html", message=message), status


def _kind(kind: str) -> str:
    if kind not in services.KINDS:
        abort(404)
    return kind


def _issue_form(conference: Conference, kind: str, formdata=None) -> IssueForm:
    letterhead = lh.for_body(conference.organiser, conference.organiser_name)
    current = services.latest(conference, kind)
    return IssueForm(
        formdata=formdata,
        prefix=kind,
        seen=current.id if current else 0,
        issued_on=today(),
        signer_authority=lh.authority_line(letterhead),
        signer_position=letterhead.signer_position,
        signer_name=letterhead.signer_name,
    )


def _page(conference: Conference, status: int = 200, **forms):
    letterhead = lh.for_body(conference.organiser, conference.organiser_name)
    issue_forms = {k: forms.get(k) or _issue_form(conference, k) for k in services.KINDS}
    return render_template(
        "documents/index.html",
        conference=conference,
        letterhead=letterhead,
        missing=[services.MISSING[m] for m in lh.missing_for_issue(letterhead)],
        latest={k: services.latest(conference, k) for k in services.KINDS},
        issued=services.issued_for(conference),
        forms=issue_forms,
        titles=labels.DOCUMENT_KINDS,
        pdf_ready=available(current_app.config["SOFFICE"]),
        tab="documents",
    ), status


@bp.get("/conferences/<int:conference_id>/documents")
def index(conference_id: int):
    """The conference's documents: drafts or the issued files, and issuing them."""
    return _page(load(Conference, conference_id, READ_MINUTES))


@bp.get("/conferences/<int:conference_id>/documents/<kind>.<fmt>")
def download(conference_id: int, kind: str, fmt: str):
    """The document as issued (its stored bytes) on a published conference, else a draft."""
    conference = load(Conference, conference_id, READ_MINUTES)
    kind = _kind(kind)
    if fmt not in ("docx", "pdf"):
        abort(404)
    issued = services.latest(conference, kind) if conference.is_published else None
    if issued is not None:
        return _send_issued(issued, fmt)
    try:
        draft = services.draft(conference, kind)
    except RuleError as error:  # the body's own template cannot be filled with this conference
        message = _(
            "Mẫu văn bản riêng của %(body)s không điền được với hội nghị này: %(reason)s "
            "Quản trị viên sửa hoặc gỡ mẫu ở Quản trị › Tiêu đề văn bản.",
            body=conference.organiser_name,
            reason=error.message,
        )
        return _pdf_refused(message, 422)
    if fmt == "docx":
        return _file(draft.content, draft.filename, DOCX)
    try:
        pdf = to_pdf(draft.content, current_app.config["SOFFICE"], current_app.config["PDF_TIMEOUT"])
    except PdfUnavailable:
        return _pdf_refused(ENABLE_PDF, 503)
    except PdfFailed as error:
        current_app.logger.warning("PDF of conference %s %s failed: %s", conference.id, kind, error)
        return _pdf_refused(_("Chưa tạo được PDF (LibreOffice báo lỗi). Tệp Word vẫn tải được."), 502)
    return _file(pdf, _pdf_name(draft.filename), "application/pdf")


def _send_issued(issued: IssuedDocument, fmt: str):
    if fmt == "docx":
        return _file(issued.content, issued.filename, DOCX)
    try:
        pdf = services.pdf_of(issued, current_app.config["SOFFICE"], current_app.config["PDF_TIMEOUT"])
    except PdfUnavailable:
        return _pdf_refused(ENABLE_PDF, 503)
    except PdfFailed as error:
        current_app.logger.warning("PDF of register entry %s failed: %s", issued.id, error)
        return _pdf_refused(_("Chưa tạo được PDF (LibreOffice báo lỗi). Tệp Word vẫn tải được."), 502)
    db.session.commit()  # the PDF is kept, so every later download is the same file
    return _file(pdf, _pdf_name(issued.filename), "application/pdf")


@bp.get("/documents/<int:document_id>.<fmt>")
def issued(document_id: int, fmt: str):
    """One register entry's file, byte for byte (older issues included)."""
    if fmt not in ("docx", "pdf"):
        abort(404)
    document = load(IssuedDocument, document_id)
    if document.conference is not None:
        check(READ_MINUTES, document.conference)
    elif not register.in_scope(current_user, document):
        abort(403)  # the conference is gone: the register of the body is what one may read
    return _send_issued(document, fmt)


@bp.post("/conferences/<int:conference_id>/documents/<kind>/issue")
def issue(conference_id: int, kind: str):
    """Ban hành: number the document from the register, render it once and keep it."""
    conference = load(Conference, conference_id, WRITE_MINUTES)
    kind = _kind(kind)
    form = _issue_form(conference, kind, formdata=request.form)
    if not form.validate():
        return _page(conference, 422, **{kind: form})
    signer = Signer(
        nfc((form.signer_authority.data or "").upper()),
        nfc((form.signer_position.data or "").upper()),
        form.signer_name.data or "",
    )
    try:
        document = services.issue(
            conference,
            kind,
            current_user,
            number=form.number.data,
            issued_on=form.issued_on.data,
            signer=signer,
            seen=form.seen.data,
            again=bool(form.again.data),
        )
        commit(
            _l(
                "Người khác vừa ban hành văn bản của hội nghị này cùng lúc; chưa ban hành thêm. "
                "Xem lại sổ văn bản bên dưới."
            )
        )
    except RuleError as error:
        db.session.rollback()
        status = fail(form, error)
        return _page(load(Conference, conference_id, WRITE_MINUTES), status, **{kind: form})
    flash(
        _(
            "Đã ban hành %(title)s %(number)s.",
            title=labels.DOCUMENT_KINDS[kind],
            number=document.number_text,
        ),
        "success",
    )
    return redirect(url_for(".index", conference_id=conference.id), 303)


def _register_filters():
    form = RegisterFilterForm(formdata=request.args)
    if not form.validate():
        form = RegisterFilterForm(formdata=None)
    return form, register.query(current_user, form.year.data, form.kind.data or None)


@bp.get("/documents/register")
def register_list():
    """Sổ văn bản: what the bodies in the reader's scope issued, newest first."""
    form, query = _register_filters()
    return render_template(
        "documents/register.html",
        form=form,
        page=paginate(query),
        args=page_args(),
        titles=labels.DOCUMENT_KINDS,
    )


@bp.get("/documents/register/export.xlsx")
def register_export():
    """The register with the page's filters, every entry, as .xlsx."""
    _form, query = _register_filters()
    return xlsx_download([register.sheet(query)], file_name(_("Sổ văn bản"), f"{today():%d-%m-%Y}"))
