"""A secretary starts next quarter's conference from this quarter's, in Chromium: the form is
prefilled with the next period, the draft opens on its general information with what was
copied, and the carried "cùng kỳ" baselines are marked where the figures are listed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from minutes.conferences.services import set_organiser
from minutes.extensions import db
from minutes.models import Conference, Figure, Organisation, Report, Site, User
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser


def _conference(city, year: int, number: int, values: list[float]) -> Conference:
    roman = {1: "I", 2: "II"}[number]
    conference = Conference(
        title=f"Hội nghị giao ban công tác kiểm tra quý {roman}/{year}",
        kind="review",
        format="online",
        period_kind="quarter",
        period_number=number,
        period_year=year,
        status="published",
        starts_on=date(year, 3 * number + 1, 7),
    )
    set_organiser(conference, city)
    conference.sites.append(Site(name="Hội trường Thành ủy", organisation=city, is_host=True, position=1))
    report = Report(title=f"Báo cáo kết quả công tác kiểm tra quý {roman}/{year}", position=1)
    labels = ["Tổ chức đảng được kiểm tra", "Đảng viên được kiểm tra", "Đảng viên bị kỷ luật"]
    for position, (label, value) in enumerate(zip(labels, values, strict=True), start=1):
        report.figures.append(Figure(label=label, value=value, unit="trường hợp", position=position))
    conference.reports.append(report)
    db.session.add(conference)
    return conference


def _seed(app) -> int:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        secretary = User(username="thuky", full_name="Nguyễn Thị Thư", role="secretariat", organisation=city)
        secretary.set_password(PASSWORD)
        db.session.add_all([city, secretary])
        _conference(city, 2020, 2, [41, 300, 12])
        current = _conference(city, 2021, 1, [38, 280, 9])
        db.session.commit()
        return current.id


def test_secretary_starts_next_quarter_from_this_one(live_app, live_server, page, screenshot):
    current_id = _seed(live_app)
    base = live_server
    log_in(page, base)

    page.goto(f"{base}/conferences/{current_id}")
    page.get_by_role("link", name="Bắt đầu hội nghị kỳ sau từ hội nghị này").click()
    expect(page.get_by_label("Kỳ", exact=True)).to_have_value("quarter:2")
    expect(page.get_by_label("Năm", exact=True)).to_have_value("2021")
    screenshot(page, "copy-form")
    page.get_by_role("button", name="Tạo bản nháp").click()

    expect(page).to_have_url(re.compile(r"/conferences/\d+/edit$"))
    flash = page.locator(".flash").first
    expect(flash).to_contain_text("1 điểm cầu, 0 đại biểu, 1 báo cáo với 3 chỉ tiêu")
    expect(flash).to_contain_text("3 chỉ tiêu đã có số cùng kỳ năm 2020")
    expect(page.get_by_label("Tên hội nghị")).to_have_value("Hội nghị giao ban công tác kiểm tra quý II/2021")
    screenshot(page, "copy-new-draft")

    page.get_by_role("link", name="Biên bản", exact=True).click()
    expect(page.get_by_text("chuyển từ cùng kỳ")).to_have_count(3)
    expect(page.get_by_text("cùng kỳ năm 2020: 300 trường hợp")).to_be_visible()
    screenshot(page, "copy-carried-baselines")
