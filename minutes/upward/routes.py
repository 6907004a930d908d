"""The report upward: a page to choose the period and organisation and read the figures, and
the same report as .xlsx. Every reader sees only the tasks of their scope, as on the pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..downloads import disposition, download, file_name
from ..extensions import db
from ..models import Organisation
from ..tasks import status as st
from . import document, services, sheets
from .forms import UpwardForm

bp = Blueprint("upward", __name__, url_prefix="/reports/upward")


def _chosen() -> tuple[UpwardForm, services.Report | None]:
    """The form from the query string (defaults when nothing was asked) and its report, or
    None when the choice is refused (the message is next to the field)."""
    asked = any(
        name in request.args for name in ("period", "year", "organisation_id", "organisation_id__text")
    )
    if not asked:
        period = services.current_period()
        form = UpwardForm(
            formdata=None,
            period=period.code,
            year=period.year,
            organisation_id=services.default_unit_id(current_user),
        )
    else:
        form = UpwardForm(formdata=request.args)
        if not form.validate():
            return form, None
        if not form.organisation_id.data:
            form.organisation_id.data = services.default_unit_id(current_user)
    organisation = db.session.get(Organisation, form.organisation_id.data)
    if organisation is None:
        abort(404)
    period = services.Period.of(form.period.data, form.year.data)
    return form, services.build(current_user, organisation, period)


def _refused(form: UpwardForm):
    return render_template("upward/report.html", form=form, report=None), 422


@bp.get("")
def report():
    """Choose a period and an organisation; the figures per unit beside cùng kỳ."""
    form, built = _chosen()
    if built is None:
        return _refused(form)
    return render_template("upward/report.html", form=form, report=built, buckets=st.OVERDUE_BUCKETS)


def _filename(built: services.Report, extension: str) -> str:
    """ "Báo cáo kết quả thực hiện kết luận - quý I-2021 - Thành ủy Hải Phòng.xlsx"."""
    name = file_name(_("Báo cáo kết quả thực hiện kết luận"), built.period.words(), built.organisation.name)
    return name.removesuffix(".xlsx") + "." + extension


@bp.get("/xlsx")
def report_xlsx():
    """The report as a workbook: Tổng hợp, Quá hạn, Theo hội nghị."""
    form, built = _chosen()
    if built is None:
        return _refused(form)
    user, unit, period = current_user, built.organisation, built.period
    by_conference = services.conference_table(user, unit, period)

    def late():  # read while the workbook is written, after the queries above
        query = services.overdue_tasks(user, unit, period).execution_options(yield_per=500)
        yield from db.session.scalars(query)

    book = [sheets.summary(built), sheets.overdue(built, late()), sheets.conferences(by_conference)]
    return download(book, _filename(built, "xlsx"))


@bp.get("/docx")
def report_docx():
    """The report as a Word document in the issuing body's format."""
    form, built = _chosen()
    if built is None:
        return _refused(form)
    user, unit, period = current_user, built.organisation, built.period
    by_conference = services.conference_table(user, unit, period)
    query = services.overdue_tasks(user, unit, period).limit(document.OVERDUE_LISTED)
    body = document.render(built, db.session.scalars(query).all(), by_conference)
    return Response(
        body,
        mimetype=document.MIMETYPE,
        headers={
            "Content-Disposition": disposition(_filename(built, "docx")),
            "Cache-Control": "private, no-store",
        },
    )
