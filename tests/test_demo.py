"""The demo data: `flask demo load`, idempotence, the seeds' facts, and every demo login."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from minutes.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from minutes.demo.conferences import CONFERENCES
from minutes.extensions import db
from minutes.models import (
    Conference,
    ConferenceLog,
    Directive,
    DirectiveAddressee,
    Figure,
    Organisation,
    Report,
    Site,
    User,
)
from tests.support import login

COUNTED = (Conference, Organisation, User, Site, Figure, Directive, DirectiveAddressee, Report,
           ConferenceLog)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def conference(uid_part: str) -> Conference:
    return db.session.scalar(db.select(Conference).where(Conference.external_uid.contains(uid_part)))


def unit(key: str) -> Organisation:
    return db.session.scalar(db.select(Organisation).where(Organisation.external_key == key))


@pytest.fixture
def demo(app):
    return load_demo()


# --- the command and idempotence --------------------------------------------------------

def test_flask_demo_load_prints_the_logins_and_reloading_creates_nothing(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "minutes-demo" in result.output
    for username in ("admin", "thuky", "canbo", "lanhdao"):
        assert username in result.output
    assert "5 conferences" in result.output
    first = {model.__name__: count(model) for model in COUNTED}
    assert first["Conference"] == 5 and first["User"] == 4

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert {model.__name__: count(model) for model in COUNTED} == first


def test_load_demo_reports_the_row_counts(app):
    summary = load_demo()
    assert summary == {"conferences": count(Conference), "organisations": count(Organisation),
                       "users": count(User)}
    assert summary["conferences"] == 5 and summary["users"] == 4
    assert load_demo() == summary


def test_reloading_keeps_edits_and_passwords(demo):
    user = db.session.scalar(db.select(User).where(User.username == "thuky"))
    user.set_password("changed-by-the-user")
    conf = conference("hai-phong")
    conf.notes = "Sửa tay"
    db.session.commit()
    load_demo()
    assert user.check_password("changed-by-the-user")
    assert conference("hai-phong").notes == "Sửa tay"


def test_an_existing_unit_of_the_same_name_is_adopted_not_duplicated(app):
    own = Organisation(name="Thành ủy Hải Phòng", level="other")  # as `flask users create` makes it
    db.session.add(own)
    db.session.commit()
    load_demo()
    matches = db.session.scalars(
        db.select(Organisation).where(Organisation.name == "Thành ủy Hải Phòng")).all()
    assert matches == [own]
    assert own.external_key == "demo:hai-phong"
    assert own.level == "province" and own.parent.name == "Trung ương"


# --- the tree ---------------------------------------------------------------------------

def test_hai_phong_has_exactly_19_district_children_and_its_ubkt_beside_them(demo):
    city = unit("demo:hai-phong")
    districts = [c for c in city.children if c.level == "district"]
    assert len(districts) == 19
    names = {d.name for d in districts}
    assert {"Quận ủy Lê Chân", "Huyện ủy Bạch Long Vĩ", "Đảng ủy Công an thành phố"} <= names
    ubkt = unit("demo:hai-phong/ubkt")
    assert ubkt.parent is city and ubkt.level == "other"
    assert unit("demo:tw").level == "central" and city.parent is unit("demo:tw")


def test_users_have_the_roles_and_units_of_the_spec(demo):
    users = {u.username: u for u in db.session.scalars(db.select(User))}
    assert {name: (u.role, u.organisation.name) for name, u in users.items()} == {
        "admin": ("admin", "Thành ủy Hải Phòng"),
        "thuky": ("secretariat", "Ủy ban Kiểm tra Thành ủy Hải Phòng"),
        "canbo": ("officer", "Quận ủy Lê Chân"),
        "lanhdao": ("viewer", "Thành ủy Hải Phòng"),
    }
    assert [u[0] for u in DEMO_USERS] == ["admin", "thuky", "canbo", "lanhdao"]


# --- the seeds' facts -------------------------------------------------------------------

def test_hai_phong_conference_has_a_host_19_connected_sites_and_more_than_300_delegates(demo):
    conf = conference("hai-phong")
    assert conf.status == "published" and conf.published_at is not None
    assert "published" in [entry.action for entry in conf.log]
    assert conf.host_site.name == "Trung tâm hội nghị thành phố"
    connected = conf.connected_sites
    assert len(connected) == 19
    city = unit("demo:hai-phong")
    assert {s.organisation_id for s in connected} == {c.id for c in city.children if c.level == "district"}
    assert all(s.name == s.organisation.name for s in connected)
    assert [s.position for s in conf.sites] == list(range(1, 21))
    assert (conf.reported_delegates, conf.reported_delegates_qualifier) == (300, "hơn")
    assert conf.starts_at == datetime(2021, 12, 28, 1, 0)  # 08:00 in Hải Phòng
    assert [(c.name, c.job_title) for c in conf.chairs] == [
        ("Trần Lưu Quang",
         "Ủy viên Trung ương Đảng, Bí thư Thành ủy, Trưởng đoàn đại biểu Quốc hội Hải Phòng")]
    values = [f.value for r in conf.reports for f in r.figures]
    assert values == [2041, 2059, 1174, 1960, 9, 36]


def test_tay_ninh_figures_compute_the_change_against_2020(demo):
    conf = conference("seed-000")
    assert (conf.status, conf.period_kind, conf.period_number, conf.period_year) == (
        "published", "quarter", 1, 2021)
    figures = {f.value: f for r in conf.reports for f in r.figures}
    organisations = figures[713]
    assert organisations.baseline_value == 1142
    assert organisations.delta == -429
    assert round(organisations.change_pct, 1) == -37.6
    members = figures[1917]
    assert members.baseline_value is None and members.change_pct == -39
    assert members.direction == "down"
    assert [c.name for c in conf.chairs] == ["Trần Cẩm Tú"]


def test_can_tho_has_all_24_figures_exact(demo):
    conf = conference("can-tho")
    figures = [f for r in conf.reports for f in r.figures]
    assert [f.value for f in figures] == [12, 6, 6, 17, 17, 10, 6, 1, 5, 95, 44, 51, 7000, 76000, 898,
                                          592, 2, 26, 1, 145, 10, 14, 7, 172]
    assert [(f.value, f.qualifier) for f in figures if f.qualifier] == [(7000, "trên"), (76000, "hơn")]
    assert conf.status == "published" and conf.starts_at.date() == date(2024, 1, 4)


def test_thai_nguyen_is_a_draft_without_date_or_named_chair(demo):
    conf = conference("thai-nguyen")
    assert conf.status == "draft" and conf.starts_at is None
    assert [c.name for c in conf.chairs] == [""]
    qualified = [(f.qualifier, f.value) for r in conf.reports for f in r.figures]
    assert qualified == [("hơn", 26000), ("hơn", 134000), ("", 126)]


def test_hau_giang_directive_is_due_end_of_2017_for_the_chi_bo(demo):
    conf = conference("hau-giang")
    assert conf.status == "draft" and conf.chairs == []
    values = [f.value for r in conf.reports for f in r.figures]
    assert 2026 in values and 2053 in values
    directive = next(d for d in conf.directives if d.due_date)
    assert directive.due_date == date(2017, 12, 31)
    assert [(a.label, a.organisation_id) for a in directive.addressees] == [("các chi bộ", None)]


def test_published_conferences_have_chair_start_and_3_to_6_directives(demo):
    published = db.session.scalars(db.select(Conference).where(Conference.status == "published")).all()
    assert len(published) == 3
    for conf in published:
        assert conf.starts_at and conf.chairs
        assert 3 <= len(conf.directives) <= 6
        assert [d.position for d in conf.directives] == list(range(1, len(conf.directives) + 1))
        assert any(d.due_date for d in conf.directives) and any(d.due_date is None for d in conf.directives)
        addressees = [a for d in conf.directives for a in d.addressees]
        assert any(a.organisation_id for a in addressees) and any(not a.organisation_id for a in addressees)


# --- logging in -------------------------------------------------------------------------

@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_demo_user_logs_in_and_sees_the_five_conferences(client, demo, username):
    response = login(client, username, DEMO_PASSWORD)
    assert response.status_code in (302, 303)
    page = client.get("/conferences/").get_data(as_text=True)
    for spec in CONFERENCES:
        assert spec["title"].split(";")[0] in page


def test_wrong_password_is_refused(client, demo):
    login(client, "thuky", "not-the-demo-password")
    assert client.get("/conferences/").status_code != 200


def test_secretariat_opens_the_minutes_of_every_demo_conference(client, demo):
    login(client, "thuky", DEMO_PASSWORD)
    for conf in db.session.scalars(db.select(Conference)):
        response = client.get(f"/conferences/{conf.id}/minutes")
        assert response.status_code == 200, conf.title
    page = client.get(f"/conferences/{conference('seed-000').id}/minutes").get_data(as_text=True)
    assert "713" in page and "1.142" in page and "37,6" in page


def test_hai_phong_minutes_show_the_reported_headcount_not_the_listed_chair(client, demo):
    login(client, "thuky", DEMO_PASSWORD)
    conf = conference("hai-phong")
    page = client.get(f"/conferences/{conf.id}/minutes").get_data(as_text=True)
    assert "hơn 300 đại biểu, 20 điểm cầu" in " ".join(page.split())
