"""Vietnamese order in SQL, the same as :func:`minutes.text.sort_key` gives in Python.

PostgreSQL has it from ICU (the ``vi-x-icu`` collation, present wherever PostgreSQL is built
with ICU, as Debian's is); on SQLite the same key is registered on each connection as the
``vi`` collation (see :func:`register_sqlite`). ``tests/test_collation.py`` holds both to the
order of ``sort_key`` on the database the suite runs on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .extensions import db
from .text import sort_key

SQLITE_NAME = "vi"
POSTGRESQL_NAME = "vi-x-icu"


def vietnamese(column: Any) -> Any:
    """``column`` to ORDER BY in Vietnamese alphabetical order."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return column.collate(POSTGRESQL_NAME)
    if dialect == "sqlite":
        return column.collate(SQLITE_NAME)
    return column


@lru_cache(maxsize=65536)
def _key(value: str) -> tuple:
    return sort_key(value)


def _compare(a: str | None, b: str | None) -> int:
    ka, kb = _key(a or ""), _key(b or "")
    return (ka > kb) - (ka < kb)


def register_sqlite(dbapi_connection: Any) -> None:
    """Make ``COLLATE vi`` known to one SQLite connection."""
    dbapi_connection.create_collation(SQLITE_NAME, _compare)
