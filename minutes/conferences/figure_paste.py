"""Read a block of figures pasted from Excel or Word into a textarea (pure: no request, no DB).

Columns, in order: label, value, unit, baseline value, baseline period. Cells are separated by
tabs (what Excel and Word tables put on the clipboard); a line without a tab may use " | ", ";"
or two or more spaces instead, and a line with one cell is split into a label and a trailing
amount ("Số vụ vi phạm 1.917 vụ"). Nothing here saves anything: the figures grid shows
:attr:`PasteResult.rows` for review and saves only when :attr:`PasteResult.ok`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..models.conferences import QUALIFIERS
from ..rules import Message, figure_problem
from ..text import clean_line, fold, nfc, parse_number

#: Column widths of :class:`minutes.models.conferences.Figure`.
MAX_LABEL = 500
MAX_UNIT = 100
MAX_BASELINE_LABEL = 200

_QUALIFIER = "|".join(q for q in QUALIFIERS if q)
_AMOUNT = re.compile(
    rf"(?:(?P<qualifier>{_QUALIFIER})\s*)?"
    # "1 917" (space thousands, NBSP became a space in clean_line), or digits with . and ,
    r"(?P<number>[+\-−]?(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d(?:[\d.,]*\d)?))"
    # "nghìn tỷ" multiplies twice
    r"(?P<scale>(?:\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)(?![^\W\d_]))*)"
    r"\s*(?P<unit>\D*)",
    re.IGNORECASE,
)
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_STARTS_AMOUNT = re.compile(rf"(?:{_QUALIFIER}|[+\-−]?\d)", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-+–](?:\s+|$)|•\s*)")
_IN_WHICH = re.compile(r"^trong đó\b[\s:,.–-]*", re.IGNORECASE)
#: Folded words that make the value cell of a first line a column heading ("Số liệu").
_HEADING = re.compile(
    r"\b(?:chi tieu|noi dung|so lieu|gia tri|don vi|dvt|cung ky|so sanh|so luong|ket qua"
    r"|ky bao cao|ky truoc|ghi chu|thuc hien|nam|quy|thang)\b"
)
#: The longest record read: a label, a unit and a period at their limits, and some numbers.
MAX_RECORD = MAX_LABEL + MAX_UNIT + MAX_BASELINE_LABEL + 200
#: How many words before its last digit a trailing amount may start ("khoảng 1 917 000 000").
_AMOUNT_WORDS = 6
#: How many physical lines an Excel cell wrapped in quotes may span.
_QUOTED_LINES = 50


@dataclass
class PastedFigure:
    """One row read from the block; ``line`` is its first 1-based line in the pasted text."""

    line: int
    label: str
    qualifier: str
    value: Decimal | None
    unit: str
    baseline_value: Decimal | None
    baseline_qualifier: str
    baseline_label: str
    part_of_previous: bool


@dataclass
class PasteResult:
    """The rows read, and (line, "Dòng N: …") for each line that could not be read."""

    rows: list[PastedFigure] = field(default_factory=list)
    errors: list[tuple[int, Message]] = field(default_factory=list)
    skipped_header: bool = False

    @property
    def ok(self) -> bool:
        """True when every line was read and there is at least one figure."""
        return not self.errors and bool(self.rows)


def parse_amount(cell: str) -> tuple[str, Decimal | None, str]:
    """("hơn", 300, "đảng viên") from "hơn 300 đảng viên"; ("", None, "") from an empty cell.

    Scale words multiply ("76 nghìn" is 76000), what follows is the unit. Raises ValueError
    when the cell holds something other than an amount.
    """
    text = clean_line(_unquote(nfc(cell)))
    if not text:
        return "", None, ""
    match = _AMOUNT.fullmatch(text)
    if match is None or re.search(r"\d", match["unit"]):
        raise ValueError(text)
    value = parse_number(match["number"])
    if match["scale"]:
        for word in match["scale"].split():
            value *= _SCALES[word.lower()]
        if value == value.to_integral_value():
            value = value.to_integral_value()
    unit = match["unit"].strip(" .,;:")
    return (match["qualifier"] or "").lower(), value, unit


def _unquote(cell: str) -> str:
    """Excel wraps a cell holding a line break or a quote in quotes and doubles inner quotes."""
    stripped = cell.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return cell


def _open_quote(record: str) -> bool:
    last = record.split("\t")[-1].lstrip()
    return last.startswith('"') and last.count('"') % 2 == 1


def _records(text: str) -> list[tuple[int, str]]:
    """(first line number, record): physical lines, joined while an Excel quoted cell is open."""
    lines = nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    records: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        record, end = lines[index], index
        if _open_quote(record):
            for ahead in range(index + 1, min(len(lines), index + _QUOTED_LINES)):
                joined = "\n".join(lines[index : ahead + 1])
                if not _open_quote(joined):
                    record, end = joined, ahead
                    break
        records.append((index + 1, record))
        index = end + 1
    return records


def _looks_like_amount(cell: str) -> bool:
    return bool(_STARTS_AMOUNT.match(clean_line(_unquote(cell))))


def _cells(record: str) -> list[str]:
    """The raw cells of one record (the label cell keeps its leading white space)."""
    indent = record[: len(record) - len(record.lstrip())]
    if "\t" in record:
        cells = record.split("\t")
    elif " | " in record:
        cells = re.split(r"\s*\|\s*", record.strip())
        if len(cells) > 1 and not cells[0]:  # "| label | value |", as a Markdown table
            cells.pop(0)
        cells[0] = indent + cells[0]
    else:
        cells = [record]
        for separator in (r"\s*;\s*", r"(?<=\S)\s{2,}"):
            parts = re.split(separator, record.rstrip())
            if len(parts) > 1 and _looks_like_amount(parts[1]):
                cells = parts
                break
    while len(cells) > 1 and not cells[-1].strip():
        cells.pop()
    # A label one column to the right (an indented Excel row) rather than a missing label.
    while len(cells) > 1 and not cells[0].strip() and not _looks_like_amount(cells[1]):
        cells = ["\t" + cells[1], *cells[2:]]
    return cells


def _split_single(cell: str) -> list[str]:
    """["Số vụ vi phạm", "1.917 vụ"] from "Số vụ vi phạm 1.917 vụ"; [cell, ""] without amount."""
    indent = cell[: len(cell) - len(cell.lstrip())]
    words = clean_line(_unquote(cell)).split(" ")
    # The unit has no digit, so the amount holds the last word with one; it starts at most a
    # qualifier and a few "1 917 000" digit groups before it.
    last = max((i for i, word in enumerate(words) if re.search(r"\d", word)), default=-1)
    for start in range(max(0, last - _AMOUNT_WORDS), last + 1):
        tail = " ".join(words[start:])
        if _looks_like_amount(tail):
            try:
                parse_amount(tail)
            except ValueError:
                continue
            return [indent + " ".join(words[:start]), tail]
    return [cell, ""]


def _is_header(cells: list[str]) -> bool:
    """A row of column headings: its value cell is a heading, not an amount."""
    if len(cells) < 2 or _looks_like_amount(cells[1]):
        return False
    return bool(_HEADING.search(fold(_unquote(cells[1]))))


def _line_error(line: int, problem: Message) -> tuple[int, Message]:
    return line, _l("Dòng %(line)s: %(problem)s", line=line, problem=problem)


def _structure(raw_label: str) -> tuple[str, bool]:
    """The label without its bullet or "trong đó", and whether it is a part of the row above."""
    indented = raw_label[:1].isspace()
    label = clean_line(_unquote(raw_label.lstrip()))
    part = indented
    bullet = _BULLET.match(label)
    if bullet:
        label, part = label[bullet.end() :].strip(), True
    in_which = _IN_WHICH.match(label)
    if in_which:
        part = True
        label = label[in_which.end() :].strip() or label
    return label, part


def _row(line: int, cells: list[str]) -> PastedFigure | Message:
    """One figure, or the message saying why the record is not one."""
    cells = list(cells)
    if len(cells) == 1:
        cells = _split_single(cells[0])
    if len(cells) > 2 and _looks_like_amount(cells[2]):
        cells.insert(2, "")  # no unit column: the unit is in the value cell
    if len(cells) > 5:
        return _l(
            "có %(count)s cột, nhiều hơn 5 cột (chỉ tiêu, số liệu, đơn vị, số liệu kỳ so sánh, kỳ so sánh).",
            count=len(cells),
        )
    cells += [""] * (5 - len(cells))
    label, part = _structure(cells[0])
    if not label:
        return _l("thiếu tên chỉ tiêu.")
    if len(label) > MAX_LABEL:
        return _l("tên chỉ tiêu dài quá %(limit)s ký tự.", limit=MAX_LABEL)
    value_text = clean_line(_unquote(cells[1]))
    try:
        qualifier, value, unit = parse_amount(value_text)
    except ValueError:
        return _l("không đọc được số “%(text)s”.", text=value_text)
    baseline_text = clean_line(_unquote(cells[3]))
    try:
        baseline_qualifier, baseline, baseline_unit = parse_amount(baseline_text)
    except ValueError:
        return _l("không đọc được số liệu kỳ so sánh “%(text)s”.", text=baseline_text)
    unit_cell = clean_line(_unquote(cells[2]))
    for other in (unit_cell, baseline_unit):
        if unit and other and fold(other) != fold(unit):
            return _l("đơn vị “%(one)s” và “%(other)s” khác nhau.", one=unit, other=other)
        unit = unit or other
    if len(unit) > MAX_UNIT:
        return _l("đơn vị dài quá %(limit)s ký tự.", limit=MAX_UNIT)
    baseline_label = clean_line(_unquote(cells[4]))
    if len(baseline_label) > MAX_BASELINE_LABEL:
        return _l("kỳ so sánh dài quá %(limit)s ký tự.", limit=MAX_BASELINE_LABEL)
    for number in (value, baseline):
        problem = figure_problem(number)
        if problem is not None:
            return problem
    return PastedFigure(
        line=line,
        label=label,
        qualifier=qualifier,
        value=value,
        unit=unit,
        baseline_value=baseline,
        baseline_qualifier=baseline_qualifier,
        baseline_label=baseline_label,
        part_of_previous=part,
    )


def parse_block(text: str) -> PasteResult:
    """Every figure of a pasted block, with one error per line that cannot be read."""
    result = PasteResult()
    seen_top = first = False
    for line, record in _records(text):
        if not record.strip():
            continue
        if len(record) > MAX_RECORD:
            result.errors.append(_line_error(line, _l("dòng dài quá %(limit)s ký tự.", limit=MAX_RECORD)))
            continue
        cells = _cells(record)
        if not first:
            first = True
            if _is_header(cells):
                result.skipped_header = True
                continue
        row = _row(line, cells)
        label, part = _structure(cells[0])
        if isinstance(row, PastedFigure) and part and not seen_top:
            row = _l("dòng thuộc một chỉ tiêu (“trong đó”, gạch đầu dòng) phải đứng sau chỉ tiêu đó.")
        seen_top = seen_top or (bool(label) and not part)
        if isinstance(row, PastedFigure):
            result.rows.append(row)
        else:
            result.errors.append(_line_error(line, row))
    return result
