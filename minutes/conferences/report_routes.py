"""Reports in agenda order, and the figures of each. The agenda (which reports, in which
order) is one section; each report together with its figures is another."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import Conference, Report
from ..rules import parse_id
from . import baselines, services
from . import figures as figures_service
from .figure_grid import FigureGridForm, grid_for, pasted_rows
from .figure_paste import parse_block
from .forms import ReportForm
from .workspace import bp, child, editable, now_reads, readable, save, unit


def _fill_report(form: ReportForm, report: Report) -> None:
    form.populate_obj(report)
    organisation = unit(form.organisation_id.data)
    report.organisation = organisation
    report.organisation_name = organisation.name if organisation else (form.organisation_name.data or "")


def _reports_page(conference: Conference, form=None, grid=None, notice=None, version=None):
    return render_template(
        "conferences/reports.html",
        conference=conference,
        # Sent back for review or correction, the form keeps the version it was built from;
        # after a refusal it shows the stored one, so saving again is deliberate.
        reports_version=version if version is not None else conference.reports_version,
        form=form or ReportForm(formdata=None),
        # A table pasted with a new report is reviewed in the same form before anything is saved.
        grid=grid or FigureGridForm(formdata=None),
        notice=notice,
        tab="reports",
    )


@bp.route("/<int:conference_id>/reports", methods=["GET", "POST"])
def reports(conference_id: int):
    """Reports, statements and guidance speeches in agenda order; a new one may come with its
    table of figures pasted, reviewed, and saved together with it in one submit."""
    if request.method == "GET":
        return _reports_page(readable(conference_id))
    conference = editable(conference_id)
    form = ReportForm()
    grid = FigureGridForm()
    version = parse_id(request.form.get("version", ""))

    def page(status=200, notice=None):
        return _reports_page(conference, form, grid, notice, version), status

    # A pasted table is always read for review first, even if "Thêm báo cáo" was pressed.
    if request.form.get("action") == "paste" or (grid.paste.data or "").strip():
        return _read_paste(grid, page)
    if not (form.validate() & grid.validate()):
        return page(422)
    rows = grid.figure_rows()
    report = Report(position=services.next_position(conference.reports))

    def change():
        conference.reports.append(report)
        _fill_report(form, report)
        if not rows:
            return _("Đã thêm báo cáo “%(t)s”. Nhập các số liệu của báo cáo bên dưới.", t=report.title)
        saved = figures_service.save_figures(report, rows)
        carried = baselines.carry_baselines(conference, saved.new)
        return _with_carried(
            _("Đã thêm báo cáo “%(t)s” với %(n)s số liệu.", t=report.title, n=saved.added), carried
        )

    return save(
        conference,
        "reports",
        change,
        form=grid if rows else form,
        render=lambda _s: _reports_page(conference, form, grid),
        current=lambda: now_reads(_("các báo cáo"), "; ".join(r.title for r in conference.reports)),
        to=lambda: url_for(".report_edit", conference_id=conference.id, report_id=report.id),
    )


def _report_page(conference: Conference, report: Report, form=None, grid=None, version=None, notice=None):
    if form is None:
        form = ReportForm(obj=report, formdata=None)
    return render_template(
        "conferences/report_edit.html",
        conference=conference,
        report=report,
        form=form,
        grid=grid or grid_for(figures_service.rows_of(report)),
        # A grid sent back for review keeps the version it was built from.
        grid_version=version if version is not None else report.version,
        notice=notice,
        carried={figure.id for figure in report.figures if figure.baseline_carried},
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


@bp.post("/<int:conference_id>/reports/<int:report_id>/figures")
def figures(conference_id: int, report_id: int):
    """Save the report's figures as one grid, or read a pasted block into it for review."""
    conference = editable(conference_id)
    report = child(Report, report_id, conference)
    grid = FigureGridForm()
    version = parse_id(request.form.get("version", ""))

    def page(status=200, notice=None):
        return _report_page(conference, report, grid=grid, version=version, notice=notice), status

    # As on the new-report form: a block in the paste box is read, never dropped by "save".
    if request.form.get("action") == "paste" or (grid.paste.data or "").strip():
        return _read_paste(grid, page)
    if not grid.validate():
        return page(422)
    rows = grid.figure_rows()

    def change():
        saved = figures_service.save_figures(report, rows)
        # Only new rows: a baseline a person cleared on an existing row stays cleared.
        return _saved_message(saved, baselines.carry_baselines(conference, saved.new))

    return save(
        conference,
        report,
        change,
        form=grid,
        endpoint=".report_edit",
        report_id=report.id,
        # After a refusal the page shows the stored version: saving again is then deliberate.
        render=lambda status: _report_page(conference, report, grid=grid),
        current=lambda: now_reads(_("số liệu"), "; ".join(figure.label for figure in report.figures)),
    )


def _read_paste(grid: FigureGridForm, page):
    """Read the pasted block under the rows already in the grid; nothing is saved yet."""
    grid.validate()  # for the paste box's own limits; row errors wait for the save
    for entry in grid.rows:
        for field in entry.form:
            field.errors = []
    if grid.paste.errors:
        return page(422)
    result = parse_block(grid.paste.data or "")
    if not result.rows and not result.errors:
        grid.paste.errors = [_("Hãy dán các dòng số liệu vào ô này.")]
        return page(422)
    if result.errors:
        grid.paste.errors = [str(message) for _line, message in result.errors]
        return page(422)
    grid.trim()
    if len(grid.rows.entries) + len(result.rows) > figures_service.MAX_FIGURES:
        grid.paste.errors = [
            _(
                "Một báo cáo có tối đa %(n)s số liệu: bảng đã dán có %(m)s dòng, báo cáo đã có %(k)s.",
                n=figures_service.MAX_FIGURES,
                m=len(result.rows),
                k=len(grid.rows.entries),
            )
        ]
        return page(422)
    for row in pasted_rows(result):
        grid.add(row)
    grid.add_blank()
    grid.paste.data = ""
    return page(
        200,
        notice=_(
            "Đã đọc %(n)s dòng số liệu, chưa lưu. Hãy kiểm tra bảng rồi bấm “Lưu số liệu”.",
            n=len(result.rows),
        ),
    )


def _saved_message(saved: figures_service.Saved, carried: int) -> str:
    parts = []
    if saved.added:
        parts.append(_("thêm %(n)s", n=saved.added))
    if saved.changed:
        parts.append(_("sửa %(n)s", n=saved.changed))
    if saved.removed:
        parts.append(_("xóa %(n)s", n=saved.removed))
    if not parts:
        return _("Số liệu không thay đổi.")
    return _with_carried(_("Đã lưu số liệu (%(what)s).", what=", ".join(parts)), carried)


def _with_carried(message: str, carried: int) -> str:
    if carried:
        message += " " + _("%(n)s số liệu kỳ so sánh được lấy từ cùng kỳ năm trước.", n=carried)
    return message
