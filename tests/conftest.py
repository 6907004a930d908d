"""Fixtures: an app on a fresh database, a client, a CLI runner, users, and a query counter."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from flask import g
from sqlalchemy import event

from config import TestConfig
from minutes import create_app
from minutes.extensions import db
from minutes.models import Organisation
from tests.databases import fresh_database
from tests.support import login, make_user  # noqa: F401  (re-exported for tests)


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The app on ``TEST_DATABASE_URL`` (see tests/databases.py), its schema made for the test
    and dropped after it, so no row outlives the test that wrote it."""
    monkeypatch.setenv("MINUTES_INSTANCE", str(tmp_path))
    app = create_app("config.TestConfig")

    # The test keeps one app context open, and Flask reuses it for every request, so the
    # signed-in user cached in ``g`` would leak from one client's request to another's.
    # Forget it at the start of each request, as a fresh request context would.
    def forget_cached_user() -> None:
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, forget_cached_user)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        # On PostgreSQL every test's app has its own pool: close it, or the server runs out of
        # connections after a hundred tests.
        db.engine.dispose()


@pytest.fixture
def bare_app(tmp_path, monkeypatch):
    """An app on an empty database of its own, no table in it: for the migration tests, which
    build the schema with ``flask db upgrade`` (a database made for the test on PostgreSQL)."""
    monkeypatch.setenv("MINUTES_INSTANCE", str(tmp_path))
    with fresh_database(tmp_path, "migrated") as url:
        app = create_app(type("FreshDatabase", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def served_database(tmp_path):
    """An empty database for a served instance (gunicorn's workers share it, tests/serving.py):
    a SQLite file, or a database made for the test on PostgreSQL."""
    with fresh_database(tmp_path, "served") as url:
        yield url


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def units(app):
    """A small tree: a city committee with three districts, and one other province."""
    city = Organisation(name="Thành ủy Hải Phòng", level="province")
    districts = [
        Organisation(name=n, level="district", parent=city, sort_order=i)
        for i, n in enumerate(["Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo"])
    ]
    other = Organisation(name="Tỉnh ủy Tây Ninh", level="province")
    db.session.add_all([city, other, *districts])
    db.session.commit()
    return {"city": city, "districts": districts, "other": other}


@pytest.fixture
def users(units):
    return {
        "secretariat": make_user("thuky", "secretariat", units["city"]),
        "officer": make_user("canbo", "officer", units["districts"][0]),
        "viewer": make_user("lanhdao", "viewer", units["city"]),
        "admin": make_user("admin", "admin", units["city"]),
    }


@pytest.fixture
def secretary(client, users):
    login(client, "thuky")
    return users["secretariat"]


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside the ``with`` block: ``with count_queries() as n``."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(_conn, _cursor, statement, *_args):
            if not re.match(r"\s*(PRAGMA|SAVEPOINT|RELEASE)", statement, re.I):
                statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counter
