"""The one way list pages paginate: page size from config, a sane page number."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db

#: Beyond this a page number is nonsense (and would overflow the database's OFFSET).
MAX_PAGE = 100_000


def page_number(raw: object) -> int:
    """``?page=`` as a page number: ASCII digits from 1 to :data:`MAX_PAGE`, else page 1
    ("²", "-3", a 20-digit number and "" all show the first page)."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def paginate(query: Select[Any], per_page: int | None = None) -> Pagination:
    """``db.paginate`` with the configured page size; a bad ``?page=`` shows page 1."""
    return db.paginate(
        query,
        page=page_number(request.args.get("page", "1")),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )


def page_args() -> dict:
    """The page's query string without its page number: what the pager and the export links
    carry over."""
    return {k: v for k, v in request.args.items() if k != "page" and v}
