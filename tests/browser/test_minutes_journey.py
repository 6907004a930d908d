"""A secretary records a whole conference in the real UI, in Chromium, the way a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Organisation, User
from tests.browser.pickers import pick

pytestmark = pytest.mark.browser
PASSWORD = "mật khẩu đủ dài"


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        ubkt = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="other", parent=city)
        names = ["Quận ủy Hồng Bàng", "Quận ủy Lê Chân", "Huyện ủy Vĩnh Bảo", "Huyện ủy Cát Hải"]
        districts = [
            Organisation(name=n, level="district", parent=city, sort_order=i) for i, n in enumerate(names)
        ]
        secretary = User(username="thuky", full_name="Nguyễn Thị Thư", role="secretariat", organisation=ubkt)
        secretary.set_password(PASSWORD)
        db.session.add_all([city, ubkt, *districts, secretary])
        db.session.commit()


def _log_in(page, base: str) -> None:
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Tên đăng nhập").fill("thuky")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")  # the keyboard is enough
    expect(page.get_by_role("heading", name="Hội nghị", exact=True)).to_be_visible()


def test_secretary_records_a_conference_end_to_end(live_app, live_server, page, screenshot):
    _seed(live_app)
    base = live_server
    _log_in(page, base)

    # 1. The conference itself.
    page.get_by_role("link", name="Ghi hội nghị mới").click()
    page.get_by_label("Tên hội nghị").fill("Hội nghị tổng kết công tác kiểm tra, giám sát năm 2021")
    page.get_by_label("Loại hội nghị").select_option(label="Tổng kết")
    page.get_by_label("Kỳ", exact=True).select_option(label="Cả năm")
    page.get_by_label("Năm", exact=True).fill("2021")
    page.get_by_label("Ngày họp", exact=True).fill("2021-12-28")
    page.get_by_label("Buổi", exact=True).select_option(label="Sáng")
    page.get_by_label("Giờ bắt đầu", exact=True).fill("08:00")
    page.get_by_label("Hình thức").select_option(label="Trực tuyến")
    pick(page, "Cơ quan tổ chức", "thanh uy hai", "Thành ủy Hải Phòng")
    # The host site is the city's conference centre, not the committee's own hall.
    page.get_by_label("Điểm cầu chính đặt tại cơ quan tổ chức").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flash, .notice").first).to_be_visible()

    # 2. Sites: the host typed in, then every district committee in one step.
    page.get_by_role("link", name=re.compile(r"^Điểm cầu")).click()
    page.get_by_label("Tên điểm cầu").fill("Trung tâm hội nghị thành phố")
    page.get_by_label("Điểm cầu chính (chủ trì)").check()
    page.get_by_label("Số đại biểu").fill("60")
    page.get_by_role("button", name="Thêm điểm cầu", exact=True).click()
    pick(page, "Các đơn vị trực thuộc", "hai phong", "Thành ủy Hải Phòng", keyboard=True)
    page.get_by_label("Cấp", exact=True).select_option(label="Huyện, quận, thị xã")
    page.get_by_role("button", name="Thêm các điểm cầu").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(5)
    expect(page.get_by_role("link", name=re.compile(r"^Điểm cầu \(5\)"))).to_be_visible()

    # 3. Attendees: the chair and one delegate.
    page.get_by_role("link", name=re.compile(r"^Đại biểu")).click()
    page.get_by_label("Họ và tên").fill("Trần Văn Chủ")
    page.get_by_label("Chức vụ", exact=True).fill("Bí thư Thành ủy")
    page.get_by_label("Vai trò", exact=True).select_option(label="Chủ trì")
    page.get_by_role("button", name=re.compile("Thêm")).first.click()
    expect(page.get_by_role("cell", name="Trần Văn Chủ", exact=True)).to_be_visible()

    # 4. A report with a figure compared to the same period last year.
    page.get_by_role("link", name=re.compile(r"^Báo cáo")).click()
    page.get_by_label("Tiêu đề", exact=True).fill("Báo cáo tổng kết công tác kiểm tra năm 2021")
    page.get_by_label("Người trình bày", exact=True).fill("Phạm Thị Báo")
    page.get_by_role("button", name=re.compile("Thêm")).first.click()
    # (The figures are a grid since a624a1f: row 1 of it.)
    page.get_by_label("Chỉ tiêu, dòng 1", exact=True).fill("Kiểm tra tổ chức đảng")
    page.get_by_label("Số liệu, dòng 1", exact=True).fill("713")
    page.get_by_label("Đơn vị tính, dòng 1", exact=True).fill("tổ chức đảng")
    page.get_by_label("Kỳ so sánh, dòng 1", exact=True).fill("cùng kỳ năm 2020")
    page.get_by_label("Số liệu kỳ so sánh, dòng 1", exact=True).fill("1.142")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu số liệu (thêm 1).")
    # The change against last year shows in the minutes (checked at the end).

    # 5. The conclusion and three directives, one ongoing.
    page.get_by_role("link", name=re.compile(r"^Kết luận")).click()
    # One submit for the text and the three directives.
    page.get_by_label("Kết luận của chủ trì").fill("Hội nghị đánh giá cao kết quả năm 2021.")
    directives = [
        ("Các cấp ủy hoàn thành kế hoạch kiểm tra năm 2022.", "2022-12-31"),
        ("UBKT các cấp giải quyết dứt điểm đơn thư tồn đọng.", "2022-06-30"),
        ("Tăng cường giám sát thường xuyên.", ""),
    ]
    for n, (text, due) in enumerate(directives, start=1):
        page.get_by_label(f"Nội dung chỉ đạo (chỉ đạo mới {n})", exact=True).fill(text)
        if due:
            page.get_by_label(f"Thời hạn (chỉ đạo mới {n})", exact=True).fill(due)
    page.get_by_role("button", name="Lưu kết luận và chỉ đạo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết luận và thêm 3 chỉ đạo.")
    for text, _due in directives:
        expect(page.locator("ol.directives")).to_contain_text(text)

    # 6. Publish from the checklist (no minute-taker, directives without units: warnings
    # only), and read the minutes page.
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_role("link", name="Công bố biên bản…").click()
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("Chưa ghi thư ký hội nghị")
    expect(warnings).to_contain_text("Chỉ đạo 3 chưa có đơn vị thực hiện")
    expect(page.locator("#refusals")).to_have_count(0)
    screenshot(page, "publish-checklist")
    page.get_by_role("button", name="Vẫn công bố dù còn thiếu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã công bố")
    body = page.get_by_role("article", name="Biên bản")
    expect(body).to_contain_text("năm 2021")
    expect(body).to_contain_text("Thời gian: từ 08:00 28/12/2021.")
    expect(body).to_contain_text("Số đại biểu: 60 đại biểu, 5 điểm cầu.")
    expect(body).not_to_contain_text("Thư ký:")
    expect(body).to_contain_text("Trần Văn Chủ")
    expect(body).to_contain_text("Quận ủy Lê Chân")
    expect(body).to_contain_text("5 điểm cầu; điểm cầu chính tại Trung tâm hội nghị thành phố")
    expect(body).to_contain_text("giảm 429")
    expect(page.locator("ol.doc-directives > li")).to_have_count(3)
    expect(body).to_contain_text("Thường xuyên")
    screenshot(page, "minutes-page")

    with live_app.app_context():
        conference = db.session.execute(db.select(Conference)).scalar_one()
        assert conference.status == "published"
        assert len(conference.sites) == 5 and len(conference.directives) == 3


def test_phone_width_workspace_has_no_horizontal_scroll(live_app, live_server, browser, screenshot):
    _seed(live_app)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    _log_in(page, live_server)
    page.get_by_role("link", name="Ghi hội nghị mới").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    screenshot(page, "new-conference-phone")
    context.close()
