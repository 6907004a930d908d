"""Each section of a conference is saved under its own version: of two people saving the same
section, the later one gets the 409 page with the other person's change and keeps what they
typed; a POST without a version is refused; nothing is ever half saved or silently lost."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text as sql

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Attendee, Conference, Directive, Figure, Report, Site
from tests.support import login, make_user, post_from_page, text, version_on

BASE = {
    "title": "Hội nghị giao ban quý I năm 2021",
    "kind": "review",
    "period": "quarter:1",
    "period_year": "2021",
    "starts_on": "2021-04-07",
    "day_part": "",
    "start_time": "08:00",
    "ends_at": "2021-04-07T11:30",
    "format": "online",
    "organiser_id": "",
    "reported_delegates": "",
    "reported_delegates_qualifier": "",
    "notes": "",
}


@pytest.fixture
def draft(units, users) -> Conference:
    conference = Conference(
        title="Hội nghị tổng kết năm 2021",
        kind="annual",
        starts_at=datetime(2021, 12, 28, 1, 0),
        format="online",
    )
    services.set_organiser(conference, units["city"])
    conference.reports.append(Report(title="Báo cáo tổng kết", position=1))
    conference.directives.append(Directive(text="Rà soát đơn thư tồn đọng.", position=1))
    db.session.add(conference)
    db.session.commit()
    return conference


@pytest.fixture
def two(app, users, units):
    """Two secretaries of the same committee, each in their own browser."""
    make_user("thuky2", "secretariat", units["city"])
    first, second = app.test_client(), app.test_client()
    login(first, "thuky")
    login(second, "thuky2")
    return first, second


def _sections(draft: Conference):
    """(page, action, what the first person saves, what the second saves, how to read it)."""
    cid, report, directive = draft.id, draft.reports[0], draft.directives[0]
    return {
        "info": (
            f"/conferences/{cid}/edit",
            None,
            dict(BASE, title="Tên của người thứ nhất", organiser_id=str(draft.organiser_id)),
            dict(BASE, title="Tên của người thứ hai", organiser_id=str(draft.organiser_id)),
            lambda: db.session.get(Conference, cid).title,
        ),
        "conclusion": (
            f"/conferences/{cid}/conclusion",
            None,
            {"conclusion": "Kết luận thứ nhất"},
            {"conclusion": "Kết luận thứ hai"},
            lambda: db.session.get(Conference, cid).conclusion,
        ),
        "sites": (
            f"/conferences/{cid}/sites",
            None,
            {"name": "Điểm cầu thứ nhất"},
            {"name": "Điểm cầu thứ hai"},
            lambda: sorted(s.name for s in db.session.scalars(db.select(Site))),
        ),
        "attendees": (
            f"/conferences/{cid}/attendees",
            None,
            {"name": "Nguyễn Văn Một", "role": "delegate", "presence": "present"},
            {"name": "Trần Thị Hai", "role": "delegate", "presence": "present"},
            lambda: sorted(a.name for a in db.session.scalars(db.select(Attendee))),
        ),
        "agenda": (
            f"/conferences/{cid}/reports",
            None,
            {"kind": "report", "title": "Báo cáo thứ nhất"},
            {"kind": "report", "title": "Báo cáo thứ hai"},
            lambda: sorted(r.title for r in db.session.scalars(db.select(Report))),
        ),
        "report": (
            f"/conferences/{cid}/reports/{report.id}",
            None,
            {"kind": "report", "title": "Tiêu đề thứ nhất"},
            {"kind": "report", "title": "Tiêu đề thứ hai"},
            lambda: db.session.get(Report, report.id).title,
        ),
        "figures": (
            f"/conferences/{cid}/reports/{report.id}",
            f"/conferences/{cid}/reports/{report.id}/figures",
            {"rows-0-label": "Tổ chức đảng được kiểm tra", "rows-0-value": "1.917"},
            {"rows-0-label": "Đảng viên được kiểm tra", "rows-0-value": "hơn 26.000"},
            lambda: sorted(f.label for f in db.session.scalars(db.select(Figure))),
        ),
        "directive": (
            f"/conferences/{cid}/directives/{directive.id}/edit",
            None,
            {"directive-text": "Chỉ đạo thứ nhất"},
            {"directive-text": "Chỉ đạo thứ hai"},
            lambda: db.session.get(Directive, directive.id).text,
        ),
        "directive list": (
            f"/conferences/{cid}/conclusion",
            None,
            {"new-0-text": "Chỉ đạo mới thứ nhất"},
            {"new-0-text": "Chỉ đạo mới thứ hai"},
            lambda: sorted(d.text for d in db.session.scalars(db.select(Directive))),
        ),
    }


SECTIONS = [
    "info",
    "conclusion",
    "sites",
    "attendees",
    "agenda",
    "report",
    "figures",
    "directive",
    "directive list",
]


@pytest.mark.parametrize("section", SECTIONS)
def test_of_two_saves_of_one_section_the_later_is_refused_and_shows_the_change(two, draft, section):
    first, second = two
    page, action, mine, theirs, stored = _sections(draft)[section]
    action = action or page
    # Both open the page; both forms carry the same version.
    version_first = version_on(text(first.get(page)), action)
    version_second = version_on(text(second.get(page)), action)
    assert version_first is not None and version_first == version_second
    before = stored()
    assert first.post(action, data={**mine, "version": version_first}).status_code == 303
    saved = stored()
    assert saved != before
    late = second.post(action, data={**theirs, "version": version_second})
    assert late.status_code == 409
    body = text(late)
    # The other person's change is named: who and what…
    assert "Thuky vừa sửa lúc" in body
    # …and what the second person typed is still in the form, to save again on purpose.
    keys = ("title", "conclusion", "name", "rows-0-label", "directive-text", "new-0-text")
    typed = next(v for k, v in theirs.items() if k in keys)
    assert typed in body
    # …and so is what the first person saved (in the list, or as "Hiện lưu: …").
    assert next(v for k, v in mine.items() if k in keys) in body
    db.session.expire_all()
    assert stored() == saved
    # Saving again from the page the 409 showed goes through.
    again = second.post(action, data={**theirs, "version": version_on(body, action)})
    assert again.status_code == 303
    db.session.expire_all()
    assert stored() != saved


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("version", [None, "", "abc", "²", "٣", "9" * 5000, "-1", "0"])
def test_a_save_without_a_usable_version_is_refused_and_changes_nothing(two, draft, section, version):
    first, _second = two
    page, action, mine, _theirs, stored = _sections(draft)[section]
    data = dict(mine) if version is None else {**mine, "version": version}
    before = stored()
    response = first.post(action or page, data=data)
    assert response.status_code == 400
    assert "Trang này đã cũ hoặc không đầy đủ" in text(response)
    db.session.expire_all()
    assert stored() == before


def test_sections_do_not_collide(two, draft):
    """Two people on two sections at once: both saves go through."""
    first, second = two
    cid = draft.id
    sites, conclusion = f"/conferences/{cid}/sites", f"/conferences/{cid}/conclusion"
    v_sites = version_on(text(first.get(sites)), sites)
    v_conclusion = version_on(text(second.get(conclusion)), conclusion)
    assert first.post(sites, data={"name": "Hội trường", "version": v_sites}).status_code == 303
    assert (
        second.post(conclusion, data={"conclusion": "Kết luận.", "version": v_conclusion}).status_code == 303
    )
    db.session.expire_all()
    conference = db.session.get(Conference, cid)
    assert [s.name for s in conference.sites] == ["Hội trường"]
    assert conference.conclusion == "Kết luận."


def test_a_save_racing_another_at_the_same_moment_is_refused(client, secretary, draft, monkeypatch):
    """Both requests passed the version check; the row lock refuses the second at commit."""
    url = f"/conferences/{draft.id}/conclusion"
    version = version_on(text(client.get(url)), url)
    real_log = services.log

    def log_while_someone_else_commits(conference, *args, **kwargs):
        db.session.connection().execute(
            sql("UPDATE conferences SET version = version + 1, conclusion = 'của người khác' WHERE id = :id"),
            {"id": conference.id},
        )
        return real_log(conference, *args, **kwargs)

    monkeypatch.setattr(services, "log", log_while_someone_else_commits)
    response = client.post(url, data={"conclusion": "của tôi", "version": version})
    assert response.status_code == 409
    assert "của tôi" in text(response)  # still in the form, nothing lost on screen
    monkeypatch.setattr(services, "log", real_log)


def test_deleting_a_report_someone_just_added_figures_to_is_refused(two, draft):
    first, second = two
    cid, report = draft.id, draft.reports[0]
    listing = text(second.get(f"/conferences/{cid}/reports"))
    delete = f"/conferences/{cid}/reports/{report.id}/delete"
    stale = version_on(listing, delete)
    added = post_from_page(
        first,
        f"/conferences/{cid}/reports/{report.id}/figures",
        {"rows-0-label": "Đảng viên bị kỷ luật", "rows-0-value": "12"},
    )
    assert added.status_code == 303
    assert second.post(delete, data={"version": stale}).status_code == 409
    db.session.expire_all()
    assert db.session.get(Report, report.id) is not None
    assert [f.label for f in db.session.get(Report, report.id).figures] == ["Đảng viên bị kỷ luật"]


@pytest.mark.parametrize(
    "value, baseline, message",
    [
        ("999999999999999", "0,000000000000001", "1.000.000.000.000"),
        ("1000000000001", "", "1.000.000.000.000"),
        ("1,23456", "", "tối đa 4 chữ số thập phân"),
        ("12", "0,000000000000001", "tối đa 4 chữ số thập phân"),
    ],
)
def test_absurd_figures_are_refused_next_to_the_field(client, secretary, draft, value, baseline, message):
    report = draft.reports[0]
    response = post_from_page(
        client,
        f"/conferences/{draft.id}/reports/{report.id}/figures",
        {
            "rows-0-label": "Số liệu",
            "rows-0-value": value,
            "rows-0-baseline": baseline,
            "rows-0-baseline_label": "cùng kỳ năm 2020" if baseline else "",
        },
    )
    assert response.status_code == 422 and message in text(response)
    assert db.session.scalar(db.select(db.func.count(Figure.id))) == 0
    # The report page and the minutes page still open.
    assert client.get(f"/conferences/{draft.id}/reports/{report.id}").status_code == 200
    assert client.get(f"/conferences/{draft.id}/minutes").status_code == 200


def test_the_largest_figures_allowed_still_render(client, secretary, draft):
    report = draft.reports[0]
    assert (
        post_from_page(
            client,
            f"/conferences/{draft.id}/reports/{report.id}/figures",
            {
                "rows-0-label": "Tổng",
                "rows-0-value": "1.000.000.000.000",
                "rows-0-baseline": "0,0001",
                "rows-0-baseline_label": "cùng kỳ năm 2020",
            },
        ).status_code
        == 303
    )
    assert client.get(f"/conferences/{draft.id}/reports").status_code == 200
    for url in (f"/conferences/{draft.id}/reports/{report.id}", f"/conferences/{draft.id}/minutes"):
        page = client.get(url)
        assert page.status_code == 200 and "1.000.000.000.000" in text(page)


@pytest.mark.parametrize("starts_on", ["0001-01-01", "9999-12-31", "1944-12-31", "2100-01-01"])
def test_a_conference_outside_1945_2099_is_refused_next_to_the_field(client, secretary, starts_on):
    response = client.post(
        "/conferences/new",
        data=dict(BASE, starts_on=starts_on, ends_at="", organiser_id=str(secretary.organisation_id)),
    )
    assert response.status_code == 200
    assert "Ngày phải trong khoảng 01/01/1945 đến 31/12/2099." in text(response)
    assert db.session.scalar(db.select(db.func.count(Conference.id))) == 0


@pytest.mark.parametrize("due", ["9999-12-31", "0001-01-01", "2100-01-01"])
def test_a_directive_due_outside_1945_2099_is_refused(client, secretary, draft, due):
    response = post_from_page(
        client,
        f"/conferences/{draft.id}/conclusion",
        {"new-0-text": "Báo cáo kết quả", "new-0-due_date": due},
    )
    assert response.status_code == 422
    assert "Ngày phải trong khoảng 01/01/1945 đến 31/12/2099." in text(response)
    assert db.session.scalar(db.select(db.func.count(Directive.id))) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/conferences/99999999999999999999999",
        "/conferences/2147483648",
        "/conferences/0",
        "/conferences/²",
        "/conferences/1/sites/2147483648/edit",
    ],
)
def test_ids_beyond_the_database_integer_are_not_found(client, secretary, draft, url):
    assert client.get(url).status_code == 404


def test_the_largest_id_is_an_ordinary_miss(client, secretary):
    assert client.get("/conferences/2147483647").status_code == 404


@pytest.mark.parametrize("action", ["publish", "delete"])
@pytest.mark.parametrize("version", [None, "²", "9" * 5000, "stale"])
def test_publish_and_delete_need_the_version_the_overview_showed(client, secretary, draft, action, version):
    page = f"/conferences/{draft.id}"
    if action == "publish":  # from the checklist, whose button shows once nothing blocks it
        draft.attendees.append(Attendee(name="Trần Lưu Quang", role="chair", position=1))
        db.session.commit()
        page += "/publish"
    shown = version_on(text(client.get(page)), f"/conferences/{draft.id}/{action}")
    assert shown == str(draft.version)
    if version == "stale":  # somebody saved a section since the overview was opened
        assert (
            post_from_page(client, f"/conferences/{draft.id}/sites", {"name": "Hội trường"}).status_code
            == 303
        )
        version = shown
    response = client.post(
        f"/conferences/{draft.id}/{action}", data={} if version is None else {"version": version}
    )
    assert response.status_code in (400, 409)
    db.session.expire_all()
    conference = db.session.get(Conference, draft.id)
    assert conference is not None and conference.status == "draft"
