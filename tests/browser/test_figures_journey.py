"""A secretary enters a report's figures in Chromium: pastes the table copied from Excel,
reviews it, corrects a cell moving with the arrow keys, makes a row a part of the one above,
moves a row, deletes one and saves the whole report in one submit; then on a phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from minutes.conferences.services import set_organiser
from minutes.extensions import db
from minutes.models import Conference, Organisation, Report, User
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser

# As Excel puts it on the clipboard: tab-separated, a header row, Vietnamese numbers.
TABLE = "\n".join(
    "\t".join(cells)
    for cells in [
        ("Chỉ tiêu", "Số liệu", "Đơn vị", "Cùng kỳ", "Kỳ so sánh"),
        ("Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm", "27", "tổ chức", "19", "cùng kỳ năm 2021"),
        ("Đảng viên được kiểm tra khi có dấu hiệu vi phạm", "64", "đảng viên", "51", "cùng kỳ năm 2021"),
        ("Đảng viên bị thi hành kỷ luật", "112", "đảng viên", "98", "cùng kỳ năm 2021"),
        ("UBKT Tỉnh ủy thi hành kỷ luật", "9", "đảng viên", "", ""),
        ("Số tiền kiến nghị thu hồi", "hơn 1.917", "triệu đồng", "khoảng 1.200", "cùng kỳ năm 2021"),
        ("Tố cáo đã giải quyết", "37,6", "%", "", ""),
        ("Dòng dán nhầm", "1", "", "", ""),
    ]
)


def _seed(app) -> tuple[int, int]:
    with app.app_context():
        province = Organisation(name="Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa", level="province")
        secretary = User(
            username="thuky", full_name="Nguyễn Thị Thư", role="secretariat", organisation=province
        )
        secretary.set_password(PASSWORD)
        conference = Conference(
            title="Hội nghị giao ban công tác kiểm tra quý III/2022",
            kind="review",
            format="online",
            starts_on=date(2022, 9, 22),
        )
        set_organiser(conference, province)
        conference.reports.append(
            Report(title="Báo cáo công tác kiểm tra, giám sát quý III/2022", position=1)
        )
        db.session.add_all([province, secretary, conference])
        db.session.commit()
        return conference.id, conference.reports[0].id


def _figures(app, report_id: int):
    with app.app_context():
        report = db.session.get(Report, report_id)
        return [
            (f.label, f.qualifier, f.value, f.unit, f.parent.label if f.parent else None, f.baseline_value)
            for f in report.figures
        ]


def test_secretary_pastes_reviews_and_saves_a_report_s_figures(
    live_app, live_server, page, browser, screenshot
):
    conference_id, report_id = _seed(live_app)
    log_in(page, live_server)
    url = f"{live_server}/conferences/{conference_id}/reports/{report_id}"
    page.goto(url)

    # A report without figures opens the paste box; paste and read it for review.
    page.get_by_label("Dán bảng số liệu").fill(TABLE)
    page.get_by_role("button", name="Đọc bảng đã dán").click()
    expect(page.get_by_text("Đã đọc 7 dòng số liệu, chưa lưu")).to_be_visible()
    assert _figures(live_app, report_id) == []  # reading saves nothing
    label = page.get_by_label("Chỉ tiêu, dòng 1", exact=True)
    expect(label).to_have_value("Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm")
    expect(page.get_by_label("Số liệu, dòng 5", exact=True)).to_have_value("hơn 1.917")
    screenshot(page, "figures-1-pasted-for-review")

    # Correct a value moving down the column with the arrow keys, as in a sheet.
    page.get_by_label("Số liệu, dòng 1", exact=True).click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Số liệu, dòng 3", exact=True)).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("113")

    # "UBKT Tỉnh ủy …" is a part of the row above; the share of denunciations moves up one;
    # the row pasted by mistake is deleted. All from the keyboard.
    page.get_by_role("checkbox", name=re.compile(r"^Thuộc dòng trên .*dòng 4$")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Chuyển dòng 6 lên").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Chỉ tiêu, dòng 5", exact=True)).to_have_value("Tố cáo đã giải quyết")
    page.get_by_role("checkbox", name="Xóa dòng 7").check()
    screenshot(page, "figures-2-edited")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_text("Đã lưu số liệu (thêm 6)")).to_be_visible()

    assert _figures(live_app, report_id) == [
        ("Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm", "", 27, "tổ chức", None, 19),
        ("Đảng viên được kiểm tra khi có dấu hiệu vi phạm", "", 64, "đảng viên", None, 51),
        ("Đảng viên bị thi hành kỷ luật", "", 113, "đảng viên", None, 98),
        ("UBKT Tỉnh ủy thi hành kỷ luật", "", 9, "đảng viên", "Đảng viên bị thi hành kỷ luật", None),
        ("Tố cáo đã giải quyết", "", 37.6, "%", None, None),
        ("Số tiền kiến nghị thu hồi", "hơn", 1917, "triệu đồng", None, 1200),
    ]

    # A bad cell is refused next to the cell and the typed grid comes back.
    page.get_by_label("Số liệu, dòng 2", exact=True).fill("sáu mươi tư")
    page.get_by_role("button", name="Lưu số liệu").click()
    cell = page.get_by_label("Số liệu, dòng 2", exact=True)
    expect(cell).to_have_attribute("aria-invalid", "true")
    expect(cell).to_have_value("sáu mươi tư")
    screenshot(page, "figures-3-bad-cell")

    # The minutes list the figures with the part under its figure and the change computed.
    page.goto(f"{live_server}/conferences/{conference_id}/minutes")
    body = page.locator("main")
    expect(body).to_contain_text("trong đó")
    expect(body).to_contain_text("hơn 1.917")
    screenshot(page, "figures-4-minutes")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    mobile = phone.new_page()
    log_in(mobile, live_server)
    mobile.goto(url)
    expect(mobile.get_by_label("Số liệu, dòng 1", exact=True)).to_be_visible()
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the grid scrolls sideways on a phone ({width}px)"
    mobile.get_by_label("Chỉ tiêu, dòng 4", exact=True).scroll_into_view_if_needed()
    screenshot(mobile, "figures-5-phone", full_page=False)
    phone.close()
