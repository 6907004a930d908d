"""Merging an external body into the real unit (issue 10, item 1): every reference moves to
the real unit, the names stored on old records stay, duplicates collapse, clashes of live
tasks are refused with nothing changed, and the merge costs the same at any number of tasks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.admin.merge import merge_external, plan
from minutes.clock import today
from minutes.extensions import db
from minutes.models import (
    Attendee,
    AuditEvent,
    Conference,
    DirectiveAddressee,
    Organisation,
    Report,
    Site,
    Task,
    TaskPartner,
    User,
)
from minutes.rules import RuleError
from minutes.tasks import services as tasks
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, make_user, plain, text, version_of

EXTERNAL_NAME = "UBKT Tỉnh ủy Khánh Hòa (ghi tại chỗ)"


@pytest.fixture
def admin(client, users):
    login(client, "admin")
    return users["admin"]


@pytest.fixture
def external(units):
    """An external body added by the city's secretariat, sitting under the other province."""
    unit = Organisation(
        name=EXTERNAL_NAME, level="other", external=True, steward_id=units["city"].id, parent=units["other"]
    )
    db.session.add(unit)
    db.session.commit()
    return unit


@pytest.fixture
def target(units):
    """The real unit the external body turns out to be."""
    unit = Organisation(name="Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa", level="other", parent=units["other"])
    db.session.add(unit)
    db.session.commit()
    return unit


def _records(external: Organisation, by: User) -> dict:
    """One of every kind of row that can point at ``external``, each with the name it had."""
    conference = make_conference(external, status="draft")
    conference.sites.append(Site(name=external.name, organisation=external, position=1))
    conference.attendees.append(
        Attendee(name="Nguyễn Văn A", organisation=external, organisation_name=external.name, position=1)
    )
    conference.reports.append(
        Report(title="Tham luận", organisation=external, organisation_name=external.name, position=1)
    )
    directive = make_directive(conference)
    directive.addressees.append(DirectiveAddressee(organisation=external, label=external.name, position=1))
    db.session.commit()
    lead = make_task(external, by, directive)
    other_directive = make_directive(conference, text="Phối hợp kiểm tra")
    partnered = tasks.assign(
        other_directive, by, [by.organisation], due_date=None, partners=[external]
    ).created[0]
    user = make_user("khanhhoa", "officer", external)
    child = Organisation(name="Bộ phận tại chỗ", level="other", parent=external, external=True)
    db.session.add(child)
    db.session.flush()
    grandchild = Organisation(name="Tổ công tác", level="other", parent=child, external=True)
    stewarded = Organisation(
        name="Đoàn kiểm tra liên ngành", level="other", external=True, steward_id=external.id
    )
    gone = Organisation(name="Đoàn cũ", level="other", active=False, merged_into=external)
    db.session.add_all([grandchild, stewarded, gone])
    db.session.commit()
    return {
        "conference": conference,
        "directive": directive,
        "lead": lead,
        "partnered": partnered,
        "user": user,
        "child": child,
        "grandchild": grandchild,
        "stewarded": stewarded,
        "gone": gone,
    }


def _pointing_at(unit: Organisation) -> int:
    """Rows of every kind that point at ``unit``."""
    columns = [
        Conference.organiser_id,
        Site.organisation_id,
        Attendee.organisation_id,
        Report.organisation_id,
        DirectiveAddressee.organisation_id,
        Task.organisation_id,
        TaskPartner.organisation_id,
        User.organisation_id,
        Organisation.parent_id,
        Organisation.steward_id,
        Organisation.merged_into_id,
    ]
    return sum(db.session.scalar(db.select(db.func.count()).where(c == unit.id)) for c in columns)


# --- the service -----------------------------------------------------------------------------------


