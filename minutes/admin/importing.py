"""Bulk import of units and users from CSV (UTF-8) or Excel (.xlsx): validate every row, then
create all of them or none. Reading the file is :mod:`.import_files`; this module checks the
rows against the database and adds them.
"""

from __future__ import annotations

import csv
import io
import secrets

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func

from .. import labels
from ..audit import record
from ..extensions import db
from ..models import Organisation, User
from ..models.users import MIN_PASSWORD_LENGTH
from ..text import fold
from .import_files import (  # noqa: F401  (the import's public names, re-exported)
    KINDS,
    MAX_BYTES,
    MAX_LISTED_ERRORS,
    MAX_ROWS,
    FileRejected,
    Invalid,
    Kind,
    Result,
    RowError,
    Table,
    read_table,
    too_large_message,
)
from .validation import EMAIL_PATTERN, USERNAME_PATTERN

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
    rows = db.session.execute(
        db.select(Organisation.external_key, Organisation.id, Organisation.active).where(
            Organisation.external_key.is_not(None)
        )
    )
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
            reasons.append(
                _(
                    "cấp “%(c)s” không hợp lệ; dùng một trong: %(codes)s",
                    c=level_text,
                    codes=", ".join(labels.LEVELS),
                )
            )
        parent: tuple[str, str] | tuple[str, int] | None = None
        if parent_key:
            parent_folded = parent_key.casefold()
            if parent_folded == folded:
                reasons.append(_("đơn vị không thể là cấp trên của chính nó"))
            elif parent_folded in first_line and first_line[parent_folded] < line:
                parent = ("new", parent_folded)
            elif parent_folded in existing:
                parent_id, parent_active = existing[parent_folded]
                if within is not None and parent_id not in within:
                    reasons.append(
                        _("đơn vị cấp trên “%(k)s” nằm ngoài phạm vi quản trị của bạn", k=parent_key)
                    )
                elif not parent_active:
                    reasons.append(_("đơn vị cấp trên “%(k)s” đã ngừng hoạt động", k=parent_key))
                parent = ("old", parent_id)
            elif parent_folded in all_lines:
                reasons.append(
                    _(
                        "đơn vị cấp trên “%(k)s” ở dòng %(line)s, phía sau dòng này: hãy đặt "
                        "dòng của đơn vị cấp trên lên trước",
                        k=parent_key,
                        line=all_lines[parent_folded],
                    )
                )
            else:
                reasons.append(_("không tìm thấy đơn vị cấp trên có mã “%(k)s”", k=parent_key))
        elif within is not None:
            reasons.append(
                _(
                    "thiếu mã đơn vị cấp trên (cột ma_cap_tren): bạn chỉ quản trị các "
                    "đơn vị trong phạm vi của mình"
                )
            )
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
            unit.parent = created[str(parent[1])]
        elif parent:
            unit.parent_id = int(parent[1])
        created[key.casefold()] = unit
        db.session.add(unit)
    record("import.units", actor=actor, unit=actor.organisation, subject=str(len(plan)), count=len(plan))
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
            reasons.append(
                _(
                    "tên đăng nhập “%(u)s” chỉ được gồm chữ thường không dấu, số, dấu chấm, "
                    "gạch ngang, gạch dưới (2–80 ký tự)",
                    u=username,
                )
            )
        elif username in first_line:
            reasons.append(
                _("tên đăng nhập “%(u)s” trùng với dòng %(line)s", u=username, line=first_line[username])
            )
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
            reasons.append(
                _(
                    "vai trò “%(r)s” không hợp lệ; dùng một trong: %(codes)s",
                    r=role_text,
                    codes=", ".join(labels.ROLES),
                )
            )
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
            assert unit is not None  # no reason given: the unit was found
            plan.append((username, full_name, email or None, role, unit[0], password))
    if errors:
        raise Invalid(errors, len(table.rows))
    generated = []
    for username, full_name, address, role, unit_id, password in plan:
        if not password:
            password = generate_password()
            generated.append((username, full_name, password))
        user = User(
            username=username,
            full_name=full_name,
            email=address,
            role=role,
            organisation_id=unit_id,
            active=True,
        )
        user.set_password(password)
        db.session.add(user)
    record(
        "import.users",
        actor=actor,
        unit=actor.organisation,
        subject=str(len(plan)),
        count=len(plan),
        generated_passwords=len(generated),
        usernames=", ".join(username for username, *_rest in plan),
    )
    return generated


# --- entry points --------------------------------------------------------------------------------


def run_import(
    kind: str,
    data: bytes,
    actor: User,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    within: set[int] | None = None,
) -> Result:
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
