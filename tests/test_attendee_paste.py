"""A list of delegates pasted from Word or Excel is added in one step, or not at all."""

from __future__ import annotations

import pytest

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Attendee, Conference, Organisation, Site
from tests.support import count, post_from_page, text

LIST = """Danh sách đại biểu dự hội nghị
STT\tHọ và tên\tChức vụ\tĐơn vị
1. Đồng chí Nguyễn Văn A, Phó Bí thư Thường trực Tỉnh ủy
2. đ/c Lê Thị B; Chủ nhiệm UBKT; ủy ban kiểm tra tỉnh ủy khánh hòa

3\tTrần Văn C\tPhó Chủ nhiệm\tQuận ủy Lê Chân\t
Phạm Thị D
"""


@pytest.fixture
def conference(units, users) -> Conference:
    conference = Conference(title="Giao ban quý III/2022", kind="review", format="online")
    services.set_organiser(conference, units["city"])
    conference.sites.append(Site(name="Điểm cầu Quận ủy Lê Chân", position=1))
    db.session.add(conference)
    db.session.add(Organisation(name="Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa", level="other", external=True))
    db.session.commit()
    return conference


def _paste(client, conference, lines, **cells):
    url = f"/conferences/{conference.id}/attendees/paste"
    data = {"paste-lines": lines, "paste-role": "delegate", **cells}
    return post_from_page(client, url, data=data, page=f"/conferences/{conference.id}/attendees")


def test_a_pasted_list_adds_everyone_with_units_linked_by_name(client, secretary, conference, units):
    site = conference.sites[0]
    response = _paste(client, conference, LIST, **{"paste-site_id": site.id})
    assert response.status_code == 303, text(response)[:2000]
    db.session.expire_all()
    people = db.session.scalars(db.select(Attendee).order_by(Attendee.position)).all()
    rows = [(a.name, a.job_title, a.organisation_name, a.organisation_id is not None) for a in people]
    assert rows == [
        ("Nguyễn Văn A", "Phó Bí thư Thường trực Tỉnh ủy", "", False),
        ("Lê Thị B", "Chủ nhiệm UBKT", "Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa", True),
        ("Trần Văn C", "Phó Chủ nhiệm", "Quận ủy Lê Chân", True),
        ("Phạm Thị D", "", "", False),
    ]
    assert {a.site_id for a in people} == {site.id} and {a.role for a in people} == {"delegate"}
    assert "Đã thêm 4 đại biểu." in text(client.get(f"/conferences/{conference.id}/attendees"))


def test_the_role_applies_to_the_whole_list(client, secretary, conference):
    _paste(client, conference, "Nguyễn Văn A, Bí thư Tỉnh ủy", **{"paste-role": "chair"})
    db.session.expire_all()
    assert [a.display_name for a in db.session.get(Conference, conference.id).chairs] == [
        db.session.scalar(db.select(Attendee)).display_name
    ]


@pytest.mark.parametrize(
    "lines, message",
    [
        ("Nguyễn Văn A\n;;\n", "Dòng 2: hãy ghi họ tên hoặc chức vụ."),
        ("A; B; C; D", "Dòng 1 có quá 3 cột"),
        ("Nguyễn Văn A, " + "x" * 300, "Dòng 1 dài quá mức cho phép."),
        ("   \n\n", "Hãy dán danh sách, mỗi dòng một người."),
    ],
)
def test_a_list_with_a_bad_line_adds_nobody_and_says_which_line(
    client, secretary, conference, lines, message
):
    response = _paste(client, conference, lines)
    assert response.status_code == 422
    assert message in text(response) and count(Attendee) == 0
    assert 'id="paste-lines-error"' in text(response)  # next to the list, not at the top