def test_every_reference_moves_and_every_stored_name_stays(app, users, external, target):
    admin = users["admin"]
    r = _records(external, admin)
    result = merge_external(admin, external, target)
    db.session.commit()
    db.session.expire_all()

    conference = db.session.get(Conference, r["conference"].id)
    assert conference.organiser_id == target.id and conference.organiser_name == EXTERNAL_NAME
    assert [(s.organisation_id, s.name) for s in conference.sites] == [(target.id, EXTERNAL_NAME)]
    assert [(a.organisation_id, a.organisation_name) for a in conference.attendees] == [
        (target.id, EXTERNAL_NAME)
    ]
    assert [(x.organisation_id, x.organisation_name) for x in conference.reports] == [
        (target.id, EXTERNAL_NAME)
    ]
    addressees = db.session.get(type(r["directive"]), r["directive"].id).addressees
    assert [(a.organisation_id, a.label) for a in addressees] == [(target.id, EXTERNAL_NAME)]
    lead = db.session.get(Task, r["lead"].id)
    assert (lead.organisation_id, lead.organisation_name) == (target.id, EXTERNAL_NAME)
    partners = db.session.get(Task, r["partnered"].id).partners
    assert [(p.organisation_id, p.organisation_name) for p in partners] == [(target.id, EXTERNAL_NAME)]
    assert db.session.get(User, r["user"].id).organisation_id == target.id
    assert db.session.get(Organisation, r["child"].id).parent_id == target.id
    assert db.session.get(Organisation, r["stewarded"].id).steward_id == target.id
    assert db.session.get(Organisation, r["gone"].id).merged_into_id == target.id

    merged = db.session.get(Organisation, external.id)
    assert not merged.active and merged.merged_into_id == target.id and merged.deactivated_on == today()
    assert merged.name == EXTERNAL_NAME  # nothing deleted, nothing renamed
    assert _pointing_at(merged) == 0
    assert result.moved == {
        "conferences": 1,
        "sites": 1,
        "attendees": 1,
        "reports": 1,
        "addressees": 1,
        "tasks": 1,
        "partners": 1,
        "users": 1,
        "children": 1,
        "stewarded": 1,
        "merged": 1,
    }
    assert result.dropped == {"addressees": 0, "partners": 0}


def test_the_plan_counts_what_the_merge_then_moves(app, users, external, target):
    admin = users["admin"]
    _records(external, admin)
    shown = plan(admin, external, target)
    result = merge_external(admin, external, target)
    assert shown.moved == result.moved and shown.dropped == result.dropped
    assert shown.total == 11


def test_duplicate_addressee_and_partner_links_collapse_onto_the_real_unit(
    app, users, units, external, target
):
    admin = users["admin"]
    directive = make_directive(make_conference(units["city"]))
    directive.addressees += [
        DirectiveAddressee(organisation=target, label="UBKT Tỉnh ủy Khánh Hòa", position=1),
        DirectiveAddressee(organisation=external, label=EXTERNAL_NAME, position=2),
    ]
    db.session.commit()
    both = tasks.assign(
        directive, admin, [units["districts"][0]], due_date=None, partners=[target, external]
    ).created[0]
    # The external body co-operates on the real unit's own task: that link would point at the lead.
    own = tasks.assign(
        make_directive(directive.conference), admin, [target], due_date=None, partners=[external]
    )
    untouched = tasks.assign(
        make_directive(directive.conference), admin, [units["districts"][1]], due_date=None
    )
    db.session.commit()
    sequences = {t.id: (t.ical_sequence, t.updated_at) for t in (both, own.created[0], untouched.created[0])}

    result = merge_external(admin, external, target)
    db.session.commit()
    db.session.expire_all()

    assert [
        (a.organisation_id, a.label) for a in db.session.get(type(directive), directive.id).addressees
    ] == [(target.id, "UBKT Tỉnh ủy Khánh Hòa")]
    # the tasks whose co-operating list shrank read differently in calendars: they move
    for task_id, (sequence, updated) in sequences.items():
        task = db.session.get(Task, task_id)
        moved = task_id != untouched.created[0].id
        assert (task.ical_sequence == sequence + 1, task.updated_at > updated) == (moved, moved)
    assert [p.organisation_id for p in db.session.get(Task, both.id).partners] == [target.id]
    assert db.session.get(Task, own.created[0].id).partners == []
    assert result.dropped == {"addressees": 1, "partners": 2}
    assert result.moved["addressees"] == 0 and result.moved["partners"] == 0


def test_two_live_tasks_of_one_directive_are_refused_and_nothing_changes(app, users, units, external, target):
    admin = users["admin"]
    directive = make_directive(make_conference(units["city"]), text="Kiểm tra việc thực hiện Chỉ thị 05")
    make_task(external, admin, directive)
    make_task(target, admin, directive)
    before = _pointing_at(external)

    with pytest.raises(RuleError) as refused:
        merge_external(admin, external, target)
    assert refused.value.field == "into"
    assert "Kiểm tra việc thực hiện Chỉ thị 05" in str(refused.value.message)
    db.session.rollback()
    assert _pointing_at(external) == before and db.session.get(Organisation, external.id).active


