"""A directive goes to 19 districts; one officer ticks it off from a phone; the roll-up follows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task, User
from tests.browser.pickers import pick

pytestmark = pytest.mark.browser
PASSWORD = "mật khẩu đủ dài"
DISTRICTS = [
    "Hồng Bàng",
    "Ngô Quyền",
    "Lê Chân",
    "Hải An",
    "Kiến An",
    "Đồ Sơn",
    "Dương Kinh",
    "Thủy Nguyên",
    "An Dương",
    "An Lão",
    "Kiến Thụy",
    "Tiên Lãng",
    "Vĩnh Bảo",
    "Cát Hải",
    "Bạch Long Vĩ",
    "Khối cơ quan",
    "Khối doanh nghiệp",
    "Quân sự",
    "Công an",
]


def _seed(app) -> dict:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        ubkt = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="other", parent=city)
        districts = [
            Organisation(name=f"Đảng bộ {n}", level="district", parent=city, sort_order=i)
            for i, n in enumerate(DISTRICTS)
        ]
        conference = Conference(
            title="Hội nghị tổng kết công tác kiểm tra năm 2021",
            kind="annual",
            period_year=2021,
            status="published",
        )
        directive = Directive(
            conference=conference,
            position=1,
            text="Rà soát, hoàn thành kế hoạch kiểm tra, giám sát năm 2022.",
            due_date=today() + timedelta(days=20),
        )
        people = []
        for username, role, unit in (("thuky", "secretariat", ubkt), ("canbo", "officer", districts[2])):
            user = User(username=username, full_name=username.title(), role=role, organisation=unit)
            user.set_password(PASSWORD)
            people.append(user)
        db.session.add_all([city, ubkt, *districts, conference, directive, *people])
        db.session.commit()
        return {"directive": directive.id, "lechan": districts[2].name}


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def _dashboard_count(page, base: str, status: str) -> int:
    page.goto(base + "/tasks/dashboard")
    value = page.locator(f'#status-counts [data-status="{status}"] .n').inner_text()
    return int(value.replace(".", ""))


def test_assign_to_19_units_tick_off_and_see_the_rollup(live_app, live_server, browser, screenshot):
    ids = _seed(live_app)
    base = live_server

    # The secretary, on a desktop, assigns the directive to every district in one step.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    _log_in(page, base, "thuky")
    page.goto(f"{base}/tasks/directives/{ids['directive']}")
    pick(page, "Hoặc: mọi đơn vị thuộc", "thanh uy hai phong", "Thành ủy Hải Phòng")
    page.get_by_label("Cấp", exact=True).select_option(label="Huyện, quận, thị xã")
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã giao 19 nhiệm vụ.")
    expect(page.locator(".rollup")).to_contain_text("0/19 hoàn thành")
    done_before = _dashboard_count(page, base, "done_on_time")
    open_before = _dashboard_count(page, base, "in_progress")
    assert (done_before, open_before) == (0, 19)

    # The officer of Lê Chân, on a phone, finds it in "Việc của tôi" and ticks it off.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    _log_in(mobile, base, "canbo")
    mobile.get_by_role("link", name="Việc của tôi").click()
    rows = mobile.locator("table.tasks tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ids["lechan"])
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile, "my-tasks-phone")
    rows.first.get_by_role("link").click()
    mobile.get_by_label("Kết quả thực hiện").fill("Đã ban hành kế hoạch và kiểm tra 5 chi bộ.")
    expect(mobile.get_by_label("Ngày hoàn thành")).to_have_value(today().isoformat())
    mobile.get_by_role("button", name="Báo hoàn thành").click()
    expect(mobile.get_by_role("status")).to_contain_text("Đã báo hoàn thành nhiệm vụ.")
    expect(mobile.locator(".history")).to_contain_text("Đã ban hành kế hoạch")
    screenshot(mobile, "task-done-phone")
    # A neighbour's task, its link sent on by someone: a clear refusal, nothing of it shown.
    with live_app.app_context():
        neighbour = db.session.scalar(db.select(Task).where(Task.organisation_name != ids["lechan"]))
        neighbour_id, neighbour_unit = neighbour.id, neighbour.organisation_name
    response = mobile.goto(f"{base}/tasks/{neighbour_id}")
    assert response.status == 403
    expect(mobile.get_by_role("heading", level=1)).to_have_text("Không có quyền")
    expect(mobile.locator("main")).to_contain_text("đơn vị ngoài phạm vi của bạn")
    expect(mobile.locator("main")).not_to_contain_text(neighbour_unit)
    screenshot(mobile, "neighbours-task-refused-phone")
    phone.close()

    # Back on the desktop: the roll-up reads 1/19 and the dashboard moved by one.
    page.goto(f"{base}/tasks/directives/{ids['directive']}")
    expect(page.locator(".rollup")).to_contain_text("1/19 hoàn thành (5,3 %)")
    screenshot(page, "directive-rollup")
    assert _dashboard_count(page, base, "done_on_time") == done_before + 1
    assert _dashboard_count(page, base, "in_progress") == open_before - 1
    screenshot(page, "dashboard")
    desk.close()
    with live_app.app_context():
        done = db.session.scalars(db.select(Task).where(Task.completed_on.is_not(None))).all()
        assert [t.organisation_name for t in done] == [ids["lechan"]]


def test_keyboard_only_officer_reports_progress(live_app, live_server, page):
    ids = _seed(live_app)
    with live_app.app_context():
        from minutes.tasks import services

        secretary = db.session.scalar(db.select(User).where(User.username == "thuky"))
        unit = db.session.scalar(db.select(Organisation).where(Organisation.name == ids["lechan"]))
        task = services.assign(
            db.session.get(Directive, ids["directive"]),
            secretary,
            [unit],
            due_date=today() + timedelta(days=3),
        ).created[0]
        db.session.commit()
        task_id = task.id
    _log_in(page, live_server, "canbo")
    page.goto(f"{live_server}/tasks/{task_id}")
    page.get_by_label("Tiến độ (%)").focus()
    page.keyboard.type("150")
    page.keyboard.press("Enter")
    expect(page.locator("#percent-error")).to_contain_text("Tiến độ phải từ 0 đến 100 %.")
    field = page.get_by_label("Tiến độ (%)")
    field.fill("")
    field.type("60")
    field.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Đã cập nhật tiến độ.")
    expect(page.locator(".history")).to_contain_text(re.compile(r"0 % → 60 %"))
