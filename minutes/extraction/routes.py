"""Text → minutes: paste or upload a report, review the draft read from it, confirm.

Thin views: reading and matching are :mod:`.services` and the pure reader; the conference
is made with the conference workspace's own rules (:func:`fill_info`, the figures grid's
:func:`save_figures`, :func:`services.set_directive`).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..conferences import services as conferences
from ..conferences.figures import save_figures
from ..conferences.workspace import fill_info, organiser_choices
from ..extensions import db
from ..models import Attendee, Conference, Directive, Extraction
from ..permissions import WRITE_MINUTES, require
from ..rules import RuleError, parse_id
from ..views import fail
from . import services
from .forms import PasteForm, ReviewForm
from .reading import MAX_BYTES, UnreadableFile, read_text

bp = Blueprint("extraction", __name__, url_prefix="/conferences/from-text")


@bp.route("/", methods=["GET", "POST"])
@require(WRITE_MINUTES)
def paste():
    """Paste a report or upload one; its draft opens for review."""
    # A 2 MB file and the form around it: more than the application's default request limit.
    request.max_content_length = MAX_BYTES + 256 * 1024
    try:
        form = PasteForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = PasteForm(formdata=None)
        form.upload.errors = [_("Tệp hoặc nội dung lớn hơn 2 MB; hãy dán phần báo cáo cần dùng.")]
        return render_template("extraction/paste.html", form=form), 413
    if submitted:
        upload = form.upload.data
        try:
            if upload and getattr(upload, "filename", ""):
                data = upload.read(MAX_BYTES + 1)
                text = read_text(data, upload.filename)
                name = upload.filename
            elif (form.text.data or "").strip():
                text, name = form.text.data, ""
            else:
                raise UnreadableFile(_("Hãy dán nội dung hoặc chọn một tệp."))
        except UnreadableFile as error:
            (form.upload if upload and getattr(upload, "filename", "") else form.text).errors.append(
                str(error)
            )
            return render_template("extraction/paste.html", form=form), 422
        record = services.start(current_user, text, name)
        db.session.commit()
        return redirect(url_for(".review", record_id=record.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("extraction/paste.html", form=form), status


def _record(record_id: int):
    number = parse_id(record_id)
    record = services.load(current_user, number) if number is not None else None
    if record is None:
        abort(404)
    return record


def _already_confirmed(record):
    """A review already confirmed (a second click, the back button): to its conference."""
    flash(_("Bản đọc này đã được xác nhận: đây là hội nghị nháp đã tạo từ nó."), "info")
    return redirect(url_for("conferences.show", conference_id=record.conference_id), 303)


def _passage(record, item) -> str:
    span = item.get("span") or [0, 0]
    return record.source[span[0] : span[1]][:400]


def _page(record, form: ReviewForm, status: int = 200):
    draft = record.draft
    return (
        render_template(
            "extraction/review.html",
            record=record,
            form=form,
            figures=draft.get("figures") or [],
            directives=draft.get("directives") or [],
            source_pieces=lambda r: services.highlighted(r.source, r.draft),
            passage=_passage,
            max_rows=services.MAX_ROWS,
        ),
        status,
    )


@bp.route("/<int:record_id>", methods=["GET", "POST"])
@require(WRITE_MINUTES)
def review(record_id: int):
    """The draft beside its source: every item can be kept, corrected or dropped; posting it
    creates the conference (or discards the review)."""
    if request.method == "POST":
        return _confirm(record_id)
    record = _record(record_id)
    if record.conference_id is not None:
        return _already_confirmed(record)
    data = services.proposal(record, current_user)
    form = ReviewForm(data=data)
    organiser_choices(form.organiser_id)
    if not data["organiser_id"] and data["organiser_text"]:
        form.organiser_id.typed = data["organiser_text"]
    return _page(record, form)


def _confirm(record_id: int):
    """Create the draft conference from what was reviewed, in one transaction."""
    record = _record(record_id)
    if record.conference_id is not None:
        return _already_confirmed(record)
    if "discard" in request.form:
        services.discard(record)
        db.session.commit()
        flash(_("Đã bỏ bản đọc từ văn bản; chưa tạo hội nghị nào."), "info")
        return redirect(url_for(".paste"), 303)
    form = ReviewForm()
    organiser_choices(form.organiser_id)
    if not form.validate():
        return _page(record, form, 422)
    conference = Conference(status="draft", created_by=current_user)
    try:
        _build(conference, form)
    except RuleError as error:
        db.session.rollback()
        return _page(record, form, fail(form, error))
    if not services.finish(record, conference):
        # A first click on "confirm" got there while this one was building: it created the
        # conference; this one must not create it twice, and lands on that one.
        record_id_ = record.id
        db.session.rollback()
        record = db.session.get(Extraction, record_id_)
        if record is not None and record.conference_id is not None:
            return _already_confirmed(record)
        abort(404)  # discarded meanwhile
    db.session.commit()
    flash(_("Đã tạo hội nghị nháp từ văn bản. Hãy xem lại từng mục trước khi công bố."), "success")
    return redirect(url_for("conferences.show", conference_id=conference.id), 303)


def _build(conference: Conference, form: ReviewForm) -> None:
    fill_info(form, conference)
    conference.conclusion = form.conclusion.data or ""
    db.session.add(conference)
    services.add_sites(
        conference,
        [
            {
                "name": row.form.name.data or "",
                "is_host": row.form.is_host.data,
                "organisation_id": row.form.organisation_id.data,
            }
            for row in form.sites
            if not row.form.drop.data
        ],
    )
    if form.chair_name.data or form.chair_title.data:
        host = next((s for s in conference.sites if s.is_host), None)
        conference.attendees.append(
            Attendee(
                name=form.chair_name.data or "",
                job_title=form.chair_title.data or "",
                role="chair",
                site=host,
                position=1,
            )
        )
    rows = [
        row.form.figure_row() for row in form.figures if not row.form.delete.data and not row.form.is_blank()
    ]
    if rows:
        for index, row in enumerate(rows):
            row.index = index
        save_figures(services.report_for(conference, form.report_title.data), rows)
    position = 0
    for row in form.directives:
        block = row.form
        if block.drop.data or block.is_blank():
            continue
        position += 1
        directive = Directive(text=block.text.data, position=position)
        conference.directives.append(directive)
        conferences.set_directive(
            directive,
            text=block.text.data,
            due_date=block.due_date.data,
            units=block.addressee_ids.units(),
            groups=(block.addressee_groups.data or "").splitlines(),
        )
    conferences.log(conference, current_user, "created", _("Tạo từ văn bản dán vào."))
