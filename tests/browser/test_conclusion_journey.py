"""The conclusion page in Chromium: the chair's conclusion and several directives, units
picked by typing, saved with one press of "Lưu kết luận và chỉ đạo"; "Thêm chỉ đạo" from the
keyboard adds a block whose picker works; on a phone nothing scrolls sideways."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from playwright.sync_api import Page, expect

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, User
from tests.browser.pickers import pick
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser


def _seed(app) -> int:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        ubkt = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="other", parent=city)
        districts = [
            Organisation(name=n, level="district", parent=city, sort_order=i)
            for i, n in enumerate(["Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo"])
        ]
        conference = Conference(
            title="Hội nghị giao ban công tác kiểm tra quý I/2022",
            kind="review",
            starts_at=datetime(2022, 4, 5, 1, 0),
            organiser=city,
            organiser_name=city.name,
        )
        conference.directives.append(Directive(text="Chỉ đạo đã ghi từ trước.", position=1))
        secretary = User(username="thuky", full_name="Nguyễn Thị Thư", role="secretariat", organisation=ubkt)
        secretary.set_password(PASSWORD)
        db.session.add_all([city, ubkt, *districts, conference, secretary])
        db.session.commit()
        return conference.id


def _label(page: Page, name: str, n: int):
    return page.get_by_label(f"{name} (chỉ đạo mới {n})", exact=True)


def test_the_conclusion_and_three_directives_are_saved_with_one_press(
    live_app, live_server, page, screenshot
):
    conference_id = _seed(live_app)
    log_in(page, live_server)
    page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
    blocks = page.locator("[data-directive-block]")
    expect(blocks).to_have_count(3)
    expect(page.get_by_role("group", name="Chỉ đạo mới 1")).to_be_visible()

    page.get_by_label("Kết luận của chủ trì").fill("Hội nghị thống nhất các nhiệm vụ quý II/2022.")
    _label(page, "Nội dung chỉ đạo", 1).fill("Các quận ủy rà soát kế hoạch kiểm tra năm 2022.")
    _label(page, "Thời hạn", 1).fill("2022-06-30")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 1)", "le chan", "Quận ủy Lê Chân")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 1)", "ngo quyen", "Quận ủy Ngô Quyền", keyboard=True)
    _label(page, "Nội dung chỉ đạo", 2).fill("Giải quyết dứt điểm đơn thư tồn đọng.")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 2)", "vinh bao", "Huyện ủy Vĩnh Bảo")
    _label(page, "Nhóm đơn vị (ghi bằng lời)", 2).fill("UBKT các cấp")

    # "Thêm chỉ đạo" from the keyboard: a fourth, blank block, its wording focused, its
    # picker working under its own name.
    add = page.get_by_role("button", name="Thêm chỉ đạo", exact=True)
    add.focus()
    page.keyboard.press("Enter")
    expect(blocks).to_have_count(4)
    expect(page.get_by_role("group", name="Chỉ đạo mới 4")).to_be_visible()
    expect(_label(page, "Nội dung chỉ đạo", 4)).to_be_focused()
    expect(_label(page, "Nội dung chỉ đạo", 4)).to_have_value("")
    expect(blocks.nth(3).locator(".chip")).to_have_count(0)
    page.keyboard.type("Tăng cường giám sát thường xuyên.")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 4)", "le chan", "Quận ủy Lê Chân")
    expect(blocks.nth(3).locator("input[type=checkbox]")).to_have_attribute("name", "new-3-addressee_ids")
    screenshot(page, "conclusion-one-submit-desktop")

    page.get_by_role("button", name="Lưu kết luận và chỉ đạo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết luận và thêm 3 chỉ đạo.")
    listed = page.locator("ol.directives > li")
    expect(listed).to_have_count(4)
    expect(listed.nth(1)).to_contain_text("Thực hiện: Quận ủy Lê Chân; Quận ủy Ngô Quyền")
    expect(listed.nth(2)).to_contain_text("Thực hiện: Huyện ủy Vĩnh Bảo; UBKT các cấp")
    expect(blocks).to_have_count(3)  # three blank blocks again
    expect(_label(page, "Nội dung chỉ đạo", 1)).to_have_value("")
    screenshot(page, "conclusion-one-submit-saved")
    with live_app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert conference.conclusion == "Hội nghị thống nhất các nhiệm vụ quý II/2022."
        saved = sorted(conference.directives, key=lambda d: d.position)
        assert [d.position for d in saved] == [1, 2, 3, 4]
        assert [d.text for d in saved][1:] == [
            "Các quận ủy rà soát kế hoạch kiểm tra năm 2022.",
            "Giải quyết dứt điểm đơn thư tồn đọng.",
            "Tăng cường giám sát thường xuyên.",
        ]
        assert saved[1].due_date == date(2022, 6, 30) and saved[2].due_date is None
        assert [a.label for a in saved[3].addressees] == ["Quận ủy Lê Chân"]


def test_a_bad_block_keeps_everything_typed_and_says_where(live_app, live_server, page, screenshot):
    conference_id = _seed(live_app)
    log_in(page, live_server)
    page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
    page.get_by_label("Kết luận của chủ trì").fill("Kết luận chưa lưu.")
    _label(page, "Nội dung chỉ đạo", 1).fill("Việc thứ nhất.")
    pick(page, "Đơn vị thực hiện (chỉ đạo mới 1)", "le chan", "Quận ủy Lê Chân")
    _label(page, "Thời hạn", 2).fill("2022-01-01")  # before the conference, and no wording
    page.get_by_role("button", name="Lưu kết luận và chỉ đạo").click()
    expect(page.get_by_text("Kết luận và chỉ đạo chưa được lưu")).to_be_visible()
    expect(_label(page, "Nội dung chỉ đạo", 2)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-1-text-error")).to_have_text("Hãy ghi nội dung chỉ đạo.")
    expect(page.locator("#new-1-due_date-error")).to_have_text(
        "Thời hạn không được trước ngày họp (05/04/2022)."
    )
    expect(page.get_by_label("Kết luận của chủ trì")).to_have_value("Kết luận chưa lưu.")
    expect(_label(page, "Nội dung chỉ đạo", 1)).to_have_value("Việc thứ nhất.")
    expect(page.locator("[data-directive-block]").first.locator(".chip")).to_contain_text("Quận ủy Lê Chân")
    screenshot(page, "conclusion-one-submit-error")
    with live_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Directive.id))) == 1


def test_on_a_phone_the_blocks_fit_and_nothing_scrolls_sideways(live_app, live_server, browser, screenshot):
    conference_id = _seed(live_app)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
        _label(page, "Nội dung chỉ đạo", 1).fill("Các quận ủy rà soát kế hoạch kiểm tra năm 2022.")
        pick(page, "Đơn vị thực hiện (chỉ đạo mới 1)", "le chan", "Quận ủy Lê Chân")
        page.get_by_role("button", name="Thêm chỉ đạo", exact=True).tap()
        expect(page.locator("[data-directive-block]")).to_have_count(4)
        for block in page.locator("[data-directive-block]").all():
            box = block.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways: {width}"
        screenshot(page, "conclusion-one-submit-phone")
        page.get_by_role("button", name="Lưu kết luận và chỉ đạo").tap()
        expect(page.get_by_role("status")).to_contain_text("Đã thêm 1 chỉ đạo.")
    finally:
        context.close()


def test_sending_another_form_asks_before_dropping_what_was_typed(live_app, live_server, page):
    conference_id = _seed(live_app)
    log_in(page, live_server)
    url = f"{live_server}/conferences/{conference_id}/conclusion"
    page.goto(url)
    page.get_by_label("Kết luận của chủ trì").fill("Kết luận đang gõ dở.")
    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("button", name="Xóa").click()  # the existing directive's own form
    expect(page.get_by_label("Kết luận của chủ trì")).to_have_value("Kết luận đang gõ dở.")
    assert asked and "chưa lưu" in asked[0]
    with live_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Directive.id))) == 1  # nothing sent
    # Saving the form that was typed in asks nothing.
    page.get_by_role("button", name="Lưu kết luận và chỉ đạo").click()
    expect(page.get_by_text("Đã lưu kết luận.")).to_be_visible()
    assert len(asked) == 1
