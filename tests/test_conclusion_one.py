"""The conclusion page saves the chair's conclusion and any number of new directives in one
submit (issue 10: a whole conference in at most 8 submits)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Conference, Directive
from tests.support import count, picked_ids, post_from_page, text, version_on


@pytest.fixture
def conference(units, users) -> Conference:
    conf = Conference(
        title="Hội nghị tổng kết năm 2021", kind="annual", starts_at=datetime(2021, 12, 28, 1, 0)
    )
    services.set_organiser(conf, units["city"])
    conf.conclusion = "Kết luận cũ."
    conf.directives.append(Directive(text="Chỉ đạo đã có thứ nhất.", position=1))
    conf.directives.append(Directive(text="Chỉ đạo đã có thứ hai.", position=2))
    db.session.add(conf)
    db.session.commit()
    return conf


def _url(conference: Conference) -> str:
    return f"/conferences/{conference.id}/conclusion"


def _error_of(page: str, field_id: str) -> str | None:
    found = re.search(rf'<p class="error" id="{re.escape(field_id)}-error"[^>]*>([^<]*)</p>', page)
    return found.group(1) if found else None


def _stored(conference: Conference) -> tuple[str, list[str]]:
    db.session.expire_all()
    conf = db.session.get(Conference, conference.id)
    return conf.conclusion, [d.text for d in sorted(conf.directives, key=lambda d: d.position)]


def test_the_page_offers_the_conclusion_and_three_blank_labelled_blocks(client, secretary, conference):
    page = text(client.get(_url(conference)))
    assert 'id="conclusion-form"' in page and 'form="conclusion-form"' in page
    for n in range(3):
        assert f'name="new-{n}-text"' in page and f'name="new-{n}-due_date"' in page
        assert f'data-name="new-{n}-addressee_ids"' in page  # the picker's chips post under it
        assert f"Chỉ đạo mới <span data-block-no>{n + 1}</span>" in page
        assert (
            f'<label for="new-{n}-addressee_ids">Đơn vị thực hiện'
            f'<span class="sr-only" data-block-no> (chỉ đạo mới {n + 1})</span>' in page
        )
    assert 'name="new-3-text"' not in page
    assert "Lưu kết luận và chỉ đạo" in page
    assert '/directives"' not in page  # the old add form is gone


def test_a_conclusion_and_three_directives_are_saved_in_one_submit(client, secretary, conference, units):
    le_chan, ngo_quyen, vinh_bao = units["districts"]
    version = conference.conclusion_version
    response = post_from_page(
        client,
        _url(conference),
        data={
            "conclusion": "Hội nghị thống nhất các nhiệm vụ năm 2022.",
            "new-0-text": "Các quận ủy xây dựng kế hoạch kiểm tra năm 2022.",
            "new-0-due_date": "2022-01-31",
            "new-0-addressee_ids": [le_chan.id, ngo_quyen.id],
            "new-0-addressee_groups": "UBKT các cấp\n\nCác cấp ủy trực thuộc",
            "new-1-text": "Giải quyết dứt điểm đơn thư tồn đọng.",
            "new-1-addressee_ids": [vinh_bao.id],
            "new-2-text": "Tăng cường giám sát thường xuyên.",
            "new-2-addressee_groups": "Chi bộ các cấp",
        },
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "Đã lưu kết luận và thêm 3 chỉ đạo." in text(page)
    conclusion, texts = _stored(conference)
    assert conclusion == "Hội nghị thống nhất các nhiệm vụ năm 2022."
    assert texts == [
        "Chỉ đạo đã có thứ nhất.",
        "Chỉ đạo đã có thứ hai.",
        "Các quận ủy xây dựng kế hoạch kiểm tra năm 2022.",
        "Giải quyết dứt điểm đơn thư tồn đọng.",
        "Tăng cường giám sát thường xuyên.",
    ]
    new = sorted(db.session.get(Conference, conference.id).directives, key=lambda d: d.position)[2:]
    assert [d.position for d in new] == [3, 4, 5]
    assert [a.label for a in new[0].addressees] == [
        "Quận ủy Lê Chân",
        "Quận ủy Ngô Quyền",
        "UBKT các cấp",
        "Các cấp ủy trực thuộc",
    ]
    assert [a.organisation_id for a in new[1].addressees] == [vinh_bao.id]
    assert [a.label for a in new[2].addressees] == ["Chi bộ các cấp"]
    assert (new[0].due_date, new[1].due_date) == (date(2022, 1, 31), None)
    # One version step for the whole submit; the page offers three blank blocks again.
    assert db.session.get(Conference, conference.id).conclusion_version == version + 1
    assert 'name="new-0-text"' in text(page) and "Các quận ủy xây dựng" in text(page)


def test_blank_blocks_are_ignored_and_the_message_says_what_was_saved(client, secretary, conference):
    url = _url(conference)
    blank = {f"new-{n}-{k}": "" for n in range(3) for k in ("text", "due_date", "addressee_groups")}
    response = post_from_page(
        client, url, data={**blank, "conclusion": "Kết luận mới.", "new-1-text": "Một việc."}
    )
    assert response.status_code == 303
    assert "Đã lưu kết luận và thêm 1 chỉ đạo." in text(client.get(url))
    assert _stored(conference) == (
        "Kết luận mới.",
        ["Chỉ đạo đã có thứ nhất.", "Chỉ đạo đã có thứ hai.", "Một việc."],
    )

    response = post_from_page(client, url, data={**blank, "conclusion": "Kết luận sửa lại."})
    assert response.status_code == 303
    assert "Đã lưu kết luận." in text(client.get(url))
    assert count(Directive) == 3

    response = post_from_page(
        client, url, data={**blank, "conclusion": "Kết luận sửa lại.", "new-0-text": "Hai."}
    )
    assert response.status_code == 303
    assert "Đã thêm 1 chỉ đạo." in text(client.get(url))


def test_a_bad_due_date_in_block_two_is_shown_there_and_nothing_is_saved(
    client, secretary, conference, units
):
    before = _stored(conference)
    response = post_from_page(
        client,
        _url(conference),
        data={
            "conclusion": "Kết luận không được lưu.",
            "new-0-text": "Việc thứ nhất.",
            "new-0-addressee_ids": [units["districts"][0].id],
            "new-1-text": "Việc thứ hai, hạn trước ngày họp.",
            "new-1-due_date": "2021-12-01",
            "new-2-text": "Việc thứ ba, hạn quá xa.",
            "new-2-due_date": "2100-01-01",
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert _error_of(page, "new-1-due_date") == "Thời hạn không được trước ngày họp (28/12/2021)."
    assert _error_of(page, "new-2-due_date") == "Ngày phải trong khoảng 01/01/1945 đến 31/12/2099."
    assert _error_of(page, "new-0-due_date") is None and _error_of(page, "new-0-text") is None
    assert 'aria-describedby="new-1-due_date-help new-1-due_date-error"' in page
    # Everything typed comes back, the picked unit too.
    assert "Kết luận không được lưu." in page and "Việc thứ nhất." in page and "Việc thứ hai, hạn" in page
    assert picked_ids(page, "new-0-addressee_ids") == [str(units["districts"][0].id)]
    assert _stored(conference) == before and count(Directive) == 2


def test_a_block_with_a_due_date_or_a_unit_but_no_wording_is_refused(client, secretary, conference, units):
    response = post_from_page(
        client,
        _url(conference),
        data={
            "conclusion": "Kết luận.",
            "new-0-text": "Việc có nội dung.",
            "new-1-due_date": "2022-03-31",
            "new-2-addressee_ids": [units["districts"][1].id],
        },
    )
    assert response.status_code == 422
    page = text(response)
    assert _error_of(page, "new-1-text") == "Hãy ghi nội dung chỉ đạo."
    assert _error_of(page, "new-2-text") == "Hãy ghi nội dung chỉ đạo."
    assert _error_of(page, "new-0-text") is None
    assert 'value="2022-03-31"' in page
    assert count(Directive) == 2 and _stored(conference)[0] == "Kết luận cũ."


def test_a_unit_out_of_scope_in_a_block_is_refused_next_to_its_picker(client, secretary, conference, units):
    response = post_from_page(
        client,
        _url(conference),
        data={"new-0-text": "Việc.", "new-1-text": "Việc khác.", "new-1-addressee_ids": [units["other"].id]},
    )
    assert response.status_code == 422
    assert "không có trong phạm vi" in (_error_of(text(response), "new-1-addressee_ids") or "")
    assert count(Directive) == 2


def test_a_stale_version_is_refused_409_and_keeps_what_was_typed(client, secretary, conference):
    url = _url(conference)
    version = version_on(text(client.get(url)), url)
    first = client.post(url, data={"version": version, "conclusion": "Bản của người thứ nhất."})
    assert first.status_code == 303
    late = client.post(
        url,
        data={
            "version": version,
            "conclusion": "Bản của người thứ hai.",
            "new-0-text": "Chỉ đạo người thứ hai gõ.",
            "new-0-due_date": "2022-05-31",
        },
    )
    assert late.status_code == 409
    page = text(late)
    assert "Bản của người thứ hai." in page and "Chỉ đạo người thứ hai gõ." in page
    assert 'value="2022-05-31"' in page
    assert "Hiện lưu: kết luận “Bản của người thứ nhất.”" in page
    # the directives stored now are named too: after a double submit, saving again would
    # add them twice
    assert "Hiện lưu: 2 chỉ đạo “1. Chỉ đạo đã có thứ nhất.; 2. Chỉ đạo đã có thứ hai.”" in page
    assert _stored(conference) == (
        "Bản của người thứ nhất.",
        ["Chỉ đạo đã có thứ nhất.", "Chỉ đạo đã có thứ hai."],
    )
    # The page the 409 showed carries the new version: saving again on purpose goes through.
    again = client.post(
        url,
        data={
            "version": version_on(page, url),
            "conclusion": "Bản của người thứ hai.",
            "new-0-text": "Chỉ đạo người thứ hai gõ.",
        },
    )
    assert again.status_code == 303 and count(Directive) == 3


def test_more_new_directives_than_one_submit_takes_are_refused(client, secretary, conference):
    data = {f"new-{n}-text": f"Việc {n}." for n in range(101)}
    response = post_from_page(client, _url(conference), data=data)
    assert response.status_code == 422
    assert "nhiều nhất 100 chỉ đạo mới" in text(response)
    assert count(Directive) == 2


def test_queries_grow_by_a_small_constant_per_directive(client, secretary, conference, units, count_queries):
    url = _url(conference)

    def submit(n: int) -> int:
        data = {f"new-{i}-text": f"Việc {i}." for i in range(n)}
        data |= {f"new-{i}-addressee_ids": [units["districts"][i % 3].id] for i in range(n)}
        data |= {f"new-{i}-addressee_groups": "UBKT các cấp" for i in range(n)}
        version = version_on(text(client.get(url)), url)
        with count_queries() as statements:
            assert client.post(url, data={**data, "version": version}).status_code == 303
        return len(statements)

    one, ten = submit(1), submit(10)
    assert ten - one <= 9 * 8, (one, ten)


def test_a_worded_group_longer_than_its_column_is_refused_at_the_field(client, secretary, conference):
    """An addressee's label holds 255 characters: PostgreSQL refuses a longer one (a 500 once,
    found by the fuzzer there), SQLite would have kept it; both refuse it, nothing is added."""
    response = post_from_page(
        client,
        _url(conference),
        data={"new-0-text": "Một việc.", "new-0-addressee_groups": "UBKT các cấp\n" + "9" * 256},
    )
    assert response.status_code == 422 and "Dòng 2 dài quá mức cho phép." in text(response)
    assert count(Directive) == 2
