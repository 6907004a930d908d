"""What a document says, as plain data: the builders render these, templates read them.

Nothing here knows a request or the database. :mod:`.gather` fills these from a conference
and a letterhead; :mod:`.word` (built-in layout) and :mod:`.custom` (a body's own template)
turn them into a .docx. The field names are the variables a body's own template may use
(documented in ``README.md``, "Document templates").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The number line a draft carries: the office writes the number in by hand, or issues it.
DRAFT_MARK = "DỰ THẢO"


@dataclass
class Heading:
    """The header of a document, as printed."""

    #: "party" (36-HD/VPTW) or "state" (decree 30/2020/NĐ-CP).
    family: str
    #: The superior body's line, upper case ("TỈNH ỦY TÂY NINH"); may be empty.
    superior: str
    #: The issuing body's line, upper case ("ỦY BAN KIỂM TRA").
    body: str
    #: "Số 24-TB/TU", "Số: 12/TB-UBND"; for a draft the number is left blank.
    number: str
    #: "Tây Ninh, ngày 07 tháng 4 năm 2021".
    place_date: str
    #: "THÔNG BÁO", "BIÊN BẢN", "BÁO CÁO".
    doc_type: str
    #: The line under the document type ("Kết luận của đồng chí … tại hội nghị …").
    subject: str
    #: A draft: marked "DỰ THẢO", no number.
    draft: bool = False


@dataclass
class Signer:
    """One signature block: "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ" / the name."""

    authority: str
    position: str
    name: str


@dataclass
class Task:
    """A directive as the notice prints it."""

    number: int
    text: str
    #: The units that carry it out, as addressed.
    units: list[str]
    #: "Thời hạn: trước ngày 30/6/2021" or "Thường xuyên".
    deadline: str


@dataclass
class Table:
    """A simple table: a header row and rows of text; ``numeric`` columns align right."""

    header: list[str]
    rows: list[list[str]]
    numeric: list[int] = field(default_factory=list)
    #: Widths in cm, one per column (the rest share what is left).
    widths: list[float] = field(default_factory=list)


@dataclass
class Block:
    """A piece of a document's body, in order: a heading, a paragraph, a list or a table."""

    #: "heading", "subheading", "paragraph", "note" (italic), "item" (a list line), "table".
    kind: str
    text: str = ""
    table: Table | None = None


@dataclass
class Notice:
    """Thông báo kết luận."""

    heading: Heading
    opening: str
    #: The chair's conclusion, one paragraph each.
    conclusion: list[str]
    tasks: list[Task]
    closing: str
    #: Nơi nhận, one a line, the archive line last (punctuation added by the layout).
    recipients: list[str]
    signer: Signer
    conference: dict[str, Any] = field(default_factory=dict)


@dataclass
class Minutes:
    """Biên bản hội nghị: its numbered sections and the two signature blocks."""

    heading: Heading
    blocks: list[Block]
    #: "Hội nghị kết thúc vào lúc 11 giờ 30 phút cùng ngày." (empty when not known).
    closing: str
    secretary: Signer
    chair: Signer
    conference: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """A report upward (báo cáo): its body blocks, Nơi nhận and signer."""

    heading: Heading
    blocks: list[Block]
    recipients: list[str]
    signer: Signer


def variables(document: Notice | Minutes | Report) -> dict[str, Any]:
    """The document as the variables a template sees: plain dicts, lists and strings."""
    return asdict(document)
