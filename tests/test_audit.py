"""The audit trail: sign-ins and administrative changes are recorded, shown to the admins of
that part of the tree, and cannot be rewritten."""

from __future__ import annotations

import pytest

from minutes.extensions import db
from minutes.models import AuditEvent
from tests.support import PASSWORD, login, make_user, post_from_page


def events(action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def test_sign_ins_failed_sign_ins_and_sign_outs_are_recorded(client, users):
    client.post(
        "/login",
        data={"username": "canbo", "password": "không đúng đâu"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    client.post("/login", data={"username": "khongcoai", "password": "gì cũng được"})
    login(client, "canbo")
    client.post("/logout")
    failed = events("login.failed")
    assert [(e.actor_id, e.subject, e.details) for e in failed] == [
        (None, "canbo", "reason: wrong password"),
        (None, "khongcoai", "reason: unknown account"),
    ]
    assert failed[0].address == "10.1.2.3"
    assert failed[0].organisation_id == users["officer"].organisation_id
    assert failed[1].organisation_id is None  # no unit: only admins of everything see it
    assert all("không đúng" not in e.details for e in events())  # never a password
    (ok,) = events("login.succeeded")
    assert ok.actor_id == users["officer"].id
    assert [e.action for e in events()][-1] == "logout"


def test_admin_changes_are_recorded_with_who_and_what(client, users, units):
    login(client, "admin")
    client.post(
        "/admin/users/new",
        data={
            "username": "moi",
            "full_name": "Người Mới",
            "email": "",
            "role": "officer",
            "organisation_id": str(units["districts"][1].id),
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    officer = users["officer"]
    client.post(f"/admin/users/{officer.id}/deactivate")
    client.post(
        f"/admin/users/{officer.id}",
        data={
            "full_name": officer.full_name,
            "email": "",
            "role": "viewer",
            "organisation_id": str(officer.organisation_id),
        },
    )
    rows = [(e.action, e.actor_name, e.subject) for e in events() if e.action.startswith("user.")]
    assert rows == [
        ("user.created", "admin", "moi"),
        ("user.deactivated", "admin", "canbo"),
        ("user.role_changed", "admin", "canbo"),
    ]
    assert "old: officer\nnew: viewer" in events("user.role_changed")[0].details


def test_the_trail_cannot_be_changed_or_deleted(users):
    login_row = AuditEvent(action="login.succeeded", actor=users["admin"], actor_name="admin")
    db.session.add(login_row)
    db.session.commit()
    login_row.subject = "someone else"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, login_row.id))
    with pytest.raises(ValueError, match="cannot be changed or deleted"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, login_row.id).subject == ""


def test_the_audit_page_shows_each_admin_their_own_part_of_the_tree(client, users, units):
    login(client, "canbo")  # an event in Lê Chân
    login(client, "thuky")  # an event in the city itself
    make_user("qtlechan", "admin", units["districts"][0])
    login(client, "qtlechan")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert page.count('data-action="login.succeeded"') == 2  # canbo's and its own
    assert ">thuky<" not in page
    login(client, "admin")
    page = client.get("/admin/audit?action=login.succeeded&who=THUKY").get_data(as_text=True)
    assert page.count('data-action="login.succeeded"') == 1 and ">thuky<" in page
    bad = client.get("/admin/audit?action=drop+table")
    assert bad.status_code == 200 and "Bộ lọc không hợp lệ đã được bỏ qua." in bad.get_data(as_text=True)
    login(client, "thuky")
    assert client.get("/admin/audit").status_code == 403


def test_feed_tokens_made_and_revoked_are_recorded(client, users):
    login(client, "canbo")
    client.post("/calendar/token")
    client.post("/calendar/token")
    login(client, "admin")
    from minutes.calendar import services as cal

    token = cal.active_token(users["officer"])
    client.post(f"/calendar/tokens/{token.id}/revoke")
    assert [(e.action, e.actor_name, e.subject) for e in events() if e.action.startswith("token.")] == [
        ("token.created", "canbo", "canbo"),
        ("token.created", "canbo", "canbo"),
        ("token.revoked", "admin", "canbo"),
    ]
    assert "replaced_old: True" in events("token.created")[1].details


def test_conference_history_keeps_every_edit_and_survives_a_deleted_draft(client, users, units):
    from minutes.conferences.services import set_organiser
    from minutes.models import Conference, ConferenceLog

    login(client, "thuky")
    conference = Conference(title="Giao ban nháp", kind="review", format="online")
    set_organiser(conference, units["city"])
    db.session.add(conference)
    db.session.commit()
    post_from_page(client, f"/conferences/{conference.id}/sites", data={"name": "Hội trường Thành ủy"})
    post_from_page(client, f"/conferences/{conference.id}/sites", data={"name": "Quận ủy Lê Chân"})
    notes = [e.note for e in db.session.scalars(db.select(ConferenceLog))]
    assert notes == ["Đã thêm điểm cầu Hội trường Thành ủy.", "Đã thêm điểm cầu Quận ủy Lê Chân."]
    entry = db.session.scalars(db.select(ConferenceLog)).first()
    entry.note = "viết lại"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalars(db.select(ConferenceLog)).first())
    with pytest.raises(ValueError, match="cannot be deleted"):
        db.session.commit()
    db.session.rollback()
    # Deleting the draft takes its history with it, into the audit trail.
    assert post_from_page(client, f"/conferences/{conference.id}/delete").status_code == 303
    assert db.session.scalar(db.select(db.func.count(ConferenceLog.id))) == 0
    (deleted,) = events("conference.deleted")
    assert deleted.subject == "Giao ban nháp" and deleted.actor_name == "thuky"
    assert "edited thuky Đã thêm điểm cầu Quận ủy Lê Chân." in deleted.details
    assert deleted.organisation_id == units["city"].id


def test_a_task_history_row_cannot_be_deleted_on_its_own(users, units):
    from datetime import timedelta

    from minutes.clock import today
    from minutes.models import Conference, Directive, TaskEvent
    from minutes.tasks import services as tasks

    directive = Directive(
        conference=Conference(title="H", kind="review", format="online"), position=1, text="Báo cáo"
    )
    db.session.add(directive)
    (task,) = tasks.assign(
        directive, users["admin"], [units["city"]], due_date=today() + timedelta(days=3)
    ).created
    db.session.commit()
    db.session.delete(task.events[0])
    with pytest.raises(ValueError, match="cannot be deleted"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(TaskEvent.id))) == 1
