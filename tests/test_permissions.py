"""The permission matrix: every URL rule × every role (and anonymous) × an object of the
user's own unit and of another unit. A route added without an entry here fails the test."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.calendar import services as cal
from minutes.clock import today
from minutes.conferences.services import set_organiser
from minutes.extensions import db
from minutes.extraction import services as extraction
from minutes.models import Attendee, Conference, Directive, Figure, IssuedDocument, Report, Site
from minutes.tasks import services as tasks
from tests.support import login

ANY, READ, WRITER, WRITE, ADMIN, WORK, FEED, PUBLIC = (
    "any",
    "read",
    "writer",
    "write",
    "admin",
    "work",
    "feed",
    "public",
)

#: endpoint → {method: who may}. Object kinds look at whose object it is ("own": of the user's
#: organisation tree; "other": of another province):
#: READ: anybody signed in, on their own objects (admin: all); WRITE: admin, and the secretariat
#: on its own objects (minutes, assigning, deciding); WORK: admin, the secretariat and the
#: task's officer on their own task. Kinds without an object: ANY: every signed-in user;
#: WRITER: the admin and secretariat roles; ADMIN: admin only; FEED: the token is the key
#: (no login); PUBLIC: no login.
MATRIX = {
    "index": {"GET": ANY},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.set_language": {"POST": PUBLIC},
    "auth.logout": {"POST": ANY},
    "auth.change_password": {"GET": ANY, "POST": ANY},
    "conferences.index": {"GET": ANY},
    "conferences.show": {"GET": READ},
    "conferences.minutes": {"GET": READ},
    "documents.index": {"GET": READ},
    "documents.download": {"GET": READ},
    "documents.issued": {"GET": READ},
    "documents.issue": {"POST": WRITE},
    "documents.register_list": {"GET": ANY},
    "documents.register_export": {"GET": ANY},
    "conferences.sites": {"GET": READ, "POST": WRITE},
    "conferences.search_sites": {"GET": READ},
    "conferences.attendees_paste": {"POST": WRITE},
    "conferences.attendees": {"GET": READ, "POST": WRITE},
    "conferences.reports": {"GET": READ, "POST": WRITE},
    "conferences.conclusion": {"GET": READ, "POST": WRITE},
    "conferences.new": {"GET": WRITER, "POST": WRITER},
    "conferences.copy_pick": {"GET": WRITER},
    # read the previous conference and create conferences: the secretariat on its own ones
    "conferences.copy": {"GET": WRITE, "POST": WRITE},
    "conferences.edit": {"GET": WRITE, "POST": WRITE},
    "conferences.delete": {"POST": WRITE},
    "conferences.publish": {"GET": WRITE, "POST": WRITE},
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
    "conferences.figures": {"POST": WRITE},
    "conferences.directive_edit": {"GET": WRITE, "POST": WRITE},
    "conferences.directive_delete": {"POST": WRITE},
    "conferences.directive_move": {"POST": WRITE},
    "tasks.mine": {"GET": ANY},
    "tasks.dashboard": {"GET": ANY},
    "tasks.show": {"GET": READ},
    "tasks.conference": {"GET": READ},
    "tasks.directive": {"GET": READ, "POST": WRITE},
    "tasks.complete": {"POST": WORK},
    "tasks.progress": {"POST": WORK},
    "tasks.reopen": {"POST": WORK},
    "tasks.request_extension": {"POST": WORK},
    "tasks.delegate": {"POST": WORK},
    "tasks.cancel": {"POST": WRITE},
    "tasks.edit": {"GET": WRITE, "POST": WRITE},
    "tasks.extensions": {"GET": WRITER},
    "tasks.decide": {"POST": WRITE},
    "tasks.decide_many": {"POST": WRITER},
    "calendar.index": {"GET": ANY},
    "calendar.regenerate": {"POST": ANY},
    "calendar.conference_ics": {"GET": READ},
    "calendar.task_ics": {"GET": READ},
    "calendar.import_ics": {"GET": WRITER, "POST": WRITER},
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
    "admin.unit_merge_external": {"GET": ADMIN, "POST": ADMIN},
    "admin.import_file": {"GET": ADMIN, "POST": ADMIN},
    "admin.import_template": {"GET": ADMIN},
    "admin.audit": {"GET": ADMIN},
    "admin.letterheads": {"GET": ADMIN},
    "admin.letterhead": {"GET": ADMIN, "POST": ADMIN},
    "admin.letterhead_template": {"POST": ADMIN},
    "admin.letterhead_template_remove": {"POST": ADMIN},
    "admin.letterhead_template_download": {"GET": ADMIN},
    "admin.letterhead_starter": {"GET": ADMIN},
    "units.search_units": {"GET": ANY},
    "units.add_external": {"POST": WRITER},
    # Excel downloads of the lists: the page's own scope (a list of what the user sees, or
    # one object they may read)
    "exports.mine": {"GET": ANY},
    "exports.dashboard": {"GET": ANY},
    "exports.conferences": {"GET": ANY},
    "exports.directive": {"GET": READ},
    "exports.conference": {"GET": READ},
    # every signed-in user, on the tasks of their own scope (an organisation beyond it is refused
    # next to the picker, with no figures)
    "upward.report": {"GET": ANY},
    "upward.report_xlsx": {"GET": ANY},
    "upward.report_docx": {"GET": ANY},
    # text → minutes: the secretariat's own pending reviews (another user's is a 404, not a 403:
    # its existence is not revealed)
    "extraction.paste": {"GET": WRITER, "POST": WRITER},
    "extraction.review": {"GET": WRITER, "POST": WRITER},
}
ROLES = ("anonymous", "viewer", "officer", "secretariat", "admin")


def test_every_route_has_an_entry(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert registered - set(MATRIX) == set(), "routes without a permission entry"
    assert set(MATRIX) - registered == set(), "entries for routes that no longer exist"
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert set(MATRIX[rule.endpoint]) == rule.methods & {"GET", "POST"}, rule.endpoint


def _conference(organiser, directive_text: str) -> tuple[Conference, Directive]:
    """A draft conference organised by ``organiser``, one of each thing in it."""
    conference = Conference(title=f"Hội nghị của {organiser.name}", kind="review", format="online")
    set_organiser(conference, organiser)
    report = Report(title="Báo cáo", position=1, kind="report")
    report.figures.append(Figure(label="Số liệu", value=1, position=1))
    conference.sites.append(Site(name="Điểm cầu", position=1))
    conference.reports.append(report)
    conference.attendees.append(Attendee(name="Đại biểu", role="delegate", position=1))
    directive = Directive(conference=conference, position=1, text=directive_text)
    db.session.add_all([conference, directive])
    return conference, directive


@pytest.fixture
def world(units, users):
    """Own: a conference of the city with tasks for two of its districts (the officer's first);
    other: a conference of another province with a task for that province."""
    own_conf, own_directive = _conference(units["city"], "Chỉ đạo của thành phố")
    other_conf, other_directive = _conference(units["other"], "Chỉ đạo của tỉnh khác")
    db.session.commit()
    due = today() + timedelta(days=5)
    own, _sibling = tasks.assign(
        own_directive, users["secretariat"], units["districts"][:2], due_date=due
    ).created
    (other,) = tasks.assign(other_directive, users["admin"], [units["other"]], due_date=due).created
    db.session.flush()
    own_ext = tasks.request_extension(own, users["officer"], today() + timedelta(days=30), "lý do")
    other_ext = tasks.request_extension(other, users["admin"], today() + timedelta(days=30), "x")
    token = cal.regenerate(users["officer"])
    documents = {
        whose: IssuedDocument(
            organisation_id=conference.organiser_id,
            conference_id=conference.id,
            kind="notice",
            series="year:2024",
            number=1,
            number_text="Số: 01/TB-X",
            issued_on=today(),
            filename="x.docx",
            content=b"PK",
            sha256="",
        )
        for whose, conference in (("own", own_conf), ("other", other_conf))
    }
    db.session.add_all(documents.values())
    records = {
        "own": extraction.start(
            users["secretariat"], "Thành ủy Hải Phòng tổ chức hội nghị giao ban quý I năm 2024."
        ),
        "other": extraction.start(
            users["admin"], "Tỉnh ủy Tây Ninh tổ chức hội nghị giao ban quý I năm 2024."
        ),
    }
    db.session.commit()

    def both(attribute):
        return {"own": attribute(own_conf), "other": attribute(other_conf)}

    return {
        "conference_id": both(lambda c: c.id),
        "site_id": both(lambda c: c.sites[0].id),
        "report_id": both(lambda c: c.reports[0].id),
        "figure_id": both(lambda c: c.reports[0].figures[0].id),
        "attendee_id": both(lambda c: c.attendees[0].id),
        "directive_id": both(lambda c: c.directives[0].id),
        "token_id": token.id,
        "token": "wrong.token",
        "unit_id": units["districts"][0].id,
        "user_id": users["viewer"].id,
        "direction": "up",
        "code": "en",
        "kind": "users",
        "fmt": "docx",
        "document_id": {w: d.id for w, d in documents.items()},
        "task_id": {"own": own.id, "other": other.id},
        "extension_id": {"own": own_ext.id, "other": other_ext.id},
        "record_id": {w: r.id for w, r in records.items()},
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
    if kind == WRITER:
        return role in ("admin", "secretariat")
    if kind == READ:
        return role == "admin" or whose == "own"
    if kind == WRITE:
        return role == "admin" or (role == "secretariat" and whose == "own")
    if kind == WORK:
        return role == "admin" or (role in ("secretariat", "officer") and whose == "own")
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
    # Nothing a refused request touched has changed: the other province's task is still open,
    # its extension pending, its conference still a draft with its one site and directive.
    if role != "admin":
        from minutes.models import Task, TaskExtension

        other = db.session.get(Task, world["task_id"]["other"])
        assert other.completed_on is None and other.cancelled_at is None and other.progress == 0
        assert db.session.get(TaskExtension, world["extension_id"]["other"]).state == "pending"
        conference = db.session.get(Conference, world["conference_id"]["other"])
        assert conference.status == "draft" and len(conference.sites) == 1
        assert len(conference.directives) == 1 and conference.directives[0].text == "Chỉ đạo của tỉnh khác"
    if role in ("anonymous", "viewer"):
        from minutes.models import Task, TaskExtension

        assert all(
            t.completed_on is None and t.cancelled_at is None for t in db.session.scalars(db.select(Task))
        )
        assert {e.state for e in db.session.scalars(db.select(TaskExtension))} == {"pending"}
