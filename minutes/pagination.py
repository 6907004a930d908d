"""The one way list pages paginate: page size from config, a sane page number."""
from __future__ import annotations

from flask import current_app, request

from .extensions import db

#: Beyond this a page number is nonsense (and would overflow the database's OFFSET).
MAX_PAGE = 100_000


def paginate(query, per_page: int | None = None):
    """``db.paginate`` with the configured page size; a bad ``?page=`` shows page 1."""
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and len(raw) <= 6 else 1
    return db.paginate(query, page=min(max(page, 1), MAX_PAGE),
                       per_page=per_page or current_app.config["PAGE_SIZE"], error_out=False)
