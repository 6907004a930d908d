"""Directives become tasks: assigning, ticking off, extensions, delegation, permissions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task, TaskEvent, TaskExtension
from minutes.tasks import reports, services
from minutes.tasks import status as st
from tests.support import login, make_user, plain, post_from_page, text


def task_table(response) -> str:
    """Only the task list of a page (forms elsewhere on it name every unit)."""
    found = re.search(r'<table class="list tasks">.*?</table>', text(response), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


@pytest.fixture
def directive(units):
    conference = Conference(
        title="Hội nghị tổng kết năm 2021", kind="annual", period_year=2021, status="published"
    )
    directive = Directive(
        conference=conference,
        position=1,
        text="Hoàn thành kế hoạch kiểm tra, giám sát năm 2022.",
        due_date=today() + timedelta(days=30),
    )
    db.session.add_all([conference, directive])
    db.session.commit()
    return directive


@pytest.fixture
def task(directive, units, users):
    result = services.assign(
        directive, users["secretariat"], [units["districts"][0]], due_date=today() + timedelta(days=10)
    )
    db.session.commit()
    return result.created[0]


def tasks_of(directive) -> list[Task]:
    return list(
        db.session.scalars(db.select(Task).where(Task.directive_id == directive.id).order_by(Task.id))
    )


# --- assigning ------------------------------------------------------------------------------


def test_secretary_assigns_a_directive_to_every_district_in_one_step(client, secretary, units, directive):
    response = post_from_page(
        client,
        f"/tasks/directives/{directive.id}",
        data={
            "assign-parent_id": units["city"].id,
            "assign-level": "district",
            "assign-due_date": "2022-12-31",
            "assign-priority": "high",
            "assign-partner_ids": [units["city"].id],
        },
        follow_redirects=True,
    )
    assert "Đã giao 3 nhiệm vụ." in plain(response)
    tasks = tasks_of(directive)
    assert sorted(t.organisation_name for t in tasks) == sorted(d.name for d in units["districts"])
    assert all(t.original_due_date == t.due_date and t.priority == "high" for t in tasks)
    assert all([p.organisation_name for p in t.partners] == ["Thành ủy Hải Phòng"] for t in tasks)
    assert all(t.events[0].action == "created" for t in tasks)
    # Doing it again creates nothing new.
    again = post_from_page(
        client,
        f"/tasks/directives/{directive.id}",
        data={"assign-parent_id": units["city"].id, "assign-level": "district"},
        follow_redirects=True,
    )
    assert "3 đơn vị đã có nhiệm vụ này" in plain(again)
    assert len(tasks_of(directive)) == 3


def test_assigning_to_a_level_reaches_units_deep_below(app, client, secretary, units, directive):
    cells = [
        Organisation(name=f"Chi bộ {i}", level="cell", parent=units["districts"][i % 3]) for i in range(12)
    ]
    db.session.add_all(cells)
    db.session.commit()
    post_from_page(
        client,
        f"/tasks/directives/{directive.id}",
        data={"assign-parent_id": units["city"].id, "assign-level": "cell"},
    )
    assert len(tasks_of(directive)) == 12


def test_assign_without_units_says_so_and_creates_nothing(client, secretary, directive):
    response = post_from_page(client, f"/tasks/directives/{directive.id}", data={"assign-priority": "normal"})
    assert response.status_code == 422
    assert "Hãy chọn ít nhất một đơn vị chủ trì." in text(response)
    assert tasks_of(directive) == []


def test_directive_rollup_and_drill_down(client, secretary, units, users, directive):
    lead = services.assign(
        directive, users["secretariat"], units["districts"], due_date=today() + timedelta(days=5)
    ).created
    lead[0].completed_on, lead[0].result_note, lead[0].progress = today(), "Xong", 100
    lead[1].due_date = today() - timedelta(days=3)  # overdue
    db.session.commit()
    page = plain(client.get(f"/tasks/directives/{directive.id}"))
    assert "1/3 hoàn thành (33,3 %)" in page
    behind = task_table(client.get(f"/tasks/directives/{directive.id}?status=overdue"))
    assert lead[1].organisation_name in behind and lead[0].organisation_name not in behind
    follow_up = plain(client.get(f"/tasks/conferences/{directive.conference_id}"))
    assert "1/3 hoàn thành" in follow_up


def test_a_directive_with_tasks_cannot_be_deleted(client, secretary, task, directive):
    directive.conference.status = "draft"
    db.session.commit()
    url = f"/conferences/{directive.conference_id}/directives/{directive.id}/delete"
    response = post_from_page(client, url, follow_redirects=True)
    assert "không xóa được" in plain(response)
    assert db.session.get(Directive, directive.id) is not None


# --- the assignee -----------------------------------------------------------------------------


def test_officer_sees_own_unit_tasks_in_my_tasks(client, users, units, directive):
    services.assign(directive, users["secretariat"], units["districts"], due_date=None)
    db.session.commit()
    login(client, "canbo")  # officer of districts[0]
    page = task_table(client.get("/tasks/mine"))
    assert units["districts"][0].name in page
    assert units["districts"][1].name not in page


def test_officer_ticks_off_with_note_and_date(client, users, task):
    login(client, "canbo")
    response = post_from_page(
        client,
        f"/tasks/{task.id}/complete",
        data={"completed_on": today().isoformat(), "result_note": "Đã kiểm tra 12 chi bộ."},
        follow_redirects=True,
    )
    assert "Đã báo hoàn thành nhiệm vụ." in plain(response)
    db.session.refresh(task)
    assert task.completed_on == today() and task.progress == 100
    assert st.status_of(task, today()) == st.DONE_ON_TIME
    assert "Đã kiểm tra 12 chi bộ." in plain(client.get(f"/tasks/{task.id}"))


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"completed_on": (today() + timedelta(days=1)).isoformat(), "result_note": "x"},
            "Ngày hoàn thành không được ở tương lai.",
        ),
        ({"completed_on": "", "result_note": "x"}, "Hãy nhập ngày hoàn thành."),
        ({"completed_on": today().isoformat(), "result_note": "  "}, "Hãy ghi kết quả thực hiện."),
    ],
)
def test_bad_completion_is_refused_next_to_the_field(client, users, task, data, message):
    login(client, "canbo")
    response = post_from_page(client, f"/tasks/{task.id}/complete", data=data)
    assert response.status_code == 422
    assert message in text(response)
    db.session.refresh(task)
    assert task.completed_on is None and len(task.events) == 1


@pytest.mark.parametrize(
    "percent, message",
    [
        ("101", "Tiến độ phải từ 0 đến 100 %."),
        ("-1", "Tiến độ phải từ 0 đến 100 %."),
        ("abc", "Hãy nhập một số nguyên."),
        ("100", "Báo hoàn thành"),
    ],
)
def test_progress_outside_range_is_refused(client, users, task, percent, message):
    login(client, "canbo")
    response = post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": percent})
    assert response.status_code == 422 and message in text(response)
    db.session.refresh(task)
    assert task.progress == 0


def test_progress_update_is_recorded(client, users, task):
    login(client, "canbo")
    post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "40", "note": "Đã lập kế hoạch"})
    db.session.refresh(task)
    assert task.progress == 40
    event = task.events[0]
    assert (event.action, event.old_value, event.new_value) == ("progress", "0 %", "40 %")


def test_reopen_a_task_ticked_by_mistake(client, users, task):
    login(client, "canbo")
    post_from_page(
        client,
        f"/tasks/{task.id}/complete",
        data={"completed_on": today().isoformat(), "result_note": "nhầm"},
    )
    refused = post_from_page(client, f"/tasks/{task.id}/reopen", data={"reopen-reason": ""})
    assert refused.status_code == 422 and "Hãy ghi lý do." in text(refused)
    post_from_page(client, f"/tasks/{task.id}/reopen", data={"reopen-reason": "Báo nhầm nhiệm vụ"})
    db.session.refresh(task)
    assert task.completed_on is None
    assert [e.action for e in task.events][:2] == ["reopened", "completed"]
    assert task.progress == 0  # nothing was reported before the tick: not a made-up 90 %


def test_reopening_restores_the_progress_last_reported(client, users, task):
    login(client, "canbo")
    for percent in ("30", "60"):
        post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": percent, "note": ""})
    for _ in range(2):  # ticked and reopened twice: still what the unit reported
        post_from_page(
            client,
            f"/tasks/{task.id}/complete",
            data={"completed_on": today().isoformat(), "result_note": "nhầm"},
        )
        post_from_page(client, f"/tasks/{task.id}/reopen", data={"reopen-reason": "Báo nhầm"})
        db.session.refresh(task)
        assert task.completed_on is None and task.progress == 60
    page = text(client.get(f"/tasks/{task.id}"))
    assert "60" in page and "90 %" not in page


def test_a_task_page_is_headed_by_the_task_and_an_officer_starts_on_their_tasks(client, users, task):
    login(client, "canbo")
    start = client.get("/")
    assert start.status_code == 302 and start.headers["Location"].endswith("/tasks/mine")
    page = text(client.get(f"/tasks/{task.id}"))
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert task.directive.text[:40] in heading
    login(client, "thuky")
    assert client.get("/").headers["Location"].endswith("/conferences/")


def test_a_cancelled_task_cannot_be_ticked(client, users, task):
    services.cancel(task, users["secretariat"], "Chỉ đạo đã được thay thế")
    db.session.commit()
    login(client, "canbo")
    # The page offers no "tick off" any more; a form kept open from before still posts.
    response = client.post(
        f"/tasks/{task.id}/complete",
        data={"completed_on": today().isoformat(), "result_note": "xong", "version": task.version},
    )
    assert response.status_code == 422
    assert "Nhiệm vụ đã bị hủy" in text(response)
    db.session.refresh(task)
    assert task.completed_on is None and st.status_of(task, today()) == st.CANCELLED


# --- extensions -------------------------------------------------------------------------------


def test_extension_requested_then_approved_keeps_the_original_date(client, users, task):
    original = task.due_date
    login(client, "canbo")
    too_early = post_from_page(
        client,
        f"/tasks/{task.id}/extension",
        data={"new_due_date": (original - timedelta(days=1)).isoformat(), "reason": "bận"},
    )
    assert too_early.status_code == 422 and "Thời hạn mới phải sau thời hạn hiện tại" in text(too_early)
    assert db.session.scalar(db.select(db.func.count()).select_from(TaskExtension)) == 0
    new_due = original + timedelta(days=30)
    post_from_page(
        client,
        f"/tasks/{task.id}/extension",
        data={"new_due_date": new_due.isoformat(), "reason": "Chờ kết luận của cấp trên"},
    )
    ext = db.session.scalar(db.select(TaskExtension))
    assert ext.state == "pending" and task.due_date == original

    login(client, "thuky")
    assert "Chờ kết luận của cấp trên" in plain(client.get("/tasks/extensions"))
    post_from_page(
        client,
        f"/tasks/extensions/{ext.id}",
        page=f"/tasks/{task.id}",
        data={"decision": "approve", "reference": "Công văn số 12-CV/UBKTTU"},
    )
    db.session.refresh(task)
    assert task.due_date == new_due and task.original_due_date == original
    assert ext.state == "approved" and ext.decided_by_id == users["secretariat"].id
    assert task.events[0].action == "extension_approved"
    again = post_from_page(
        client, f"/tasks/extensions/{ext.id}", page=f"/tasks/{task.id}", data={"decision": "reject"}
    )
    assert again.status_code == 409 and "đã được quyết định" in text(again)


def test_rejected_extension_leaves_the_due_date(client, users, task):
    original = task.due_date
    ext = services.request_extension(task, users["officer"], original + timedelta(days=9), "lý do")
    db.session.commit()
    login(client, "thuky")
    post_from_page(
        client,
        f"/tasks/extensions/{ext.id}",
        page=f"/tasks/{task.id}",
        data={"decision": "reject", "note": "Không đủ căn cứ"},
    )
    db.session.refresh(task)
    assert task.due_date == original and ext.state == "rejected"


# --- delegation -------------------------------------------------------------------------------


def test_delegate_to_sub_units_derives_parent_progress(client, users, units, task):
    district = units["districts"][0]
    cells = [Organisation(name=f"Chi bộ {n}", level="cell", parent=district) for n in "AB"]
    db.session.add_all(cells)
    db.session.commit()
    login(client, "canbo")
    response = post_from_page(
        client,
        f"/tasks/{task.id}/delegate",
        data={"unit_ids": [c.id for c in cells], "due_date": task.due_date.isoformat()},
    )
    assert response.status_code == 303
    db.session.refresh(task)
    children = task.children
    assert len(children) == 2
    post_from_page(
        client,
        f"/tasks/{children[0].id}/complete",
        data={"completed_on": today().isoformat(), "result_note": "xong"},
    )
    db.session.refresh(task)
    assert task.progress == 50
    # A unit outside the subtree is refused.
    outsider = units["districts"][1]
    refused = post_from_page(client, f"/tasks/{task.id}/delegate", data={"unit_ids": [outsider.id]})
    assert refused.status_code == 422
    assert len(db.session.scalars(db.select(Task).where(Task.parent_id == task.id)).all()) == 2


# --- permissions ------------------------------------------------------------------------------


def test_officer_cannot_tick_another_units_task_by_posting_directly(client, users, units, directive):
    other = services.assign(directive, users["secretariat"], [units["districts"][1]], due_date=None).created[
        0
    ]
    db.session.commit()
    login(client, "canbo")
    for url, data in [
        (f"/tasks/{other.id}/complete", {"completed_on": today().isoformat(), "result_note": "x"}),
        (f"/tasks/{other.id}/progress", {"percent": "50"}),
        (f"/tasks/{other.id}/extension", {"new_due_date": "2030-01-01", "reason": "x"}),
        (f"/tasks/{other.id}/cancel", {"cancel-reason": "x"}),
        (f"/tasks/{other.id}/edit", {"organisation_id": units["districts"][0].id}),
        (f"/tasks/directives/{directive.id}", {"assign-organisation_ids": units["city"].id}),
    ]:
        assert post_from_page(client, url, data=data).status_code == 403, url
    db.session.refresh(other)
    assert other.completed_on is None and other.progress == 0 and other.cancelled_at is None
    assert len(tasks_of(directive)) == 1
    # Reading is fine, but no forms are offered.
    page = text(client.get(f"/tasks/{other.id}"))
    assert "Báo hoàn thành" not in page


def test_viewer_reads_but_changes_nothing(client, users, task):
    login(client, "lanhdao")
    assert client.get(f"/tasks/{task.id}").status_code == 200
    assert client.get("/tasks/dashboard").status_code == 200
    assert post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "5"}).status_code == 403
    assert client.get("/tasks/extensions").status_code == 403


def test_officer_of_a_parent_unit_works_the_tasks_below(client, units, users, directive):
    make_user("canbotp", "officer", units["city"])
    child = services.assign(directive, users["secretariat"], [units["districts"][2]], due_date=None).created[
        0
    ]
    db.session.commit()
    login(client, "canbotp")
    post_from_page(client, f"/tasks/{child.id}/progress", data={"percent": "30"})
    db.session.refresh(child)
    assert child.progress == 30


def test_history_shows_who_did_what(client, users, task):
    login(client, "canbo")
    post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "20"})
    page = plain(client.get(f"/tasks/{task.id}"))
    assert "Cập nhật tiến độ" in page and "0 % → 20 %" in page and "Canbo" in page
    assert "Giao nhiệm vụ" in page


def test_secretary_edits_due_date_and_lead_unit_with_history(client, secretary, units, task):
    response = post_from_page(
        client,
        f"/tasks/{task.id}/edit",
        data={
            "organisation_id": units["districts"][1].id,
            "due_date": "2030-06-30",
            "priority": "low",
            "lead_person": "Đ/c Hùng",
        },
    )
    assert response.status_code == 303
    db.session.refresh(task)
    assert task.organisation_name == units["districts"][1].name
    actions = {e.action for e in task.events}
    assert {"reassigned", "due_changed", "priority", "lead_person"} <= actions


# --- dashboard and query counts ------------------------------------------------------------


def _many_tasks(directive, units, users, n: int) -> None:
    extra = [Organisation(name=f"Đơn vị {i:03d}", level="grassroots", parent=units["city"]) for i in range(n)]
    db.session.add_all(extra)
    db.session.flush()
    created = services.assign(
        directive, users["secretariat"], extra, due_date=today() - timedelta(days=40)
    ).created
    for i, t in enumerate(created):
        if i % 3 == 0:
            t.completed_on, t.progress = today(), 100
        elif i % 3 == 1:
            services.request_extension(t, users["secretariat"], today() + timedelta(days=60), "x")
    db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/mine",
        "/tasks/dashboard",
        "/tasks/extensions",
        "/tasks/directives/{d}",
        "/tasks/conferences/{c}",
    ],
)
def test_list_pages_do_not_grow_queries_with_rows(
    client, secretary, units, users, directive, count_queries, url
):
    make_user("canbotp", "officer", units["city"])
    login(client, "canbotp" if "mine" in url else "thuky")
    url = url.format(d=directive.id, c=directive.conference_id)
    _many_tasks(directive, units, users, 2)
    db.session.expire_all()  # count as a fresh request would, not from this test's identity map
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _many_tasks(directive, units, users, 30)
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(s[:100] for s in many)


def test_dashboard_counts_and_overdue_ages(client, secretary, units, users, directive):
    _many_tasks(directive, units, users, 6)
    page = plain(client.get("/tasks/dashboard"))
    assert "2/6 hoàn thành (33,3 %)" in page
    assert "4 nhiệm vụ quá 30 ngày, 0 nhiệm vụ quá 120 ngày" in page
    assert "<svg" in text(client.get("/tasks/dashboard"))
    filtered = plain(client.get("/tasks/dashboard?year=2019"))
    assert "Chưa có nhiệm vụ nào." in filtered
    bad = client.get("/tasks/dashboard?year=abc")
    assert bad.status_code == 200 and "Bộ lọc không hợp lệ" in text(bad)


def test_unknown_task_is_404(client, secretary):
    assert client.get("/tasks/999").status_code == 404
    assert post_from_page(client, "/tasks/999/complete").status_code in (403, 404)
    assert db.session.scalar(db.select(db.func.count()).select_from(TaskEvent)) == 0


def test_completion_chart_ends_at_the_latest_completion(app, units, users, directive):
    from datetime import date

    made = services.assign(
        directive, users["secretariat"], units["districts"], due_date=date(2017, 12, 31)
    ).created
    made[0].completed_on, made[1].completed_on = date(2017, 9, 14), date(2018, 2, 1)
    db.session.commit()
    months = reports.monthly_completions(reports.TaskFilters())
    assert months[-1] == ("2018-02", 0, 1)  # done after its due date: late
    assert ("2017-09", 1, 0) in months and len(months) == 12


def test_history_is_append_only(client, users, task):
    login(client, "canbo")
    post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "30"})
    before = [(e.id, e.action, e.old_value, e.new_value, e.at) for e in task.events]
    post_from_page(client, f"/tasks/{task.id}/progress", data={"percent": "50"})
    post_from_page(
        client,
        f"/tasks/{task.id}/complete",
        data={"completed_on": today().isoformat(), "result_note": "xong"},
    )
    db.session.expire_all()
    after = [(e.id, e.action, e.old_value, e.new_value, e.at) for e in db.session.get(Task, task.id).events]
    assert after[-len(before) :] == before and len(after) == len(before) + 2
    event = after[0]
    row = db.session.get(TaskEvent, event[0])
    row.note = "sửa lịch sử"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.commit()
    db.session.rollback()
