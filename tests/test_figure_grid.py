"""A report's figures as one grid: typed or pasted, reviewed, saved in one submit."""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Conference, Figure, Report
from tests.serving import form_with
from tests.support import count, plain, text

BLOCK = (
    "Chỉ tiêu\tSố liệu\tĐơn vị\tCùng kỳ\tKỳ so sánh\n"
    "Kiểm tra tổ chức đảng\t1.917\ttổ chức\t1.142\tcùng kỳ năm 2021\n"
    "UBKT các cấp thi hành kỷ luật\t4\tđảng viên\t\t\n"
    "  trong đó UBKT Tỉnh ủy\t3\tđảng viên\t\t\n"
    "Số tiền kiến nghị thu hồi\tkhoảng 76 nghìn\tđồng\thơn 50 nghìn\tcùng kỳ năm 2021\n"
)


@pytest.fixture
def draft(units, users) -> Conference:
    conference = Conference(title="Giao ban quý III/2022", kind="review", format="online")
    services.set_organiser(conference, units["city"])
    conference.reports.append(Report(title="Báo cáo của UBKT", position=1))
    db.session.add(conference)
    db.session.commit()
    return conference


@pytest.fixture
def report(draft):
    return draft.reports[0]


def _url(report: Report) -> str:
    return f"/conferences/{report.conference_id}/reports/{report.id}"


def _grid(client, report: Report):
    page = client.get(_url(report))
    assert page.status_code == 200
    return form_with(text(page), action_ends="/figures")


def _row(i: int, **cells) -> dict:
    return {f"rows-{i}-{name}": value for name, value in cells.items()}


def _post(client, report: Report, *rows: dict, version=None, **extra):
    data = {"version": version if version is not None else report.version, **extra}
    for row in rows:
        data.update(row)
    return client.post(_url(report) + "/figures", data=data)


def _figures(report: Report) -> list[Figure]:
    db.session.expire_all()
    return db.session.get(Report, report.id).figures


def test_a_whole_report_saves_in_one_submit_with_parts_qualifiers_and_scopes(client, secretary, report):
    response = _post(
        client,
        report,
        _row(0, label="UBKT các cấp thi hành kỷ luật", value="4", unit="đảng viên"),
        _row(1, label="UBKT Tỉnh ủy", value="3", unit="đảng viên", part="y"),
        _row(2, label="Đảng viên được kiểm tra", value="hơn 1.917 đảng viên", scope="year_to_date"),
        _row(
            3,
            label="Tiền kiến nghị",
            value="76 nghìn",
            unit="đồng",
            baseline="gần 50 nghìn",
            baseline_label="cùng kỳ",
        ),
        _row(4, label="", value="", unit=""),  # an empty row is ignored
    )
    assert response.status_code == 303, text(response)[:2000]
    figures = _figures(report)
    assert [(f.label, f.qualifier, f.value, f.unit, f.scope) for f in figures] == [
        ("UBKT các cấp thi hành kỷ luật", "", 4, "đảng viên", ""),
        ("UBKT Tỉnh ủy", "", 3, "đảng viên", ""),
        ("Đảng viên được kiểm tra", "hơn", 1917, "đảng viên", "year_to_date"),
        ("Tiền kiến nghị", "", 76000, "đồng", ""),
    ]
    assert figures[1].parent_id == figures[0].id and figures[0].parent_id is None
    assert (figures[3].baseline_qualifier, figures[3].baseline_value) == ("gần", 50000)
    minutes = text(client.get(f"/conferences/{report.conference_id}/minutes"))
    assert "trong đó</span> UBKT Tỉnh ủy" in minutes
    assert "hơn 1.917 đảng viên" in minutes and "(từ đầu năm đến nay)" in minutes


def test_a_pasted_block_is_shown_for_review_and_saved_only_when_the_grid_is_saved(client, secretary, report):
    grid = _grid(client, report)
    response = client.post(grid.action, data=MultiDict(grid.data(paste=BLOCK, action="paste")))
    assert response.status_code == 200
    page = text(response)
    assert "Đã đọc 4 dòng số liệu, chưa lưu" in page
    assert count(Figure) == 0  # nothing saved by reading
    review = form_with(page, action_ends="/figures")
    assert review.value("rows-0-label") == "Kiểm tra tổ chức đảng"
    assert review.value("rows-0-value") == "1.917" and review.value("rows-0-baseline") == "1.142"
    assert review.value("rows-2-part") == "y"
    assert review.value("rows-3-value") == "khoảng 76.000"
    assert review.value("paste") == ""
    saved = client.post(review.action, data=MultiDict(review.data(action="save")))
    assert saved.status_code == 303, text(saved)[:3000]
    figures = _figures(report)
    assert [f.label for f in figures] == [
        "Kiểm tra tổ chức đảng",
        "UBKT các cấp thi hành kỷ luật",
        "UBKT Tỉnh ủy",
        "Số tiền kiến nghị thu hồi",
    ]
    assert figures[2].parent_id == figures[1].id
    assert (figures[0].value, figures[0].baseline_value, figures[0].baseline_label) == (
        1917,
        1142,
        "cùng kỳ năm 2021",
    )
    assert (figures[3].qualifier, figures[3].baseline_qualifier, figures[3].baseline_value) == (
        "khoảng",
        "hơn",
        50000,
    )


