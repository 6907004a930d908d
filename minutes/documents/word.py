"""The built-in Word layout of the office's documents: plain content in, .docx bytes out.

Follows ``documents.md``: A4, margins 20/20/30/15 mm, Times New Roman; the Party header of
guide 36-HD/VPTW (superior and issuing body left, ``*`` and "Số 24-TB/TU" under them;
"ĐẢNG CỘNG SẢN VIỆT NAM" right, underlined, with the italic place and date) or the State
header of decree 30/2020/NĐ-CP (Quốc hiệu and Tiêu ngữ right, "Số: 12/TB-UBND" left); the
document type and its subject centred; the body justified with a first-line indent; page
numbers from page 2, top centre; Nơi nhận beside the signature.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..text import nfc
from .content import DRAFT_MARK, Block, Heading, Minutes, Notice, Report, Signer, Table

FONT = "Times New Roman"
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_SLOGAN = "Độc lập - Tự do - Hạnh phúc"
#: Text width: 210 mm less 30 mm left and 15 mm right.
TEXT_WIDTH = Cm(16.5)


class Sizes:
    """Point sizes of one family (36-HD/VPTW or decree 30)."""

    def __init__(self, party: bool):
        self.header = 14 if party else 13
        self.motto = 15 if party else 13
        self.number = 14 if party else 13
        self.date = 14
        self.doc_type = 16 if party else 14
        self.subject = 14
        self.body = 14
        self.recipients_label = 14 if party else 12
        self.recipients = 12 if party else 11


def _document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _page_numbers(section)
    return doc


def _page_numbers(section) -> None:
    """A page number at the top centre of every page but the first."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(14)


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    indent: bool = False,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _run(paragraph, text: str, *, size: float = 14, bold=False, italic=False, underline=False):
    run = paragraph.add_run(nfc(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    return run


def _cell(table, row: int, col: int):
    """A table cell emptied of its default paragraph, so content starts at its top."""
    cell = table.cell(row, col)
    for paragraph in list(cell.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    return cell


def _layout_table(doc, columns: int, widths: list[float]):
    """A borderless table that places blocks side by side (header, signatures)."""
    table = doc.add_table(rows=1, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, widths)
    return table


def _widths(table, widths: list[float]) -> None:
    """Column widths in cm, in the grid (LibreOffice reads it) and on every cell (Word)."""
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def _heading(doc, heading: Heading) -> None:
    party = heading.family == "party"
    size = Sizes(party)
    # The State Quốc hiệu must hold on one line: its column is the wider one.
    table = _layout_table(doc, 2, [7.8, 8.7] if party else [6.0, 10.5])
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if heading.superior:
        _para(left, heading.superior.upper(), size=size.header)
    _para(left, heading.body.upper(), size=size.header, bold=True, underline=not party)
    if party:
        _para(left, "*", size=size.header)
    _para(left, heading.number, size=size.number, before=0 if party else 6)
    if party:
        _para(right, PARTY_MOTTO, size=size.motto, bold=True, underline=True)
    else:
        _para(right, STATE_MOTTO, size=size.motto, bold=True)
        _para(right, STATE_SLOGAN, size=size.motto + 1, bold=True, underline=True)
    _para(right, heading.place_date, size=size.date, italic=True, before=12)
    if heading.draft:
        _para(doc, DRAFT_MARK, size=size.body, bold=True, before=12)
    _para(doc, heading.doc_type, size=size.doc_type, bold=True, before=12 if not heading.draft else 6)
    if heading.subject:
        _para(doc, heading.subject, size=size.subject, bold=True)
    _para(doc, "-----", size=size.subject, after=6)


def _body(doc, text: str, *, size: float = 14, italic: bool = False, bold: bool = False):
    paragraph = _para(
        doc, text, size=size, italic=italic, bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True
    )
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def _data_table(doc, data: Table, size: float = 12) -> None:
    table = doc.add_table(rows=1 + len(data.rows), cols=len(data.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(data.header):
        _para(_cell(table, 0, i), text, size=size, bold=True)
    for r, row in enumerate(data.rows, start=1):
        for i, text in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in data.numeric else WD_ALIGN_PARAGRAPH.LEFT
            _para(_cell(table, r, i), text, size=size, align=align)
    if data.widths:
        table.autofit = False
        _widths(table, data.widths)
    _para(doc, "", after=6)


def _blocks(doc, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "heading":
            _para(doc, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6)
        elif block.kind == "subheading":
            paragraph = _body(doc, block.text, bold=True)
            paragraph.paragraph_format.keep_with_next = True
        elif block.kind == "note":
            _body(doc, block.text, italic=True)
        elif block.kind == "item":
            _body(doc, f"- {block.text}")
        elif block.kind == "table" and block.table is not None:
            _data_table(doc, block.table)
        else:
            _body(doc, block.text)


def _signer(cell, signer: Signer, size: float = 14) -> None:
    if signer.authority:
        _para(cell, signer.authority.upper(), size=size, bold=True)
    if signer.position:
        _para(cell, signer.position.upper(), size=size, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _para(cell, "", size=size)
    _para(cell, signer.name or " ", size=size, bold=True)


def _recipients(cell, recipients: list[str], party: bool) -> None:
    size = Sizes(party)
    label = _para(cell, "", align=WD_ALIGN_PARAGRAPH.LEFT)
    if party:
        _run(label, "Nơi nhận:", size=size.recipients_label, underline=True)
    else:
        _run(label, "Nơi nhận:", size=size.recipients_label, bold=True, italic=True)
    last = len(recipients) - 1
    for i, line in enumerate(recipients):
        line = line.strip().rstrip(",;.")
        end = "." if i == last else ("," if party else ";")
        _para(cell, f"- {line}{end}", size=size.recipients, align=WD_ALIGN_PARAGRAPH.LEFT)


def _closing_blocks(doc, heading: Heading, recipients: list[str], signer: Signer) -> None:
    table = _layout_table(doc, 2, [7.5, 9.0])
    _recipients(_cell(table, 0, 0), recipients, heading.family == "party")
    _signer(_cell(table, 0, 1), signer)


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.core_properties.author = ""
    doc.save(out)
    return out.getvalue()


def notice(content: Notice) -> bytes:
    """Thông báo kết luận."""
    doc = _document()
    _heading(doc, content.heading)
    _body(doc, content.opening)
    for paragraph in content.conclusion:
        _body(doc, paragraph)
    if content.tasks:
        _body(doc, "Các nhiệm vụ cần tập trung thực hiện:", bold=True)
        for task in content.tasks:
            _body(doc, f"{task.number}. {task.text}")
            parts = []
            if task.units:
                parts.append("Đơn vị thực hiện: " + "; ".join(task.units) + ".")
            parts.append(task.deadline + ".")
            _body(doc, " ".join(parts), italic=True)
    _body(doc, content.closing)
    _closing_blocks(doc, content.heading, content.recipients, content.signer)
    return _bytes(doc)


def minutes(content: Minutes) -> bytes:
    """Biên bản hội nghị: THƯ KÝ on the left, CHỦ TRÌ on the right."""
    doc = _document()
    _heading(doc, content.heading)
    _blocks(doc, content.blocks)
    if content.closing:
        _body(doc, content.closing)
    table = _layout_table(doc, 2, [8.25, 8.25])
    for col, signer in ((0, content.secretary), (1, content.chair)):
        # Each block is its own one-column table, so its lines stay centred together.
        inner = _cell(table, 0, col).add_table(rows=1, cols=1)
        _signer(_cell(inner, 0, 0), signer)
    return _bytes(doc)


def report(content: Report) -> bytes:
    """A report upward (báo cáo): header, body blocks, Nơi nhận and signer."""
    doc = _document()
    _heading(doc, content.heading)
    _blocks(doc, content.blocks)
    _closing_blocks(doc, content.heading, content.recipients, content.signer)
    return _bytes(doc)
