"""Bulk import of units and users from CSV (UTF-8) or Excel (.xlsx): validate every row, then
create all of them or none.

The format is told by the content, never by the file name: an .xlsx file is a ZIP archive;
anything else must be UTF-8 text (with or without BOM) separated by ``,`` or ``;``.
"""
from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func

from .. import labels
from ..audit import record
from ..extensions import db
from ..formatting import number
from ..models import Organisation, User
from ..models.users import MIN_PASSWORD_LENGTH
from ..rules import RuleError
from ..text import clean_line, fold
from .validation import EMAIL_PATTERN, USERNAME_PATTERN

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
    "units": Kind(required=("ma", "ten", "cap"), optional=("ma_cap_tren",), example=(
        ("TU-HG", "Tỉnh ủy Hậu Giang", "province", "", ),
        ("DU-VT", "Đảng ủy phường Vị Tân", "Cơ sở", "TU-HG"),
    )),
    "users": Kind(required=("ten_dang_nhap", "ho_ten", "vai_tro", "ma_don_vi"),
                  optional=("email", "mat_khau"), example=(
        ("nguyenvana", "Nguyễn Văn A", "officer", "DU-VT", "nguyenvana@example.vn", ""),
    )),
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
        raise FileRejected(_("Tệp bắt đầu như một tệp nén ZIP/Excel nhưng bị hỏng; hãy lưu lại "
                             "thành .xlsx hoặc CSV UTF-8.")) from exc
    if unpacked > MAX_UNPACKED:
        raise FileRejected(_("Tệp Excel quá lớn khi giải nén; hãy tách thành nhiều tệp nhỏ hơn."))
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("Tệp là một tệp nén ZIP (có thể là Word hoặc tệp nén) chứ không phải "
                             "bảng tính Excel .xlsx."))
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
            for line, row in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS,
                                                       values_only=True), start=1):
                yield line, [_cell(v) for v in row]
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from exc
    finally:
        book.close()


def _text_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("Tệp được lưu bằng mã UTF-16 (\"Unicode Text\"). Hãy lưu lại bằng "
                             "\"CSV UTF-8 (Comma delimited)\" hoặc dùng tệp .xlsx."))
    for signature, name in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise FileRejected(_("Tệp là %(kind)s, không phải CSV hay Excel (.xlsx). Hãy chọn tệp "
                                 "CSV UTF-8 hoặc .xlsx.", kind=name))
    if b"\x00" in data[:8192]:
        raise FileRejected(_("Tệp không phải văn bản CSV hay Excel (.xlsx). Hãy chọn tệp CSV UTF-8 "
                             "hoặc .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FileRejected(_("Tệp không phải mã UTF-8 (lỗi ở dòng %(line)s); có thể là TCVN3, VNI "
                             "hoặc Windows-1258. Hãy lưu lại bằng \"CSV UTF-8 (Comma delimited)\" "
                             "hoặc dùng tệp .xlsx.", line=line)) from exc
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
        raise FileRejected(_("Tệp CSV hỏng ở dòng %(line)s: %(error)s",
                             line=end + 1, error=str(exc))) from exc


def too_large_message(max_bytes: int = MAX_BYTES) -> str:
    return _("Tệp quá lớn: tối đa %(mb)s MB. Hãy tách thành nhiều tệp nhỏ hơn.",
             mb=number(max_bytes / 1024 / 1024))


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
            raise FileRejected(_("Tệp có hơn %(n)s dòng dữ liệu; hãy tách thành nhiều tệp.",
                                 n=number(max_rows)))
        table.rows.append((line, {name: (values[i] if i < len(values) else "")
                                  for i, name in enumerate(header) if name in kind.columns}))
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
        raise FileRejected(_("Thiếu cột %(missing)s. Dòng tiêu đề cần có các cột: %(columns)s.",
                             missing=", ".join(missing), columns=", ".join(kind.columns)))
    table.ignored = [name for name in header if name and name not in kind.columns]


# --- codes from labels -------------------------------------------------------------------------

def _aliases(mapping: dict) -> dict[str, str]:
    """Folded code, label and each comma-separated part of the label (in Vietnamese and English)
    → code: "tinh", "thanh pho", "tinh, thanh pho" and "province" all mean province."""
    found: dict[str, str] = {}
    for code, label in mapping.items():
        found[fold(code)] = code
        for locale in ("vi", "en"):
            with force_locale(locale):
                text = str(label)
            found.setdefault(fold(text), code)
            text = text.split("(")[0]
            found.setdefault(fold(text), code)
            for part in text.split(","):
                if fold(part):
                    found.setdefault(fold(part), code)
    return found


