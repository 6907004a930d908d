"""Schema changes only through migrations: upgrade gives exactly the models, downgrade undoes it."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from config import TestConfig
from minutes import create_app
from minutes.extensions import db


def _app(tmp_path):
    config = type("FileDb", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.db'}"})
    return create_app(config)


def test_upgrade_on_empty_database_matches_the_models(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []


def test_downgrade_to_base_removes_every_table(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "conferences" in inspect(db.engine).get_table_names()
