"""Letterheads per issuing body (units of the tree and external bodies): the rules of saving
one, a body's own .docx template, and the list of bodies an admin looks after.

Services check everything before changing anything and never commit; the caller checks the
permission (ADMINISTER on the organisation) and the version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_

from .. import audit
from ..collation import vietnamese
from ..documents import custom
from ..documents import letterheads as lh
from ..extensions import db
from ..models import AuditEvent, Conference, Letterhead, Organisation, User
from ..models.documents import AUTHORITIES, FAMILIES
from ..rules import RuleError, check_date
from ..text import clean_line, nfc

#: The body's code in a number: letters and digits, parts joined by "-" or "." ("UBKTTU",
#: "TTr", "ĐU", "UBND-KT"); no space, no "/" (the number's own separator).
CODE = re.compile(r"^[^\W_]+(?:[-.][^\W_]+)*$")
MAX_RECIPIENTS = 60
#: Fields an admin edits, as the model names them.
FIELDS = (
    "family",
    "superior",
    "body_line",
    "code",
    "place",
    "term_start",
    "signer_authority",
    "signer_for",
    "signer_position",
    "signer_name",
    "recipients",
    "archive",
)
#: Printed in capitals in the header and the signature block: stored that way.
_UPPER = ("superior", "body_line", "signer_for")
MISSING = {
    "letterhead": "chưa lưu",
    "code": "ký hiệu",
    "place": "địa danh",
    "term_start": "ngày bắt đầu nhiệm kỳ",
}


@dataclass
class Row:
    """One line of the list page."""

    organisation: Organisation
    letterhead: Letterhead
    missing: list[str]

    @property
    def stored(self) -> bool:
        return self.letterhead.id is not None

    @property
    def number(self) -> str:
        return lh.number_text(self.letterhead, "notice", 1)

    @property
    def missing_labels(self) -> list[str]:
        return [MISSING[m] for m in self.missing if m != "letterhead"]


def bodies(user: User):
    """SQL: the bodies ``user`` looks after letterheads for: those that organised a conference,
    and those that have a letterhead already, in ``user``'s scope; by folded name."""
    from ..permissions import scope_select

    organisers = db.select(Conference.organiser_id).where(Conference.organiser_id.is_not(None))
    with_letterhead = db.select(Letterhead.organisation_id)
    query = db.select(Organisation).where(
        or_(Organisation.id.in_(organisers), Organisation.id.in_(with_letterhead))
    )
    scope = scope_select(user)
    if scope is not None:
        query = query.where(Organisation.id.in_(scope))
    return query.order_by(vietnamese(Organisation.name), Organisation.id)


def rows(organisations: list[Organisation]) -> list[Row]:
    """The list page's rows for one page of bodies (one query for their letterheads)."""
    ids = [o.id for o in organisations]
    stored = {
        x.organisation_id: x
        for x in db.session.scalars(db.select(Letterhead).where(Letterhead.organisation_id.in_(ids)))
    }
    out = []
    for org in organisations:
        letterhead = stored.get(org.id) or _unsaved(org)
        out.append(Row(org, letterhead, lh.missing_for_issue(letterhead)))
    return out


def _unsaved(organisation: Organisation) -> Letterhead:
    letterhead = lh.default(organisation)
    if letterhead in db.session:  # never saved by accident on the next flush
        db.session.expunge(letterhead)
    return letterhead


