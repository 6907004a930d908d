"""The unit picker in Chromium: keyboard only, an external body added from the dialog, and a
phone. Each journey looks at what a person sees (chips, suggestions, the place in the tree)
and at what was saved."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, User
from tests.browser.session import PASSWORD, log_in

pytestmark = pytest.mark.browser
LONG = "Đảng ủy Khối các cơ quan và doanh nghiệp thành phố Hải Phòng"
KHANH_HOA = "Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa"
#: The picker of the first new-directive block on the conclusion page.
ADDRESSEES_1 = "Đơn vị thực hiện (chỉ đạo mới 1)"


def _seed(app) -> int:
    with app.app_context():
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        ubkt = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="other", parent=city)
        names = ["Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo", "Quận ủy Hồng Bàng", LONG]
        districts = [
            Organisation(name=n, level="district", parent=city, sort_order=i) for i, n in enumerate(names)
        ]
        # Deeper units of similar names: the place in the tree tells them apart.
        wards = [
            Organisation(name=f"Đảng ủy phường {n}", level="grassroots", parent=districts[0])
            for n in ("Lê Chân", "Lê Lợi", "Trần Nguyên Hãn")
        ]
        cells = [
            Organisation(
                name=f"Chi bộ Tổ dân phố số {i} phường Trần Nguyên Hãn", level="cell", parent=wards[2]
            )
            for i in range(1, 6)
        ]
        conference = Conference(
            title="Hội nghị giao ban công tác kiểm tra quý I/2022",
            kind="review",
            starts_at=datetime(2022, 4, 5, 1, 0),
            organiser=city,
            organiser_name=city.name,
        )
        secretary = User(username="thuky", full_name="Nguyễn Thị Thư", role="secretariat", organisation=ubkt)
        secretary.set_password(PASSWORD)
        db.session.add_all([city, ubkt, *districts, *wards, *cells, conference, secretary])
        db.session.commit()
        return conference.id


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {id: e.id, tag: e.tagName, role: e.getAttribute('role') || '',
                           text: (e.textContent || '').trim()}; }"""
    )


