"""Reports in agenda order, and the figures of each. The agenda (which reports, in which
order) is one section; each report together with its figures is another."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..formatting import number
from ..models import Conference, Figure, Report
from ..views import load
from . import services
from .forms import FigureForm, ReportForm
from .workspace import bp, child, edit_item, editable, now_reads, readable, save, unit


def _fill_report(form: ReportForm, report: Report) -> None:
    form.populate_obj(report)
    organisation = unit(form.organisation_id.data)
    report.organisation = organisation
    report.organisation_name = organisation.name if organisation else (form.organisation_name.data or "")


def _reports_page(conference: Conference, form=None):
    form = form or ReportForm(formdata=None)
    return render_template("conferences/reports.html", conference=conference, form=form, tab="reports")


@bp.route("/<int:conference_id>/reports", methods=["GET", "POST"])
def reports(conference_id: int):
    """Reports, statements and guidance speeches in agenda order."""
    if request.method == "GET":
        return _reports_page(readable(conference_id))
    conference = editable(conference_id)
    form = ReportForm()
    if not form.validate():
        return _reports_page(conference, form), 422
    report = Report(position=services.next_position(conference.reports))

    def change():
        conference.reports.append(report)
        _fill_report(form, report)
        return _("Đã thêm báo cáo “%(t)s”. Nhập các số liệu của báo cáo bên dưới.", t=report.title)

    return save(
        conference,
        "reports",
        change,
        form=form,
        render=lambda _s: _reports_page(conference, form),
        to=lambda: url_for(".report_edit", conference_id=conference.id, report_id=report.id),
    )


def _report_page(conference: Conference, report: Report, form=None, figure_form=None):
    if form is None:
        form = ReportForm(obj=report, formdata=None)
    return render_template(
        "conferences/report_edit.html",
        conference=conference,
        report=report,
        form=form,
        figure_form=figure_form or FigureForm(formdata=None),
        tab="reports",
    )


@bp.route("/<int:conference_id>/reports/<int:report_id>", methods=["GET", "POST"])
def report_edit(conference_id: int, report_id: int):
    """One report: its details and its figures."""
    conference = editable(conference_id)
    report = child(Report, report_id, conference)
    form = ReportForm(obj=report)
    if form.validate_on_submit():

        def change():
            _fill_report(form, report)
            return _("Đã lưu báo cáo.")

        return save(
            conference,
            report,
            change,
            form=form,
            endpoint=".report_edit",
            report_id=report.id,
            render=lambda _s: _report_page(conference, report, form),
            current=lambda: now_reads(_("tiêu đề"), report.title),
        )
    return _report_page(conference, report, form), 422 if request.method == "POST" else 200


@bp.post("/<int:conference_id>/reports/<int:report_id>/delete")
def report_delete(conference_id: int, report_id: int):
    """Remove a report and its figures (as shown: a figure added since refuses it)."""
    conference = editable(conference_id)
    report = child(Report, report_id, conference)

    def change():
        conference.reports_version += 1  # the agenda changes too
        db.session.delete(report)
        return _("Đã xóa báo cáo “%(t)s”.", t=report.title)

    return save(
        conference,
        report,
        change,
        form=None,
        endpoint=".reports",
        render=lambda _s: _reports_page(readable(conference.id)),
    )


@bp.post("/<int:conference_id>/reports/<int:report_id>/move/<any(up, down):direction>")
def report_move(conference_id: int, report_id: int, direction: str):
    """Move a report up or down the agenda."""
    conference = editable(conference_id)
    report = child(Report, report_id, conference)

    def change():
        services.move(conference.reports, report, -1 if direction == "up" else 1)
        return _("Đã đổi thứ tự.")

    return save(
        conference,
        "reports",
        change,
        form=None,
        endpoint=".reports",
        render=lambda _s: _reports_page(readable(conference.id)),
    )


def _figure(figure_id: int, conference: Conference) -> Figure:
    figure = load(Figure, figure_id)
    if figure.report.conference_id != conference.id:
        abort(404)
    return figure


def _figure_values(form: FigureForm) -> dict:
    return {name: getattr(form, name).data for name in services.FIGURE_FIELDS}


@bp.post("/<int:conference_id>/reports/<int:report_id>/figures")
def figure_add(conference_id: int, report_id: int):
    """Add a figure to a report."""
    conference = editable(conference_id)
    report = child(Report, report_id, conference)
    figure_form = FigureForm()
    if not figure_form.validate():
        return _report_page(conference, report, figure_form=figure_form), 422

    def change():
        figure = Figure(position=services.next_position(report.figures))
        services.set_figure(figure, **_figure_values(figure_form))
        report.figures.append(figure)
        return _("Đã thêm số liệu.")

    return save(
        conference,
        report,
        change,
        form=figure_form,
        endpoint=".report_edit",
        report_id=report.id,
        render=lambda _s: _report_page(conference, report, figure_form=figure_form),
    )


@bp.route("/<int:conference_id>/figures/<int:figure_id>/edit", methods=["GET", "POST"])
def figure_edit(conference_id: int, figure_id: int):
    """Edit one figure."""
    conference = editable(conference_id)
    figure = _figure(figure_id, conference)
    report = figure.report
    form = FigureForm(obj=figure)

    def change():
        services.set_figure(figure, **_figure_values(form))
        return _("Đã lưu số liệu.")

    return edit_item(
        conference,
        report,
        form,
        change=change,
        heading=_("Sửa số liệu"),
        tab="reports",
        back=url_for(".report_edit", conference_id=conference.id, report_id=report.id),
        version=lambda: report.version,
        endpoint=".report_edit",
        report_id=report.id,
        current=lambda: now_reads(figure.label, number(figure.value)),
    )


@bp.post("/<int:conference_id>/figures/<int:figure_id>/delete")
def figure_delete(conference_id: int, figure_id: int):
    """Remove a figure."""
    conference = editable(conference_id)
    figure = _figure(figure_id, conference)
    report = figure.report

    def change():
        db.session.delete(figure)
        return _("Đã xóa số liệu.")

    return save(
        conference,
        report,
        change,
        form=None,
        endpoint=".report_edit",
        report_id=report.id,
        render=lambda _s: _report_page(conference, report),
    )
