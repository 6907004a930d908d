"""The demo data: `flask demo load`, idempotence, the seeds' facts, and every demo login."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from minutes.clock import today, utcnow
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
    Task,
    TaskEvent,
    TaskExtension,
    TaskPartner,
    User,
)
from minutes.tasks import services as task_services
from minutes.tasks import status as st
from minutes.tasks.reports import TaskFilters, rollup
from tests.support import login

COUNTED = (
    Conference,
    Organisation,
    User,
    Site,
    Figure,
    Directive,
    DirectiveAddressee,
    Report,
    ConferenceLog,
    Task,
    TaskEvent,
    TaskExtension,
    TaskPartner,
)


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
    for username in ("admin", "thuky", "thukyhp", "canbo", "lanhdao"):
        assert username in result.output
    assert "5 conferences" in result.output
    first = {model.__name__: count(model) for model in COUNTED}
    assert first["Conference"] == 5 and first["User"] == 5
    assert first["Task"] > 2053 and first["TaskEvent"] > first["Task"] and first["TaskExtension"] >= 2

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert {model.__name__: count(model) for model in COUNTED} == first


def test_load_demo_reports_the_row_counts(app):
    # Speed is measured by `make bench`, not asserted here.
    summary = load_demo()
    assert summary == {
        "conferences": count(Conference),
        "organisations": count(Organisation),
        "users": count(User),
        "tasks": count(Task),
    }
    assert summary["conferences"] == 5 and summary["users"] == 5
    assert summary["tasks"] > 2053
    assert load_demo() == summary


def test_reloading_keeps_worked_on_tasks_and_recreates_only_a_missing_one(demo):
    counted = (Task, TaskEvent, TaskExtension, Organisation)
    before = {model.__name__: count(model) for model in counted}
    kept, removed = db.session.scalars(
        db.select(Task).where(Task.organisation_name == "Quận ủy Lê Chân").order_by(Task.id).limit(2)
    ).all()
    kept.result_note = "Sửa tay"
    history = len(kept.events)
    directive_id, unit_id, removed_events = removed.directive_id, removed.organisation_id, len(removed.events)
    db.session.delete(removed)
    db.session.commit()
    assert count(TaskEvent) == before["TaskEvent"] - removed_events
    assert load_demo()["tasks"] == before["Task"]
    assert kept.result_note == "Sửa tay" and len(kept.events) == history
    again = db.session.scalar(
        db.select(Task).where(Task.directive_id == directive_id, Task.organisation_id == unit_id)
    )
    assert len(again.events) == removed_events
    assert {model.__name__: count(model) for model in counted} == before


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
        db.select(Organisation).where(Organisation.name == "Thành ủy Hải Phòng")
    ).all()
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
        "admin": ("admin", "Trung ương"),
        "thuky": ("secretariat", "Ủy ban Kiểm tra Trung ương"),
        "thukyhp": ("secretariat", "Ủy ban Kiểm tra Thành ủy Hải Phòng"),
        "canbo": ("officer", "Quận ủy Lê Chân"),
        "lanhdao": ("viewer", "Thành ủy Hải Phòng"),
    }
    assert [u[0] for u in DEMO_USERS] == ["admin", "thuky", "thukyhp", "canbo", "lanhdao"]


def test_reloading_leaves_cancelled_demo_tasks_cancelled_and_adds_no_live_twin(app):
    """One live task per directive and unit (per parent and unit when delegated) is enforced by
    partial unique indexes that let a new task sit beside a cancelled one; the demo must still
    treat a cancelled task as existing and leave it alone."""
    load_demo()
    thuky = db.session.scalar(db.select(User).where(User.username == "thuky"))
    delegated = db.session.scalars(db.select(Task).where(Task.children.any())).one()
    top = db.session.scalars(
        db.select(Task).where(
            Task.parent_id.is_(None),
            Task.organisation_id == unit("demo:hai-phong/le-chan").id,
            Task.directive_id == conference("hai-phong").directives[0].id,
        )
    ).one()
    for task in (delegated, top):
        task_services.cancel(task, thuky, "Kiểm tra nạp lại dữ liệu mẫu")
    db.session.commit()
    cancelled = {
        task.id for task in db.session.scalars(db.select(Task).where(Task.cancelled_at.is_not(None)))
    }
    assert len(cancelled) == 2 + len(delegated.children)
    before = {model.__name__: count(model) for model in COUNTED}

    load_demo()
    assert {model.__name__: count(model) for model in COUNTED} == before
    assert {
        task.id for task in db.session.scalars(db.select(Task).where(Task.cancelled_at.is_not(None)))
    } == cancelled


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
    # "Sáng 28 - 12": the day and the part of the day, no invented hour.
    assert (conf.starts_on, conf.day_part, conf.starts_at) == (date(2021, 12, 28), "morning", None)
    assert [(c.name, c.job_title) for c in conf.chairs] == [
        (
            "Trần Lưu Quang",
            "Ủy viên Trung ương Đảng, Bí thư Thành ủy, Trưởng đoàn đại biểu Quốc hội Hải Phòng",
        )
    ]
    values = [f.value for r in conf.reports for f in r.figures]
    assert values == [2041, 2059, 1174, 1960, 9, 36]


def test_tay_ninh_figures_compute_the_change_against_2020(demo):
    conf = conference("seed-000")
    assert (conf.status, conf.period_kind, conf.period_number, conf.period_year) == (
        "published",
        "quarter",
        1,
        2021,
    )
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
    assert [f.value for f in figures] == [
        12,
        6,
        6,
        17,
        17,
        10,
        6,
        1,
        5,
        95,
        44,
        51,
        7000,
        76000,
        898,
        592,
        2,
        26,
        1,
        145,
        10,
        14,
        7,
        172,
    ]
    assert [(f.value, f.qualifier) for f in figures if f.qualifier] == [(7000, "trên"), (76000, "hơn")]
    assert conf.status == "published" and conf.starts_on == date(2024, 1, 4)
    assert (conf.day_part, conf.starts_at) == (None, None)  # the seed gives the day only


def test_thai_nguyen_is_a_draft_without_date_or_named_chair(demo):
    conf = conference("thai-nguyen")
    assert conf.status == "draft" and conf.starts_on is None and conf.starts_at is None
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
        assert conf.starts_on and conf.chairs
        assert 3 <= len(conf.directives) <= 6
        assert [d.position for d in conf.directives] == list(range(1, len(conf.directives) + 1))
        assert any(d.due_date for d in conf.directives) and any(d.due_date is None for d in conf.directives)
        addressees = [a for d in conf.directives for a in d.addressees]
        assert any(a.organisation_id for a in addressees) and any(not a.organisation_id for a in addressees)


def test_tay_ninh_met_on_the_morning_of_7_april(demo):
    conf = conference("seed-000")
    assert (conf.starts_on, conf.day_part, conf.starts_at) == (date(2021, 4, 7), "morning", None)


#: What the seeds do not say of each published conference: the only warnings its checklist
#: may give (Tây Ninh's and Cần Thơ's reports name no host site and give no headcount).
UNKNOWN_TO_THE_SEEDS = {
    "seed-000": {"host", "headcount"},
    "seed-002": {"host", "headcount"},
    "seed-004": set(),
}


def test_published_demo_conferences_pass_the_checklist_but_for_what_the_seeds_do_not_say(demo):
    from minutes.conferences.checklist import publish_checks

    for uid_part, unknown in UNKNOWN_TO_THE_SEEDS.items():
        conf = conference(uid_part)
        assert conf.status == "published", uid_part
        conf.status = "draft"  # as if reopened: what would the checklist say now?
        checks = publish_checks(conf)
        assert checks.refusals == [], uid_part
        assert {c.code for c in checks.warnings} == unknown, uid_part
        assert [a.name for a in conf.secretaries], uid_part
    db.session.rollback()


def test_the_minutes_page_says_sang_and_the_minute_taker(client, demo):
    login(client, "thuky", DEMO_PASSWORD)
    conf = conference("hai-phong")
    page = " ".join(
        re.sub(r"<[^>]+>", " ", client.get(f"/conferences/{conf.id}/minutes").get_data(as_text=True)).split()
    )
    assert "Thời gian: Sáng 28/12/2021." in page
    assert "Thư ký: Nguyễn Thu Trang, Chuyên viên UBKT Thành ủy Hải Phòng." in page


# --- logging in -------------------------------------------------------------------------

#: What each demo login sees in the conference list: its organisation tree decides.
SEES = {
    "admin": {"seed-000", "seed-001", "seed-002", "seed-003", "seed-004"},
    "thuky": {"seed-000", "seed-001", "seed-002", "seed-003", "seed-004"},  # UBKT Trung ương
    "thukyhp": {"seed-004"},  # UBKT Hải Phòng: the committee it sits beside, and below
    "canbo": {"seed-004"},  # Lê Chân: the conference that gave it tasks
    "lanhdao": {"seed-004"},
}


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_demo_user_logs_in_and_sees_the_conferences_of_its_scope(client, demo, username):
    response = login(client, username, DEMO_PASSWORD)
    assert response.status_code in (302, 303)
    page = client.get("/conferences/").get_data(as_text=True)
    seen = {
        spec["uid"].split(":")[1]
        for spec in CONFERENCES
        if f'/conferences/{conference(spec["uid"].split(":")[2]).id}"' in page
    }
    assert seen == SEES[username]
    for spec in CONFERENCES:
        response = client.get(f"/conferences/{conference(spec['uid'].split(':')[2]).id}/minutes")
        expected = 200 if spec["uid"].split(":")[1] in SEES[username] else 403
        assert response.status_code == expected, (username, spec["uid"])


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


# --- the tasks ------------------------------------------------------------------------------


def text_of(html: str) -> str:
    """The page's text, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def counters(html: str) -> dict[str, int]:
    """The status counters at the top of a task list page: {status: n}."""
    found = re.findall(r'counter-(\w+)".*?<span class="n">([\d.]+)</span>', html, re.S)
    return {status: int(n.replace(".", "")) for status, n in found}