def test_paste_goes_under_rows_already_typed_and_keeps_them(client, secretary, report):
    response = _post(client, report, _row(0, label="Đã gõ trước", value="7"), action="paste", paste=BLOCK)
    review = form_with(text(response), action_ends="/figures")
    assert review.value("rows-0-label") == "Đã gõ trước"
    assert review.value("rows-1-label") == "Kiểm tra tổ chức đảng"


def test_a_block_with_an_unreadable_line_names_it_and_changes_nothing(client, secretary, report):
    block = "Kiểm tra\t12\tcuộc\nGiám sát\tnhiều\tcuộc\n"
    response = _post(client, report, _row(0, label="Đã gõ trước", value="7"), action="paste", paste=block)
    assert response.status_code == 422
    page = text(response)
    assert "Dòng 2" in page and "nhiều" in page
    review = form_with(page, action_ends="/figures")
    assert review.value("rows-0-label") == "Đã gõ trước"  # what was typed stays
    assert "Giám sát" in review.value("paste")  # and the block too, to be corrected
    assert count(Figure) == 0


def test_rows_edit_in_place_reorder_and_delete_by_id(client, secretary, report):
    _post(
        client,
        report,
        _row(0, label="Một", value="1"),
        _row(1, label="Hai", value="2"),
        _row(2, label="Ba", value="3"),
    )
    one, two, three = _figures(report)
    report = db.session.get(Report, report.id)
    response = _post(
        client,
        report,
        _row(0, id=three.id, label="Ba", value="30"),
        _row(1, id=one.id, label="Một", value="1"),
        _row(2, id=two.id, label="Hai", value="2", delete="y"),
    )
    assert response.status_code == 303
    figures = _figures(report)
    assert [(f.id, f.label, f.value, f.position) for f in figures] == [
        (three.id, "Ba", 30, 0),
        (one.id, "Một", 1, 1),
    ]
    assert db.session.get(Figure, two.id) is None


@pytest.mark.parametrize(
    "rows, field, message",
    [
        ([_row(0, label="Số vụ", value="nhiều")], "rows-0-value", "Hãy ghi một số"),
        ([_row(0, label="", value="12")], "rows-0-label", "Hãy ghi tên chỉ tiêu"),
        ([_row(0, label="Phần", value="1", part="y")], "rows-0-part", "Dòng đầu tiên"),
        ([_row(0, label="A", value="10 vụ", unit="cuộc")], "rows-0-value", "khác đơn vị tính"),
        ([_row(0, label="A", value="10", baseline="8")], "rows-0-baseline_label", "Hãy ghi kỳ so sánh"),
        (
            [_row(0, label="A", value="10", baseline="8", baseline_label="x", stated_change_pct="5")],
            "rows-0-stated_change_pct",
            "tỷ lệ được tính tự động",
        ),
        ([_row(0, label="A", value="2.000.000.000.000")], "rows-0-value", "không được vượt quá"),
        ([_row(0, label="A", value="1", scope="mãi mãi")], "rows-0-scope", "Not a valid choice"),
    ],
)
def test_bad_cells_are_refused_next_to_the_cell_and_nothing_is_saved(
    client, secretary, report, rows, field, message
):
    response = _post(client, report, *rows)
    assert response.status_code == 422
    page = text(response)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page[
        page.find("figure-grid") : page.find("figure-grid") + 200
    ]
    assert f'aria-describedby="{field}-error"' in page
    assert count(Figure) == 0


def test_a_part_under_a_row_being_deleted_is_refused(client, secretary, report):
    _post(client, report, _row(0, label="Tổng", value="4"), _row(1, label="Phần", value="3", part="y"))
    total, part = _figures(report)
    report = db.session.get(Report, report.id)
    response = _post(
        client,
        report,
        _row(0, id=total.id, label="Tổng", value="4", delete="y"),
        _row(1, id=part.id, label="Phần", value="3", part="y"),
    )
    assert response.status_code == 422
    assert "thuộc một dòng đang được xóa" in text(response)
    assert len(_figures(report)) == 2


