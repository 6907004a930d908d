"""No lost updates: two people working on the same record at once, each in their own browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Task
from minutes.tasks import services
from tests.support import login, make_user


def version_in(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.get_data(as_text=True)).group(1)


@pytest.fixture
def two_clients(app, users):
    first, second = app.test_client(), app.test_client()
    return first, second


@pytest.fixture
def task(units, users):
    conference = Conference(title="Hội nghị", kind="review", status="published")
    directive = Directive(conference=conference, text="Kiểm tra việc thực hiện nghị quyết.")
    db.session.add_all([conference, directive])
    db.session.commit()
    made = services.assign(
        directive, users["secretariat"], [units["districts"][0]], due_date=today() + timedelta(days=9)
    ).created[0]
    db.session.commit()
    return made


def test_second_officer_working_from_a_stale_page_gets_409_with_the_other_change(
    two_clients, units, users, task
):
    make_user("canbo2", "officer", units["districts"][0])
    alice, bob = two_clients
    login(alice, "canbo")
    login(bob, "canbo2")
    seen_by_alice = version_in(alice.get(f"/tasks/{task.id}"))
    seen_by_bob = version_in(bob.get(f"/tasks/{task.id}"))
    done = alice.post(
        f"/tasks/{task.id}/complete",
        data={"version": seen_by_alice, "completed_on": today().isoformat(), "result_note": "Đã xong"},
    )
    assert done.status_code == 303
    late = bob.post(f"/tasks/{task.id}/progress", data={"version": seen_by_bob, "percent": "50"})
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "vừa được Canbo thay đổi" in page and "Báo hoàn thành" in page
    db.session.refresh(task)
    assert task.progress == 100 and task.completed_on == today()
    assert [e.action for e in task.events][:1] == ["completed"]


def test_ticking_a_task_that_was_just_cancelled_is_refused(two_clients, units, users, task):
    officer, secretary = two_clients
    login(officer, "canbo")
    login(secretary, "thuky")
    stale = version_in(officer.get(f"/tasks/{task.id}"))
    secretary.post(
        f"/tasks/{task.id}/cancel",
        data={"version": version_in(secretary.get(f"/tasks/{task.id}")), "cancel-reason": "Trùng lặp"},
    )
    response = officer.post(
        f"/tasks/{task.id}/complete",
        data={"version": stale, "completed_on": today().isoformat(), "result_note": "xong"},
    )
    assert response.status_code == 409 and "Hủy nhiệm vụ" in response.get_data(as_text=True)
    db.session.refresh(task)
    assert task.completed_on is None and task.cancelled_at is not None


def test_two_secretaries_editing_a_conference(two_clients, units, users):
    make_user("thuky2", "secretariat", units["city"])
    conference = Conference(title="Giao ban quý I", kind="review", format="online")
    db.session.add(conference)
    db.session.commit()
    first, second = two_clients
    login(first, "thuky")
    login(second, "thuky2")
    url = f"/conferences/{conference.id}/edit"
    v1, v2 = version_in(first.get(url)), version_in(second.get(url))
    base = {
        "kind": "review",
        "period": "",
        "period_year": "",
        "starts_on": "",
        "day_part": "",
        "start_time": "",
        "ends_at": "",
        "format": "online",
        "organiser_id": str(units["city"].id),
        "reported_delegates": "",
        "reported_delegates_qualifier": "",
        "notes": "",
    }
    assert first.post(url, data=dict(base, version=v1, title="Giao ban quý I/2021")).status_code == 303
    response = second.post(url, data=dict(base, version=v2, title="Giao ban quý một"))
    assert response.status_code == 409
    assert "Giao ban quý I/2021" in response.get_data(as_text=True)  # the other change is shown
    db.session.refresh(conference)
    assert conference.title == "Giao ban quý I/2021"
    # Having seen it, the second secretary can still save on purpose.
    again = second.post(url, data=dict(base, version=version_in(response), title="Giao ban quý một"))
    assert again.status_code == 303


def test_directive_edit_from_a_stale_form_is_refused(two_clients, units, users):
    make_user("thuky2", "secretariat", units["city"])
    conference = Conference(title="Hội nghị", kind="review")
    directive = Directive(conference=conference, text="Bản gốc")
    db.session.add_all([conference, directive])
    db.session.commit()
    first, second = two_clients
    login(first, "thuky")
    login(second, "thuky2")
    url = f"/conferences/{conference.id}/directives/{directive.id}/edit"
    v1, v2 = version_in(first.get(url)), version_in(second.get(url))
    assert (
        first.post(url, data={"version": v1, "directive-text": "Bản của người thứ nhất"}).status_code == 303
    )
    response = second.post(url, data={"version": v2, "directive-text": "Bản của người thứ hai"})
    assert response.status_code == 409 and "Bản của người thứ nhất" in response.get_data(as_text=True)
    db.session.refresh(directive)
    assert directive.text == "Bản của người thứ nhất"


def test_simultaneous_writes_of_one_row_refuse_the_later_one(app, units, users, task):
    """The version column itself (not only the form check) stops a lost update."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    with Session(db.engine) as one, Session(db.engine) as two:
        a, b = one.get(Task, task.id), two.get(Task, task.id)
        a.progress = 30
        one.commit()
        b.progress = 60
        with pytest.raises(StaleDataError):
            two.commit()
    db.session.expire_all()
    assert db.session.get(Task, task.id).progress == 30
