"""Scoping by the organisation tree: lists, roll-ups, feeds and forms show and accept only what
the signed-in user's part of the tree may see (the per-object checks are in the matrix)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.calendar import services as cal
from minutes.clock import today
from minutes.conferences.services import set_organiser
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task
from minutes.tasks import services as tasks
from tests.support import login, make_user, picked_ids, post_from_page, search_ids

OUT_OF_SCOPE = "Đơn vị đã chọn không có trong phạm vi"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _conference(title: str, organiser: Organisation | None) -> Directive:
    conference = Conference(title=title, kind="review", format="online")
    set_organiser(conference, organiser)
    directive = Directive(conference=conference, position=1, text=f"Chỉ đạo — {title}")
    db.session.add_all([conference, directive])
    db.session.flush()
    return directive


@pytest.fixture
def tree(units, users):
    """Three conferences: the city's (tasks for its three districts), the other province's (a
    task for it), and the centre's (no organiser: the top) with a task for Lê Chân."""
    admin = users["admin"]
    city = _conference("Giao ban thành phố", units["city"])
    province = _conference("Giao ban tỉnh bạn", units["other"])
    centre = _conference("Giao ban toàn quốc", None)
    due = today() + timedelta(days=7)
    tasks.assign(city, admin, units["districts"], due_date=due)
    tasks.assign(province, admin, [units["other"]], due_date=today() - timedelta(days=3))
    tasks.assign(centre, admin, [units["districts"][0]], due_date=due)
    ubkt = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="other", parent=units["city"])
    db.session.add(ubkt)
    db.session.commit()
    return {"city": city, "province": province, "centre": centre, "ubkt": ubkt}


def titles(client) -> set[str]:
    page = text(client.get("/conferences/"))
    return {t for t in ("Giao ban thành phố", "Giao ban tỉnh bạn", "Giao ban toàn quốc") if t in page}


@pytest.mark.parametrize(
    "username, expected",
    [
        ("admin", {"Giao ban thành phố", "Giao ban tỉnh bạn", "Giao ban toàn quốc"}),
        # The city is a root in this tree, so its people also own the organiser-less conference.
        ("thuky", {"Giao ban thành phố", "Giao ban toàn quốc"}),
        ("lanhdao", {"Giao ban thành phố", "Giao ban toàn quốc"}),
        # Lê Chân: the conferences that gave it a task, none organised by it.
        ("canbo", {"Giao ban thành phố", "Giao ban toàn quốc"}),
    ],
)
def test_conference_list_holds_what_the_users_tree_may_read(client, tree, users, username, expected):
    login(client, username)
    assert titles(client) == expected
    # Searching does not reach around the filter.
    assert "Giao ban tỉnh bạn" not in text(client.get("/conferences/?q=tinh+ban")) or (username == "admin")


def test_a_district_officer_sees_its_own_tasks_of_a_city_conference_not_its_neighbours(
    client, tree, users, units
):
    login(client, "canbo")
    directive = tree["city"]
    page = text(client.get(f"/tasks/directives/{directive.id}"))
    assert "Quận ủy Lê Chân" in page
    assert "Quận ủy Ngô Quyền" not in page and "Huyện ủy Vĩnh Bảo" not in page
    assert "0/1 hoàn thành" in page  # the roll-up counts its own task only
    follow_up = text(client.get(f"/tasks/conferences/{directive.conference_id}"))
    assert "0/1 hoàn thành" in follow_up and "0/3" not in follow_up
    sibling = db.session.scalar(
        db.select(Task).where(
            Task.directive_id == directive.id, Task.organisation_id == units["districts"][1].id
        )
    )
    assert client.get(f"/tasks/{sibling.id}").status_code == 403


def test_the_owner_sees_every_task_of_its_conference(client, tree):
    login(client, "thuky")
    page = text(client.get(f"/tasks/directives/{tree['city'].id}"))
    assert "0/3 hoàn thành" in page
    assert all(name in page for name in ("Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo"))


def test_dashboard_counts_only_the_users_tree(client, tree, units):
    login(client, "admin")
    everything = text(client.get("/tasks/dashboard"))
    assert "Tỉnh ủy Tây Ninh" in everything
    login(client, "lanhdao")
    page = text(client.get("/tasks/dashboard"))
    # 4 tasks in the city's tree (3 of the city's conference, 1 of the centre's); the other
    # province's overdue task is neither counted nor listed, nor offered in the unit filter.
    assert "Tỉnh ủy Tây Ninh" not in page
    assert "0/4 hoàn thành" in page
    response = client.get(f"/tasks/dashboard?organisation_id={units['other'].id}")
    assert "Bộ lọc không hợp lệ đã được bỏ qua." in text(response)


