"""The secretariat records a conference: every section, bad input, life cycle, list and search."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import pytest

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Attendee, Conference, ConferenceLog, Directive, Figure, Report, Site, User
from minutes.tasks.services import assign
from tests.serving import form_with
from tests.support import count, login, post_from_page, text

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
def conference(units, users) -> Conference:
    conf = Conference(
        title="Hội nghị tổng kết năm 2021",
        kind="annual",
        period_kind="year",
        period_year=2021,
        starts_at=datetime(2021, 12, 28, 1, 0),
        format="online",
    )
    services.set_organiser(conf, units["city"])
    db.session.add(conf)
    db.session.commit()
    return conf


# --- creating ---------------------------------------------------------------------------


def test_create_stores_local_time_as_utc_and_the_period_structured(client, secretary, units):
    data = dict(BASE, organiser_id=str(units["city"].id))
    response = client.post("/conferences/new", data=data)
    assert response.status_code == 303
    conf = db.session.scalar(db.select(Conference))
    assert conf.starts_at == datetime(2021, 4, 7, 1, 0)  # 08:00 in Hà Nội is 01:00 UTC
    assert (conf.period_kind, conf.period_number, conf.period_year) == ("quarter", 1, 2021)
    assert conf.organiser_name == "Thành ủy Hải Phòng"
    assert [e.action for e in conf.log] == ["created"]
    page = text(client.get(f"/conferences/{conf.id}"))
    assert "quý I/2021" in page and "08:00 07/04/2021" in page


def test_the_host_site_is_the_organiser_unless_unticked(client, secretary, units):
    page = form_with(text(client.get("/conferences/new")), field_name="title")
    assert page.value("host_at_organiser") == "y"  # ticked by default: most are hosted at home
    city = units["city"]
    client.post("/conferences/new", data=dict(BASE, organiser_id=str(city.id), host_at_organiser="y"))
    client.post("/conferences/new", data=dict(BASE, title="Ở nơi khác", organiser_id=str(city.id)))
    hosted, elsewhere = db.session.scalars(db.select(Conference).order_by(Conference.id)).all()
    assert [(s.name, s.organisation_id, s.is_host) for s in hosted.sites] == [(city.name, city.id, True)]
    assert elsewhere.sites == []
    client.post(
        "/conferences/new",
        data=dict(
            BASE, title="Trực tiếp", format="in_person", organiser_id=str(city.id), host_at_organiser="y"
        ),
    )
    in_person = db.session.scalar(db.select(Conference).where(Conference.title == "Trực tiếp"))
    assert in_person.sites == []  # one hall: no sites to list
    assert "Điểm cầu chính" not in text(client.get(f"/conferences/{hosted.id}/edit"))


@pytest.mark.parametrize(
    "change, field_error",
    [
        ({"title": ""}, "This field is required"),
        ({"ends_at": "2021-04-07T07:00"}, "Giờ kết thúc phải sau giờ bắt đầu."),
        ({"starts_on": "28/12/2021"}, "Not a valid date value"),
        ({"period_year": ""}, "Hãy nhập năm của kỳ."),
        ({"reported_delegates": "-5"}, "Number must be at least 0"),
        ({"kind": "bogus"}, "Not a valid choice"),
    ],
)
def test_create_rejects_bad_input_next_to_the_field(client, secretary, change, field_error):
    response = client.post("/conferences/new", data=dict(BASE, **change))
    assert response.status_code == 200
    assert 'class="error"' in text(response)
    assert count(Conference) == 0


def test_input_is_normalised_to_nfc(client, secretary, units):
    decomposed = unicodedata.normalize("NFD", "Hội nghị   giao ban Tây Ninh")
    client.post("/conferences/new", data=dict(BASE, title=decomposed, organiser_id=str(units["city"].id)))
    conf = db.session.scalar(db.select(Conference))
    assert conf.title == "Hội nghị giao ban Tây Ninh"
    assert unicodedata.is_normalized("NFC", conf.title)


# --- sites --------------------------------------------------------------------------------


def test_add_the_sites_of_all_units_under_an_organisation_in_one_step(client, secretary, conference, units):
    url = f"/conferences/{conference.id}/sites/bulk"
    response = post_from_page(client, url, data={"bulk-parent_id": units["city"].id, "bulk-level": ""})
    assert response.status_code == 303
    names = [s.name for s in conference.sites]
    assert names == ["Quận ủy Lê Chân", "Quận ủy Ngô Quyền", "Huyện ủy Vĩnh Bảo"]
    assert all(s.organisation_id for s in conference.sites)
    post_from_page(client, url, data={"bulk-parent_id": units["city"].id, "bulk-level": "district"})
    assert len(conference.sites) == 3, "units already present are skipped"


def test_paste_a_list_of_site_names(client, secretary, conference, units):
    pasted = "1. Quận uỷ Lê Chân\n\n- Điểm cầu Đảng ủy Khối Doanh nghiệp\nQuận ủy Lê Chân\n"
    post_from_page(client, f"/conferences/{conference.id}/sites/paste", data={"paste-names": pasted})
    sites = conference.sites
    assert [s.name for s in sites] == ["Quận uỷ Lê Chân", "Điểm cầu Đảng ủy Khối Doanh nghiệp"]
    assert sites[0].organisation_id == units["districts"][0].id, "old tone placement still matches"
    assert sites[1].organisation_id is None


def test_a_pasted_site_name_longer_than_the_column_is_refused_at_the_field(client, secretary, conference):
    """Site.name holds 255 characters: PostgreSQL refuses a longer one (a 500 once), SQLite
    would have kept it; both refuse it at the field now, and nothing is added."""
    pasted = "Quận ủy Lê Chân\n" + "Điểm cầu " + "x" * 250 + "\n"
    refused = post_from_page(
        client, f"/conferences/{conference.id}/sites/paste", data={"paste-names": pasted}
    )
    assert refused.status_code == 422 and "Dòng 2 dài quá mức cho phép." in text(refused)
    assert count(Site) == 0


def test_a_typed_unit_name_loses_its_control_characters_before_the_lookup(
    client, secretary, conference, units
):
    """A NUL typed into a picker (PostgreSQL refuses it in a query: a 500 once) is dropped as in
    every text field, and the name still finds its unit."""
    url = f"/conferences/{conference.id}/attendees"
    data = {"name": "Trần Văn A", "role": "delegate", "presence": "present"}
    answer = post_from_page(client, url, data={**data, "organisation_id__text": "Quận ủy Lê\x00 Chân"})
    assert answer.status_code == 303
    assert db.session.scalar(db.select(Attendee.organisation_id)) == units["districts"][0].id


def test_one_host_site_and_negative_headcount_refused(client, secretary, conference):
    url = f"/conferences/{conference.id}/sites"
    bad = post_from_page(client, url, data={"name": "Điểm cầu A", "headcount": "-3"})
    assert bad.status_code == 422 and "Số đại biểu phải từ 0 đến 100.000." in text(bad)
    assert count(Site) == 0
    post_from_page(client, url, data={"name": "Trung tâm hội nghị", "is_host": "y", "headcount": "120"})
    post_from_page(client, url, data={"name": "Điểm cầu B", "is_host": "y", "headcount": "45"})
    hosts = [s.name for s in conference.sites if s.is_host]
    assert hosts == ["Điểm cầu B"]
    assert conference.delegate_total == 165


def test_join_link_must_be_http(client, secretary, conference):
    response = post_from_page(
        client,
        f"/conferences/{conference.id}/sites",
        data={"name": "Điểm cầu A", "join_url": "javascript:alert(1)"},
    )
    assert "http://" in text(response) and count(Site) == 0


# --- attendees and totals --------------------------------------------------------------------


def test_attendee_needs_a_name_or_office_and_totals_are_computed(client, secretary, conference):
    post_from_page(
        client, f"/conferences/{conference.id}/sites", data={"name": "Điểm cầu chính", "is_host": "y"}
    )
    site = conference.sites[0]
    url = f"/conferences/{conference.id}/attendees"
    bad = post_from_page(client, url, data={"role": "delegate", "presence": "present"})
    assert "Hãy nhập họ tên hoặc chức vụ." in text(bad) and count(Attendee) == 0
    for name, presence in (("Trần Văn A", "present"), ("Lê Thị B", "present"), ("Phạm Văn C", "excused")):
        post_from_page(
            client,
            url,
            data={
                "name": name,
                "site_id": site.id,
                "role": "delegate",
                "presence": presence,
                "absence_reason": "đi công tác" if presence != "present" else "",
            },
        )
    post_from_page(client, url, data={"name": "Nguyễn Văn D", "role": "chair", "presence": "present"})
    db.session.refresh(conference)
    assert site.delegate_count == 2  # the workspace counts the names listed at a site…
    assert conference.delegate_total is None  # …but no headcount was reported: no total
    assert [a.name for a in conference.chairs] == ["Nguyễn Văn D"]


# --- reports and figures -----------------------------------------------------------------------


def test_figure_with_baseline_shows_change_and_direction(client, secretary, conference):
    post_from_page(
        client,
        f"/conferences/{conference.id}/reports",
        data={"kind": "report", "title": "Báo cáo của UBKT Tỉnh ủy"},
    )
    report = db.session.scalar(db.select(Report))
    url = f"/conferences/{conference.id}/reports/{report.id}/figures"
    response = post_from_page(
        client,
        url,
        data={
            "rows-0-label": "Giám sát tổ chức đảng",
            "rows-0-value": "713",
            "rows-0-unit": "tổ chức",
            "rows-0-baseline": "1.142",
            "rows-0-baseline_label": "cùng kỳ năm 2020",
        },
    )
    assert response.status_code == 303
    figure = db.session.scalar(db.select(Figure))
    assert (figure.value, figure.baseline_value, figure.delta) == (713, 1142, -429)
    assert figure.change_pct == pytest.approx(-37.565, abs=0.01)
    page = text(client.get(f"/conferences/{conference.id}/minutes"))
    assert "giảm 429 tổ chức, −37,6 %" in page


# --- conclusion and directives -------------------------------------------------------------------


def test_directives_are_rows_with_addressees_and_due_dates(client, secretary, conference, units):
    url = f"/conferences/{conference.id}/conclusion"
    district = units["districts"][1]
    post_from_page(
        client,
        url,
        data={
            "new-0-text": "Xây dựng chương trình kiểm tra năm 2022",
            "new-0-due_date": "2022-01-31",
            "new-0-addressee_ids": [district.id],
            "new-0-addressee_groups": "UBKT các cấp\n\n",
        },
    )
    post_from_page(client, url, data={"new-0-text": "Tập trung xử lý dứt điểm vụ việc tồn đọng"})
    directives = conference.directives
    assert [d.position for d in directives] == [1, 2]
    assert [a.label for a in directives[0].addressees] == ["Quận ủy Ngô Quyền", "UBKT các cấp"]
    assert directives[1].due_date is None
    page = text(client.get(f"/conferences/{conference.id}/minutes"))
    assert "Thời hạn: 31/01/2022" in page and "Thường xuyên" in page
    post_from_page(client, f"/conferences/{conference.id}/directives/{directives[1].id}/move/up")
    assert [d.text[:6] for d in sorted(conference.directives, key=lambda d: d.position)] == [
        "Tập tr",
        "Xây dự",
    ]


def test_directive_due_before_the_conference_is_refused(client, secretary, conference):
    response = post_from_page(
        client,
        f"/conferences/{conference.id}/conclusion",
        data={"new-0-text": "Việc gì đó", "new-0-due_date": "2021-12-01"},
    )
    assert response.status_code == 422
    assert "Thời hạn không được trước ngày họp (28/12/2021)." in text(response)
    assert count(Directive) == 0


# --- life cycle -----------------------------------------------------------------------------------


def test_publish_needs_a_chair_then_makes_minutes_read_only_until_reopened(client, secretary, conference):
    cid = conference.id
    post_from_page(client, f"/conferences/{cid}/publish")
    assert conference.status == "draft"
    post_from_page(
        client,
        f"/conferences/{cid}/attendees",
        data={
            "name": "Trần Lưu Quang",
            "job_title": "Bí thư Thành ủy",
            "role": "chair",
            "presence": "present",
        },
    )
    assert post_from_page(client, f"/conferences/{cid}/publish").status_code == 303
    assert conference.status == "published"

    blocked = post_from_page(client, f"/conferences/{cid}/edit", data=dict(BASE, title="Đổi tên"))
    assert blocked.status_code == 303
    assert conference.title == "Hội nghị tổng kết năm 2021"
    post_from_page(client, f"/conferences/{cid}/sites", data={"name": "Điểm cầu mới"})
    assert count(Site) == 0
    page = text(client.get(f"/conferences/{cid}/sites"))
    assert "Thêm một điểm cầu" not in page and "chỉ đọc" in page

    refused = post_from_page(client, f"/conferences/{cid}/reopen", data={"reason": ""})
    assert refused.status_code == 422 and conference.status == "published"
    post_from_page(client, f"/conferences/{cid}/reopen", data={"reason": "Sửa tên điểm cầu"})
    assert conference.status == "draft"
    entries = db.session.scalars(db.select(ConferenceLog).order_by(ConferenceLog.id)).all()
    assert [(e.action, e.note, e.user.username) for e in entries] == [
        ("edited", "Đã thêm Trần Lưu Quang, Bí thư Thành ủy.", "thuky"),
        ("published", "", "thuky"),
        ("reopened", "Sửa tên điểm cầu", "thuky"),
    ]


def test_renaming_a_unit_does_not_rewrite_old_minutes(client, secretary, conference, units):
    post_from_page(
        client,
        f"/conferences/{conference.id}/sites/bulk",
        data={"bulk-parent_id": units["city"].id, "bulk-level": "district"},
    )
    units["districts"][0].name = "Đảng ủy phường Lê Chân"
    db.session.commit()
    page = text(client.get(f"/conferences/{conference.id}/minutes"))
    assert "Quận ủy Lê Chân" in page and "Đảng ủy phường Lê Chân" not in page


# --- roles and login --------------------------------------------------------------------------------


def test_every_page_needs_a_signed_in_user(app, client, conference):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "auth.login", "auth.set_language"}:
            continue
        url = rule.rule.replace("<int:", "<").replace("<any(up, down):direction>", "up")
        url = re.sub(r"<[^>]+>", "1", url)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        if rule.rule.startswith("/calendar/feed/"):
            # Calendar clients cannot log in: the secret token is the key, a wrong one is a 404.
            assert response.status_code == 404, url
            continue
        assert response.status_code == 302, url
        assert "/login" in response.location, url


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_readers_can_read_but_not_write(client, users, conference, role):
    if role == "officer":  # an officer reads the conferences that gave its unit a task
        directive = Directive(conference=conference, position=1, text="Báo cáo kết quả")
        db.session.add(directive)
        assign(directive, users["secretariat"], [users["officer"].organisation], due_date=None)
        db.session.commit()
    login(client, users[role].username)
    assert client.get("/conferences/").status_code == 200
    assert client.get(f"/conferences/{conference.id}/minutes").status_code == 200
    assert "Ghi hội nghị mới" not in text(client.get("/conferences/"))
    assert client.get("/conferences/new").status_code == 403
    assert (
        post_from_page(client, f"/conferences/{conference.id}/sites", data={"name": "Điểm cầu X"}).status_code
        == 403
    )
    assert post_from_page(client, f"/conferences/{conference.id}/publish").status_code == 403
    assert count(Site) == 0 and conference.status == "draft"


def test_wrong_password_is_refused_with_a_message(client, users):
    response = client.post("/login", data={"username": "thuky", "password": "sai mật khẩu"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in text(response)
    assert client.get("/conferences/").status_code == 302


def test_login_does_not_redirect_off_site(client, users):
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "thuky", "password": "correct horse battery"}
    )
    assert response.location == "/"


# --- list, filters, search ----------------------------------------------------------------------------


def _many(units, n: int) -> None:
    for i in range(n):
        conf = Conference(
            title=f"Giao ban số {i}",
            kind="review" if i % 2 else "annual",
            period_year=2020 + i % 3,
            period_kind="year",
            starts_at=datetime(2020 + i % 3, 3, 1 + i % 27, 1),
        )
        services.set_organiser(conf, units["districts"][i % 3])
        conf.sites = [Site(name=f"Điểm cầu {j}", position=j) for j in range(3)]
        db.session.add(conf)
    db.session.commit()


def test_search_ignores_diacritics_and_filters_combine(client, secretary, units):
    _many(units, 4)
    tay_ninh = Conference(
        title="Giao ban ngành Kiểm tra quý I với Tây Ninh",
        kind="review",
        period_year=2021,
        period_kind="quarter",
        period_number=1,
    )
    services.set_organiser(tay_ninh, units["city"])
    db.session.add(tay_ninh)
    db.session.commit()
    page = text(client.get("/conferences/?q=tay+ninh"))
    assert "Giao ban ngành Kiểm tra quý I" in page and "Giao ban số 0" not in page
    page = text(client.get("/conferences/?q=KIEM TRA quy"))
    assert "Giao ban ngành Kiểm tra quý I" in page
    page = text(client.get("/conferences/?year=2021&kind=annual"))
    assert "Giao ban số 1" not in page and "Giao ban ngành" not in page
    bad = client.get("/conferences/?year=abc")
    assert bad.status_code == 200 and "Bộ lọc không hợp lệ" in text(bad)


def test_list_paginates_and_queries_do_not_grow_with_rows(app, client, secretary, units, count_queries):
    _many(units, 3)
    with count_queries() as few:
        client.get("/conferences/")
    _many(units, 40)
    with count_queries() as many:
        response = client.get("/conferences/")
    assert len(many) == len(few), "\n".join(s[:90] for s in many)
    assert text(response).count("Giao ban số") == app.config["PAGE_SIZE"]
    assert "Trang 1/2" in text(response)
    assert "Giao ban số" in text(client.get("/conferences/?page=2"))


def test_minutes_page_query_count_is_bounded(client, secretary, conference, units, count_queries):
    services.add_sites_under(conference, units["city"], None)

    def add_rows(start: int, n: int) -> None:
        for i in range(start, start + n):
            report = Report(title=f"Báo cáo {i}", position=i)
            report.figures = [Figure(label="x", value=j) for j in range(3)]
            conference.reports.append(report)
            directive = Directive(text=f"Chỉ đạo {i}", position=i)
            services.set_addressees(directive, [units["other"]], ["UBKT các cấp"])
            conference.directives.append(directive)
            conference.attendees.append(Attendee(name=f"Người {i}", site=conference.sites[i % 3]))
            services.log(conference, secretary, "edited")
        db.session.commit()

    add_rows(0, 1)
    with count_queries() as few:
        client.get(f"/conferences/{conference.id}/minutes")
    add_rows(1, 20)
    with count_queries() as many:
        response = client.get(f"/conferences/{conference.id}/minutes")
    assert "Chỉ đạo 20" in text(response)
    assert len(many) == len(few), "\n".join(s[:90] for s in many)


def test_unknown_ids_are_404(client, secretary, conference):
    assert client.get("/conferences/999").status_code == 404
    other = Conference(title="Khác", kind="other")
    db.session.add(other)
    db.session.commit()
    site = Site(conference=other, name="X")
    db.session.add(site)
    db.session.commit()
    # A site of another conference is not reachable through this conference's URL.
    assert client.get(f"/conferences/{conference.id}/sites/{site.id}/edit").status_code == 404
    assert post_from_page(client, f"/conferences/{conference.id}/sites/{site.id}/delete").status_code == 404
    assert db.session.get(Site, site.id) is not None


def test_cli_creates_the_first_administrator(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "quantri",
            "--name",
            "Nguyễn Văn A",
            "--unit",
            "Văn phòng Tỉnh ủy",
            "--password",
            "đủ dài rồi",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.username == "quantri"))
    assert user.role == "admin" and user.organisation.name == "Văn phòng Tỉnh ủy"
    assert user.check_password("đủ dài rồi")
    again = runner.invoke(
        args=[
            "users",
            "create",
            "quantri",
            "--name",
            "B",
            "--unit",
            "Văn phòng Tỉnh ủy",
            "--password",
            "đủ dài rồi",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(
        args=[
            "users",
            "create",
            "quantri2",
            "--name",
            "C",
            "--unit",
            "Văn phòng Tỉnh ủy",
            "--password",
            "ngắn quá",
        ]
    )
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    assert count(User) == 1
    mixed = runner.invoke(
        args=[
            "users",
            "create",
            "QuanTri3",
            "--name",
            "D",
            "--unit",
            "Văn phòng Tỉnh ủy",
            "--password",
            "đủ dài rồi",
        ]
    )
    assert mixed.exit_code == 0
    assert db.session.scalar(db.select(User).where(User.username == "quantri3")) is not None
    from minutes.models import AuditEvent

    trail = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_name, e.subject) for e in trail] == [
        ("user.created", "flask users create", "quantri"),
        ("user.created", "flask users create", "quantri3"),
    ]
