"""The report upward as a Word document in the issuing body's format (36-HD/VPTW or decree
30), with the building blocks of :mod:`minutes.documents.word`: the body's letterhead, the
number left for the office ("Số      -BC/…": reports upward are not issued here), place and
date, BÁO CÁO and its subject, the totals against cùng kỳ in words, a table per unit, the
overdue tasks, Nơi nhận and the signature. Documents are Vietnamese whatever the UI language.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..clock import today
from ..documents import letterheads as lh
from ..documents import word
from ..documents.content import Block, Heading, Table
from ..documents.content import Report as ReportContent
from ..documents.gather import day_month, default_signer
from ..formatting import document_date, number, percent
from ..models import Task
from ..tasks import status as st
from .services import Figures, Report

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Overdue tasks listed by name; the rest are counted (the workbook lists them all).
OVERDUE_LISTED = 30
UNIT_HEADER = [
    "Đơn vị",
    "Tổng số",
    "Đúng hạn",
    "Xong quá hạn",
    "Trong hạn",
    "Quá hạn",
    "Tỷ lệ",
    "Cùng kỳ",
    "Tăng, giảm",
]
UNIT_WIDTHS = [3.3, 1.5, 1.4, 1.5, 1.7, 1.4, 1.9, 1.9, 1.9]


def _rate(value: float | None, signed: bool = False) -> str:
    """37,6 % with a no-break space, so a narrow table cell never parts the number and its sign."""
    return percent(value, signed=signed).replace(" ", "\u00a0") if value is not None else "—"


def _change_words(change: float | None) -> str:
    if change is None:
        return ""
    if round(change, 1) == 0:
        return "bằng cùng kỳ"
    return f"{'tăng' if change > 0 else 'giảm'} {number(abs(change), 1)} điểm phần trăm so với cùng kỳ"


def _summary(report: Report) -> str:
    """The totals in one paragraph, as reports upward write them."""
    now: Figures = report.total.current
    then: Figures = report.total.previous
    r, p = now.rollup, then.rollup
    scope = f"{report.organisation.name} và các đơn vị trực thuộc"
    if not r.all:
        return (
            f"Tính đến {document_date(report.as_of)}, {scope} không có nhiệm vụ nào thuộc "
            f"{report.period.words()} theo các kết luận, chỉ đạo được theo dõi."
        )
    parts = [
        f"Tính đến {document_date(report.as_of)}, {scope} có {number(r.all)} nhiệm vụ thuộc "
        f"{report.period.words()} theo các kết luận, chỉ đạo được theo dõi ({number(r.total)} nhiệm vụ "
        f"có thời hạn, {number(r.standing)} nhiệm vụ thực hiện thường xuyên)."
    ]
    if r.total:
        done = (
            f"Đã hoàn thành {number(r.done)}/{number(r.total)} nhiệm vụ có thời hạn, đạt {_rate(r.rate)} "
            f"({number(now.on_time)} nhiệm vụ đúng hạn, {number(r[st.DONE_LATE])} nhiệm vụ quá hạn)"
        )
        if p.rate is not None:
            change = _change_words(report.total.change)
            done += f"; cùng kỳ {report.previous.words()} đạt {_rate(p.rate)}, {change}"
        parts.append(done + ".")
        over = ", ".join(f"{number(now.ages[n])} nhiệm vụ quá hạn trên {n} ngày" for n in st.OVERDUE_BUCKETS)
        parts.append(
            f"Đang thực hiện trong hạn {number(r[st.IN_PROGRESS])} nhiệm vụ; quá hạn chưa hoàn thành "
            f"{number(r[st.OVERDUE])} nhiệm vụ (trong đó {over})."
        )
    if r.standing:
        parts.append(
            f"Nhiệm vụ thường xuyên: {number(r.standing_done)}/{number(r.standing)} nhiệm vụ "
            "đã báo cáo hoàn thành."
        )
    if r[st.CANCELLED]:
        parts.append(f"{number(r[st.CANCELLED])} nhiệm vụ đã hủy không tính vào kết quả.")
    return " ".join(parts)


def _unit_table(report: Report) -> Table:
    rows = []
    for row in [report.total, *report.rows]:
        a = row.current
        name = "Tổng cộng" if row is report.total else row.name
        rows.append(
            [
                name,
                number(a.rollup.all),
                number(a.on_time),
                number(a.rollup[st.DONE_LATE]),
                number(a.rollup[st.IN_PROGRESS]),
                number(a.rollup[st.OVERDUE]),
                _rate(a.rollup.rate),
                _rate(row.previous.rollup.rate),
                _rate(row.change, signed=True),
            ]
        )
    return Table(UNIT_HEADER, rows, numeric=list(range(1, len(UNIT_HEADER))), widths=UNIT_WIDTHS)


def _overdue_blocks(report: Report, tasks: Iterable[Task]) -> list[Block]:
    blocks: list[Block] = []
    shown = 0
    for task in tasks:
        if shown == OVERDUE_LISTED:
            break
        due = task.due_date
        days = st.overdue_days(due, report.as_of)
        when = f"thời hạn {day_month(due)}, quá {number(days)} ngày" if due else ""
        blocks.append(Block("item", f"{task.organisation_name}: {task.directive.text} ({when})."))
        shown += 1
    overdue = report.total.current.rollup[st.OVERDUE]
    if overdue > shown:
        blocks.append(
            Block("note", f"Và {number(overdue - shown)} nhiệm vụ quá hạn khác (xem bảng tính kèm theo).")
        )
    return blocks


def _conference_table(table) -> Table:
    rows = [[c.title, number(r.all), number(r.done), number(r.overdue), _rate(r.rate)] for c, r in table]
    header = ["Hội nghị", "Tổng số", "Hoàn thành", "Quá hạn", "Tỷ lệ"]
    return Table(header, rows, numeric=[1, 2, 3, 4], widths=[9.3, 1.8, 1.8, 1.8, 1.8])


def content(report: Report, overdue: Iterable[Task], conferences=()) -> ReportContent:
    """The report as the plain content the Word layout renders."""
    organisation = report.organisation
    letterhead = lh.for_body(organisation)
    day = today()
    place = letterhead.place or ""
    heading = Heading(
        family=letterhead.family,
        superior=letterhead.superior,
        body=letterhead.body_line or organisation.name.upper(),
        number=lh.number_text(letterhead, "report", None),
        place_date=f"{place}, {document_date(day)}" if place else document_date(day).capitalize(),
        doc_type="BÁO CÁO",
        subject=f"Kết quả thực hiện kết luận, chỉ đạo {report.period.words()}",
    )
    blocks = [
        Block("heading", "I. KẾT QUẢ CHUNG"),
        Block("paragraph", _summary(report)),
        Block("heading", "II. KẾT QUẢ THEO ĐƠN VỊ"),
        Block(
            "note",
            "Tỷ lệ hoàn thành = số nhiệm vụ đã hoàn thành ÷ số nhiệm vụ có thời hạn (không tính nhiệm vụ "
            f"đã hủy); cùng kỳ: {report.previous.words()}.",
        ),
        Block("table", table=_unit_table(report)),
    ]
    numbers = iter(("III", "IV"))
    if conferences:
        blocks += [
            Block("heading", f"{next(numbers)}. KẾT QUẢ THEO HỘI NGHỊ"),
            Block("table", table=_conference_table(conferences)),
        ]
    late = _overdue_blocks(report, overdue)
    if late:
        blocks += [Block("heading", f"{next(numbers)}. CÁC NHIỆM VỤ QUÁ HẠN"), *late]
    recipients = [line.strip(" -;,.") for line in letterhead.recipients.splitlines() if line.strip(" -;,.")]
    if not recipients and organisation.parent is not None:
        recipients.append(f"{organisation.parent.name} (để báo cáo)")
    recipients.append(lh.archive_line(letterhead))
    return ReportContent(heading, blocks, recipients, default_signer(letterhead))


def render(report: Report, overdue: Iterable[Task], conferences=()) -> bytes:
    """The .docx bytes."""
    return word.report(content(report, overdue, conferences))
