"""A leader opens the dashboard on a phone (390 px): the counts, the overdue list and the
level table fit in about three screens, nothing wider than the screen; tapping a unit goes
one level down and the breadcrumb comes back up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Organisation
from tests.browser.session import log_in
from tests.factories import make_conference, make_directive, make_task
from tests.support import PASSWORD, make_user

pytestmark = pytest.mark.browser
SCREEN = 844


def _seed(app) -> None:
    """A city with 30 districts of two wards each; 60 tasks, a third of them overdue."""
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        db.session.add(city)
        db.session.flush()
        leader = make_user("lanhdao", "viewer", city)
        by = make_user("thuky", "secretariat", city)
        directive = make_directive(
            make_conference(city, title="Hội nghị tổng kết công tác kiểm tra năm 2025")
        )
        for i in range(30):
            district = Organisation(name=f"Huyện ủy số {i + 1:02d}", level="district", parent=city)
            db.session.add(district)
            db.session.flush()
            for j in range(2):
                ward = Organisation(
                    name=f"Đảng ủy xã {i + 1:02d}-{j + 1}", level="grassroots", parent=district
                )
                db.session.add(ward)
                db.session.flush()
                late = (i + j) % 3 == 0
                make_task(ward, by, directive, due_date=today() + timedelta(days=-20 if late else 20))
        db.session.commit()
        assert leader.id


def test_the_dashboard_reads_on_a_phone_in_three_screens(live_app, live_server, browser, screenshot):
    _seed(live_app)
    context = browser.new_context(viewport={"width": 390, "height": SCREEN}, locale="vi-VN")
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, live_server, "lanhdao", PASSWORD)
    phone.goto(live_server + "/tasks/dashboard")
    expect(phone.locator("#status-counts")).to_be_visible()
    expect(phone.get_by_role("heading", name="Nhiệm vụ quá hạn")).to_be_visible()
    level = phone.locator("#level")
    expect(level.get_by_role("heading", name="Theo đơn vị: Thành ủy Hải Phòng")).to_be_visible()
    height = phone.evaluate("document.documentElement.scrollHeight")
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, "dashboard-phone")
    assert width <= 390
    assert height <= 3 * SCREEN, f"{height} px is more than three screens"
    # Each unit row shows its name, total, overdue and rate inside the screen.
    first = level.locator("tbody tr").first
    for label in ("Tổng", "Quá hạn", "Tỷ lệ"):
        box = first.locator(f'td[data-label="{label}"]').bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, label
    # One level down by tapping a district; the breadcrumb leads back.
    name = first.locator("td").first.inner_text()
    first.get_by_role("link").click()
    expect(level.get_by_role("heading", name=f"Theo đơn vị: {name}")).to_be_visible()
    expect(level.locator("tbody tr")).to_have_count(2)
    level.get_by_role("link", name="Thành ủy Hải Phòng").click()
    expect(level.get_by_role("heading", name="Theo đơn vị: Thành ủy Hải Phòng")).to_be_visible()
    context.close()