def test_a_cancelled_task_does_not_clash(app, users, units, external, target):
    admin = users["admin"]
    directive = make_directive(make_conference(units["city"]))
    old = make_task(external, admin, directive)
    tasks.cancel(old, admin, "Giao nhầm")
    make_task(target, admin, directive)
    merge_external(admin, external, target)
    db.session.commit()
    assert db.session.get(Task, old.id).organisation_id == target.id


def test_delegated_tasks_clash_per_parent_task(app, users, units, external, target):
    admin = users["admin"]
    parent = make_task(units["other"], admin, make_directive(make_conference(units["other"])))
    for unit in (external, target):
        db.session.add(
            Task(
                directive_id=parent.directive_id,
                parent=parent,
                organisation_id=unit.id,
                organisation_name=unit.name,
                original_due_date=None,
                due_date=None,
            )
        )
    db.session.commit()
    with pytest.raises(RuleError):
        merge_external(admin, external, target)


@pytest.mark.parametrize("case", ["not external", "into external", "same", "inactive", "inside", "merged"])
def test_refusals(app, users, units, external, target, case):
    admin = users["admin"]
    source, into = external, target
    if case == "not external":
        source = units["districts"][0]
    elif case == "into external":
        into = Organisation(name="Sở Nội vụ", external=True, steward_id=units["city"].id)
    elif case == "same":
        into = external
    elif case == "inactive":
        target.active = False
    elif case == "inside":
        into = Organisation(name="Đơn vị thật đặt nhầm chỗ", parent=external)
    elif case == "merged":
        external.active = False
    db.session.add(into)
    db.session.commit()
    with pytest.raises(RuleError) as refused:
        merge_external(admin, source, into)
    assert refused.value.field == "into"


def test_the_merge_costs_the_same_for_three_tasks_or_sixty(app, users, units, count_queries):
    admin = users["admin"]

    def statements(n: int) -> int:
        external = Organisation(name=f"Cơ quan ngoài {n}", external=True, steward_id=units["city"].id)
        target = Organisation(name=f"Đơn vị thật {n}", parent=units["other"])
        db.session.add_all([external, target])
        db.session.commit()
        conference = make_conference(external)
        for i in range(n):
            directive = make_directive(conference, text=f"Chỉ đạo {i}")
            directive.addressees.append(DirectiveAddressee(organisation=external, label=external.name))
            tasks.assign(directive, admin, [external], due_date=None, partners=[units["city"]])
        db.session.commit()
        with count_queries() as run:
            merge_external(admin, external, target)
            db.session.flush()
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).where(Task.organisation_id == target.id)) == n
        return len(run)

    assert statements(3) == statements(60)


def test_children_move_under_the_real_unit_with_true_paths(app, users, units, external, target):
    admin = users["admin"]
    r = _records(external, admin)
    merge_external(admin, external, target)
    db.session.commit()
    db.session.expire_all()
    child, grandchild = (
        db.session.get(Organisation, r["child"].id),
        db.session.get(Organisation, r["grandchild"].id),
    )
    assert child.path == f"{target.path}{child.id}/"
    assert grandchild.path == f"{target.path}{child.id}/{grandchild.id}/"
    assert db.session.get(Organisation, external.id).path == f"/{units['other'].id}/{external.id}/"


def test_the_merge_is_in_the_audit_trail_with_both_names_and_counts(app, users, external, target):
    admin = users["admin"]
    _records(external, admin)
    merge_external(admin, external, target)
    db.session.commit()
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "unit.merged")).one()
    assert event.actor_id == admin.id and event.organisation_id == external.id
    assert event.subject == EXTERNAL_NAME
    assert f"into: {target.name}" in event.details
    assert "tasks: 1" in event.details and "conferences: 1" in event.details


def test_a_scoped_admin_cannot_send_accounts_out_of_their_tree(app, units, external, target):
    scoped = make_user("adminhp", "admin", units["districts"][0])
    external.steward_id = units["districts"][0].id
    make_user("nguoingoai", "admin", external)
    with pytest.raises(RuleError) as refused:
        merge_external(scoped, external, target)
    assert "ngoài phạm vi" in str(refused.value.message)


# --- the pages -------------------------------------------------------------------------------------


