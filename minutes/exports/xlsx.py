"""The one .xlsx writer: plain rows in, a workbook out, streamed. Knows no request.

Every export (task lists, roll-ups, dashboard tables, the conference list, the report
upward) describes its sheets as :class:`Sheet` objects and hands them here, so each file
follows the same rules (``documents.md``, "Tracking reports"):

- row 1 holds the headers, bold, and the panes are frozen under it;
- numbers are numeric cells, dates are date cells shown dd/mm/yyyy, rates are per cent;
- text is always a string cell: a value a user typed that begins with ``=``, ``+``, ``-``
  or ``@`` is stored as text (and shown with Excel's text prefix), never as a formula;
- openpyxl's write-only mode writes the rows as they come, so an export of 100.000 tasks
  never holds them all in memory (rows may be a generator over a streamed query).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..text import nfc

#: How a column's values are written.
KINDS = ("text", "number", "integer", "percent", "date", "datetime")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
#: Excel's limits: 31 characters of sheet name, 32.767 characters in a cell.
SHEET_TITLE_MAX = 31
CELL_MAX = 32767
_FORBIDDEN_IN_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass
class Column:
    header: str
    #: One of :data:`KINDS`; "percent" takes a fraction (0,376 is shown 37,6 %).
    kind: str = "text"
    #: Width in characters; None: from the header.
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    #: One sequence of values per row, in column order; None is an empty cell.
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the book."""
    base = " ".join(nfc(title).translate(_FORBIDDEN_IN_TITLE).split())[:SHEET_TITLE_MAX] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _cell(ws, value: Any, kind: str) -> WriteOnlyCell:
    if value is None or value == "":
        return WriteOnlyCell(ws, value=None)
    if kind in ("number", "integer", "percent") and isinstance(value, (int, float)):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = {"integer": "#,##0", "percent": "0.0%"}.get(kind, "#,##0.##")
        return cell
    if kind == "datetime" and isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if kind in ("date", "datetime") and isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    text = nfc(str(value))[:CELL_MAX]
    cell = WriteOnlyCell(ws, value=text)
    # openpyxl reads a string beginning with "=" as a formula; a user's text never is one.
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell


def write(sheets: Iterable[Sheet], out: IO[bytes]) -> None:
    """Write ``sheets`` as one workbook into ``out``."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet_title(sheet.title, taken))
        ws.freeze_panes = "A2"
        for i, column in enumerate(sheet.columns, start=1):
            width = column.width or max(10, min(len(column.header) + 2, 40))
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for column in sheet.columns:
            cell = _cell(ws, column.header, "text")
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        kinds = [c.kind for c in sheet.columns]
        for row in sheet.rows:
            ws.append([_cell(ws, v, kinds[i] if i < len(kinds) else "text") for i, v in enumerate(row)])
    if not taken:  # an empty book is not a valid file
        book.create_sheet("Sheet")
    book.save(out)


def stream(sheets: Iterable[Sheet], chunk: int = 64 * 1024) -> Iterator[bytes]:
    """The workbook as chunks of bytes, for a streamed response. The rows are consumed while
    the workbook is written (to a temporary file that spills to disk past 8 MB)."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
        write(sheets, out)
        out.seek(0)
        while data := out.read(chunk):
            yield data


MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
