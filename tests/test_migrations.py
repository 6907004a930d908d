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


def test_calendar_migration_gives_existing_rows_distinct_uids(tmp_path):
    from sqlalchemy import text

    app = _app(tmp_path)
    with app.app_context():
        upgrade(revision="15ab8706ea17")
        with db.engine.begin() as c:
            c.execute(text("INSERT INTO organisations (id, name, name_folded, level, sort_order, active)"
                           " VALUES (1, 'Đơn vị', 'don vi', 'other', 0, 1)"))
            for i in (1, 2):
                c.execute(text("INSERT INTO conferences (id, title, search_folded, kind, format, "
                               "organiser_name, reported_delegates_qualifier, conclusion, notes, "
                               "status, created_at, updated_at) "
                               "VALUES (:i, 'H', 'h', 'other', 'online', '', '', '', '',"
                               " 'draft', '2021-01-01', '2021-01-01')"), {"i": i})
            c.execute(text("INSERT INTO directives (id, conference_id, position, text, created_at)"
                           " VALUES (1, 1, 0, 'x', '2021-01-01')"))
            for i in (1, 2):
                c.execute(text("INSERT INTO tasks (id, directive_id, organisation_id, organisation_name,"
                               " priority, progress, created_at, updated_at) VALUES (:i, 1, 1, 'Đơn vị',"
                               " 'normal', 0, '2021-01-01', '2021-01-01')"), {"i": i})
        upgrade()
        with db.engine.connect() as c:
            task_uids = c.execute(text("SELECT uid, ical_sequence FROM tasks")).all()
            conf_uids = c.execute(text("SELECT ical_uid FROM conferences")).scalars().all()
        assert len({u for u, _ in task_uids}) == 2 and all(seq == 0 for _, seq in task_uids)
        assert len(set(conf_uids)) == 2 and all(u.endswith("@minutes") for u in conf_uids)
        downgrade(revision="15ab8706ea17")
        assert "calendar_tokens" not in inspect(db.engine).get_table_names()
