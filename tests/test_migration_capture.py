"""The capture migration fills paths, start days and unit links, and its downgrade is safe."""

from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from minutes.extensions import db

BEFORE = "5c3e8f1a2b47"
AFTER = "6e2a9c4d1f30"


def _seed(c):
    for row in (
        (1, None, "Thành ủy Hải Phòng", "thanh uy hai phong"),
        (2, 1, "Quận ủy Lê Chân", "quan uy le chan"),
        (3, 2, "Chi bộ 1", "chi bo 1"),
    ):
        c.execute(
            text(
                "INSERT INTO organisations (id, parent_id, name, name_folded, level, sort_order, active)"
                " VALUES (:i, :p, :n, :f, 'other', 0, TRUE)"
            ),
            dict(zip("ipnf", row, strict=True)),
        )
    c.execute(
        text(
            "INSERT INTO conferences (id, title, search_folded, kind, format, organiser_name, "
            "reported_delegates_qualifier, conclusion, notes, status, created_at, updated_at, "
            "ical_uid, ical_sequence, starts_at) VALUES (1, 'Giao ban', '', 'review', 'online', '', "
            "'', '', '', 'draft', '2026-01-01', '2026-01-01', 'u1', 0, '2026-09-21 18:30:00')"
        )
    )
    c.execute(
        text(
            "INSERT INTO attendees (id, conference_id, organisation_name, name, job_title, role, "
            "presence, absence_reason, position) VALUES "
            "(1, 1, 'QUAN UY LE CHAN', 'A', '', 'delegate', 'present', '', 0), "
            "(2, 1, 'Tỉnh ủy Khánh Hòa', 'B', '', 'delegate', 'present', '', 1)"
        )
    )
    c.execute(
        text(
            "INSERT INTO reports (id, conference_id, position, kind, title, presenter_name, "
            "presenter_title, organisation_name, summary) VALUES "
            "(1, 1, 0, 'report', 'Báo cáo', '', '', 'quận ủy lê chân', '')"
        )
    )


def test_upgrade_fills_paths_local_start_days_and_links_matching_names(bare_app):
    with bare_app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as c:
            _seed(c)
        upgrade(revision=AFTER)
        with db.engine.connect() as c:
            paths = dict(c.execute(text("SELECT id, path FROM organisations")).all())
            assert paths == {1: "/1/", 2: "/1/2/", 3: "/1/2/3/"}
            # 18:30 UTC on the 21st is 01:30 on the 22nd in Hà Nội: the local day is kept.
            # (SQLite gives the day as text, PostgreSQL as a date.)
            day = c.execute(text("SELECT starts_on FROM conferences")).scalar()
            assert str(day) == str(date(2026, 9, 22))
            links = dict(c.execute(text("SELECT id, organisation_id FROM attendees")).all())
            assert links == {1: 2, 2: None}
            assert c.execute(text("SELECT organisation_id FROM reports")).scalar() == 2
            names = [r[0] for r in c.execute(text("SELECT organisation_name FROM attendees ORDER BY id"))]
            assert names == ["QUAN UY LE CHAN", "Tỉnh ủy Khánh Hòa"]  # the recorded text stays


def test_downgrade_refuses_while_a_figure_has_no_value_and_changes_nothing(bare_app, capfd):
    with bare_app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as c:
            _seed(c)
        upgrade(revision=AFTER)
        with db.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO figures (id, report_id, position, label, qualifier, value, unit, "
                    "baseline_label, scope, baseline_carried) VALUES "
                    "(1, 1, 0, 'Số vụ', '', NULL, 'vụ', '', '', FALSE)"
                )
            )
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
            downgrade(revision=BEFORE)
        assert "1 figures have no value" in capfd.readouterr().err
        with db.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == AFTER
        with db.engine.begin() as c:
            c.execute(text("UPDATE figures SET value = 4"))
        downgrade(revision=BEFORE)
        columns = [column["name"] for column in inspect(db.engine).get_columns("organisations")]
        assert "path" not in columns and "external" not in columns
        with db.engine.connect() as c:
            assert c.execute(text("SELECT value FROM figures")).scalar() == 4
