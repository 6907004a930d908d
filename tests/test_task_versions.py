"""Every change to a task is made from the version its page showed: without a usable version
nothing is saved (400), from an older one the 409 names the other change; a lost race on the
one-live-task rule gets a clear message; the completion rate leaves standing tasks beside it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Task, TaskExtension
from minutes.tasks import services
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, post_from_page, text

HOSTILE = [None, "", "abc", "²", "٣", "9" * 5000, "-1", "0", "1e3"]


def _task(users, units):
    directive = make_directive(make_conference(units["city"]))
    return make_task(units["districts"][0], users["secretariat"], directive)


def _snapshot(task_id: int):
    db.session.expire_all()
    task = db.session.get(Task, task_id)
    return (
        task.version,
        task.progress,
        task.completed_on,
        task.cancelled_at,
        task.due_date,
        task.lead_person,
        len(task.events),
        len(task.children),
        db.session.scalar(db.select(db.func.count(TaskExtension.id))),
    )


ACTIONS = {
    # name: (who, path after /tasks/<id>, form data)
    "complete": (
        "canbo",
        "complete",
        lambda: {"completed_on": today().isoformat(), "result_note": "Đã xong"},
    ),
    "progress": ("canbo", "progress", lambda: {"percent": "60", "note": "Đang làm"}),
    "extension": (
        "canbo",
        "extension",
        lambda: {"new_due_date": (today() + timedelta(days=40)).isoformat(), "reason": "Cần thêm thời gian"},
    ),
    "delegate": ("thuky", "delegate", lambda: {"due_date": ""}),
    "cancel": ("thuky", "cancel", lambda: {"cancel-reason": "Chỉ đạo đã được thay thế"}),
    "edit": (
        "thuky",
        "edit",
        lambda: {"organisation_id": "", "priority": "high", "lead_person": "Đồng chí Hùng", "due_date": ""},
    ),
}


@pytest.mark.parametrize("version", HOSTILE)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_task_change_without_a_usable_version_changes_nothing(client, users, units, action, version):
    task = _task(users, units)
    who, path, data = ACTIONS[action]
    data = data()
    if action == "edit":
        data["organisation_id"] = str(units["districts"][0].id)
    login(client, who)
    before = _snapshot(task.id)
    if version is not None:
        data["version"] = version
    response = client.post(f"/tasks/{task.id}/{path}", data=data)
    assert response.status_code == 400
    assert "Trang này đã cũ hoặc không đầy đủ" in text(response)
    assert _snapshot(task.id) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_task_change_from_an_older_page_gets_the_409_with_the_other_change(client, users, units, action):
    task = _task(users, units)
    who, path, data = ACTIONS[action]
    data = data()
    if action == "edit":
        data["organisation_id"] = str(units["districts"][0].id)
    stale = task.version
    services.update_progress(task, users["officer"], 30, "Người khác vừa báo")
    db.session.commit()
    login(client, who)
    before = _snapshot(task.id)
    response = client.post(f"/tasks/{task.id}/{path}", data={**data, "version": stale})
    assert response.status_code == 409
    assert "vừa được Canbo thay đổi lúc" in text(response)
    assert _snapshot(task.id) == before


def test_assigning_needs_the_directive_version_the_page_showed(client, secretary, users, units):
    directive = make_directive(make_conference(units["city"]))
    url = f"/tasks/directives/{directive.id}"
    data = {"assign-organisation_ids": [units["districts"][1].id], "assign-priority": "normal"}
    assert client.post(url, data=data).status_code == 400
    assert client.post(url, data={**data, "version": "²"}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Task.id))) == 0
    assert post_from_page(client, url, data).status_code == 303
    assert db.session.scalar(db.select(db.func.count(Task.id))) == 1


def test_the_loser_of_an_assign_race_gets_a_message_not_a_500(client, secretary, users, units, monkeypatch):
    """Both requests saw no task for the unit; the database's one-live-task index refuses
    the second at commit."""
    directive = make_directive(make_conference(units["city"]))
    unit = units["districts"][1]
    url = f"/tasks/directives/{directive.id}"
    real_assign = services.assign

    def assign_while_another_request_commits(directive_, user, units_, **kwargs):
        result = real_assign(directive_, user, units_, **kwargs)
        # The competing request's INSERT, as if it committed a moment earlier.
        db.session.connection().exec_driver_sql(
            "INSERT INTO tasks (directive_id, organisation_id, organisation_name, priority, "
            "progress, uid, ical_sequence, version, created_at, updated_at) VALUES "
            f"({directive_.id}, {unit.id}, 'x', 'normal', 0, 'race@x', 0, 1, "
            "'2026-01-01', '2026-01-01')"
        )
        return result

    monkeypatch.setattr(services, "assign", assign_while_another_request_commits)
    response = post_from_page(
        client, url, {"assign-organisation_ids": [unit.id], "assign-priority": "normal"}
    )
    assert response.status_code == 409
    assert "Người khác vừa giao nhiệm vụ này cho cùng đơn vị" in text(response)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Task.id))) == 0


def test_a_directive_rate_counts_due_tasks_and_shows_standing_ones_beside_it(client, secretary, users, units):
    """8 tasks with a due date, all done, and 11 thường xuyên tasks of which 3 are done:
    "8/8 hoàn thành (100 %)" with "thường xuyên: 3/11", not "11/19 (57,9 %)"."""
    from minutes.models import Organisation

    city = units["city"]
    directive = make_directive(make_conference(city))
    due_units = [Organisation(name=f"Chi bộ {i:02d}", level="grassroots", parent=city) for i in range(8)]
    standing_units = [
        Organisation(name=f"Đảng bộ {i:02d}", level="grassroots", parent=city) for i in range(11)
    ]
    db.session.add_all(due_units + standing_units)
    db.session.commit()
    due = services.assign(
        directive, users["secretariat"], due_units, due_date=today() + timedelta(days=5)
    ).created
    standing = services.assign(directive, users["secretariat"], standing_units, due_date=None).created
    db.session.commit()
    for task in due + standing[:3]:
        services.complete(task, users["secretariat"], today(), "Xong")
    db.session.commit()
    page = " ".join(text(client.get(f"/tasks/directives/{directive.id}")).split())
    assert "8/8</strong> hoàn thành (100,0 %)" in page
    assert "thường xuyên: 3/11" in page
    follow = " ".join(text(client.get(f"/tasks/conferences/{directive.conference_id}")).split())
    assert "100,0 %" in follow and "3/11" in follow