def test_a_grid_built_from_an_older_version_is_refused_and_keeps_what_was_typed(client, secretary, report):
    stale = report.version
    _post(client, report, _row(0, label="Người khác lưu trước", value="1"))
    response = _post(client, report, _row(0, label="Của tôi", value="2"), version=stale)
    assert response.status_code == 409
    page = text(response)
    assert "Hiện lưu: số liệu “Người khác lưu trước”" in page
    assert form_with(page, action_ends="/figures").value("rows-0-label") == "Của tôi"
    assert [f.label for f in _figures(report)] == ["Người khác lưu trước"]


def test_a_row_naming_a_figure_of_another_report_changes_nothing(client, secretary, report, draft):
    other = Report(
        conference=draft,
        title="Báo cáo khác",
        position=2,
        figures=[Figure(label="Của báo cáo khác", value=1)],
    )
    db.session.add(other)
    db.session.commit()
    foreign = other.figures[0].id
    response = _post(client, report, _row(0, id=foreign, label="Chiếm", value="9"))
    assert response.status_code == 409
    assert db.session.get(Figure, foreign).label == "Của báo cáo khác"
    assert count(Figure) == 1


def test_the_grid_shows_existing_figures_and_three_empty_rows(client, secretary, report):
    _post(client, report, _row(0, label="Kiểm tra", value="1.917,5", unit="cuộc"))
    grid = _grid(client, db.session.get(Report, report.id))
    assert grid.value("rows-0-value") == "1.917,5"
    assert grid.value("rows-0-id") == str(_figures(report)[0].id)
    assert [grid.value(f"rows-{i}-label") for i in range(1, 4)] == ["", "", ""]
    assert grid.value("rows-4-label") is None


def test_saving_a_grid_costs_the_same_queries_for_5_or_50_rows(client, secretary, report, count_queries):
    def save(n: int) -> int:
        current = db.session.get(Report, report.id)
        rows = [_row(i, label=f"Chỉ tiêu {i}", value=str(i)) for i in range(n)]
        with count_queries() as statements:
            response = _post(client, current, *rows)
        assert response.status_code == 303
        return len([s for s in statements if not s.lstrip().upper().startswith(("INSERT", "DELETE"))])

    assert save(5) == save(50)


# --- a new report with its table ------------------------------------------------------------


def test_a_new_report_comes_with_its_pasted_table_reviewed_then_saved_in_one_submit(client, secretary, draft):
    url = f"/conferences/{draft.id}/reports"
    add = form_with(text(client.get(url)), field_name="title")
    reviewed = client.post(
        url, data=MultiDict(add.data(title="Báo cáo công tác kiểm tra quý III", paste=BLOCK, action="save"))
    )
    # pressing "add" with a table pasted reads it for review: nothing is saved yet
    assert reviewed.status_code == 200 and count(Report) == 1 and count(Figure) == 0  # the draft's own report
    page = text(reviewed)
    assert "Đã đọc 4 dòng số liệu, chưa lưu" in page
    review = form_with(page, field_name="title")
    assert review.value("title") == "Báo cáo công tác kiểm tra quý III"
    assert review.value("rows-3-value") == "khoảng 76.000"
    saved = client.post(url, data=MultiDict(review.data(action="save", **{"rows-1-value": "5"})))
    assert saved.status_code == 303, text(saved)[:2000]
    report = db.session.scalar(db.select(Report).where(Report.title == "Báo cáo công tác kiểm tra quý III"))
    assert saved.headers["Location"].endswith(f"/reports/{report.id}")
    figures = _figures(report)
    assert [(f.label, f.value) for f in figures] == [
        ("Kiểm tra tổ chức đảng", 1917),
        ("UBKT các cấp thi hành kỷ luật", 5),
        ("UBKT Tỉnh ủy", 3),
        ("Số tiền kiến nghị thu hồi", 76000),
    ]
    assert figures[2].parent_id == figures[1].id
    assert "với 4 số liệu" in text(client.get(saved.headers["Location"]))


def test_a_new_report_with_a_bad_table_or_no_title_saves_nothing_and_keeps_what_was_typed(
    client, secretary, draft
):
    url = f"/conferences/{draft.id}/reports"
    add = form_with(text(client.get(url)), field_name="title")
    bad = client.post(
        url,
        data=MultiDict(add.data(title="Báo cáo", paste="Chỉ tiêu\tSố liệu\nKỷ luật\tbốn", action="paste")),
    )
    assert bad.status_code == 422 and count(Report) == 1
    assert "Kỷ luật" in text(bad)  # the unreadable line is named and the paste kept
    assert form_with(text(bad), field_name="title").value("title") == "Báo cáo"
    review = form_with(
        text(client.post(url, data=MultiDict(add.data(paste=BLOCK, action="paste")))), field_name="title"
    )
    untitled = client.post(url, data=MultiDict(review.data(action="save")))
    assert untitled.status_code == 422 and count(Report) == 1 and count(Figure) == 0
    kept = form_with(text(untitled), field_name="title")
    assert kept.value("rows-0-label") == "Kiểm tra tổ chức đảng"


