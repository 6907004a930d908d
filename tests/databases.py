"""The database the suite runs on: ``TEST_DATABASE_URL`` (SQLite in memory when unset;
``make test-postgres`` points it at a throwaway PostgreSQL server).

The ``app`` fixture builds the schema in that database and drops it after each test. A test
that needs an empty database of its own (to migrate from nothing, or to share between
processes) asks :func:`fresh_database`: a SQLite file on SQLite, a database created for the
test and dropped after it on PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
ON_POSTGRES = make_url(URL).get_backend_name() == "postgresql"


@contextmanager
def fresh_database(tmp_path: Path, name: str = "fresh") -> Iterator[str]:
    """The URL of an empty database of the suite's kind, removed when the block ends."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    database = f"minutes_test_{name}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    try:
        yield make_url(URL).set(database=database).render_as_string(hide_password=False)
    finally:
        # FORCE: the test's own pool may still hold connections to it.
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.dispose()
