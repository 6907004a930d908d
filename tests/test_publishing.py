"""Publishing is a checklist: what blocks it (no day, no organiser, no chair), what is missing
but may be published anyway, each with a link to fix it. The minutes page prints only what
was recorded: no empty section, no "Thư ký: —", no delegate count nobody reported."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from minutes.conferences import services
from minutes.conferences.checklist import publish_checks
from minutes.extensions import db
from minutes.models import Attendee, Conference, ConferenceLog, Directive, Report, Site
from tests.support import plain, post_from_page, text, version_on


def _complete(units) -> Conference:
    """A draft with everything the checklist looks for."""
    conference = Conference(title="Hội nghị tổng kết năm 2021", kind="annual", format="online")
    conference.starts_at = datetime(2021, 12, 28, 1, 0)
    services.set_organiser(conference, units["city"])
    conference.sites = [
        Site(name="Trung tâm hội nghị", is_host=True, position=1, headcount=60),
        Site(name="Quận ủy Lê Chân", position=2, headcount=25),
    ]
    conference.attendees = [
        Attendee(name="Trần Lưu Quang", job_title="Bí thư Thành ủy", role="chair", position=1),
        Attendee(name="Nguyễn Thu Trang", job_title="Chuyên viên", role="secretary", position=2),
    ]
    conference.conclusion = "Đồng chí chủ trì giao những việc sau."
    directive = Directive(text="Giải quyết dứt điểm đơn thư tồn đọng.", position=1)
    services.set_addressees(directive, [units["districts"][0]], [])
    conference.directives.append(directive)
    db.session.add(conference)
    db.session.commit()
    return conference


@pytest.fixture
def complete(units) -> Conference:
    return _complete(units)


def codes(found) -> list[str]:
    return [check.code for check in found]


def checklist_of(response) -> dict[str, list[str]]:
    """The codes of the refusals and of the warnings the checklist page shows."""
    html = text(response)
    shown = {}
    for box in ("refusals", "warnings"):
        found = re.search(rf'id="{box}".*?</ul>', html, re.S)
        shown[box] = re.findall(r'data-check="(\w+)"', found.group(0)) if found else []
    return shown


# --- the checks themselves --------------------------------------------------------------------


def test_a_complete_conference_has_nothing_to_report(complete):
    checks = publish_checks(complete)
    assert (checks.refusals, checks.warnings, checks.publishable) == ([], [], True)


def test_no_day_no_organiser_no_chair_are_refusals(complete):
    complete.starts_at = None
    complete.starts_on = None
    complete.organiser = None
    complete.attendees = [a for a in complete.attendees if a.role != "chair"]
    checks = publish_checks(complete)
    assert codes(checks.refusals) == ["date", "organiser", "chair"]
    assert not checks.publishable
    assert [(c.endpoint, c.anchor) for c in checks.refusals] == [
        ("conferences.edit", "starts_on"),
        ("conferences.edit", "organiser_id"),
        ("conferences.attendees", None),
    ]


def test_a_day_without_an_hour_is_enough_to_publish(complete):
    complete.starts_at = None
    complete.starts_on, complete.day_part = date(2021, 12, 28), "morning"
    assert publish_checks(complete).publishable


def test_what_is_missing_but_not_required_is_a_warning(complete):
    complete.attendees = [a for a in complete.attendees if a.role != "secretary"]
    for site in complete.sites:
        site.is_host, site.headcount = False, None
    complete.conclusion = ""
    bare = Directive(text="Tăng cường giám sát thường xuyên.", position=2)
    complete.directives.append(bare)
    db.session.flush()
    checks = publish_checks(complete)
    assert checks.refusals == [] and checks.publishable
    assert codes(checks.warnings) == ["headcount", "host", "secretary", "conclusion", "addressees"]
    assert checks.warnings[-1].values == {"directive_id": bare.id}
    assert "Chỉ đạo 2 chưa có đơn vị thực hiện: “Tăng cường giám sát thường xuyên”." in (
        checks.warnings[-1].message
    )


def test_a_reported_total_counts_as_a_headcount_and_listed_names_do_not(complete):
    for site in complete.sites:
        site.headcount = None
    complete.attendees.append(Attendee(name="Đại biểu có tên", site=complete.sites[1], position=3))
    assert "headcount" in codes(publish_checks(complete).warnings)
    complete.reported_delegates = 300
    assert "headcount" not in codes(publish_checks(complete).warnings)


# --- the page and the POST ---------------------------------------------------------------------


def test_refusals_are_listed_with_links_and_block_the_post(client, secretary, complete):
    complete.organiser = None
    complete.organiser_name = ""
    db.session.commit()
    url = f"/conferences/{complete.id}/publish"
    page = client.get(url)
    assert page.status_code == 200
    assert checklist_of(page) == {"refusals": ["organiser"], "warnings": []}
    assert f'href="/conferences/{complete.id}/edit#organiser_id"' in text(page)
    assert "Công bố biên bản</button>" not in text(page)  # no button while something blocks
    refused = client.post(url, data={"version": str(complete.version)})
    assert refused.status_code == 422 and "Chưa ghi cơ quan tổ chức." in plain(refused)
    db.session.expire_all()
    assert db.session.get(Conference, complete.id).status == "draft"


def test_warnings_show_with_a_publish_anyway_button_that_publishes(client, secretary, complete):
    complete.attendees = [a for a in complete.attendees if a.role != "secretary"]
    complete.directives.append(Directive(text="Tăng cường giám sát.", position=2))
    db.session.commit()
    url = f"/conferences/{complete.id}/publish"
    page = client.get(url)
    assert checklist_of(page) == {"refusals": [], "warnings": ["secretary", "addressees"]}
    assert "Vẫn công bố dù còn thiếu" in plain(page)
    assert f'href="/conferences/{complete.id}/attendees"' in text(page)
    directive = complete.directives[1]
    assert f'href="/conferences/{complete.id}/directives/{directive.id}/edit"' in text(page)
    assert version_on(text(page), url) == str(complete.version)
    response = post_from_page(client, url)
    assert response.status_code == 303 and response.location.endswith(f"/conferences/{complete.id}/minutes")
    db.session.expire_all()
    published = db.session.get(Conference, complete.id)
    assert published.status == "published" and published.published_at is not None
    assert [e.action for e in published.log] == ["published"]


def test_a_complete_conference_gets_the_plain_button(client, secretary, complete):
    page = client.get(f"/conferences/{complete.id}/publish")
    assert checklist_of(page) == {"refusals": [], "warnings": []}
    assert "Công bố biên bản" in plain(page) and "Vẫn công bố" not in plain(page)


def test_the_overview_leads_to_the_checklist(client, secretary, complete):
    page = text(client.get(f"/conferences/{complete.id}"))
    assert f'href="/conferences/{complete.id}/publish"' in page


def test_a_change_since_the_checklist_was_shown_refuses_the_publish(client, secretary, complete):
    url = f"/conferences/{complete.id}/publish"
    shown = version_on(text(client.get(url)), url)
    # Someone removes the minute-taker after the checklist said there was one.
    secretary_row = next(a for a in complete.attendees if a.role == "secretary")
    assert (
        post_from_page(client, f"/conferences/{complete.id}/attendees/{secretary_row.id}/delete").status_code
        == 303
    )
    response = client.post(url, data={"version": shown})
    assert response.status_code == 409
    assert checklist_of(response)["warnings"] == ["secretary"]  # the checklist as it is now
    db.session.expire_all()
    assert db.session.get(Conference, complete.id).status == "draft"
    assert db.session.scalar(db.select(ConferenceLog).where(ConferenceLog.action == "published")) is None


def test_a_published_conference_sends_the_checklist_back_to_the_overview(client, secretary, complete):
    post_from_page(client, f"/conferences/{complete.id}/publish")
    again = client.get(f"/conferences/{complete.id}/publish")
    assert again.status_code == 303 and again.location.endswith(f"/conferences/{complete.id}")


# --- the minutes page prints what was recorded ----------------------------------------------------


def headings(response) -> list[str]:
    return [re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", text(response), re.S)]


def test_minutes_without_a_conclusion_have_no_empty_heading(client, secretary, units):
    conference = Conference(title="Giao ban quý I", kind="review", format="online")
    conference.starts_on, conference.day_part = date(2022, 9, 22), "morning"
    services.set_organiser(conference, units["city"])
    conference.attendees = [Attendee(name="Trần Văn Chủ", role="chair", position=1)]
    db.session.add(conference)
    db.session.commit()
    page = client.get(f"/conferences/{conference.id}/minutes")
    assert headings(page) == ["I. Thời gian, hình thức", "II. Thành phần"]
    body = plain(page)
    assert "Thư ký:" not in body and "—." not in body and "Kết luận" not in body
    assert "Thời gian: Sáng 22/09/2022." in body

    conference.reports.append(Report(title="Báo cáo quý I", position=1))
    conference.directives.append(Directive(text="Rà soát đơn thư.", position=1))
    db.session.commit()
    page = client.get(f"/conferences/{conference.id}/minutes")
    assert headings(page) == [
        "I. Thời gian, hình thức",
        "II. Thành phần",
        "III. Nội dung",
        "IV. Kết luận của chủ trì",
    ]


def test_sections_are_renumbered_as_shown(client, secretary, units):
    conference = Conference(title="Chỉ có báo cáo", kind="other", format="online")
    conference.reports.append(Report(title="Báo cáo tiến độ", position=1))
    conference.conclusion = "Tiếp tục theo dõi."
    db.session.add(conference)
    db.session.commit()
    page = client.get(f"/conferences/{conference.id}/minutes")
    assert headings(page) == ["I. Thời gian, hình thức", "II. Nội dung", "III. Kết luận của chủ trì"]
    body = plain(page)
    assert "Thời gian:" not in body and "Cơ quan tổ chức:" not in body and "Chủ trì:" not in body


def test_minutes_never_count_delegates_from_the_names_listed(client, secretary, complete):
    for site in complete.sites:
        site.headcount = None
    complete.attendees.append(
        Attendee(name="Lê Thị B", role="delegate", presence="present", site=complete.sites[1], position=3)
    )
    db.session.commit()
    body = plain(client.get(f"/conferences/{complete.id}/minutes"))
    assert "đại biểu," not in body and "Số đại biểu" not in body  # three names, no count reported
    assert "Thư ký: Nguyễn Thu Trang, Chuyên viên." in body
    overview = plain(client.get(f"/conferences/{complete.id}"))
    assert "3 đại biểu" not in overview and "1 đại biểu" not in overview

    complete.reported_delegates, complete.reported_delegates_qualifier = 300, "hơn"
    db.session.commit()
    assert "Số đại biểu: hơn 300 đại biểu, 2 điểm cầu." in plain(
        client.get(f"/conferences/{complete.id}/minutes")
    )

    complete.sites[0].headcount = 60
    db.session.commit()
    body = plain(client.get(f"/conferences/{complete.id}/minutes"))
    assert "Số đại biểu: 60 đại biểu, 2 điểm cầu." in body  # the sites' own counts win


def test_the_checklist_in_english(client, secretary, complete):
    client.post("/language/en", data={"next": "/"})  # before any translated request (see test_starts)
    complete.conclusion = ""
    db.session.commit()
    page = plain(client.get(f"/conferences/{complete.id}/publish"))
    assert "Checks before publishing" in page and "concluding remarks are not recorded." in page
    assert "Publish anyway" in page
