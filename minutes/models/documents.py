"""The documents that leave the office: each issuing body's letterhead and its register.

A conference's Thông báo kết luận and biên bản are built from the data whenever someone asks
for a draft. Issuing (ban hành) takes a number from the issuing body's register
(:class:`IssuedDocument`), renders the file once and stores it: every later download returns
those bytes. Register rows are never deleted, so a number is never given twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..clock import utcnow
from ..text import clean_line, nfc
from .base import Model
from .conferences import Conference
from .organisations import Organisation
from .users import User

#: Party bodies follow guide 36-HD/VPTW, State bodies decree 30/2020/NĐ-CP.
FAMILIES = ("party", "state")
#: What the register numbers: Thông báo (kết luận), Biên bản, Báo cáo.
DOCUMENT_KINDS = ("notice", "minutes", "report")
#: The type code in a number: "Số 24-TB/TU", "Số: 12/TB-UBND".
TYPE_CODES = {"notice": "TB", "minutes": "BB", "report": "BC"}
#: How the signer signs for the body: thay mặt, ký thay, thừa lệnh, or in their own name.
AUTHORITIES = ("TM", "KT", "TL", "")


class Letterhead(Model):
    """How one issuing body (a unit of the tree or an external body) heads and signs."""

    __tablename__ = "letterheads"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    #: One of :data:`FAMILIES`.
    family: Mapped[str] = mapped_column(String(10), default="party")
    #: The line above the body's name: "TỈNH ỦY TÂY NINH", "UBND TỈNH CẦN THƠ" (may be empty).
    superior: Mapped[str] = mapped_column(String(255), default="")
    #: The body's name as printed in the header: "ỦY BAN KIỂM TRA".
    body_line: Mapped[str] = mapped_column(String(255), default="")
    #: The body's code in numbers: "TU", "UBKTTU", "UBND", "TTr".
    code: Mapped[str] = mapped_column(String(30), default="")
    #: The place name of the date line: "Tây Ninh, ngày 07 tháng 4 năm 2021".
    place: Mapped[str] = mapped_column(String(100), default="")
    #: Party bodies number per term: the first day of the current term (nhiệm kỳ).
    term_start: Mapped[date | None]
    #: One of :data:`AUTHORITIES`, and whom the signer signs for ("BAN THƯỜNG VỤ", "CHỦ TỊCH").
    signer_authority: Mapped[str] = mapped_column(String(4), default="TM")
    signer_for: Mapped[str] = mapped_column(String(120), default="")
    signer_position: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    #: Default Nơi nhận, one a line, before the addressed units and the archive line.
    recipients: Mapped[str] = mapped_column(Text, default="")
    #: Who keeps the archive copy: "Lưu Văn phòng Tỉnh ủy" (Party), "Lưu: VT" (State).
    archive: Mapped[str] = mapped_column(String(200), default="")
    #: The body's own .docx template (docxtpl), used in place of the built-in layout.
    template: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    template_name: Mapped[str] = mapped_column(String(255), default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @validates("superior", "body_line", "code", "place", "signer_for", "signer_position", "signer_name")
    def _clean(self, _key: str, value: str | None) -> str:
        return clean_line(value) or ""

    @validates("recipients", "archive")
    def _clean_text(self, _key: str, value: str | None) -> str:
        return (nfc(value) or "").strip()

    @property
    def is_party(self) -> bool:
        return self.family == "party"


class IssuedDocument(Model):
    """One entry of a body's register (sổ văn bản): a number given and the file issued."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("organisation_id", "kind", "series", "number", name="uq_register_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The issuing body, whose register this is.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: Kept when the conference is deleted: the number stays taken.
    conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="SET NULL"), index=True
    )
    #: One of :data:`DOCUMENT_KINDS`.
    kind: Mapped[str] = mapped_column(String(20))
    #: Which count the number belongs to: "term:2020-10-15" (Party) or "year:2021" (State).
    series: Mapped[str] = mapped_column(String(30))
    number: Mapped[int]
    #: The number line as printed: "Số 24-TB/TU" or "Số: 12/TB-UBND".
    number_text: Mapped[str] = mapped_column(String(80))
    #: Typed from the office's paper register rather than taken as the next one.
    typed: Mapped[bool] = mapped_column(default=False)
    #: The document's date (the date line).
    issued_on: Mapped[date]
    subject: Mapped[str] = mapped_column(String(500), default="")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    #: The .docx as issued, returned byte for byte by every download.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    #: Its PDF, made once (at issue, or at the first PDF download) and then kept.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))

    organisation: Mapped[Organisation] = relationship()
    conference: Mapped[Conference | None] = relationship()
    issued_by: Mapped[User | None] = relationship()


@event.listens_for(IssuedDocument, "before_delete")
def _register_is_kept(_mapper, _connection, target: IssuedDocument) -> None:
    """A register entry is never deleted: its number must never be given again."""
    raise ValueError(f"register entry {target.id} cannot be deleted")
