"""A secretary finds a conference's documents, downloads them and issues a new number, as a
person does: from the conference's page, by its links and its form."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from minutes.demo import DEMO_PASSWORD, load_demo
from minutes.extensions import db
from minutes.models import Conference
from tests.browser.session import log_in

pytestmark = pytest.mark.browser


def _texts(path) -> list[str]:
    doc = Document(io.BytesIO(path.read_bytes()))
    texts = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text.strip() for p in cell.paragraphs)
    return [t for t in texts if t]


def test_download_and_issue_the_notice_from_the_conference_page(
    live_app, live_server, page, screenshot, tmp_path
):
    with live_app.app_context():
        load_demo()
        ids = {c.external_uid.split(":")[1]: c.id for c in db.session.scalars(db.select(Conference))}
    log_in(page, live_server, "thuky", DEMO_PASSWORD)

    page.goto(f"{live_server}/conferences/{ids['seed-000']}")
    page.get_by_role("link", name="Ban hành, số văn bản và các bản đã ban hành").click()
    notice = page.get_by_role("region", name="Thông báo kết luận")
    expect(notice).to_contain_text("Số 01-TB/UBKTTW")
    with page.expect_download() as got:
        notice.get_by_role("link", name="Tải Word (.docx)").click()
    first = tmp_path / "first.docx"
    got.value.save_as(first)
    assert "Số 01-TB/UBKTTW" in _texts(first)

    notice.get_by_text("Ban hành bản mới (số mới)…").click()
    notice.get_by_label("Họ tên người ký").fill("Trần Cẩm Tú")
    notice.get_by_role("button", name="Ban hành và lưu vào sổ văn bản").click()
    # Nothing changed since Số 01: the page says so next to the box that asks for a new number.
    notice = page.get_by_role("region", name="Thông báo kết luận")
    expect(notice.get_by_text("nội dung chưa thay đổi từ đó", exact=False)).to_be_visible()
    notice.get_by_label("Ban hành lại dù nội dung không đổi").check()
    notice.get_by_role("button", name="Ban hành và lưu vào sổ văn bản").click()
    expect(page.get_by_text("Đã ban hành Thông báo kết luận Số 02-TB/UBKTTW.")).to_be_visible()
    screenshot(page, "documents-issued")
    with page.expect_download() as got:
        page.get_by_role("region", name="Thông báo kết luận").get_by_role(
            "link", name="Tải Word (.docx)"
        ).click()
    second = tmp_path / "second.docx"
    got.value.save_as(second)
    assert "Số 02-TB/UBKTTW" in _texts(second)
    register = page.get_by_role("table")
    expect(register).to_contain_text("Số 01-TB/UBKTTW")
    expect(register).to_contain_text("Số 02-TB/UBKTTW")

    # A draft conference: its download says DỰ THẢO and carries no number; it cannot be issued.
    page.goto(f"{live_server}/conferences/{ids['seed-003']}/documents")
    expect(page.get_by_text("Công bố biên bản trước rồi mới ban hành (lấy số) được.").first).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("region", name="Biên bản hội nghị").get_by_role(
            "link", name="Tải Word (.docx)"
        ).click()
    draft = tmp_path / "draft.docx"
    got.value.save_as(draft)
    assert "DỰ THẢO" in _texts(draft)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "documents-draft-phone")
