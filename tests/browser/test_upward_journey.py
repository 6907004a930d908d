"""The secretary of a city chooses quý I/2021 and a district in the type-to-search picker,
reads the report beside cùng kỳ and downloads it as .xlsx; the page also reads on a phone."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task, User
from tests.browser.pickers import pick
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        le_chan = Organisation(name="Quận ủy Lê Chân", level="district", parent=city)
        ngo_quyen = Organisation(name="Quận ủy Ngô Quyền", level="district", parent=city)
        wards = [
            Organisation(name=f"Phường {n}", level="grassroots", parent=le_chan)
            for n in ("An Biên", "Cát Dài")
        ]
        conference = Conference(title="Hội nghị giao ban quý I/2021", kind="review", status="published")
        conference.organiser, conference.organiser_name = city, city.name
        plan = [  # (unit, due, done)
            (wards[0], date(2021, 2, 1), date(2021, 1, 30)),
            (wards[1], date(2021, 3, 1), date(2021, 4, 9)),  # done after the quarter: overdue then
            (le_chan, date(2021, 3, 31), None),
            (ngo_quyen, date(2021, 2, 15), date(2021, 2, 10)),
            (le_chan, date(2020, 3, 10), date(2020, 3, 1)),  # cùng kỳ
            (wards[0], date(2020, 2, 10), None),
        ]
        rows = []
        for i, (unit, due, done) in enumerate(plan):
            directive = Directive(conference=conference, position=i + 1, text=f"Nhiệm vụ số {i + 1}")
            rows += [
                directive,
                Task(
                    directive=directive,
                    organisation=unit,
                    organisation_name=unit.name,
                    due_date=due,
                    original_due_date=due,
                    completed_on=done,
                    result_note="=1+1 ghi sau" if done else None,
                    created_at=datetime(due.year, 1, 4),
                ),
            ]
        user = User(username="thuky", full_name="Thư ký", role="secretariat", organisation=city)
        user.set_password(PASSWORD)
        db.session.add_all([city, le_chan, ngo_quyen, *wards, conference, user, *rows])
        db.session.commit()


def test_choose_a_quarter_and_a_unit_and_download_the_workbook(live_app, live_server, page, screenshot):
    _seed(live_app)
    log_in(page, live_server, "thuky")
    page.goto(live_server + "/tasks/dashboard")
    page.get_by_role("link", name="Báo cáo kết quả thực hiện").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo kết quả thực hiện kết luận")
    page.get_by_label("Kỳ báo cáo", exact=True).select_option(label="Quý I")
    page.get_by_label("Năm", exact=True).fill("2021")
    pick(page, "Đơn vị", "le chan", "Quận ủy Lê Chân")
    page.get_by_role("button", name="Xem báo cáo").click()
    report = page.locator("#upward-report")
    expect(report.get_by_role("heading", level=2)).to_have_text("Quận ủy Lê Chân — quý I/2021")
    expect(page.locator("#upward-total")).to_contain_text("1/3 hoàn thành")
    table = page.locator("#upward-units")
    expect(table.locator("tbody tr")).to_have_count(4)  # total, its own tasks, two wards
    expect(table).to_contain_text("Phường Cát Dài")
    expect(table).not_to_contain_text("Ngô Quyền")
    screenshot(page, "upward-report")
    with page.expect_download() as download:
        report.get_by_role("link", name="Tải bảng tính (.xlsx)").click()
    data = download.value.path().read_bytes()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(data))
    total = [c.value for c in book["Tổng hợp"][2]]
    assert total[0] == "Tổng cộng: Quận ủy Lê Chân" and total[1] == 3
    late = list(book["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in late] == ["Phường Cát Dài"] and late[0][7] == "=1+1 ghi sau"

    # On a phone the table scrolls inside its card; the page itself stays as wide as the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "upward-report-phone")
