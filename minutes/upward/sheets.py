"""The report upward as spreadsheet sheets for :mod:`minutes.exports.xlsx`: per unit against
cùng kỳ, the overdue tasks on the period's last day, and per conference."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from ..exports.xlsx import Column, Sheet
from ..formatting import short_date
from ..models import Task
from ..tasks import status as st
from .services import Figures, Report, Row


def _fraction(rate: float | None) -> float | None:
    """A rate in per cent as the fraction the writer's "percent" kind takes."""
    return None if rate is None else rate / 100


def _figure_columns(suffix: str) -> list[Column]:
    over = [Column(_("Quá hạn trên %(n)s ngày", n=n) + suffix, "integer") for n in st.OVERDUE_BUCKETS]
    return [
        Column(_("Tổng số") + suffix, "integer"),
        Column(_("Có thời hạn") + suffix, "integer"),
        Column(_("Hoàn thành đúng hạn") + suffix, "integer"),
        Column(_("Hoàn thành quá hạn") + suffix, "integer"),
        Column(_("Đang thực hiện trong hạn") + suffix, "integer"),
        Column(_("Quá hạn") + suffix, "integer"),
        *over,
        Column(_("Thường xuyên") + suffix, "integer"),
        Column(_("Thường xuyên đã báo cáo") + suffix, "integer"),
        Column(_("Tỷ lệ hoàn thành") + suffix, "percent"),
    ]


def _figure_values(f: Figures) -> list:
    r = f.rollup
    return [
        r.all,
        r.total,
        f.on_time,
        r[st.DONE_LATE],
        r[st.IN_PROGRESS],
        r[st.OVERDUE],
        *(f.ages[n] for n in st.OVERDUE_BUCKETS),
        r.standing,
        r.standing_done,
        _fraction(r.rate),
    ]


def summary(report: Report) -> Sheet:
    """The sheet "Tổng hợp": the totals row, then one row per unit; this period, then cùng kỳ."""
    then = " (" + _("cùng kỳ %(period)s", period=report.previous.label()) + ")"
    columns = [
        Column(_("Đơn vị"), width=40),
        *_figure_columns(""),
        *_figure_columns(then),
        Column(_("Tăng, giảm tỷ lệ so với cùng kỳ"), "percent"),
    ]

    def line(row: Row, name: str) -> list:
        change = _fraction(row.change)
        return [name, *_figure_values(row.current), *_figure_values(row.previous), change]

    rows = [line(report.total, _("Tổng cộng: %(name)s", name=report.organisation.name))]
    rows += [line(row, row.name) for row in report.rows]
    return Sheet(_("Tổng hợp"), columns, rows)


def overdue(report: Report, tasks: Iterable[Task]) -> Sheet:
    """The sheet "Quá hạn": the tasks overdue on the day the report is taken on, with how long."""
    day = report.as_of
    columns = [
        Column(_("Nhiệm vụ"), width=60),
        Column(_("Hội nghị"), width=40),
        Column(_("Đơn vị chủ trì"), width=30),
        Column(_("Thời hạn"), "date", width=12),
        Column(_("Số ngày quá hạn (đến %(day)s)", day=short_date(day)), "integer"),
        Column(_("Tiến độ (%)"), "integer"),
        Column(_("Ngày hoàn thành (sau kỳ báo cáo)"), "date", width=14),
        Column(_("Kết quả thực hiện"), width=50),
    ]

    def rows() -> Iterator[list]:
        for task in tasks:
            yield [
                task.directive.text,
                task.directive.conference.title,
                task.organisation_name,
                task.due_date,
                st.overdue_days(task.due_date, day),
                task.progress,
                task.completed_on,
                task.result_note,
            ]

    return Sheet(_("Quá hạn"), columns, rows())


def conferences(table) -> Sheet:
    """The sheet "Theo hội nghị": completion of the period's tasks per conference."""
    columns = [
        Column(_("Hội nghị"), width=60),
        Column(_("Ngày"), "date", width=12),
        Column(_("Tổng số"), "integer"),
        Column(_("Có thời hạn"), "integer"),
        Column(_("Hoàn thành"), "integer"),
        Column(_("Quá hạn"), "integer"),
        Column(_("Tỷ lệ hoàn thành"), "percent"),
        Column(_("Thường xuyên"), "integer"),
        Column(_("Thường xuyên đã báo cáo"), "integer"),
    ]
    rows = [
        [
            c.title,
            c.starts_on,
            r.all,
            r.total,
            r.done,
            r.overdue,
            _fraction(r.rate),
            r.standing,
            r.standing_done,
        ]
        for c, r in table
    ]
    return Sheet(_("Theo hội nghị"), columns, rows)
