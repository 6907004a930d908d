"""How every file the app hands out is named and sent: one Content-Disposition for every
download, one streamed .xlsx response."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import chain
from urllib.parse import quote

from flask import Response

from .exports import xlsx
from .text import nfc


def ascii_name(name: str) -> str:
    """``name`` without diacritics (đ → d), for clients that ignore ``filename*``."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return re.sub(r"[^A-Za-z0-9 ._()-]+", "_", stripped.encode("ascii", "ignore").decode()) or "download"


def disposition(name: str) -> str:
    """An attachment named ``name`` (Vietnamese kept, RFC 6266), with an ASCII fallback."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(*parts: str) -> str:
    """A file name from ``parts`` joined by " - ": Vietnamese kept, characters that no file
    system takes dropped, not too long."""
    name = " - ".join(" ".join(_UNSAFE_IN_NAME.sub(" ", nfc(p)).split()) for p in parts if p)
    return (name[:150].rstrip(" .-") or "export") + ".xlsx"


def download(sheets: Iterable[xlsx.Sheet], name: str) -> Response:
    """The workbook of ``sheets`` as an attachment named ``name``.

    The workbook is written here, in the request, while the rows stream from the database
    (write-only, into a temporary file that spills to disk); the response then sends that file
    in chunks, so neither the rows nor the file are held in memory whole.
    """
    chunks = xlsx.stream(sheets)
    first = next(chunks)
    return Response(
        chain([first], chunks),
        mimetype=xlsx.MIMETYPE,
        headers={"Content-Disposition": disposition(name), "Cache-Control": "private, no-store"},
    )