# --- units ---------------------------------------------------------------------------------------

def _existing_units() -> dict[str, tuple[int, bool]]:
    """External key (case-folded) → (id, active), in one query."""
    rows = db.session.execute(db.select(Organisation.external_key, Organisation.id, Organisation.active)
                              .where(Organisation.external_key.is_not(None)))
    return {key.casefold(): (unit_id, active) for key, unit_id, active in rows}


def _import_units(table: Table, actor: User, within: set[int] | None) -> int:
    levels = _aliases(labels.LEVELS)
    existing = _existing_units()
    first_line: dict[str, int] = {}
    all_lines: dict[str, int] = {}
    for line, row in table.rows:
        all_lines.setdefault(row.get("ma", "").casefold(), line)
    errors: list[RowError] = []
    plan = []
    for line, row in table.rows:
        reasons = []
        key, name = row.get("ma", ""), row.get("ten", "")
        level_text, parent_key = row.get("cap", ""), row.get("ma_cap_tren", "")
        folded = key.casefold()
        if not key:
            reasons.append(_("thiếu mã đơn vị (cột ma)"))
        elif len(key) > 120:
            reasons.append(_("mã đơn vị dài quá 120 ký tự"))
        elif folded in first_line:
            reasons.append(_("mã “%(k)s” trùng với dòng %(line)s", k=key, line=first_line[folded]))
        elif folded in existing:
            reasons.append(_("mã “%(k)s” đã có trong hệ thống", k=key))
        if key and folded not in first_line:
            first_line[folded] = line
        if not name:
            reasons.append(_("thiếu tên đơn vị (cột ten)"))
        elif len(name) > 255:
            reasons.append(_("tên đơn vị dài quá 255 ký tự"))
        level = levels.get(fold(level_text))
        if not level_text:
            reasons.append(_("thiếu cấp (cột cap)"))
        elif level is None:
            reasons.append(_("cấp “%(c)s” không hợp lệ; dùng một trong: %(codes)s",
                             c=level_text, codes=", ".join(labels.LEVELS)))
        parent = None
        if parent_key:
            parent_folded = parent_key.casefold()
            if parent_folded == folded:
                reasons.append(_("đơn vị không thể là cấp trên của chính nó"))
            elif parent_folded in first_line and first_line[parent_folded] < line:
                parent = ("new", parent_folded)
            elif parent_folded in existing:
                parent_id, parent_active = existing[parent_folded]
                if within is not None and parent_id not in within:
                    reasons.append(_("đơn vị cấp trên “%(k)s” nằm ngoài phạm vi quản trị của bạn",
                                     k=parent_key))
                elif not parent_active:
                    reasons.append(_("đơn vị cấp trên “%(k)s” đã ngừng hoạt động", k=parent_key))
                parent = ("old", parent_id)
            elif parent_folded in all_lines:
                reasons.append(_("đơn vị cấp trên “%(k)s” ở dòng %(line)s, phía sau dòng này: hãy đặt "
                                 "dòng của đơn vị cấp trên lên trước",
                                 k=parent_key, line=all_lines[parent_folded]))
            else:
                reasons.append(_("không tìm thấy đơn vị cấp trên có mã “%(k)s”", k=parent_key))
        elif within is not None:
            reasons.append(_("thiếu mã đơn vị cấp trên (cột ma_cap_tren): bạn chỉ quản trị các "
                             "đơn vị trong phạm vi của mình"))
        if reasons:
            errors.append(RowError(line, "; ".join(reasons)))
        else:
            plan.append((line, key, name, level, parent))
    if errors:
        raise Invalid(errors, len(table.rows))
    created: dict[str, Organisation] = {}
    for line, key, name, level, parent in plan:
        unit = Organisation(name=name, external_key=key, level=level, sort_order=line, active=True)
        if parent and parent[0] == "new":
            unit.parent = created[parent[1]]
        elif parent:
            unit.parent_id = parent[1]
        created[key.casefold()] = unit
        db.session.add(unit)
    record("import.units", actor=actor, unit=actor.organisation, subject=str(len(plan)),
           count=len(plan))
    return len(plan)


# --- users ---------------------------------------------------------------------------------------

PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def generate_password() -> str:
    """Three groups of four easy-to-read characters: about 75 bits."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


def _import_users(table: Table, actor: User, within: set[int] | None) -> list[tuple[str, str, str]]:
    roles = _aliases(labels.ROLES)
    units = _existing_units()
    taken = {name for (name,) in db.session.execute(db.select(func.lower(User.username)))}
    first_line: dict[str, int] = {}
    errors: list[RowError] = []
    plan = []
    for line, row in table.rows:
        reasons = []
        username = row.get("ten_dang_nhap", "").lower()
        full_name, email = row.get("ho_ten", ""), row.get("email", "")
        role_text, unit_key = row.get("vai_tro", ""), row.get("ma_don_vi", "")
        password = row.get("mat_khau", "")
        if not username:
            reasons.append(_("thiếu tên đăng nhập (cột ten_dang_nhap)"))
        elif not USERNAME_PATTERN.match(username):
            reasons.append(_("tên đăng nhập “%(u)s” chỉ được gồm chữ thường không dấu, số, dấu chấm, "
                             "gạch ngang, gạch dưới (2–80 ký tự)", u=username))
        elif username in first_line:
            reasons.append(_("tên đăng nhập “%(u)s” trùng với dòng %(line)s", u=username,
                             line=first_line[username]))
        elif username in taken:
            reasons.append(_("tên đăng nhập “%(u)s” đã có người dùng", u=username))
        if username and username not in first_line:
            first_line[username] = line
        if not full_name:
            reasons.append(_("thiếu họ tên (cột ho_ten)"))
        elif len(full_name) > 200:
            reasons.append(_("họ tên dài quá 200 ký tự"))
        if email and (len(email) > 255 or not EMAIL_PATTERN.match(email)):
            reasons.append(_("thư điện tử “%(e)s” không hợp lệ", e=email))
        role = roles.get(fold(role_text))
        if not role_text:
            reasons.append(_("thiếu vai trò (cột vai_tro)"))
        elif role is None:
            reasons.append(_("vai trò “%(r)s” không hợp lệ; dùng một trong: %(codes)s",
                             r=role_text, codes=", ".join(labels.ROLES)))
        unit = units.get(unit_key.casefold())
        if not unit_key:
            reasons.append(_("thiếu mã đơn vị (cột ma_don_vi)"))
        elif unit is None:
            reasons.append(_("không có đơn vị mã “%(k)s”", k=unit_key))
        elif within is not None and unit[0] not in within:
            reasons.append(_("đơn vị “%(k)s” nằm ngoài phạm vi quản trị của bạn", k=unit_key))
        elif not unit[1]:
            reasons.append(_("đơn vị “%(k)s” đã ngừng hoạt động", k=unit_key))
        if password:
            if len(password) < MIN_PASSWORD_LENGTH:
                reasons.append(_("mật khẩu ngắn hơn %(n)s ký tự", n=MIN_PASSWORD_LENGTH))
            elif len(password) > 200:
                reasons.append(_("mật khẩu dài quá 200 ký tự"))
            elif password.lower() == username:
                reasons.append(_("mật khẩu trùng tên đăng nhập"))
        if reasons:
            errors.append(RowError(line, "; ".join(reasons)))
        else:
            plan.append((username, full_name, email or None, role, unit[0], password))
    if errors:
        raise Invalid(errors, len(table.rows))
    generated = []
    for username, full_name, email, role, unit_id, password in plan:
        if not password:
            password = generate_password()
            generated.append((username, full_name, password))
        user = User(username=username, full_name=full_name, email=email, role=role,
                    organisation_id=unit_id, active=True)
        user.set_password(password)
        db.session.add(user)
    record("import.users", actor=actor, unit=actor.organisation, subject=str(len(plan)),
           count=len(plan), generated_passwords=len(generated),
           usernames=", ".join(username for username, *_rest in plan))
    return generated


# --- entry points --------------------------------------------------------------------------------

def run_import(kind: str, data: bytes, actor: User, max_rows: int = MAX_ROWS,
               max_bytes: int = MAX_BYTES, within: set[int] | None = None) -> Result:
    """Validate the whole file, then add every row to the session (the caller commits).

    ``within``: the units the actor administers (None: all); rows naming others are refused.

    Raises :class:`FileRejected` when the file cannot be read, :class:`Invalid` with every
    bad row when some rows are wrong; in both cases nothing was added.
    """
    spec = KINDS[kind]
    table = read_table(data, spec, max_rows, max_bytes)
    if kind == "units":
        return Result(kind, _import_units(table, actor, within), table.ignored)
    passwords = _import_users(table, actor, within)
    return Result(kind, len(table.rows), table.ignored, passwords)


def template_csv(kind: str) -> bytes:
    """A CSV template: UTF-8 with BOM (so Excel shows Vietnamese), ``;``-separated (the list
    separator of Excel under Vietnamese regional settings), header and example rows."""
    spec = KINDS[kind]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(spec.columns)
    writer.writerows(spec.example)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