def test_qualifiers_and_scopes_read_in_english_too(app, client, secretary, report):
    client.post("/language/en", data={"next": "/"})
    _post(
        client,
        report,
        _row(0, label="Đảng viên được kiểm tra", value="hơn 1.917", unit="đảng viên", scope="year_to_date"),
        _row(
            1, label="Tiền kiến nghị", value="khoảng 76 nghìn", baseline="gần 50 nghìn", baseline_label="2021"
        ),
    )
    page = plain(client.get(f"/conferences/{report.conference_id}/minutes"))
    # the words are translated; the numbers keep the Vietnamese notation of the record
    assert "more than 1.917" in page and "(year to date)" in page
    assert "about 76.000" in page and "nearly 50.000" in page
    assert "hơn" not in page and "khoảng" not in page


# --- what the review found ------------------------------------------------------------------


def test_a_block_left_in_the_paste_box_is_read_not_dropped_by_save(client, secretary, report):
    response = _post(client, report, _row(0, label="Đã gõ", value="1"), paste=BLOCK, action="save")
    assert response.status_code == 200 and count(Figure) == 0
    review = form_with(text(response), action_ends="/figures")
    assert review.value("rows-0-label") == "Đã gõ"
    assert review.value("rows-1-label") == "Kiểm tra tổ chức đảng"


def test_a_block_over_the_limit_is_refused_under_the_paste_box(client, secretary, report):
    block = "\n".join(f"Chỉ tiêu {i}\t{i}\tvụ" for i in range(600))
    for url in (f"{_url(report)}/figures", f"/conferences/{report.conference_id}/reports"):
        response = client.post(url, data={"version": report.version, "paste": block, "action": "paste"})
        assert response.status_code == 422
        assert "tối đa 500 số liệu" in text(response) and 'id="paste-error"' in text(response)
    assert count(Figure) == 0


def test_a_refusal_shows_on_the_row_that_caused_it_after_blank_rows(client, secretary, report):
    response = _post(client, report, _row(0, label=""), _row(1, label="Phần", value="3", part="y"))
    assert response.status_code == 422
    page = text(response)
    assert 'id="rows-1-part-error"' in page and 'id="rows-0-part-error"' not in page


def test_a_row_whose_figure_was_deleted_meanwhile_is_saved_again_once_the_person_insists(
    client, secretary, report
):
    _post(client, report, _row(0, label="Giữ", value="1"), _row(1, label="Bị xóa", value="2"))
    kept, gone = _figures(report)
    grid = _grid(client, report)
    db.session.delete(db.session.get(Figure, gone.id))  # someone else deletes it meanwhile
    db.session.get(Report, report.id).version += 1
    db.session.commit()
    edited = grid.data(action="save", **{"rows-1-value": "20"})
    refused = client.post(grid.action, data=MultiDict(edited))
    assert refused.status_code == 409
    retry = form_with(text(refused), action_ends="/figures")
    assert retry.value("rows-1-value") == "20"  # the person's grid, with the newer version
    saved = client.post(retry.action, data=MultiDict(retry.data(action="save")))
    assert saved.status_code == 303
    assert [(f.label, f.value) for f in _figures(report)] == [("Giữ", 1), ("Bị xóa", 20)]


def test_two_rows_naming_one_figure_change_nothing(client, secretary, report):
    _post(client, report, _row(0, label="Một", value="1"))
    (one,) = _figures(report)
    report = db.session.get(Report, report.id)
    response = _post(client, report, _row(0, id=one.id, label="A", value="2"), _row(1, id=one.id, label="B"))
    assert response.status_code == 409
    assert [(f.label, f.value) for f in _figures(report)] == [("Một", 1)]


def test_the_new_report_form_keeps_the_version_it_was_built_from(client, secretary, draft):
    url = f"/conferences/{draft.id}/reports"
    add = form_with(text(client.get(url)), field_name="title")
    old = add.value("version")
    client.post(url, data={"version": draft.reports_version, "kind": "report", "title": "Của người khác"})
    review = client.post(url, data=MultiDict(add.data(title="Của tôi", paste=BLOCK, action="paste")))
    assert form_with(text(review), field_name="title").value("version") == old
    refused = client.post(
        url, data=MultiDict(form_with(text(review), field_name="title").data(action="save"))
    )
    assert refused.status_code == 409 and count(Figure) == 0
