"""An administrator opens an external body from the letterhead list by typing its name, fills
its letterhead from the keyboard (the preview follows), then uploads a template: a broken one
is refused by the field, the starter template is kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minutes.admin.letterhead_starter import starter
from minutes.extensions import db
from minutes.models import Conference, Letterhead, Organisation, User
from tests.browser.pickers import pick
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        external = Organisation(name="UBKT Tỉnh ủy Khánh Hòa", level="other", external=True)
        admin = User(username="quantri", full_name="Quản Trị", role="admin", organisation=city)
        admin.set_password(PASSWORD)
        conference = Conference(
            title="Giao ban quý IV", kind="review", format="online", organiser=city, organiser_name=city.name
        )
        db.session.add_all([city, external, admin, conference])
        db.session.commit()


def test_admin_fills_a_letterhead_and_uploads_a_template(live_app, live_server, page, screenshot, tmp_path):
    _seed(live_app)
    log_in(page, live_server, "quantri")
    page.goto(live_server + "/admin")
    page.get_by_role("link", name="Tiêu đề văn bản").click()
    expect(page.get_by_role("link", name="Thành ủy Hải Phòng")).to_be_visible()  # an organiser
    pick(page, "Mở tiêu đề của cơ quan", "khanh hoa", "UBKT Tỉnh ủy Khánh Hòa", keyboard=True)
    page.get_by_role("button", name="Mở", exact=True).click()
    expect(page.get_by_role("heading", name="UBKT Tỉnh ủy Khánh Hòa")).to_be_visible()

    page.get_by_label("Cơ quan cấp trên").fill("Tỉnh ủy Khánh Hòa")
    page.get_by_label("Tên cơ quan ban hành").fill("Ủy ban Kiểm tra")
    page.get_by_label("Ký hiệu cơ quan").fill("UBKTTU")
    page.get_by_label("Địa danh").fill("Khánh Hòa")
    page.get_by_label("Ngày bắt đầu nhiệm kỳ").fill("2020-10-15")
    page.get_by_label("Ký thay mặt / thay cho").fill("Ủy ban Kiểm tra")
    page.get_by_label("Chức vụ người ký").fill("Chủ nhiệm")
    page.get_by_label("Họ và tên người ký").fill("Trần Văn A")
    page.get_by_label("Nơi nhận mặc định").fill("Ủy ban Kiểm tra Trung ương\nThường trực Tỉnh ủy")
    preview = page.locator("[data-letterhead-preview]")
    expect(preview).to_contain_text("Số 01-TB/UBKTTU")
    expect(preview).to_contain_text("T/M ỦY BAN KIỂM TRA")
    page.get_by_label("Nhà nước (Nghị định 30/2020/NĐ-CP)").check()
    expect(preview).to_contain_text("Số: 01/TB-UBKTTU")
    page.get_by_label("Đảng (Hướng dẫn 36-HD/VPTW)").check()
    page.get_by_label("Họ và tên người ký").press("Enter")  # the keyboard submits
    expect(page.get_by_text("Đã lưu tiêu đề văn bản")).to_be_visible()
    expect(page.get_by_text("Đủ để ban hành văn bản có số.")).to_be_visible()

    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"this is not a word file")
    page.get_by_label("Mẫu Word (.docx, tối đa 2 MB)").set_input_files(str(broken))
    page.get_by_role("button", name="Tải mẫu lên").click()
    expect(page.locator("#template-error")).to_contain_text("không phải văn bản Word .docx")

    good = tmp_path / "mau-khanh-hoa.docx"
    good.write_bytes(starter())
    page.get_by_label("Mẫu Word (.docx, tối đa 2 MB)").set_input_files(str(good))
    page.get_by_role("button", name="Tải mẫu lên").click()
    expect(page.get_by_text("Đã lưu mẫu văn bản")).to_be_visible()
    expect(page.get_by_role("link", name="mau-khanh-hoa.docx")).to_be_visible()
    screenshot(page, "letterhead-desk")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "letterhead-phone")
    with live_app.app_context():
        stored = db.session.scalar(db.select(Letterhead))
        assert stored.code == "UBKTTU" and stored.template_name == "mau-khanh-hoa.docx"
