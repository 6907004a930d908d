"""A secretary enters a whole conference, as it happened, in at most 8 submits (issue 10).

Modelled on seed 000: the national review of the inspection sector for quý I/2021, organised
by the Central Inspection Commission (not in the province's tree: added on the spot), seen
from Tây Ninh, whose districts are the connected sites. The report's table is pasted from a
spreadsheet, the directives' units are picked by typing, and the minutes are published
through the checklist. Only the figures of the seed are the seed's; the others are made up.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Organisation, User
from tests.browser.pickers import pick
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser
ORGANISER = "Ủy ban Kiểm tra Trung ương"

# Copied from Excel: a header, a thousands separator, a qualifier, a sub-figure, a comma decimal.
TABLE = "\n".join(
    "\t".join(row)
    for row in [
        ("Chỉ tiêu", "Số liệu", "Đơn vị", "Cùng kỳ", "Kỳ so sánh"),
        ("Tổ chức đảng được giám sát", "713", "tổ chức", "1.142", "cùng kỳ năm 2020"),
        ("Đảng viên được giám sát", "1.917", "đảng viên", "3.143", "cùng kỳ năm 2020"),
        ("Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm", "12", "tổ chức", "9", "cùng kỳ năm 2020"),
        ("Đảng viên được kiểm tra khi có dấu hiệu vi phạm", "41", "đảng viên", "38", "cùng kỳ năm 2020"),
        ("Đảng viên bị thi hành kỷ luật", "27", "đảng viên", "31", "cùng kỳ năm 2020"),
        ("trong đó khai trừ", "4", "đảng viên", "", ""),
        ("Đơn thư tố cáo đã tiếp nhận", "hơn 60", "đơn", "", ""),
        ("Đơn thư tố cáo đã giải quyết", "52", "đơn", "", ""),
        ("Tỷ lệ giải quyết đơn thư", "86,7", "%", "", ""),
        ("Kiểm tra tài chính đảng", "35", "tổ chức", "30", "cùng kỳ năm 2020"),
        ("Số tiền kiến nghị thu hồi", "khoảng 1,2 tỷ", "đồng", "", ""),
    ]
)
DELEGATES = """STT\tHọ và tên\tChức vụ\tĐơn vị
1\tPhạm Hùng Thái\tPhó Bí thư Thường trực Tỉnh ủy\tTỉnh ủy Tây Ninh
2\tNguyễn Thị Lan\tỦy viên UBKT Tỉnh ủy\t
3\tLê Văn Hòa\tChủ nhiệm UBKT Thành ủy\tThành ủy Tây Ninh"""


def _seed(app) -> None:
    with app.app_context():
        province = Organisation(name="Tỉnh ủy Tây Ninh", level="province")
        districts = [
            Organisation(name=name, level="district", parent=province, sort_order=i)
            for i, name in enumerate(
                ["Thành ủy Tây Ninh", "Thị ủy Hòa Thành", "Huyện ủy Gò Dầu", "Huyện ủy Tân Biên"]
            )
        ]
        secretary = User(username="thuky", full_name="Võ Thị Thư", role="secretariat", organisation=province)
        secretary.set_password(PASSWORD)
        db.session.add_all([province, *districts, secretary])
        db.session.commit()


def test_a_whole_conference_in_at_most_eight_submits(live_app, live_server, page, screenshot):
    _seed(live_app)
    log_in(page, live_server)
    submits: list[str] = []
    page.on(
        "request", lambda r: r.method == "POST" and r.resource_type == "document" and submits.append(r.url)
    )

    # 1. The conference; its organiser is added on the spot from the picker.
    page.goto(live_server + "/conferences/new")
    page.get_by_label("Tên hội nghị").fill(
        "Hội nghị trực tuyến toàn quốc giao ban ngành Kiểm tra Đảng quý I/2021"
    )
    page.get_by_label("Loại hội nghị").select_option(label="Giao ban định kỳ")
    page.get_by_label("Kỳ").select_option(label="Quý I")
    page.get_by_label("Năm").fill("2021")
    page.get_by_label("Ngày họp").fill("2021-04-07")
    page.get_by_label("Buổi").select_option(label="Sáng")
    page.get_by_label("Hình thức").select_option(label="Trực tuyến")
    organiser = page.get_by_role("combobox", name="Cơ quan tổ chức")
    organiser.fill("")
    organiser.press_sequentially("uy ban kiem tra trung uong", delay=10)
    page.locator(f"#{organiser.get_attribute('id')}-list").get_by_role("option").filter(
        has_text="Thêm cơ quan ngoài hệ thống"
    ).click()
    dialog = page.get_by_role("dialog", name="Thêm cơ quan, đơn vị ngoài hệ thống")
    dialog.get_by_label("Tên cơ quan, đơn vị").fill(ORGANISER)
    dialog.get_by_role("button", name="Thêm và chọn").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Điểm cầu chính đặt tại cơ quan tổ chức")).to_be_checked()
    page.get_by_role("button", name="Lưu", exact=True).click()

    # 2. The connected sites: every district under the province, picked by typing.
    expect(page.get_by_role("heading", name=re.compile("Điểm cầu"))).to_be_visible()
    pick(page, "Các đơn vị trực thuộc", "tay ninh", "Tỉnh ủy Tây Ninh")
    page.get_by_role("button", name="Thêm các điểm cầu").click()
    expect(page.get_by_text("Huyện ủy Tân Biên").first).to_be_visible()

    # 3. The chair, at the host site; 4. the delegates of Tây Ninh, pasted as a list.
    page.get_by_role("link", name=re.compile(r"^Đại biểu")).click()
    page.get_by_label("Họ và tên").fill("Trần Cẩm Tú")
    page.get_by_label("Chức vụ", exact=True).fill("Chủ nhiệm Ủy ban Kiểm tra Trung ương")
    page.get_by_label("Vai trò", exact=True).select_option(label="Chủ trì")
    pick(page, "Điểm cầu", "trung uong", ORGANISER)
    page.get_by_role("button", name="Thêm đại biểu").click()
    expect(page.get_by_role("cell", name="Trần Cẩm Tú", exact=True)).to_be_visible()
    page.get_by_text("Dán danh sách đại biểu từ Word hoặc Excel").click()
    page.get_by_label("Danh sách đại biểu").fill(DELEGATES)
    pick(page, "Tại điểm cầu", "thanh uy tay", "Thành ủy Tây Ninh")
    page.get_by_role("button", name="Thêm những người này").click()
    expect(page.get_by_text("Đã thêm 3 đại biểu.")).to_be_visible()

    # 5. The report with its table pasted, reviewed; 6. saved with it in one submit.
    page.get_by_role("link", name=re.compile(r"^Báo cáo")).click()
    page.get_by_label("Tiêu đề").fill(
        "Báo cáo kết quả công tác kiểm tra, giám sát quý I/2021 của UBKT Tỉnh ủy Tây Ninh"
    )
    page.get_by_text("Dán bảng từ Excel hoặc Word").click()
    page.get_by_label("Dán bảng số liệu").fill(TABLE)
    page.get_by_role("button", name="Đọc bảng đã dán").click()
    expect(page.get_by_text("Đã đọc 11 dòng số liệu, chưa lưu")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Thuộc dòng trên .*dòng 6$"))).to_be_checked()
    screenshot(page, "whole-journey-figures-review")
    page.get_by_role("button", name="Thêm báo cáo và số liệu").click()
    expect(page.get_by_text("với 11 số liệu")).to_be_visible()
    screenshot(page, "whole-journey-figures-saved")

    # 7. The conclusion and its directives, units picked by typing, in one submit.
    page.get_by_role("link", name=re.compile(r"^Kết luận")).click()
    _conclude(page)

    # 8. Publish through the checklist.
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_role("link", name="Công bố biên bản…").click()
    expect(page.locator("#refusals")).to_have_count(0)
    screenshot(page, "whole-journey-checklist")
    page.get_by_role("button", name=re.compile("^(Vẫn công bố dù còn thiếu|Công bố biên bản)$")).click()
    expect(page.get_by_role("status")).to_contain_text("Đã công bố")

    body = page.get_by_role("article", name="Biên bản")
    expect(body).to_contain_text(ORGANISER)
    expect(body).to_contain_text("Trần Cẩm Tú")
    expect(body).to_contain_text("giảm 429 tổ chức")
    expect(body).to_contain_text("trong đó")
    expect(body).to_contain_text("hơn 60")
    expect(page.locator("ol.doc-directives > li")).to_have_count(2)
    screenshot(page, "whole-journey-minutes")

    assert len(submits) <= 8, submits
    with live_app.app_context():
        conference = db.session.execute(db.select(Conference)).scalar_one()
        assert conference.status == "published" and conference.organiser.external
        assert conference.host_site.organisation_id == conference.organiser_id
        assert len(conference.sites) == 5 and len(conference.attendees) == 4
        figures = conference.reports[0].figures
        assert len(figures) == 11 and figures[5].parent_id == figures[4].id
        assert [len(d.addressees) for d in conference.directives] == [1, 2]


def _conclude(page) -> None:
    page.get_by_label("Kết luận của chủ trì").fill(
        "Chủ nhiệm UBKT Trung ương đề nghị các địa phương quán triệt Nghị quyết Đại hội XIII, "
        "tăng cường chỉ đạo UBKT cấp dưới và công khai kết quả các kỳ họp."
    )

    def label(name: str, n: int):
        return page.get_by_label(f"{name} (chỉ đạo mới {n})", exact=True)

    label("Nội dung chỉ đạo", 1).fill(
        "Xây dựng Chương trình hành động thực hiện Nghị quyết Đại hội XIII về công tác kiểm tra, giám sát."
    )
    label("Thời hạn", 1).fill("2021-06-30")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 1)", "tinh uy tay", "Tỉnh ủy Tây Ninh")
    label("Nội dung chỉ đạo", 2).fill(
        "Công khai kết quả các kỳ họp của UBKT trên các phương tiện thông tin đại chúng."
    )
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 2)", "thanh uy", "Thành ủy Tây Ninh")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 2)", "go dau", "Huyện ủy Gò Dầu", keyboard=True)
    page.get_by_role("button", name="Lưu kết luận và chỉ đạo").click()
    expect(page.get_by_text("Đã lưu kết luận và thêm 2 chỉ đạo.")).to_be_visible()