def _preview(client, external, into_id):
    return client.get(f"/admin/units/{external.id}/merge-external", query_string={"into": into_id})


def test_merge_from_the_unit_page_with_a_confirmation_step(client, admin, units, external, target):
    _records(external, admin)
    page = client.get(f"/admin/units/{external.id}")
    assert "Gộp vào đơn vị trong hệ thống" in text(page)
    assert "Hợp nhất vào đơn vị khác" not in text(page)

    preview = _preview(client, external, target.id)
    assert preview.status_code == 200
    shown = plain(preview)
    assert "Nhiệm vụ chủ trì 1" in shown and "Hội nghị do cơ quan này tổ chức 1" in shown
    assert db.session.get(Organisation, external.id).active  # looking changes nothing

    done = client.post(
        f"/admin/units/{external.id}/merge-external", data={"into": target.id, "version": version_of(preview)}
    )
    assert done.status_code == 303 and done.location.endswith(f"/admin/units/{target.id}")
    assert "Đã gộp" in plain(client.get(done.location))
    db.session.expire_all()
    assert db.session.get(Organisation, external.id).merged_into_id == target.id


def test_a_stale_confirmation_is_refused_and_shows_the_new_counts(client, admin, units, external, target):
    make_task(external, admin)
    preview = _preview(client, external, target.id)
    make_task(external, admin)  # someone assigned another task meanwhile
    stale = client.post(
        f"/admin/units/{external.id}/merge-external", data={"into": target.id, "version": version_of(preview)}
    )
    assert stale.status_code == 409 and "Nhiệm vụ chủ trì 2" in plain(stale)
    missing = client.post(f"/admin/units/{external.id}/merge-external", data={"into": target.id})
    assert missing.status_code == 400
    db.session.expire_all()
    assert db.session.get(Organisation, external.id).active


def test_bad_input_is_shown_by_the_picker_and_changes_nothing(client, admin, units, external, target):
    other = Organisation(name="Sở Tư pháp (ghi tại chỗ)", external=True, steward_id=units["city"].id)
    db.session.add(other)
    db.session.commit()
    for into, message in [
        ("", "Hãy chọn đơn vị trong hệ thống"),
        ("abc", "Hãy chọn đơn vị trong hệ thống"),
        (other.id, "cũng là cơ quan ngoài hệ thống"),
        (external.id, "chính nó"),
    ]:
        response = _preview(client, external, into)
        assert response.status_code == 422, into
        error = re.search(r'<p class="error" id="into-error"[^>]*>(.*?)</p>', text(response), re.S)
        assert error and message in error.group(1), (into, text(response)[:300])
    clash = make_directive(make_conference(units["city"]), text="Rà soát đảng viên")
    make_task(external, admin, clash)
    make_task(target, admin, clash)
    response = _preview(client, external, target.id)
    assert response.status_code == 422 and "Rà soát đảng viên" in plain(response)
    assert db.session.get(Organisation, external.id).active


def test_only_admins_merge(client, users, external, target):
    for username in ("thuky", "canbo", "lanhdao"):
        login(client, username)
        assert _preview(client, external, target.id).status_code == 403
        refused = client.post(
            f"/admin/units/{external.id}/merge-external", data={"into": target.id, "version": 1}
        )
        assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, external.id).active


def test_the_old_merge_form_refuses_an_external_body(client, admin, external, target):
    response = client.post(f"/admin/units/{external.id}/merge", data={"target_id": target.id})
    assert response.status_code == 422 and "Gộp vào đơn vị trong hệ thống" in plain(response)
    assert db.session.get(Organisation, external.id).active


def test_external_bodies_are_listed_on_their_own(client, admin, units, external):
    everything = plain(client.get("/admin/units"))
    assert EXTERNAL_NAME in everything and "Quận ủy Lê Chân" in everything
    only = plain(client.get("/admin/units", query_string={"external": 1}))
    assert EXTERNAL_NAME in only and "Quận ủy Lê Chân" not in only
    assert "do Thành ủy Hải Phòng thêm" in only


def test_past_due_dates_are_no_obstacle(app, users, units, external, target):
    """An overdue task moves like any other (the merge does not look at dates)."""
    admin = users["admin"]
    task = make_task(external, admin, due_date=today() - timedelta(days=40))
    merge_external(admin, external, target)
    db.session.commit()
    assert db.session.get(Task, task.id).organisation_id == target.id
