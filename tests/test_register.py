"""Sổ văn bản: the register of issued documents, as a page and as .xlsx, in the reader's scope."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from minutes.documents import services
from minutes.extensions import db
from minutes.models import Conference, Letterhead
from tests.support import login, text


def _issuing_body(unit, code: str) -> None:
    db.session.add(
        Letterhead(
            organisation_id=unit.id,
            family="party",
            body_line=unit.name.upper(),
            code=code,
            place="Hải Phòng",
            term_start=date(2020, 10, 16),
            signer_for="BAN THƯỜNG VỤ",
            signer_position="BÍ THƯ",
            signer_name="Trần Lưu Quang",
        )
    )


def _issued(unit, title: str, user, day: date, kinds=("notice", "minutes")) -> Conference:
    conference = Conference(
        title=title, kind="review", organiser=unit, organiser_name=unit.name, status="published"
    )
    db.session.add(conference)
    db.session.flush()
    for kind in kinds:
        services.issue(conference, kind, user, issued_on=day)
    db.session.commit()
    return conference


def test_the_register_lists_what_the_bodies_in_scope_issued(client, users, units):
    city, other = units["city"], units["other"]
    _issuing_body(city, "TU")
    _issuing_body(other, "TU")
    db.session.commit()
    _issued(city, '=HYPERLINK("http://x") Hội nghị giao ban quý I', users["admin"], date(2021, 4, 7))
    _issued(city, "Hội nghị tổng kết năm 2021", users["admin"], date(2021, 12, 28), kinds=("notice",))
    _issued(other, "Hội nghị của Tây Ninh", users["admin"], date(2021, 5, 1))
    login(client, "thuky")  # the city's secretariat
    page = text(client.get("/documents/register"))
    assert "Số 01-TB/TU" in page and "Số 02-TB/TU" in page and "Số 01-BB/TU" in page
    assert "Tây Ninh" not in page, "another province's register stays out of sight"
    assert "3 văn bản" in page
    only_notices = text(client.get("/documents/register?kind=notice&year=2021"))
    assert "Số 01-BB/TU" not in only_notices and "2 văn bản" in only_notices
    bad = client.get("/documents/register?year=abc&kind=x")
    assert bad.status_code == 200 and "3 văn bản" in text(bad)

    export = client.get("/documents/register/export.xlsx?kind=notice")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Số 02-TB/TU", "Số 01-TB/TU"]
    assert all(r[4] == "Thành ủy Hải Phòng" for r in rows)
    dated = sheet.cell(row=2, column=3)
    assert dated.is_date and dated.value.date() == date(2021, 12, 28)
    title_cells = [sheet.cell(row=i, column=6) for i in (2, 3)]
    formula_like = next(c for c in title_cells if str(c.value).startswith("="))
    assert formula_like.data_type == "s", "a title that looks like a formula stays text"


def test_the_register_takes_as_many_queries_for_many_entries_as_for_few(client, users, units, count_queries):
    _issuing_body(units["city"], "TU")
    db.session.commit()
    _issued(units["city"], "Hội nghị 1", users["admin"], date(2021, 1, 5))
    login(client, "thuky")
    with count_queries() as few:
        client.get("/documents/register")
    for i in range(2, 8):
        _issued(units["city"], f"Hội nghị {i}", users["admin"], date(2021, 1, 5))
    with count_queries() as many:
        client.get("/documents/register")
    assert len(many) == len(few)