def test_inspection_commission_staff_are_scoped_to_the_committee_it_sits_beside(client, tree, units):
    make_user("thukyubkt", "secretariat", tree["ubkt"])
    login(client, "thukyubkt")
    assert titles(client) == {"Giao ban thành phố", "Giao ban toàn quốc"}
    page = client.get("/conferences/new").get_data(as_text=True)
    assert picked_ids(page, "organiser_id") == [str(tree["ubkt"].id)]  # its own unit, to start
    # The organiser picker offers the committee's tree, nothing of the other province.
    offered = search_ids(client, "uy") | search_ids(client, "ubkt") | search_ids(client, "kiem tra")
    assert offered == {u.id for u in [units["city"], *units["districts"], tree["ubkt"]]}
    # …and may edit the city's minutes, not the other province's.
    assert client.get(f"/conferences/{tree['city'].conference_id}/edit").status_code == 200
    assert client.get(f"/conferences/{tree['province'].conference_id}/edit").status_code == 403


def test_an_officer_of_an_inspection_commission_works_only_its_own_tasks(client, tree, units, users):
    make_user("canboubkt", "officer", tree["ubkt"])
    task = db.session.scalar(db.select(Task).where(Task.organisation_id == units["districts"][1].id))
    login(client, "canboubkt")
    response = post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "50"})
    assert response.status_code == 403
    db.session.refresh(task)
    assert task.progress == 0


def test_secretariat_cannot_organise_or_assign_outside_its_tree(client, tree, units):
    login(client, "thuky")
    before = db.session.scalar(db.select(db.func.count(Conference.id)))
    response = client.post(
        "/conferences/new",
        data={
            "title": "Hội nghị của tỉnh khác",
            "kind": "review",
            "format": "online",
            "organiser_id": str(units["other"].id),
        },
    )
    assert response.status_code == 200 and OUT_OF_SCOPE in text(response)
    response = client.post(
        "/conferences/new",
        data={"title": "Hội nghị không rõ cơ quan", "kind": "review", "format": "online", "organiser_id": ""},
    )
    assert "Hãy chọn cơ quan tổ chức." in text(response)
    assert db.session.scalar(db.select(db.func.count(Conference.id))) == before
    directive = tree["city"]
    count = len(db.session.scalars(db.select(Task).where(Task.directive_id == directive.id)).all())
    response = post_from_page(
        client,
        f"/tasks/directives/{directive.id}",
        data={"assign-organisation_ids": [units["other"].id], "assign-priority": "normal"},
    )
    assert response.status_code == 422 and OUT_OF_SCOPE in text(response)
    assert len(db.session.scalars(db.select(Task).where(Task.directive_id == directive.id)).all()) == count


def test_extension_queue_lists_only_the_conferences_the_secretariat_owns(client, tree, units, users):
    province_task = db.session.scalar(db.select(Task).where(Task.organisation_id == units["other"].id))
    city_task = db.session.scalar(db.select(Task).where(Task.directive_id == tree["city"].id))
    tasks.request_extension(province_task, users["admin"], today() + timedelta(days=40), "Tây Ninh xin")
    tasks.request_extension(city_task, users["officer"], today() + timedelta(days=40), "Lê Chân xin")
    db.session.commit()
    login(client, "thuky")
    page = text(client.get("/tasks/extensions"))
    assert "Lê Chân xin" in page and "Tây Ninh xin" not in page


def test_the_all_feed_of_a_scoped_secretariat_leaves_out_other_provinces(client, tree, users, units):
    secret = cal.token_string(cal.regenerate(users["secretariat"]))
    db.session.commit()
    body = client.get(f"/calendar/feed/{secret}/all.ics").get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    assert "Quận ủy Ngô Quyền" in unfolded and "Tỉnh ủy Tây Ninh" not in unfolded
    other = client.get(f"/calendar/feed/{secret}/conference/{tree['province'].conference_id}.ics")
    assert other.status_code == 404  # a feed link reveals nothing outside the tree
    unit = client.get(f"/calendar/feed/{secret}/unit/{units['other'].id}.ics")
    assert unit.status_code == 404


def test_scoped_conference_list_does_not_grow_queries_with_rows(client, tree, units, users, count_queries):
    login(client, "canbo")
    db.session.expire_all()  # as after a commit: each measured request loads the same rows
    with count_queries() as few:
        client.get("/conferences/")
    for i in range(15):
        directive = _conference(f"Thêm {i}", units["city"])
        tasks.assign(directive, users["admin"], [units["districts"][0]], due_date=None)
    db.session.commit()
    with count_queries() as many:
        page = text(client.get("/conferences/"))
    assert "Thêm 14" in page
    assert len(many) == len(few), ([q[:60] for q in few], [q[:60] for q in many])


# --- found in review: edges where the scope must hold ------------------------------------------


