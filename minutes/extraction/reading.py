"""Text out of what a secretary has: plain text, a Word file, a PDF with a text layer.

Each refusal says what is wrong with the file in words the secretary can act on; nothing here
writes anywhere.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

MAX_BYTES = 2 * 1024 * 1024
KINDS = (".txt", ".docx", ".pdf")


class UnreadableFile(ValueError):
    """The file cannot be read as a report; the message says why."""


def read_text(data: bytes, filename: str, limit: int = MAX_BYTES) -> str:
    """The report's text; raises UnreadableFile with a message for the secretary."""
    suffix = PurePath(filename or "").suffix.lower()
    if not data:
        raise UnreadableFile("Tệp rỗng: không có nội dung để đọc.")
    if len(data) > limit:
        raise UnreadableFile(f"Tệp lớn hơn {limit // (1024 * 1024)} MB; hãy dán phần báo cáo cần dùng.")
    if suffix == ".docx" or (not suffix and data[:2] == b"PK"):
        text = _docx(data)
    elif suffix == ".pdf" or data[:5] == b"%PDF-":
        text = _pdf(data)
    elif suffix in ("", ".txt", ".text", ".md"):
        text = _plain(data)
    else:
        raise UnreadableFile("Chỉ đọc được tệp .txt, .docx hoặc .pdf.")
    if not text.strip():
        raise UnreadableFile("Không tìm thấy chữ trong tệp (tệp PDF chụp ảnh cần nhận dạng chữ trước).")
    return text


def _plain(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            "Tệp không phải văn bản thuần (có ký tự nhị phân); hãy dùng .txt, .docx hoặc .pdf."
        )
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
        return text
    raise UnreadableFile("Tệp văn bản không ở mã UTF-8; hãy lưu lại với mã UTF-8.")


def _docx(data: bytes) -> str:
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile("Tệp .docx bị hỏng hoặc không phải tệp Word.") from error
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("Tệp PDF có mật khẩu; hãy mở khóa trước.")
        pages = [page.extract_text() or "" for page in reader.pages[:200]]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile("Tệp PDF bị hỏng hoặc không đọc được.") from error
    return unwrap("\n".join(pages))


def unwrap(text: str) -> str:
    """Join the lines a PDF broke to fit its width back into paragraphs.

    A line that is nearly as long as the page's lines and stops without an end mark goes on in
    the next line; a short line (a heading, a signature) or one that ends a sentence stands.
    """
    lines = [line.rstrip() for line in text.split("\n")]
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return text
    typical = lengths[int(len(lengths) * 0.8)]
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line.strip():
            prev = out[-1]
            if len(prev) >= 0.6 * typical and not prev.rstrip().endswith((".", "!", "?", ":", ";", "…")):
                out[-1] = prev + " " + line.strip()
                continue
        out.append(line)
    return "\n".join(out)
