"""Schema changes only through migrations: upgrade gives exactly the models, downgrade undoes it."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from minutes.extensions import db


def test_upgrade_on_empty_database_matches_the_models(bare_app):
    with bare_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == []


def test_downgrade_to_base_removes_every_table(bare_app):
    with bare_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "conferences" in inspect(db.engine).get_table_names()


def test_calendar_migration_gives_existing_rows_distinct_uids(bare_app):
    from sqlalchemy import text

    with bare_app.app_context():
        upgrade(revision="15ab8706ea17")
        with db.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO organisations (id, name, name_folded, level, sort_order, active)"
                    " VALUES (1, 'Đơn vị', 'don vi', 'other', 0, TRUE)"
                )
            )
            for i in (1, 2):
                c.execute(
                    text(
                        "INSERT INTO conferences (id, title, search_folded, kind, format, "
                        "organiser_name, reported_delegates_qualifier, conclusion, notes, "
                        "status, created_at, updated_at) "
                        "VALUES (:i, 'H', 'h', 'other', 'online', '', '', '', '',"
                        " 'draft', '2021-01-01', '2021-01-01')"
                    ),
                    {"i": i},
                )
            c.execute(
                text(
                    "INSERT INTO directives (id, conference_id, position, text, created_at)"
                    " VALUES (1, 1, 0, 'x', '2021-01-01')"
                )
            )
            for i in (1, 2):
                c.execute(
                    text(
                        "INSERT INTO tasks (id, directive_id, organisation_id, organisation_name,"
                        " priority, progress, created_at, updated_at) VALUES (:i, 1, 1, 'Đơn vị',"
                        " 'normal', 0, '2021-01-01', '2021-01-01')"
                    ),
                    {"i": i},
                )
        # (The two tasks of one unit for one directive are what the next migration refuses.)
        upgrade(revision="4b1d2c7e9a10")
        with db.engine.connect() as c:
            task_uids = c.execute(text("SELECT uid, ical_sequence FROM tasks")).all()
            conf_uids = c.execute(text("SELECT ical_uid FROM conferences")).scalars().all()
        assert len({u for u, _ in task_uids}) == 2 and all(seq == 0 for _, seq in task_uids)
        assert len(set(conf_uids)) == 2 and all(u.endswith("@minutes") for u in conf_uids)
        downgrade(revision="15ab8706ea17")
        assert "calendar_tokens" not in inspect(db.engine).get_table_names()


def _seed_before_live_uniques(c, text):
    """Rows as concurrent posts left them before the live-unique indexes: two live tasks of
    one unit for one directive, and a user with three working calendar tokens."""
    c.execute(
        text(
            "INSERT INTO organisations (id, name, name_folded, level, sort_order, active)"
            " VALUES (1, 'Đơn vị', 'don vi', 'other', 0, TRUE)"
        )
    )
    c.execute(
        text(
            "INSERT INTO users (id, username, full_name, password_hash, role, "
            "organisation_id, active, session_token, created_at) VALUES (1, 'u', 'U', 'x', "
            "'officer', 1, TRUE, 't', '2021-01-01')"
        )
    )
    c.execute(
        text(
            "INSERT INTO conferences (id, title, search_folded, kind, format, organiser_name,"
            " reported_delegates_qualifier, conclusion, notes, status, created_at, updated_at,"
            " ical_uid, ical_sequence) VALUES (1, 'H', 'h', 'other', 'online', '', '', '', '',"
            " 'draft', '2021-01-01', '2021-01-01', 'c@x', 0)"
        )
    )
    c.execute(
        text(
            "INSERT INTO directives (id, conference_id, position, text, created_at)"
            " VALUES (1, 1, 0, 'x', '2021-01-01')"
        )
    )
    for i in (1, 2):
        c.execute(
            text(
                "INSERT INTO tasks (id, directive_id, organisation_id, organisation_name,"
                " priority, progress, created_at, updated_at, uid, ical_sequence) VALUES"
                " (:i, 1, 1, 'Đơn vị', 'normal', 0, '2021-01-01', '2021-01-01', :uid, 0)"
            ),
            {"i": i, "uid": f"t{i}@x"},
        )
    for i in (1, 2, 3):
        c.execute(
            text("INSERT INTO calendar_tokens (id, user_id, selector, created_at) VALUES (:i, 1, :s, :at)"),
            {"i": i, "s": f"s{i}", "at": f"2021-01-0{i}"},
        )


def test_live_uniques_migration_lists_duplicate_tasks_and_changes_nothing(bare_app, capfd):
    import pytest
    from sqlalchemy import text

    with bare_app.app_context():
        upgrade(revision="4b1d2c7e9a10")
        with db.engine.begin() as c:
            _seed_before_live_uniques(c, text)
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits with status 1
            upgrade()
        assert "directive 1, đơn vị / unit 1: tasks 1, 2" in capfd.readouterr().err
        with db.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "4b1d2c7e9a10"
            assert (
                c.execute(text("SELECT COUNT(*) FROM calendar_tokens WHERE revoked_at IS NULL")).scalar() == 3
            )
        # The secretariat cancels the extra task; the upgrade then goes through, keeping the
        # newest calendar token of the user and revoking the two older ones.
        with db.engine.begin() as c:
            c.execute(text("UPDATE tasks SET cancelled_at = '2021-02-01' WHERE id = 2"))
        upgrade()
        with db.engine.connect() as c:
            live = c.execute(text("SELECT id FROM calendar_tokens WHERE revoked_at IS NULL")).scalars()
            assert list(live) == [3]
        with db.engine.begin() as c, pytest.raises(IntegrityError):
            c.execute(text("UPDATE tasks SET cancelled_at = NULL WHERE id = 2"))
        downgrade(revision="4b1d2c7e9a10")
        assert "reports_version" not in {c["name"] for c in inspect(db.engine).get_columns("conferences")}
