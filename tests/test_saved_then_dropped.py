"""A change committed just before the database connection drops: the user is told it was saved
(the redirect and its message need no database after the commit), and it is saved."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Task
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, plain, version_on


@pytest.fixture
def directive(units):
    return make_directive(make_conference(title="Hội nghị giao ban quý I"), text="Kiểm tra việc thu phí.")


@pytest.fixture
def task(directive, units, users):
    return make_task(
        units["districts"][0], users["secretariat"], directive, due_date=today() + timedelta(days=10)
    )


@contextmanager
def connection_drops_after_commit():
    """Inside the block, the first statement after a commit fails as a dropped connection does;
    yields the list of statements so refused."""
    refused: list[str] = []
    committed = False

    def on_commit(_conn):
        nonlocal committed
        committed = True

    def before(_conn, _cursor, statement, *_args):
        nonlocal committed
        if committed and not refused:
            refused.append(statement)
            raise OperationalError(statement, {}, ConnectionError("server closed the connection"))

    engine = db.engine
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield refused
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "commit", on_commit)


def post_then_drop(client, page: str, action: str, data: dict):
    version = version_on(client.get(page).get_data(as_text=True), action)
    with connection_drops_after_commit():
        response = client.post(action, data={**data, "version": version})
    db.session.rollback()  # the test's own session: read what the database holds
    return response


def test_a_tick_off_saved_just_before_the_connection_drops_is_reported_done(client, users, task):
    login(client, "canbo")
    task_id = task.id
    response = post_then_drop(
        client,
        f"/tasks/{task_id}",
        f"/tasks/{task_id}/complete",
        {"completed_on": today().isoformat(), "result_note": "Đã kiểm tra 12 chi bộ."},
    )
    assert response.status_code == 303, plain(response)
    assert response.headers["Location"] == f"/tasks/{task_id}"
    shown = client.get(response.headers["Location"])
    assert "Đã báo hoàn thành nhiệm vụ." in plain(shown)
    assert "Thao tác chưa được thực hiện" not in plain(shown)
    saved = db.session.get(Task, task_id)
    assert saved.completed_on == today() and saved.result_note == "Đã kiểm tra 12 chi bộ."


def test_an_edit_saved_just_before_the_connection_drops_is_reported_saved(client, secretary, units, task):
    task_id = task.id
    response = post_then_drop(
        client,
        f"/tasks/{task_id}/edit",
        f"/tasks/{task_id}/edit",
        {"organisation_id": units["districts"][0].id, "due_date": "2030-06-30", "priority": "low"},
    )
    assert response.status_code == 303, plain(response)
    assert "Đã lưu nhiệm vụ." in plain(client.get(response.headers["Location"]))
    assert str(db.session.get(Task, task_id).due_date) == "2030-06-30"


def test_an_assignment_saved_just_before_the_connection_drops_is_reported_done(
    client, secretary, units, directive
):
    directive_id = directive.id
    page = f"/tasks/directives/{directive_id}"
    response = post_then_drop(
        client,
        page,
        page,
        {
            "assign-organisation_ids": [units["districts"][1].id],
            "assign-due_date": "2030-12-31",
            "assign-priority": "normal",
        },
    )
    assert response.status_code == 303, plain(response)
    assert "Đã giao 1 nhiệm vụ." in plain(client.get(response.headers["Location"]))
    assigned = db.session.scalars(db.select(Task).where(Task.directive_id == directive_id)).all()
    assert [t.organisation_id for t in assigned] == [units["districts"][1].id]


def test_the_hook_does_refuse_a_statement_after_a_commit(app):
    """The test's premise: a query after a commit fails inside the block."""
    with connection_drops_after_commit() as refused:
        db.session.scalar(db.select(db.func.count()).select_from(Task))  # before: fine
        db.session.commit()
        with pytest.raises(OperationalError):
            db.session.scalar(db.select(db.func.count()).select_from(Task))
    assert refused
    db.session.rollback()
