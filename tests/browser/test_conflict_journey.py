"""Two secretaries edit the same conclusion in two browsers: the later save is refused with
the other person's change named, and what the second one typed is still on the screen."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Organisation, User

pytestmark = pytest.mark.browser
PASSWORD = "mật khẩu đủ dài"


def _seed(app) -> int:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        conference = Conference(
            title="Hội nghị giao ban quý I/2022",
            kind="review",
            starts_at=datetime(2022, 4, 5, 1, 0),
            organiser=city,
            organiser_name=city.name,
        )
        people = []
        for username, name in (("thuky", "Nguyễn Thị Thư"), ("thuky2", "Trần Văn Ký")):
            user = User(username=username, full_name=name, role="secretariat", organisation=city)
            user.set_password(PASSWORD)
            people.append(user)
        db.session.add_all([city, conference, *people])
        db.session.commit()
        return conference.id


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    expect(page.get_by_role("heading", name="Hội nghị", exact=True)).to_be_visible()


def test_the_later_of_two_conclusion_saves_is_refused_and_keeps_the_typing(
    live_app, live_server, browser, page, screenshot
):
    conference_id = _seed(live_app)
    url = f"{live_server}/conferences/{conference_id}/conclusion"
    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN").new_page()
    try:
        _log_in(page, live_server, "thuky")
        _log_in(other, live_server, "thuky2")
        page.goto(url)
        other.goto(url)
        page.get_by_label("Kết luận của chủ trì").fill("Tập trung kiểm tra tổ chức đảng cấp dưới.")
        page.get_by_role("button", name="Lưu kết luận").click()
        expect(page.get_by_text("Đã lưu kết luận.")).to_be_visible()

        typed = "Đề nghị các cấp ủy hoàn thành chỉ tiêu trước 30/6."
        other.get_by_label("Kết luận của chủ trì").fill(typed)
        other.get_by_role("button", name="Lưu kết luận").click()
        expect(other.get_by_text(re.compile(r"Nguyễn Thị Thư vừa sửa lúc"))).to_be_visible()
        # The other person's text is shown, not only announced.
        expect(
            other.get_by_text(re.compile("Hiện lưu: kết luận “Tập trung kiểm tra tổ chức đảng cấp dưới.”"))
        ).to_be_visible()
        expect(other.get_by_label("Kết luận của chủ trì")).to_have_value(typed)
        screenshot(other, "conflict-conclusion-phone")

        # Having read the other change, the second secretary saves on purpose.
        other.get_by_role("button", name="Lưu kết luận").click()
        expect(other.get_by_text("Đã lưu kết luận.")).to_be_visible()
        with live_app.app_context():
            assert db.session.get(Conference, conference_id).conclusion == typed
    finally:
        other.context.close()