def hau_giang_target() -> Directive:
    return next(d for d in conference("hau-giang").directives if d.position == 1)


def test_hau_giang_target_rolls_up_to_2026_of_2053_chi_bo(client, demo):
    directive = hau_giang_target()
    counts = rollup(TaskFilters(directive_id=directive.id, top_level_only=True))
    assert (counts.total, counts.done, counts.overdue) == (2053, 2026, 27)
    assert counts[st.DONE_ON_TIME] == 2026  # all by 14/9/2017, long before the due date 31/12/2017
    last = db.session.scalar(
        db.select(db.func.max(Task.completed_on)).where(Task.directive_id == directive.id)
    )
    assert last == date(2017, 9, 14)
    login(client, "thuky", DEMO_PASSWORD)
    response = client.get(f"/tasks/directives/{directive.id}")
    assert response.status_code == 200
    assert "2.026/2.053 hoàn thành (98,7 %)" in text_of(response.get_data(as_text=True))


def test_the_2053_chi_bo_are_generated_cells_under_hau_giang_and_said_to_be(demo):
    directive = hau_giang_target()
    rows = db.session.execute(
        db.select(Organisation.level, Organisation.external_key, Task.due_date, Task.completed_on)
        .join(Task, Task.organisation_id == Organisation.id)
        .where(Task.directive_id == directive.id)
    ).all()
    assert len(rows) == 2053
    assert {level for level, *_ in rows} == {"cell"}
    assert all(key.startswith("demo:hg-cell:") for _, key, *_ in rows)
    assert {due for *_, due, _ in rows} == {date(2017, 12, 31)}
    assert len({done for *_, done in rows if done}) > 100  # various days, not one
    assert all(done <= date(2017, 9, 14) for *_, done in rows if done)
    # chi bộ → đảng ủy cơ sở → a district-level unit of Hậu Giang, several of each
    grassroots = db.session.scalars(
        db.select(Organisation).where(Organisation.external_key.startswith("demo:hg-grassroots:"))
    ).all()
    assert len(grassroots) > 10 and {g.level for g in grassroots} == {"grassroots"}
    districts = {g.parent for g in grassroots}
    assert len(districts) > 3 and {d.parent for d in districts} == {unit("demo:hau-giang")}
    assert {d.level for d in districts} == {"district"}
    assert "máy sinh ra để minh họa" in conference("hau-giang").notes
    # one "created" and, when done, one "completed" history row per task
    actions = dict(
        db.session.execute(
            db.select(TaskEvent.action, db.func.count())
            .join(Task)
            .where(Task.directive_id == directive.id, TaskEvent.action.in_(["created", "completed"]))
            .group_by(TaskEvent.action)
        ).all()
    )
    assert actions == {"created": 2053, "completed": 2026}