def test_editing_a_task_keeps_units_set_from_above_outside_the_editors_tree(client, tree, units, users):
    """The centre gave Lê Chân's task of the city conference Tây Ninh as a partner; the city's
    secretary moving the due date must not drop it."""
    task = db.session.scalar(
        db.select(Task).where(
            Task.directive_id == tree["city"].id, Task.organisation_id == units["districts"][0].id
        )
    )
    tasks.edit(
        task,
        users["admin"],
        organisation=task.organisation,
        due_date=task.due_date,
        priority=task.priority,
        lead_person=None,
        partners=[units["other"]],
    )
    db.session.commit()
    login(client, "thuky")
    page = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert picked_ids(page, "partner_ids") == [str(units["other"].id)]
    response = post_from_page(
        client,
        f"/tasks/{task.id}/edit",
        data={
            "version": str(task.version),
            "organisation_id": str(task.organisation_id),
            "partner_ids": [str(units["other"].id)],
            "due_date": (today() + timedelta(days=30)).isoformat(),
            "priority": "normal",
            "lead_person": "",
        },
    )
    assert response.status_code == 303, text(response)[:500]
    db.session.expire_all()
    assert [p.organisation_id for p in task.partners] == [units["other"].id]
    assert task.due_date == today() + timedelta(days=30)


def test_handing_down_stays_inside_the_tree(client, tree, units):
    """The city secretary owns the city conference, but not Tây Ninh's tree: a task of that
    conference given to Tây Ninh cannot be handed down to a Tây Ninh district by them."""
    district = Organisation(name="Huyện ủy Châu Thành", level="district", parent=units["other"])
    db.session.add(district)
    (task,) = tasks.assign(
        tree["city"], _admin(), [units["other"]], due_date=today() + timedelta(days=9)
    ).created
    db.session.commit()
    login(client, "thuky")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Huyện ủy Châu Thành" not in page  # not offered
    response = post_from_page(
        client,
        f"/tasks/{task.id}/delegate",
        data={"version": str(task.version), "unit_ids": [str(district.id)], "due_date": ""},
    )
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Task.id)).where(Task.parent_id == task.id)) == 0


def _admin():
    from minutes.models import User

    return db.session.scalar(db.select(User).where(User.username == "admin"))


def test_a_partner_does_not_see_the_lead_units_sub_units_work(client, tree, units, users):
    ward = Organisation(name="Đảng ủy phường Máy Chai", level="grassroots", parent=units["districts"][1])
    db.session.add(ward)
    task = db.session.scalar(
        db.select(Task).where(
            Task.directive_id == tree["city"].id, Task.organisation_id == units["districts"][1].id
        )
    )
    tasks.edit(
        task,
        users["admin"],
        organisation=task.organisation,
        due_date=task.due_date,
        priority=task.priority,
        lead_person=None,
        partners=[units["districts"][0]],
    )
    tasks.delegate(task, users["admin"], [ward], task.due_date)
    db.session.commit()
    login(client, "canbo")  # Lê Chân: partner of Ngô Quyền's task
    page = text(client.get(f"/tasks/{task.id}"))
    # The task's own history says it was handed down; the sub-unit's task itself (its
    # deadline, progress, status, link) is not shown.
    assert "Quận ủy Ngô Quyền" in page and "Các đơn vị cấp dưới được giao lại" not in page
    login(client, "admin")
    assert "Các đơn vị cấp dưới được giao lại" in text(client.get(f"/tasks/{task.id}"))


def test_a_ward_sees_the_task_handed_down_to_it_on_the_follow_up_pages(client, tree, units, users):
    ward = Organisation(name="Đảng ủy phường Máy Chai", level="grassroots", parent=units["districts"][1])
    db.session.add(ward)
    task = db.session.scalar(
        db.select(Task).where(
            Task.directive_id == tree["city"].id, Task.organisation_id == units["districts"][1].id
        )
    )
    tasks.delegate(task, users["admin"], [ward], task.due_date)
    from tests.support import make_user as make

    make("canbophuong", "officer", ward)
    login(client, "canbophuong")
    page = text(client.get(f"/tasks/directives/{tree['city'].id}"))
    assert "Đảng ủy phường Máy Chai" in page and "0/1 hoàn thành" in page
    follow_up = text(client.get(f"/tasks/conferences/{tree['city'].conference_id}"))
    assert "0/1 hoàn thành" in follow_up
    # Ngô Quyền's officer sees its own task once, and the ward's under it, not as two heads.
    make("canbonq", "officer", units["districts"][1])
    login(client, "canbonq")
    assert "0/1 hoàn thành" in text(client.get(f"/tasks/directives/{tree['city'].id}"))


def test_a_form_posted_after_the_session_expired_returns_to_its_page(client, tree, users, monkeypatch):
    from tests.test_accounts import Clock

    clock = Clock()
    monkeypatch.setattr("minutes.auth.routes.utcnow", clock)
    login(client, "thuky")
    clock.advance(hours=3)
    form_page = f"/conferences/{tree['city'].conference_id}/sites"
    response = client.post(
        form_page, data={"name": "Điểm cầu mới"}, headers={"Referer": f"http://localhost{form_page}"}
    )
    assert response.status_code == 302
    assert response.location.endswith("/login?next=" + form_page.replace("/", "%2F"))
    response = client.post(response.location, data={"username": "thuky", "password": "correct horse battery"})
    assert response.location == form_page
