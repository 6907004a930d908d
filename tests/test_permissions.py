"""The permission matrix: every URL rule × every role (and anonymous) × an object of the
user's own unit and of another unit. A route added without an entry here fails the test."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.calendar import services as cal
from minutes.clock import today
from minutes.extensions import db
from minutes.models import Attendee, Conference, Directive, Figure, Report, Site
from minutes.tasks import services as tasks
from tests.support import login

ANY, WRITE, ADMIN, WORK, FEED, PUBLIC = "any", "write", "admin", "work", "feed", "public"

#: endpoint → {method: who may}. WRITE: admin and secretariat (minutes, assigning, deciding);
#: WORK: the task's unit or a unit above it (officer), and admin/secretariat; ANY: every
#: signed-in user; ADMIN: admin only; FEED: the token is the key (no login); PUBLIC: no login.
MATRIX = {
    "index": {"GET": ANY},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.set_language": {"POST": PUBLIC},
    "auth.logout": {"POST": ANY},
    "auth.change_password": {"GET": ANY, "POST": ANY},
    "conferences.index": {"GET": ANY},
    "conferences.show": {"GET": ANY},
    "conferences.minutes": {"GET": ANY},
    "conferences.sites": {"GET": ANY, "POST": WRITE},
    "conferences.attendees": {"GET": ANY, "POST": WRITE},
    "conferences.reports": {"GET": ANY, "POST": WRITE},
    "conferences.conclusion": {"GET": ANY, "POST": WRITE},
    "conferences.new": {"GET": WRITE, "POST": WRITE},
    "conferences.edit": {"GET": WRITE, "POST": WRITE},
    "conferences.delete": {"POST": WRITE},
    "conferences.publish": {"POST": WRITE},
    "conferences.reopen": {"POST": WRITE},
    "conferences.sites_bulk": {"POST": WRITE},
    "conferences.sites_paste": {"POST": WRITE},
    "conferences.site_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.site_delete": {"POST": WRITE},
    "conferences.attendee_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.attendee_delete": {"POST": WRITE},
    "conferences.report_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.report_delete": {"POST": WRITE},
    "conferences.report_move": {"POST": WRITE},
    "conferences.figure_add": {"POST": WRITE},
    "conferences.figure_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.figure_delete": {"POST": WRITE},
    "conferences.directive_add": {"POST": WRITE},
    "conferences.directive_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.directive_delete": {"POST": WRITE},
    "conferences.directive_move": {"POST": WRITE},
    "tasks.mine": {"GET": ANY},
    "tasks.dashboard": {"GET": ANY},
    "tasks.show": {"GET": ANY},
    "tasks.conference": {"GET": ANY},
    "tasks.directive": {"GET": ANY, "POST": WRITE},
    "tasks.complete": {"POST": WORK},
    "tasks.progress": {"POST": WORK},
    "tasks.reopen": {"POST": WORK},
    "tasks.request_extension": {"POST": WORK},
    "tasks.delegate": {"POST": WORK},
    "tasks.cancel": {"POST": WRITE},
    "tasks.edit": {"GET": WRITE, "POST": WRITE},
    "tasks.extensions": {"GET": WRITE},
    "tasks.decide": {"POST": WRITE},
    "calendar.index": {"GET": ANY},
    "calendar.regenerate": {"POST": ANY},
    "calendar.conference_ics": {"GET": ANY},
    "calendar.task_ics": {"GET": ANY},
    "calendar.import_ics": {"GET": WRITE, "POST": WRITE},
    "calendar.tokens": {"GET": ADMIN},
    "calendar.revoke": {"POST": ADMIN},
    "calendar.feed_mine": {"GET": FEED},
    "calendar.feed_unit": {"GET": FEED},
    "calendar.feed_conference": {"GET": FEED},
    "calendar.feed_all": {"GET": FEED},
    "admin.index": {"GET": ADMIN},
    "admin.users": {"GET": ADMIN},
    "admin.user_new": {"GET": ADMIN, "POST": ADMIN},
    "admin.user": {"GET": ADMIN, "POST": ADMIN},
    "admin.user_password": {"POST": ADMIN},
    "admin.user_deactivate": {"POST": ADMIN},
    "admin.user_reactivate": {"POST": ADMIN},
    "admin.units": {"GET": ADMIN},
    "admin.unit_new": {"GET": ADMIN, "POST": ADMIN},
    "admin.unit": {"GET": ADMIN},
    "admin.unit_edit": {"POST": ADMIN},
    "admin.unit_move": {"POST": ADMIN},
    "admin.unit_deactivate": {"POST": ADMIN},
    "admin.unit_merge": {"POST": ADMIN},
    "admin.import_file": {"GET": ADMIN, "POST": ADMIN},
    "admin.import_template": {"GET": ADMIN},
}
ROLES = ("anonymous", "viewer", "officer", "secretariat", "admin")


def test_every_route_has_an_entry(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert registered - set(MATRIX) == set(), "routes without a permission entry"
    assert set(MATRIX) - registered == set(), "entries for routes that no longer exist"
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert set(MATRIX[rule.endpoint]) == rule.methods & {"GET", "POST"}, rule.endpoint


@pytest.fixture
def world(units, users):
    conference = Conference(title="Hội nghị nháp", kind="review", format="online")
    site = Site(name="Điểm cầu", position=1)
    report = Report(title="Báo cáo", position=1, kind="report")
    report.figures.append(Figure(label="Số liệu", value=1, position=1))
    conference.sites.append(site)
    conference.reports.append(report)
    conference.attendees.append(Attendee(name="Đại biểu", role="delegate", position=1))
    directive = Directive(conference=conference, position=1, text="Chỉ đạo")
    db.session.add_all([conference, directive])
    db.session.commit()
    own, other = tasks.assign(directive, users["secretariat"], units["districts"][:2],
                              due_date=today() + timedelta(days=5)).created
    db.session.flush()
    own_ext = tasks.request_extension(own, users["officer"], today() + timedelta(days=30), "lý do")
    other_ext = tasks.request_extension(other, users["secretariat"], today() + timedelta(days=30), "x")
    token = cal.regenerate(users["officer"])
    db.session.commit()
    return {
        "conference_id": conference.id, "site_id": site.id, "report_id": report.id,
        "figure_id": report.figures[0].id, "attendee_id": conference.attendees[0].id,
        "directive_id": directive.id, "token_id": token.id, "token": "wrong.token",
        "unit_id": units["districts"][0].id, "user_id": users["viewer"].id,
        "direction": "up", "code": "en", "kind": "users",
        "task_id": {"own": own.id, "other": other.id},
        "extension_id": {"own": own_ext.id, "other": other_ext.id},
    }


def _url(rule, world, whose: str) -> str:
    def value(match):
        name = match.group(1).split(":")[-1].split("(")[0]
        if name not in world:
            pytest.fail(f"no test value for <{name}> in {rule.rule}")
        found = world[name]
        return str(found[whose] if isinstance(found, dict) else found)

    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", value, rule.rule)


def _allowed(kind: str, role: str, whose: str) -> bool:
    if kind in (ANY, PUBLIC):
        return True
    if kind == ADMIN:
        return role == "admin"
    if kind == WRITE:
        return role in ("admin", "secretariat")
    if kind == WORK:
        return role in ("admin", "secretariat") or (role == "officer" and whose == "own")
    raise AssertionError(kind)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(app, client, users, world, role):
    if role != "anonymous":
        login(client, {u.role: u.username for u in users.values()}[role])
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint.endswith("delete"), r.rule))
    for rule in rules:
        if rule.endpoint == "static" or (rule.endpoint == "auth.logout" and role != "anonymous"):
            continue  # signing out would end the session the rest of the matrix runs in
        for method, kind in MATRIX[rule.endpoint].items():
            for whose in ("own", "other"):
                url = _url(rule, world, whose)
                response = client.open(url, method=method, data={})
                where = f"{role} {method} {url}"
                assert response.status_code < 500, where
                if kind == FEED:
                    assert response.status_code == 404, where  # a wrong token reveals nothing
                elif role == "anonymous" and kind != PUBLIC:
                    assert response.status_code == 302 and "/login" in response.location, where
                elif _allowed(kind, role, whose):
                    assert response.status_code != 403, where
                else:
                    assert response.status_code == 403, where
    # Nothing a refused request touched has changed: both tasks still open, extensions pending.
    if role in ("anonymous", "viewer"):
        from minutes.models import Task, TaskExtension

        assert all(t.completed_on is None and t.cancelled_at is None
                   for t in db.session.scalars(db.select(Task)))
        assert {e.state for e in db.session.scalars(db.select(TaskExtension))} == {"pending"}