def _tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element ``element_id`` has the focus."""
    for _ in range(limit):
        if _focused(page)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}; focus is on {_focused(page)}")


def _options(page: Page, field_id: str):
    listbox = page.locator(f"#{field_id}-list")
    expect(listbox).to_be_visible()
    return listbox.get_by_role("option")


def _outline(page: Page, selector: str) -> str:
    return page.eval_on_selector(
        selector, "e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }"
    )


def test_keyboard_only_a_secretary_picks_two_units_for_a_directive(live_app, live_server, page, screenshot):
    conference_id = _seed(live_app)
    log_in(page, live_server)
    page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
    field = page.get_by_role("combobox", name=ADDRESSEES_1, exact=True)
    picker_id = field.get_attribute("id")
    chips = page.locator("#conclusion-form .picker .chip")

    _tab_to(page, "new-0-text")
    page.keyboard.type("Các quận ủy rà soát kế hoạch kiểm tra năm 2022.")
    _tab_to(page, picker_id)
    assert _outline(page, f"#{picker_id}") != "none 0px", "the focused picker shows no focus ring"

    page.keyboard.type("le chan")
    options = _options(page, picker_id)
    # The district first (higher in the tree), the ward of the same name with its place.
    expect(options.first.locator(".name")).to_have_text("Quận ủy Lê Chân")
    expect(options.nth(1)).to_contain_text("Đảng ủy phường Lê Chân")
    expect(options.nth(1).locator(".place")).to_have_text("Thành ủy Hải Phòng › Quận ủy Lê Chân")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    # The focus stays in the input: the option the arrows are on must look focused.
    assert _outline(page, f"#{picker_id}-list [aria-selected=true]").startswith("solid")
    screenshot(page, "picker-suggestions-desktop")
    # The list lies over the fields below it, every row in full.
    assert _on_top(page, f"#{picker_id}-list"), "suggestions hidden behind the page"
    assert _fits(page, f"#{picker_id}-list [role=option] .name, #{picker_id}-list [role=option] .place")
    page.keyboard.press("Enter")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Quận ủy Lê Chân")
    expect(page.locator(f"#{picker_id}-list")).to_be_hidden()
    assert _focused(page)["id"] == picker_id  # still typing in the picker

    for typed, name in (("ngo quyen", "Quận ủy Ngô Quyền"), ("vinh bao", "Huyện ủy Vĩnh Bảo")):
        page.keyboard.type(typed)
        expect(_options(page, picker_id).first.locator(".name")).to_have_text(name)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(chips.last).to_contain_text(name)
    expect(chips).to_have_count(3)

    page.keyboard.press("Backspace")  # in the empty input: drops the last chip
    expect(chips).to_have_count(2)
    expect(chips.last).to_contain_text("Quận ủy Ngô Quyền")
    expect(page.locator(f"#{picker_id}-list ~ .picker-status")).to_contain_text("Huyện ủy Vĩnh Bảo")

    page.keyboard.type("hong ban")
    expect(_options(page, picker_id).first).to_contain_text("Quận ủy Hồng Bàng")
    page.keyboard.press("Escape")  # closes the list…
    expect(page.locator(f"#{picker_id}-list")).to_be_hidden()
    expect(field).to_have_value("hong ban")
    expect(field).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")  # …and again clears what was typed
    expect(field).to_have_value("")
    expect(chips).to_have_count(2)

    page.keyboard.press("Tab")  # moves on to the next field
    assert _focused(page)["id"] == "new-0-addressee_groups"
    for _ in range(20):  # past the two blank blocks, to the one button that saves
        if _focused(page)["text"] == "Lưu kết luận và chỉ đạo":
            break
        page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Lưu kết luận và chỉ đạo"
    page.keyboard.press("Enter")

    shown = page.locator("ol.directives > li", has_text="Các quận ủy rà soát")
    expect(shown).to_contain_text("Thực hiện: Quận ủy Lê Chân; Quận ủy Ngô Quyền")
    with live_app.app_context():
        directive = db.session.scalars(db.select(Directive)).one()
        assert [a.label for a in directive.addressees] == ["Quận ủy Lê Chân", "Quận ủy Ngô Quyền"]


def test_an_external_body_added_from_the_picker_organises_and_is_found_again(
    live_app, live_server, page, screenshot
):
    conference_id = _seed(live_app)
    log_in(page, live_server)
    page.goto(f"{live_server}/conferences/{conference_id}/edit")
    field = page.get_by_role("combobox", name="Cơ quan tổ chức")
    picker_id = field.get_attribute("id")
    picker = page.locator(f".picker:has(#{picker_id})")

    field.focus()
    page.keyboard.type("kiem tra tinh uy khanh")
    options = _options(page, picker_id)
    expect(options).to_have_count(1)  # nothing in the tree: only "add it"
    expect(options.first).to_contain_text("Thêm cơ quan ngoài hệ thống")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog", name="Thêm cơ quan, đơn vị ngoài hệ thống")
    expect(dialog).to_be_visible()
    name = dialog.get_by_label("Tên cơ quan, đơn vị")
    expect(name).to_be_focused()
    expect(name).to_have_value("kiem tra tinh uy khanh")
    page.keyboard.press("Control+A")
    page.keyboard.type(KHANH_HOA)
    page.keyboard.press("Tab")
    expect(dialog.get_by_label("Cấp (nếu biết)")).to_be_focused()
    level = dialog.get_by_label("Cấp (nếu biết)")
    for _ in range(6):  # from "Khác" up to "Tỉnh, thành phố", with the arrows
        if level.input_value() == "province":
            break
        page.keyboard.press("ArrowUp")
    expect(level).to_have_value("province")
    page.keyboard.press("Tab")
    parent = dialog.get_by_role("combobox", name="Trực thuộc (nếu biết)")
    expect(parent).to_be_focused()
    page.keyboard.type("trung uong")  # not in the tree
    expect(page.locator("#add-external-parent-list .picker-none")).to_have_text("Không tìm thấy đơn vị nào.")
    page.keyboard.press("Escape")  # closes the suggestions, not the dialog
    expect(page.locator("#add-external-parent-list")).to_be_hidden()
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # clears what was typed
    expect(parent).to_have_value("")
    expect(dialog).to_be_visible()
    page.keyboard.type("hai phong")
    found = _options(page, "add-external-parent")
    expect(found.first.locator(".name")).to_have_text("Thành ủy Hải Phòng")
    expect(found).to_have_count(3)
    screenshot(page, "picker-add-external-dialog")
    assert _on_top(page, "#add-external-parent-list"), "suggestions hidden in the dialog"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(dialog.locator(".chip")).to_contain_text("Thành ủy Hải Phòng")
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Thêm và chọn")).to_be_focused()
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(field).to_be_focused()  # back where the person was typing
    chip = picker.locator(".chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(KHANH_HOA)
    expect(chip.locator(".tag")).to_have_text("ngoài hệ thống")
    expect(chip.locator(".place")).to_have_text("Thành ủy Hải Phòng")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".flash, .notice").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(KHANH_HOA)

    # Searching again finds it, marked as outside the tree; adding it again adds nothing.
    page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
    addressees = page.get_by_role("combobox", name=ADDRESSEES_1, exact=True)
    addressees.focus()
    page.keyboard.type("khanh hoa")
    options = _options(page, addressees.get_attribute("id"))
    expect(options.first.locator(".name")).to_have_text(KHANH_HOA)
    expect(options.first.locator(".place")).to_contain_text("ngoài hệ thống")
    options.last.click()  # "add" once more, typed another way
    dialog.get_by_label("Tên cơ quan, đơn vị").fill("uy ban kiem tra tinh uy khanh hoa")
    dialog.get_by_role("button", name="Thêm và chọn").click()
    expect(page.locator("#conclusion-form .chip")).to_contain_text(KHANH_HOA)
    with live_app.app_context():
        conference = db.session.get(Conference, conference_id)
        assert conference.organiser.name == KHANH_HOA and conference.organiser.external
        assert conference.organiser.level == "province"
        assert conference.organiser.parent.name == "Thành ủy Hải Phòng"
        same = db.select(db.func.count()).where(Organisation.name_folded.like("%khanh hoa%"))
        assert db.session.scalar(same) == 1


def test_on_a_phone_the_picker_is_tapped_and_nothing_scrolls_sideways(
    live_app, live_server, browser, screenshot
):
    conference_id = _seed(live_app)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server)
        page.goto(f"{live_server}/conferences/{conference_id}/conclusion")
        field = page.get_by_role("combobox", name=ADDRESSEES_1, exact=True)
        picker_id = field.get_attribute("id")
        chips = page.locator("#conclusion-form .picker .chip")
        for typed, name in (
            ("khoi cac co quan", LONG),
            ("to dan pho so 3", "Chi bộ Tổ dân phố số 3 phường Trần Nguyên Hãn"),
            ("le chan", "Quận ủy Lê Chân"),
        ):
            field.tap()
            field.press_sequentially(typed, delay=20)
            option = _options(page, picker_id).filter(
                has=page.locator(".name", has_text=re.compile(f"^{name}$"))
            )
            expect(option).to_have_count(1)
            if typed == "to dan pho so 3":
                screenshot(page, "picker-suggestions-phone")
                box = option.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # the whole row on screen
                assert box["height"] >= 40  # a target a thumb can hit
                assert _fits(page, f"#{picker_id}-list [role=option] .place")
            option.tap()
            expect(chips.locator("span", has_text=re.compile(f"^{name}$"))).to_have_count(1)
        expect(chips).to_have_count(3)
        tops = {round(chip.bounding_box()["y"]) for chip in chips.all()}
        assert len(tops) > 1, "chips do not wrap onto several lines"
        assert _fits(page, "#conclusion-form .picker .chip")
        for one in chips.all():  # the checkbox beside the name, not on a line of its own
            box, name = one.locator("input").bounding_box(), one.locator(".name").bounding_box()
            assert box["y"] + box["height"] > name["y"] and box["x"] < name["x"]
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways: {width}"
        screenshot(page, "picker-chips-phone")
    finally:
        context.close()


def _on_top(page: Page, selector: str) -> bool:
    """Whether the list ``selector`` is what a tap anywhere on it hits: nothing of the page lies
    over it and nothing (a dialog scrolling its content) clips part of it away."""
    return page.eval_on_selector(
        selector,
        """list => {
             const first = list.getBoundingClientRect();
             window.scrollBy(0, Math.max(0, first.bottom - window.innerHeight + 8));
             const r = list.getBoundingClientRect();
             const points = [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4], [r.left + 4, r.bottom - 4],
                             [r.right - 4, r.bottom - 4], [r.left + r.width / 2, r.top + r.height / 2]];
             return points.every(([x, y]) => {
               const hit = document.elementFromPoint(x, y);
               return hit !== null && list.contains(hit);
             });
           }""",
    )


def _fits(page: Page, selector: str) -> bool:
    """Every element matching ``selector`` shows its whole text (nothing cut off on the right)."""
    return page.eval_on_selector_all(
        selector,
        """els => els.every(e => e.scrollWidth <= e.clientWidth + 1
                               && e.getBoundingClientRect().right <= window.innerWidth)""",
    )
