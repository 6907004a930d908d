"""The starter template a body downloads to make its own: every documented variable in use.

Made at run time with python-docx rather than shipped as a binary file: it then always names
the variables the code has (a test renders it through :func:`minutes.documents.custom.check`),
and there is no .docx in the repository to rebuild by hand when a field is added.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

FILENAME = "mau-van-ban-minutes.docx"

_LINES: list[tuple[str, str]] = [
    # (style: c = centred, b = bold centred, p = plain, i = italic right), text
    ("c", "{{ heading.superior }}"),
    ("b", "{{ heading.body }}"),
    ("c", '{% if heading.family == "party" %}*{% endif %}'),
    ("p", "{{ heading.number }}{% if heading.draft %} (DỰ THẢO){% endif %}"),
    ("b", '{% if heading.family == "party" %}ĐẢNG CỘNG SẢN VIỆT NAM{% endif %}'),
    ("b", '{% if heading.family != "party" %}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM{% endif %}'),
    ("c", '{% if heading.family != "party" %}Độc lập - Tự do - Hạnh phúc{% endif %}'),
    ("i", "{{ heading.place_date }}"),
    ("b", "{{ heading.doc_type }}"),
    ("b", "{{ heading.subject }}"),
    ("p", '{%p if kind == "notice" %}'),
    ("p", "{{ opening }}"),
    ("p", "{%p for paragraph in conclusion %}"),
    ("p", "{{ paragraph }}"),
    ("p", "{%p endfor %}"),
    ("p", "{%p for t in tasks %}"),
    ("p", "{{ t.number }}. {{ t.text }} Đơn vị thực hiện: {{ t.units|join('; ') }}. {{ t.deadline }}."),
    ("p", "{%p endfor %}"),
    ("p", "{{ closing }}"),
    ("p", "Nơi nhận:"),
    ("p", "{%p for r in recipients %}"),
    ("p", "- {{ r }}{% if loop.last %}.{% else %},{% endif %}"),
    ("p", "{%p endfor %}"),
    ("b", "{{ signer.authority }}"),
    ("b", "{{ signer.position }}"),
    ("b", "{{ signer.name }}"),
    ("p", "{%p else %}"),
    ("p", "{%p for b in blocks %}"),
    ("p", '{%p if b.kind == "table" %}'),
    ("p", "{{ b.table.header|join(' | ') }}"),
    ("p", "{%p for row in b.table.rows %}"),
    ("p", "{{ row|join(' | ') }}"),
    ("p", "{%p endfor %}"),
    ("p", "{%p else %}"),
    ("p", '{% if b.kind == "item" %}- {% endif %}{{ b.text }}'),
    ("p", "{%p endif %}"),
    ("p", "{%p endfor %}"),
    ("p", "{{ closing }}"),
    ("b", "{{ secretary.position }}: {{ secretary.name }}      {{ chair.position }}: {{ chair.name }}"),
    ("p", "{%p endif %}"),
]


def starter() -> bytes:
    """A .docx using every variable (both kinds), Times New Roman 14, ready to restyle."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for kind, text in _LINES:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if kind in ("c", "b"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if kind == "b":
            run.bold = True
        if kind == "i":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run.italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
