"""The sheets of the list exports: the columns (Vietnamese headers) and the rows of task
lists, roll-ups, the dashboard's tables and the conference list, handed to :mod:`.xlsx`.

Nothing here queries by itself or knows a request: every page hands over the very query
and results it shows (see the ``*_filters`` functions beside each page), so a file holds
the rows of its page, in the page's order, and only what the reader may see. Task and
conference rows are read in batches (``yield_per``) while the workbook is written, so an
export of 100.000 tasks never holds them all in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from .. import labels
from ..extensions import db
from ..models import Conference, Directive, Task
from ..tasks import status as st
from .xlsx import Column, Sheet

#: Rows read from the database at a time while a sheet is written.
BATCH = 500


def streamed(query: Select[Any]) -> Iterator[Any]:
    """The objects of ``query``, fetched :data:`BATCH` at a time as they are written (the
    query runs when the sheet's rows are first asked for)."""
    yield from db.session.scalars(query.execution_options(yield_per=BATCH))


def _rate(rollup: st.Rollup) -> float | None:
    """The completion rate as the fraction the "percent" kind takes (None: no due date)."""
    return rollup.rate / 100 if rollup.rate is not None else None


# --- tasks ---------------------------------------------------------------------------------


def task_columns() -> list[Column]:
    return [
        Column(_("STT"), "integer", 6),
        Column(_("Nhiệm vụ"), "text", 60),
        Column(_("Hội nghị"), "text", 40),
        Column(_("Ngày hội nghị"), "date", 12),
        Column(_("Đơn vị chủ trì"), "text", 30),
        Column(_("Đơn vị phối hợp"), "text", 30),
        Column(_("Người phụ trách"), "text", 20),
        Column(_("Mức ưu tiên"), "text", 12),
        Column(_("Thời hạn"), "date", 12),
        Column(_("Thời hạn gốc"), "date", 12),
        Column(_("Tiến độ"), "percent", 9),
        Column(_("Trạng thái"), "text", 22),
        Column(_("Số ngày quá hạn"), "integer", 10),
        Column(_("Ngày hoàn thành"), "date", 12),
        Column(_("Kết quả thực hiện"), "text", 50),
        Column(_("Việc được giao lại"), "text", 10),
        Column(_("Đề nghị gia hạn đến"), "date", 12),
    ]


def task_rows(tasks: Iterable[Task], today: date) -> Iterator[Sequence[Any]]:
    """One row per task, numbered from 1, in the order given."""
    yes = _("Có")
    for n, task in enumerate(tasks, start=1):
        status = st.status_of(task, today)
        pending = task.pending_extension
        original = task.original_due_date
        yield (
            n,
            task.directive.text,
            task.directive.conference.title,
            task.directive.conference.starts_on,
            task.organisation_name,
            "; ".join(p.organisation_name for p in task.partners),
            task.lead_person,
            labels.PRIORITIES.get(task.priority, task.priority),
            task.due_date,
            original if original and original != task.due_date else None,
            task.progress / 100,
            labels.TASK_STATUSES[status],
            st.overdue_days(task.due_date, today) if status == st.OVERDUE else None,
            task.completed_on,
            task.result_note,
            yes if task.parent_id else None,
            pending.requested_due_date if pending else None,
        )


def task_sheet(title: str, query: Select[Any], today: date) -> Sheet:
    """Every task of ``query`` (a page's list query, not paginated), streamed."""
    query = query.options(selectinload(Task.partners))
    return Sheet(title, task_columns(), task_rows(streamed(query), today))


# --- roll-ups --------------------------------------------------------------------------------


def rollup_columns() -> list[Column]:
    """Counts by status and the completion rate, as the pages show them (the rate counts
    tasks with a due date; thường xuyên tasks are reported beside it)."""
    name = labels.TASK_STATUSES
    return [
        Column(_("Tổng số nhiệm vụ"), "integer", 12),
        Column(str(name[st.DONE_ON_TIME]), "integer", 12),
        Column(str(name[st.DONE_LATE]), "integer", 12),
        Column(str(name[st.IN_PROGRESS]), "integer", 12),
        Column(str(name[st.OVERDUE]), "integer", 10),
        Column(_("Có thời hạn"), "integer", 10),
        Column(_("Đã hoàn thành (có thời hạn)"), "integer", 14),
        Column(_("Tỷ lệ hoàn thành"), "percent", 12),
        Column(_("Thường xuyên (tổng)"), "integer", 12),
        Column(_("Thường xuyên đã báo hoàn thành"), "integer", 14),
        Column(str(name[st.CANCELLED]), "integer", 10),
    ]


def rollup_values(r: st.Rollup) -> tuple:
    return (
        r.all,
        r[st.DONE_ON_TIME] - r.standing_done,
        r[st.DONE_LATE],
        r[st.IN_PROGRESS],
        r[st.OVERDUE],
        r.total,
        r.done,
        _rate(r),
        r.standing,
        r.standing_done,
        r[st.CANCELLED],
    )


def status_sheet(rollup: st.Rollup) -> Sheet:
    """Counts by status, one status a row, in report order."""
    rows = [(str(labels.TASK_STATUSES[s]), rollup[s]) for s in st.STATUSES]
    return Sheet(
        _("Theo trạng thái"),
        [Column(_("Trạng thái"), "text", 28), Column(_("Số nhiệm vụ"), "integer", 12)],
        rows,
    )


def summary_sheet(rollup: st.Rollup, lead: tuple[Column, Any] | None = None) -> Sheet:
    """The roll-up as one row (after ``lead``'s column and value, when given)."""
    columns, values = rollup_columns(), rollup_values(rollup)
    if lead is not None:
        columns, values = [lead[0], *columns], (lead[1], *values)
    return Sheet(_("Tổng hợp"), columns, [values])


def unit_sheet(table: Iterable[tuple[str, st.Rollup]]) -> Sheet:
    """Completion per lead unit (the dashboard's table, every unit, its order)."""
    return Sheet(
        _("Theo đơn vị"),
        [Column(_("Đơn vị"), "text", 36), *rollup_columns()],
        [(name, *rollup_values(r)) for name, r in table],
    )


def conference_table_sheet(table: Iterable[tuple[Conference, st.Rollup]]) -> Sheet:
    """Completion per conference (the dashboard's table)."""
    return Sheet(
        _("Theo hội nghị"),
        [
            Column(_("Hội nghị"), "text", 50),
            Column(_("Ngày hội nghị"), "date", 12),
            Column(_("Kỳ"), "text", 18),
            *rollup_columns(),
        ],
        [
            (c.title, c.starts_on, labels.period_label(c.period_kind, c.period_number, c.period_year))
            + rollup_values(r)
            for c, r in table
        ],
    )


def ages_sheet(rollup: st.Rollup, ages: dict[int, int]) -> Sheet:
    """Overdue tasks in all, and older than each bucket (30, 120 days past the due date)."""
    rows = [(_("Tổng số quá hạn"), rollup.overdue)]
    rows += [(_("Quá hạn trên %(n)s ngày", n=n), ages.get(n, 0)) for n in st.OVERDUE_BUCKETS]
    return Sheet(
        _("Quá hạn theo số ngày"),
        [Column(_("Nhóm"), "text", 28), Column(_("Số nhiệm vụ"), "integer", 12)],
        rows,
    )


def directive_table_sheet(directives: Sequence[Directive], rollups: dict[int, st.Rollup]) -> Sheet:
    """A conference's follow-up: each directive with its roll-up, in the conference's order."""
    empty = st.Rollup(dict.fromkeys(st.STATUSES, 0))
    return Sheet(
        _("Theo chỉ đạo"),
        [
            Column(_("STT"), "integer", 6),
            Column(_("Chỉ đạo"), "text", 60),
            Column(_("Thời hạn"), "date", 12),
            *rollup_columns(),
        ],
        [
            (n, d.text, d.due_date) + rollup_values(rollups.get(d.id, empty))
            for n, d in enumerate(directives, start=1)
        ],
    )


# --- conferences -----------------------------------------------------------------------------


def conference_columns() -> list[Column]:
    return [
        Column(_("STT"), "integer", 6),
        Column(_("Hội nghị"), "text", 60),
        Column(_("Loại"), "text", 16),
        Column(_("Hình thức"), "text", 12),
        Column(_("Kỳ"), "text", 18),
        Column(_("Ngày"), "date", 12),
        Column(_("Giờ, buổi"), "text", 10),
        Column(_("Cơ quan tổ chức"), "text", 36),
        Column(_("Số điểm cầu"), "integer", 10),
        Column(_("Số đại biểu"), "integer", 10),
        Column(_("Trạng thái"), "text", 14),
    ]


def conference_rows(conferences: Iterable[Conference], hour_of) -> Iterator[Sequence[Any]]:
    """One row per conference; ``hour_of(conference)`` is its local start "HH:MM" or None."""
    for n, c in enumerate(conferences, start=1):
        hour = hour_of(c) or (str(labels.DAY_PARTS[c.day_part]) if c.day_part in labels.DAY_PARTS else None)
        yield (
            n,
            c.title,
            labels.CONFERENCE_KINDS.get(c.kind, c.kind),
            labels.FORMATS.get(c.format, c.format),
            labels.period_label(c.period_kind, c.period_number, c.period_year),
            c.starts_on,
            hour,
            c.organiser_name,
            len(c.sites),
            c.reported_delegates,
            labels.STATUSES.get(c.status, c.status),
        )


def conference_sheet(query: Select[Any], hour_of) -> Sheet:
    """Every conference of ``query`` (the list page's query, not paginated), streamed."""
    return Sheet(_("Hội nghị"), conference_columns(), conference_rows(streamed(query), hour_of))
