"""The secretariat decides several extension requests at once from the list of those waiting:
ticks two of three from the keyboard, one decision with its reference, one submit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Organisation, TaskExtension
from minutes.tasks import services
from tests.browser.session import log_in
from tests.factories import make_conference, make_directive, make_task
from tests.support import PASSWORD, make_user

pytestmark = pytest.mark.browser


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        districts = [
            Organisation(name=n, level="district", parent=city)
            for n in ("Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo")
        ]
        db.session.add_all([city, *districts])
        db.session.commit()
        by = make_user("thuky", "secretariat", city)
        directive = make_directive(make_conference(city), text="Rà soát đơn thư tồn đọng.")
        for unit in districts:
            task = make_task(unit, by, directive, due_date=today() + timedelta(days=5))
            services.request_extension(task, by, today() + timedelta(days=40), f"Chờ số liệu của {unit.name}")
        db.session.commit()


def test_two_requests_are_approved_in_one_submit(live_app, live_server, page, screenshot):
    _seed(live_app)
    log_in(page, live_server, "thuky", PASSWORD)
    page.goto(live_server + "/tasks/extensions")
    for unit in ("Quận ủy Lê Chân", "Huyện ủy Vĩnh Bảo"):
        box = page.get_by_label(f"Chọn đề nghị của {unit}")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_label("Quyết định").select_option(label="Chấp thuận")
    page.get_by_label("Văn bản (số, ký hiệu)").fill("Công văn số 15-CV/TU")
    screenshot(page, "extensions-bulk")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã ghi quyết định cho 2 đề nghị gia hạn.")).to_be_visible()
    # The one left is still waiting, alone on the list.
    expect(page.get_by_label("Chọn đề nghị của Quận ủy Ngô Quyền")).to_be_visible()
    expect(page.get_by_label("Chọn đề nghị của Quận ủy Lê Chân")).to_have_count(0)
    with live_app.app_context():
        states = {
            e.task.organisation_name: (e.state, e.reference)
            for e in db.session.scalars(db.select(TaskExtension))
        }
        assert states == {
            "Quận ủy Lê Chân": ("approved", "Công văn số 15-CV/TU"),
            "Huyện ủy Vĩnh Bảo": ("approved", "Công văn số 15-CV/TU"),
            "Quận ủy Ngô Quyền": ("pending", None),
        }
