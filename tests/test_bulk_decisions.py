"""Deciding several extension requests at once, from the list of those waiting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import TaskExtension
from minutes.tasks import services
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, plain


@pytest.fixture
def requests_(units, users):
    """Four districts' requests of the city (three districts and the city itself), one of the
    other province."""
    city, by = units["city"], users["secretariat"]
    directive = make_directive(make_conference(city))
    mine = []
    for unit in [*units["districts"], city]:
        task = make_task(unit, by, directive, due_date=today() + timedelta(days=5))
        mine.append(
            services.request_extension(task, by, today() + timedelta(days=35), f"Chờ số liệu {unit.name}")
        )
    other = make_task(units["other"], users["admin"], make_directive(make_conference(units["other"])))
    theirs = services.request_extension(other, users["admin"], today() + timedelta(days=40), "Chờ")
    db.session.commit()
    return mine, theirs


def test_one_decision_for_the_requests_ticked(client, users, requests_):
    mine, _theirs = requests_
    login(client, "thuky")
    page = client.get("/tasks/extensions")
    assert page.status_code == 200 and plain(page).count("Chờ số liệu") == 4
    response = client.post(
        "/tasks/extensions",
        data={"ids": [e.id for e in mine[:3]], "decision": "approve", "reference": "Công văn 15-CV/TU"},
        follow_redirects=True,
    )
    assert "Đã ghi quyết định cho 3 đề nghị gia hạn." in plain(response)
    for ext in mine[:3]:
        db.session.refresh(ext)
        assert ext.state == "approved" and ext.reference == "Công văn 15-CV/TU"
        assert ext.task.due_date == today() + timedelta(days=35)
        assert ext.task.events[0].action == "extension_approved"
    db.session.refresh(mine[3])
    assert mine[3].state == "pending"


def test_requests_decided_meanwhile_are_kept_and_named(client, users, requests_):
    mine, _theirs = requests_
    services.decide_extension(mine[0], users["secretariat"], False, None, "Không đủ lý do")
    db.session.commit()
    login(client, "thuky")
    response = client.post(
        "/tasks/extensions",
        data={"ids": [mine[0].id, mine[1].id], "decision": "approve"},
        follow_redirects=True,
    )
    text = plain(response)
    assert "Đã ghi quyết định cho 1 đề nghị gia hạn." in text
    assert "giữ nguyên: Quận ủy Lê Chân" in text
    db.session.refresh(mine[0])
    db.session.refresh(mine[1])
    assert mine[0].state == "rejected" and mine[1].state == "approved"


def test_a_request_of_another_province_refuses_the_whole_submit(client, users, requests_):
    mine, theirs = requests_
    login(client, "thuky")
    response = client.post("/tasks/extensions", data={"ids": [mine[0].id, theirs.id], "decision": "reject"})
    assert response.status_code == 403
    states = db.session.scalars(db.select(TaskExtension.state)).all()
    assert set(states) == {"pending"}


@pytest.mark.parametrize(
    "data", [{"decision": "approve"}, {"ids": ["x", ""], "decision": "approve"}, {"ids": ["1"]}]
)
def test_nothing_chosen_is_a_message_and_decides_nothing(client, users, requests_, data):
    login(client, "thuky")
    response = client.post("/tasks/extensions", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một đề nghị và một quyết định." in plain(response)
    assert set(db.session.scalars(db.select(TaskExtension.state)).all()) == {"pending"}


def test_an_officer_cannot_decide(client, users, requests_):
    mine, _theirs = requests_
    login(client, "canbo")
    assert (
        client.post("/tasks/extensions", data={"ids": [mine[0].id], "decision": "approve"}).status_code == 403
    )
