"""The conference list on a phone (390 px): each conference a card with its title, date,
status and sites readable, nothing pushed out of view; an officer signing in there lands on
"Việc của tôi"."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Organisation, Site
from tests.browser.session import log_in
from tests.support import PASSWORD as TEST_PASSWORD
from tests.support import make_user

pytestmark = pytest.mark.browser

TITLE = "Hội nghị sơ kết công tác kiểm tra, giám sát và thi hành kỷ luật trong Đảng 6 tháng đầu năm 2025"


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        district = Organisation(name="Quận ủy Lê Chân", level="district", parent=city)
        db.session.add_all([city, district])
        for i in range(3):
            conference = Conference(
                title=TITLE if i == 0 else f"Hội nghị giao ban quý {i} năm 2025",
                kind="review",
                status="published" if i else "draft",
                format="online",
                starts_on=date(2025, 7, 10 + i),
                organiser=city,
                organiser_name=city.name,
            )
            conference.sites.extend(
                Site(name=f"Điểm cầu {n}", position=n, is_host=n == 1) for n in range(1, 13)
            )
            conference.refresh_search()
            db.session.add(conference)
        db.session.commit()
        make_user("thuky", "secretariat", city)
        make_user("canbo", "officer", district)


def test_the_conference_list_reads_on_a_phone(live_app, live_server, browser, screenshot):
    _seed(live_app)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = context.new_page()
    log_in(phone, live_server, password=TEST_PASSWORD)
    phone.goto(live_server + "/conferences/")
    card = phone.locator("table.conferences tbody tr", has_text="6 tháng đầu năm 2025")
    expect(card.get_by_role("link", name=TITLE)).to_be_visible()
    # Date, status and number of sites are on the card, each with its label, inside the screen.
    for label, value in (("Thời gian", "10/07/2025"), ("Trạng thái", "Bản nháp"), ("Điểm cầu", "12")):
        cell = card.locator(f'td[data-label="{label}"]')
        expect(cell).to_contain_text(value)
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (label, box)
    # The title wraps as a sentence, not one word per line.
    title_box = card.get_by_role("link", name=TITLE).bounding_box()
    assert title_box is not None and title_box["width"] > 250
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "conference-list-phone")
    # An officer signs in on the phone and starts on their own tasks.
    phone.get_by_role("button", name="Đăng xuất").click()
    log_in(phone, live_server, "canbo", TEST_PASSWORD)
    phone.goto(live_server + "/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    context.close()