def current(organisation: Organisation) -> Letterhead:
    """The stored letterhead of ``organisation``, else an unsaved default (not in the session)."""
    return lh.stored(organisation.id) or _unsaved(organisation)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Check every field (RuleError on the first bad one); the values as they will be stored."""
    out: dict[str, Any] = {}
    family = values.get("family") or ""
    if family not in FAMILIES:
        raise RuleError("Hãy chọn thể thức Đảng hoặc Nhà nước.", "family")
    out["family"] = family
    authority = values.get("signer_authority") or ""
    if authority not in AUTHORITIES:
        raise RuleError("Hình thức ký không hợp lệ.", "signer_authority")
    out["signer_authority"] = authority
    limits = {
        "superior": 255,
        "body_line": 255,
        "code": 30,
        "place": 100,
        "signer_for": 120,
        "signer_position": 120,
        "signer_name": 200,
        "archive": 200,
    }
    for name, limit in limits.items():
        text = clean_line(str(values.get(name) or "")) or ""
        if len(text) > limit:
            raise RuleError(f"Tối đa {limit} ký tự.", name)
        out[name] = text.upper() if name in _UPPER else text
    if not out["body_line"]:
        raise RuleError("Hãy nhập tên cơ quan ban hành.", "body_line")
    if out["code"] and not CODE.match(out["code"]):
        raise RuleError(
            "Ký hiệu chỉ gồm chữ và số, các phần nối bằng dấu “-” hoặc “.”; không có dấu cách hay "
            "dấu “/” (ví dụ UBKTTU, UBND, TTr).",
            "code",
        )
    term_start = values.get("term_start")
    if term_start is not None and not isinstance(term_start, date):
        raise RuleError("Ngày không hợp lệ.", "term_start")
    check_date(term_start, "term_start")
    out["term_start"] = term_start
    lines = [
        clean_line(line.strip().lstrip("-").strip().rstrip(";,.")) or ""
        for line in (nfc(str(values.get("recipients") or "")) or "").splitlines()
    ]
    lines = [line for line in lines if line]
    if len(lines) > MAX_RECIPIENTS:
        raise RuleError(f"Tối đa {MAX_RECIPIENTS} nơi nhận.", "recipients")
    if any(len(line) > 255 for line in lines):
        raise RuleError("Mỗi nơi nhận tối đa 255 ký tự.", "recipients")
    out["recipients"] = "\n".join(lines)
    return out


def save(user: User, organisation: Organisation, values: dict[str, Any]) -> list[str]:
    """Set ``organisation``'s letterhead to ``values`` (created on the first save); the names
    of the fields that changed (empty: nothing to save). Audited as "letterhead.changed"."""
    clean = _clean(values)
    letterhead = lh.stored(organisation.id)
    created = letterhead is None
    if letterhead is None:
        letterhead = Letterhead(organisation_id=organisation.id)
        db.session.add(letterhead)
    changed = [name for name in FIELDS if created or getattr(letterhead, name) != clean[name]]
    for name in changed:
        setattr(letterhead, name, clean[name])
    if changed:
        audit.record(
            "letterhead.changed",
            actor=user,
            unit=organisation,
            subject=organisation.name,
            fields=", ".join(changed),
            created="yes" if created else None,
        )
    return changed


def _safe_name(name: str) -> str:
    base = (nfc(name) or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*')
    return (base.strip() or "mau.docx")[:255]


def set_template(user: User, organisation: Organisation, data: bytes, name: str) -> Letterhead:
    """Store ``data`` as ``organisation``'s own template once it is a real .docx that fills
    every kind of document (:func:`minutes.documents.custom.check`); nothing stored otherwise."""
    if not name.lower().endswith(".docx"):
        raise RuleError("Chỉ nhận tệp Word .docx (không nhận .doc, .dotx, .docm, .pdf…).", "template")
    custom.check(data)
    letterhead = lh.stored(organisation.id)
    if letterhead is None:
        letterhead = current(organisation)
        letterhead.organisation_id = organisation.id
        db.session.add(letterhead)
    letterhead.template = data
    letterhead.template_name = _safe_name(name)
    audit.record(
        "letterhead.changed",
        actor=user,
        unit=organisation,
        subject=organisation.name,
        template=letterhead.template_name,
    )
    return letterhead


def remove_template(user: User, letterhead: Letterhead) -> None:
    """Back to the built-in layout."""
    if not letterhead.template_name and letterhead.template is None:
        raise RuleError("Cơ quan này đang dùng mẫu có sẵn.", None)
    audit.record(
        "letterhead.changed",
        actor=user,
        unit=letterhead.organisation_id,
        subject=letterhead.organisation.name,
        template_removed=letterhead.template_name,
    )
    letterhead.template = None
    letterhead.template_name = ""


def last_change(organisation: Organisation) -> AuditEvent | None:
    """Who last changed ``organisation``'s letterhead, and when (for the stale-save message)."""
    return db.session.scalar(
        db.select(AuditEvent)
        .where(AuditEvent.action == "letterhead.changed", AuditEvent.organisation_id == organisation.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def preview(letterhead: Letterhead) -> dict[str, str]:
    """The header lines, the number patterns and the signature as the documents print them."""
    return {
        "superior": letterhead.superior,
        "body": letterhead.body_line,
        "motto": "ĐẢNG CỘNG SẢN VIỆT NAM"
        if letterhead.is_party
        else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "notice": lh.number_text(letterhead, "notice", 1),
        "minutes": lh.number_text(letterhead, "minutes", 1),
        "place": f"{letterhead.place or '…'}, ngày … tháng … năm …",
        "authority": lh.authority_line(letterhead),
        "position": letterhead.signer_position.upper(),
        "name": letterhead.signer_name,
    }