def test_canbo_sees_open_overdue_and_done_tasks_in_viec_cua_toi(client, demo):
    login(client, "canbo", DEMO_PASSWORD)
    page = client.get("/tasks/mine").get_data(as_text=True)
    shown = counters(page)
    assert shown[st.OVERDUE] >= 1 and shown[st.IN_PROGRESS] >= 1 and shown[st.ONGOING] >= 1
    assert shown[st.DONE_ON_TIME] >= 1 and shown[st.DONE_LATE] >= 1
    rows = set(re.findall(r'<tr class="row-(\w+)"', page))
    assert {st.OVERDUE, st.IN_PROGRESS, st.ONGOING, st.DONE_ON_TIME, st.DONE_LATE} <= rows
    assert "Quận ủy Lê Chân" in page and "chờ gia hạn" in page
    assert "Huyện ủy Vĩnh Bảo" not in page  # another district's tasks are not "mine"


def test_every_status_and_both_kinds_of_extension_appear(demo):
    counts = rollup(TaskFilters())
    for status in (st.DONE_ON_TIME, st.DONE_LATE, st.IN_PROGRESS, st.OVERDUE, st.ONGOING):
        assert counts[status] > 0, status
    for spec in CONFERENCES:
        assert rollup(TaskFilters(conference_id=conference(spec["uid"]).id)).total > 0, spec["uid"]
    assert db.session.scalars(
        db.select(Task).where(Task.completed_on.is_(None), Task.due_date >= today())
    ).first()
    extensions = db.session.scalars(db.select(TaskExtension)).all()
    pending = [e for e in extensions if e.state == "pending"]
    approved = [e for e in extensions if e.state == "approved"]
    assert pending and approved
    for extension in approved:
        task = extension.task
        assert task.original_due_date == extension.previous_due_date != task.due_date
        assert task.due_date == extension.requested_due_date
        assert extension.decided_at and extension.decided_by
    assert pending[0].task.pending_extension is pending[0]


