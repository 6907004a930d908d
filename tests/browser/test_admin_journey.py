"""An administrator sets up a district officer by hand and by file; the officer signs in on a
phone, sees only its district, and is locked out again; the audit trail shows it all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, User
from minutes.tasks import services as tasks
from tests.browser.pickers import pick

pytestmark = pytest.mark.browser
PASSWORD = "mật khẩu quản trị đủ dài"
OFFICER_PASSWORD = "cán bộ quận Lê Chân"


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province", external_key="TU-HP")
        le_chan = Organisation(
            name="Quận ủy Lê Chân", level="district", parent=city, external_key="QU-LC", sort_order=1
        )
        ngo_quyen = Organisation(name="Quận ủy Ngô Quyền", level="district", parent=city, sort_order=2)
        admin = User(username="quantri", full_name="Quản Trị", role="admin", organisation=city)
        admin.set_password(PASSWORD)
        conference = Conference(
            title="Giao ban quý IV", kind="review", format="online", organiser=city, organiser_name=city.name
        )
        directive = Directive(conference=conference, position=1, text="Rà soát đảng viên.")
        db.session.add_all([city, le_chan, ngo_quyen, admin, conference, directive])
        db.session.flush()
        tasks.assign(directive, admin, [le_chan, ngo_quyen], due_date=None)
        db.session.commit()


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_admin_creates_imports_and_locks_accounts(live_app, live_server, browser, screenshot):
    _seed(live_app)
    base = live_server
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    _sign_in(page, base, "quantri", PASSWORD)
    page.get_by_role("link", name="Quản trị", exact=True).click()

    # One account by hand: a too-short password is refused next to the field first.
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("CanBo.LeChan")
    page.get_by_label("Họ và tên").fill("Vũ Quốc Bảo")
    page.get_by_label("Vai trò").select_option(label="Cán bộ đơn vị")
    pick(page, "Đơn vị", "le chan", "Quận ủy Lê Chân")
    page.get_by_label("Mật khẩu ban đầu").fill("ngắn")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#password-error")).to_be_visible()
    page.get_by_label("Mật khẩu ban đầu").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tạo tài khoản canbo.lechan")

    # Several by file: one bad row, nothing imported, the bad line named.
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name="Nhập từ tệp", exact=True).click()
    page.get_by_label("Loại dữ liệu").select_option(label="Tài khoản")
    csv = (
        "ten_dang_nhap,ho_ten,email,vai_tro,ma_don_vi,mat_khau\n"
        "lanhdao.lc,Bùi Thị Lan,,viewer,QU-LC,\n"
        "thuky.x,Thư Ký,,secretariat,KHONG-CO,\n"
    ).encode()
    page.get_by_label("Tệp CSV hoặc Excel (.xlsx)").set_input_files(
        files=[{"name": "tai_khoan.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.locator("section[aria-labelledby=import-errors] tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("KHONG-CO")
    screenshot(page, "admin-import-errors")
    with live_app.app_context():
        assert db.session.scalar(db.select(User).where(User.username == "lanhdao.lc")) is None

    # The new officer, on a phone, sees its district's task and not its neighbour's.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    _sign_in(mobile, base, "canbo.lechan", OFFICER_PASSWORD)
    mobile.get_by_role("link", name="Việc của tôi").click()
    expect(mobile.locator("table.tasks tbody tr")).to_have_count(1)
    expect(mobile.locator("main")).to_contain_text("Quận ủy Lê Chân")
    expect(mobile.locator("main")).not_to_contain_text("Quận ủy Ngô Quyền")

    # The admin locks the account (confirming the dialog): the phone's session ends.
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    page.get_by_role("link", name="canbo.lechan").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Khóa tài khoản").click()
    expect(page.get_by_role("status")).to_contain_text("Đã khóa tài khoản canbo.lechan")
    mobile.reload()
    expect(mobile).to_have_url(re.compile(r"/login"))
    phone.close()

    # The trail has it all: who created and locked whom, and the officer's sign-in.
    page.get_by_role("link", name="Quản trị", exact=True).click()
    page.get_by_role("link", name="Nhật ký").click()
    rows = page.locator("#audit tbody tr")
    for action in ("user.created", "login.succeeded", "user.deactivated"):
        expect(page.locator(f'#audit tr[data-action="{action}"]').first).to_be_visible()
    expect(rows.first).to_contain_text("Khóa tài khoản")
    screenshot(page, "admin-audit")
    desk.close()
