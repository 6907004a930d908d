"""A secretary pastes a news report, corrects one figure and one addressee on the review page,
drops one directive and confirms: the draft conference has exactly what was reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from minutes.extensions import db
from minutes.models import Conference, Directive, Extraction, Figure, Organisation, User
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser

REPORT = (Path(__file__).parents[1] / "extraction" / "cases" / "hai_phong_quy.txt").read_text(
    encoding="utf-8"
)


def _seed(app) -> None:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        commission = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="province", parent=city)
        le_chan = Organisation(name="Quận ủy Lê Chân", level="district", parent=city)
        user = User(username="thuky", full_name="Thư ký", role="secretariat", organisation=city)
        user.set_password(PASSWORD)
        db.session.add_all([city, commission, le_chan, user])
        db.session.commit()


def test_paste_review_correct_drop_and_confirm(live_app, live_server, page, screenshot):
    _seed(live_app)
    log_in(page, live_server, "thuky")
    page.goto(live_server + "/conferences/")
    page.get_by_role("link", name="Tạo từ văn bản").click()
    page.get_by_label("Dán nội dung").fill(REPORT)
    page.get_by_role("button", name="Đọc văn bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại trước khi tạo hội nghị")
    expect(page.get_by_label("Tên hội nghị")).to_have_value(
        "Hội nghị giao ban công tác kiểm tra, giám sát quý III năm 2024"
    )
    expect(page.get_by_label("Kỳ", exact=True)).to_have_value("quarter:3")
    expect(page.get_by_label("Ngày họp")).to_have_value("2024-10-10")
    organiser = page.locator(".picker", has=page.get_by_role("combobox", name="Cơ quan tổ chức"))
    expect(organiser.locator(".chip")).to_have_text("Thành ủy Hải Phòng")
    # Where a figure came from: its passage is marked in the source beside it.
    first = page.get_by_role("row").filter(has=page.get_by_label("Số liệu, dòng 1"))
    first.get_by_role("link", name="Đoạn gốc").click()
    expect(page.locator("#src-f-0")).to_have_text("214 tổ chức đảng")
    expect(page.locator("#src-f-0")).to_be_in_viewport()
    screenshot(page, "extraction-review", full_page=False)

    # Correct one figure: 214 becomes 215.
    page.get_by_label("Số liệu, dòng 1").fill("215")
    # Correct one addressee: directive 2 goes to Quận ủy Lê Chân instead of the worded group.
    second = page.locator("fieldset", has=page.locator("legend", has_text="Chỉ đạo 2"))
    combobox = second.get_by_role("combobox", name="Đơn vị thực hiện")
    combobox.press_sequentially("le chan", delay=20)
    second.get_by_role("option").filter(has_text="Quận ủy Lê Chân").click()
    expect(second.locator(".chip", has_text="Quận ủy Lê Chân")).to_be_visible()
    second.get_by_label("Nhóm đơn vị (ghi bằng lời)").fill("")
    # Drop one directive, from the keyboard.
    third = page.locator("fieldset", has=page.locator("legend", has_text="Chỉ đạo 3"))
    dropped = third.get_by_label("Nội dung chỉ đạo").input_value()
    third.get_by_label("Bỏ").focus()
    page.keyboard.press("Space")
    expect(third.get_by_label("Bỏ")).to_be_checked()
    # An impatient double click creates one conference and lands on it.
    page.get_by_role("button", name="Tạo hội nghị nháp").dblclick()

    expect(page.get_by_text("Đã tạo hội nghị nháp từ văn bản")).to_be_visible()
    screenshot(page, "extraction-created")
    with live_app.app_context():
        conference = db.session.scalars(db.select(Conference)).one()
        assert conference.status == "draft" and conference.organiser_name == "Thành ủy Hải Phòng"
        assert conference.period_kind == "quarter" and conference.period_number == 3
        figures = db.session.scalars(db.select(Figure).order_by(Figure.position)).all()
        assert [f.value for f in figures][:3] == [215, 486, 97]
        # "tăng 18 tổ chức so với cùng kỳ" of the text: 214 − 18, shown in its own cell and kept
        assert figures[0].baseline_value == 214 - 18
        assert figures[2].stated_change_pct == -6  # "giảm 6% so với cùng kỳ"
        directives = db.session.scalars(db.select(Directive).order_by(Directive.position)).all()
        texts = [d.text for d in directives]
        assert dropped not in texts and len(texts) == 3
        assert [a.label for a in directives[1].addressees] == ["Quận ủy Lê Chân"]
        assert directives[0].due_date.isoformat() == "2024-12-15"
        assert [a.label for a in directives[0].addressees] == ["Ủy ban Kiểm tra Thành ủy Hải Phòng"]
        # The review is over: no text or draft is kept, only which conference it became.
        record = db.session.scalars(db.select(Extraction)).one()
        assert (record.source, record.draft_json, record.conference_id) == ("", "{}", conference.id)


def test_the_review_reads_on_a_phone(live_app, live_server, browser, screenshot):
    _seed(live_app)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = context.new_page()
    log_in(phone, live_server, "thuky")
    phone.goto(live_server + "/conferences/from-text/")
    phone.get_by_label("Dán nội dung").fill(REPORT)
    phone.get_by_role("button", name="Đọc văn bản").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    screenshot(phone, "extraction-review-phone")
    context.close()