def test_done_tasks_have_result_notes_and_a_history_in_the_past(demo):
    with_created = (
        db.select(db.func.count()).select_from(Task).where(Task.events.any(TaskEvent.action == "created"))
    )
    assert db.session.scalar(with_created) == count(Task)
    undocumented = db.session.scalar(
        db.select(db.func.count())
        .select_from(Task)
        .where(
            Task.completed_on.is_not(None),
            Task.result_note.is_(None) | ~Task.events.any(TaskEvent.action == "completed"),
        )
    )
    assert undocumented == 0
    assert db.session.scalar(db.select(db.func.max(TaskEvent.at))) <= utcnow()
    assert db.session.scalar(db.select(db.func.min(TaskEvent.at))) < datetime(2018, 1, 1)
    assert db.session.scalar(db.select(db.func.max(Task.completed_on))) <= today()
    progress_reports = db.select(db.func.count()).select_from(TaskEvent).where(TaskEvent.action == "progress")
    assert db.session.scalar(progress_reports) > 20


def test_hai_phong_directives_go_to_each_of_the_19_district_units(demo):
    districts = {c.id for c in unit("demo:hai-phong").children if c.level == "district"}
    assert len(districts) == 19
    for directive in conference("hai-phong").directives:
        units = db.session.scalars(
            db.select(Task.organisation_id).where(Task.directive_id == directive.id, Task.parent_id.is_(None))
        ).all()
        assert len(units) == len(set(units))
        assert districts <= set(units), directive.position
        assert set(units) - districts <= {unit("demo:hai-phong/ubkt").id}


def test_one_task_is_delegated_to_sub_units_and_follows_them(demo):
    parents = db.session.scalars(db.select(Task).where(Task.children.any())).all()
    assert len(parents) == 1
    parent = parents[0]
    assert parent.organisation_name == "Huyện ủy Châu Thành A"
    assert "delegated" in [e.action for e in parent.events]
    children = parent.children
    assert len(children) >= 2
    assert all(c.organisation.parent_id == parent.organisation_id for c in children)
    assert {st.status_of(c, today()) for c in children} >= {st.DONE_ON_TIME, st.OVERDUE}
    expected = round(sum(100 if c.completed_on else c.progress for c in children) / len(children))
    assert parent.progress == expected
