"""Reading an import file into a table: format, size, encoding, header. Nothing here
touches the database; :mod:`.importing` checks and applies the rows.

The format is told by the content, never by the file name: an .xlsx file is a ZIP archive;
anything else must be UTF-8 text (with or without BOM) separated by ``,`` or ``;``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _

from ..formatting import number
from ..rules import RuleError
from ..text import clean_line, fold

#: Largest file accepted, in bytes.
MAX_BYTES = 2 * 1024 * 1024
#: Most data rows (the header not counted) in one file.
MAX_ROWS = 20_000
#: An .xlsx is compressed: refuse archives that unpack to more than this (zip bombs).
MAX_UNPACKED = 64 * 1024 * 1024
#: Columns read from a spreadsheet; the import uses a handful.
MAX_COLUMNS = 60
#: Row errors listed on the page; the rest are counted.
MAX_LISTED_ERRORS = 500

ZIP_MAGIC = b"PK\x03\x04"
BINARY_SIGNATURES = {
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "Excel 97–2003 (.xls) / Word (.doc)",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
    b"\x1f\x8b": "gzip",
}


class FileRejected(RuleError):
    """The file as a whole cannot be read: wrong format, encoding, size or columns (the
    message goes next to the file field)."""

    def __init__(self, message: str, field: str | None = "file"):
        super().__init__(message, field)


@dataclass
class RowError:
    line: int
    message: str


class Invalid(RuleError):
    """Some rows are wrong: nothing was saved (the page lists them, row by row)."""

    def __init__(self, errors: list[RowError], rows: int):
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors
        self.rows = rows


@dataclass
class Result:
    kind: str
    created: int
    ignored_columns: list[str] = field(default_factory=list)
    #: (username, full name, password) of the accounts whose password was generated.
    passwords: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    example: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


KINDS = {
    "units": Kind(
        required=("ma", "ten", "cap"),
        optional=("ma_cap_tren",),
        example=(
            ("TU-HG", "Tỉnh ủy Hậu Giang", "province", ""),
            ("DU-VT", "Đảng ủy phường Vị Tân", "Cơ sở", "TU-HG"),
        ),
    ),
    "users": Kind(
        required=("ten_dang_nhap", "ho_ten", "vai_tro", "ma_don_vi"),
        optional=("email", "mat_khau"),
        example=(("nguyenvana", "Nguyễn Văn A", "officer", "DU-VT", "nguyenvana@example.vn", ""),),
    ),
}


# --- reading the file --------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return clean_line(str(value)) or ""


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise FileRejected(
            _("Tệp bắt đầu như một tệp nén ZIP/Excel nhưng bị hỏng; hãy lưu lại thành .xlsx hoặc CSV UTF-8.")
        ) from exc
    if unpacked > MAX_UNPACKED:
        raise FileRejected(_("Tệp Excel quá lớn khi giải nén; hãy tách thành nhiều tệp nhỏ hơn."))
    if "xl/workbook.xml" not in names:
        raise FileRejected(
            _("Tệp là một tệp nén ZIP (có thể là Word hoặc tệp nén) chứ không phải bảng tính Excel .xlsx.")
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FileRejected(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from exc
    try:
        if not book.worksheets:
            raise FileRejected(_("Tệp Excel không có trang tính nào."))
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions: read what is there
        try:
            for line, row in enumerate(
                sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                yield line, [_cell(v) for v in row]
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from exc
    finally:
        book.close()


def _text_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            _(
                'Tệp được lưu bằng mã UTF-16 ("Unicode Text"). Hãy lưu lại bằng '
                '"CSV UTF-8 (Comma delimited)" hoặc dùng tệp .xlsx.'
            )
        )
    for signature, name in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise FileRejected(
                _(
                    "Tệp là %(kind)s, không phải CSV hay Excel (.xlsx). Hãy chọn tệp CSV UTF-8 hoặc .xlsx.",
                    kind=name,
                )
            )
    if b"\x00" in data[:8192]:
        raise FileRejected(
            _("Tệp không phải văn bản CSV hay Excel (.xlsx). Hãy chọn tệp CSV UTF-8 hoặc .xlsx.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            _(
                "Tệp không phải mã UTF-8 (lỗi ở dòng %(line)s); có thể là TCVN3, VNI "
                'hoặc Windows-1258. Hãy lưu lại bằng "CSV UTF-8 (Comma delimited)" '
                "hoặc dùng tệp .xlsx.",
                line=line,
            )
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if not first.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            yield start, [clean_line(value) or "" for value in record]
    except csv.Error as exc:
        raise FileRejected(
            _("Tệp CSV hỏng ở dòng %(line)s: %(error)s", line=end + 1, error=str(exc))
        ) from exc


def too_large_message(max_bytes: int = MAX_BYTES) -> str:
    return _(
        "Tệp quá lớn: tối đa %(mb)s MB. Hãy tách thành nhiều tệp nhỏ hơn.", mb=number(max_bytes / 1024 / 1024)
    )


def _column_name(header: str) -> str:
    return fold(header).replace(" ", "_").replace("-", "_")


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]]
    ignored: list[str]


def read_table(data: bytes, kind: Kind, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Table:
    """The data rows of the file as (line, {column: value}); the header is line 1."""
    if not data:
        raise FileRejected(_("Tệp rỗng."))
    if len(data) > max_bytes:
        raise FileRejected(too_large_message(max_bytes))
    rows = _xlsx_rows(data) if data.startswith(ZIP_MAGIC) else _text_rows(data)
    header: list[str] | None = None
    table = Table(rows=[], ignored=[])
    for line, values in rows:
        while values and not values[-1]:
            values.pop()
        if not values:
            continue
        if header is None:
            header = [_column_name(v) for v in values]
            _check_header(header, kind, table)
            continue
        if len(table.rows) >= max_rows:
            raise FileRejected(
                _("Tệp có hơn %(n)s dòng dữ liệu; hãy tách thành nhiều tệp.", n=number(max_rows))
            )
        table.rows.append(
            (
                line,
                {
                    name: (values[i] if i < len(values) else "")
                    for i, name in enumerate(header)
                    if name in kind.columns
                },
            )
        )
    if header is None:
        raise FileRejected(_("Tệp không có dòng tiêu đề nào."))
    if not table.rows:
        raise FileRejected(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return table


def _check_header(header: list[str], kind: Kind, table: Table) -> None:
    seen = set()
    for name in header:
        if name and name in seen:
            raise FileRejected(_("Cột “%(c)s” có hai lần trong dòng tiêu đề.", c=name))
        seen.add(name)
    missing = [c for c in kind.required if c not in seen]
    if missing:
        raise FileRejected(
            _(
                "Thiếu cột %(missing)s. Dòng tiêu đề cần có các cột: %(columns)s.",
                missing=", ".join(missing),
                columns=", ".join(kind.columns),
            )
        )
    table.ignored = [name for name in header if name and name not in kind.columns]
