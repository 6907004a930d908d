"""An officer of a district filters her tasks and downloads every list she sees as Excel, by
clicking the "Tải Excel (.xlsx)" link on each page as a person would."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, User
from minutes.tasks import services
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser
FORMULA = '=HYPERLINK("http://x")'


def _seed(app) -> dict:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        le_chan = Organisation(name="Quận ủy Lê Chân", level="district", parent=city)
        ngo_quyen = Organisation(name="Quận ủy Ngô Quyền", level="district", parent=city)
        wards = [
            Organisation(name=f"Đảng ủy phường {i}", level="grassroots", parent=le_chan) for i in range(1, 6)
        ]
        people = []
        for username, role, unit in (("thuky", "secretariat", city), ("canbo", "officer", le_chan)):
            user = User(username=username, full_name=username.title(), role=role, organisation=unit)
            user.set_password(PASSWORD)
            people.append(user)
        conference = Conference(
            title="Hội nghị giao ban công tác kiểm tra quý I/2025",
            kind="review",
            status="published",
            organiser=city,
            organiser_name=city.name,
            period_kind="quarter",
            period_number=1,
            period_year=2025,
        )
        conference.refresh_search()
        directive = Directive(conference=conference, position=1, text="Rà soát kế hoạch kiểm tra, giám sát.")
        db.session.add_all([city, le_chan, ngo_quyen, *wards, *people, conference, directive])
        db.session.commit()
        secretary = people[0]
        late = today() - timedelta(days=40)
        tasks = services.assign(directive, secretary, [*wards[:3], ngo_quyen], due_date=late).created
        services.assign(directive, secretary, wards[3:], due_date=today() + timedelta(days=10))
        db.session.flush()
        services.complete(tasks[0], secretary, today(), FORMULA)
        db.session.commit()
        return {"directive": directive.id, "conference": conference.id}


def _download(page, link_name: str = "Tải Excel (.xlsx)"):
    """Click the page's export link; the file it saves, opened with openpyxl."""
    link = page.get_by_role("link", name=link_name)
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as f:
        return download, openpyxl.load_workbook(io.BytesIO(f.read()))


def _column(ws, header: str) -> list:
    headers = [c.value for c in ws[1]]
    i = headers.index(header)
    return [row[i].value for row in ws.iter_rows(min_row=2)]


def test_an_officer_downloads_each_list_she_sees(live_app, live_server, page, screenshot):
    ids = _seed(live_app)
    base = live_server
    log_in(page, base, "canbo")

    # Việc của tôi, filtered to the overdue ones: the link carries the filter.
    page.get_by_role("link", name="Việc của tôi").click()
    page.get_by_label("Trạng thái").select_option(label="Quá hạn")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.tasks tbody tr")).to_have_count(2)
    href = page.get_by_role("link", name="Tải Excel (.xlsx)").get_attribute("href")
    assert urlparse(href).query == "status=overdue"
    screenshot(page, "my-tasks-with-excel-link")
    download, book = _download(page)
    assert download.suggested_filename == f"Việc của tôi - {today():%d-%m-%Y}.xlsx"
    ws = book["Việc của tôi"]
    assert sorted(_column(ws, "Đơn vị chủ trì")) == ["Đảng ủy phường 2", "Đảng ủy phường 3"]
    assert set(_column(ws, "Trạng thái")) == {"Quá hạn"}
    assert _column(ws, "Số ngày quá hạn") == [40, 40]

    # Unfiltered: every task of Lê Chân's wards, the formula-like result note as text.
    page.goto(base + "/tasks/mine")
    _download_, book = _download(page)
    ws = book["Việc của tôi"]
    assert len(_column(ws, "Đơn vị chủ trì")) == 5
    assert "Quận ủy Ngô Quyền" not in _column(ws, "Đơn vị chủ trì")
    notes = [c for c in ws.iter_rows(min_row=2) if c[14].value]
    assert [(c[14].value, c[14].data_type) for c in notes] == [(FORMULA, "s")]

    # The directive's page: its tasks (only hers) and the roll-up.
    page.goto(f"{base}/tasks/directives/{ids['directive']}")
    _d, book = _download(page)
    assert book.sheetnames == ["Nhiệm vụ", "Tổng hợp", "Theo trạng thái"]
    assert len(_column(book["Nhiệm vụ"], "Đơn vị chủ trì")) == 5
    assert _column(book["Tổng hợp"], "Tổng số nhiệm vụ") == [5]

    # The conference's follow-up.
    page.goto(f"{base}/tasks/conferences/{ids['conference']}")
    _c, book = _download(page)
    assert _column(book["Theo chỉ đạo"], "Tổng số nhiệm vụ") == [5]

    # The dashboard: one sheet per table.
    page.goto(base + "/tasks/dashboard")
    _b, book = _download(page)
    assert "Theo đơn vị" in book.sheetnames
    assert sorted(_column(book["Nhiệm vụ quá hạn"], "Đơn vị chủ trì")) == [
        "Đảng ủy phường 2",
        "Đảng ủy phường 3",
    ]

    # The conference list, searched without diacritics.
    page.goto(base + "/conferences/")
    page.get_by_label("Tìm kiếm").fill("giao ban kiem tra")
    page.get_by_role("button", name="Lọc").click()
    _l, book = _download(page)
    ws = book["Hội nghị"]
    assert _column(ws, "Hội nghị") == ["Hội nghị giao ban công tác kiểm tra quý I/2025"]
    assert _column(ws, "Kỳ") == ["quý I/2025"]
