"""Property-based fuzzing of forms and feed parameters: never a 500, rejected input saves
nothing, and whatever is shown back is escaped."""
from __future__ import annotations

import string
from datetime import timedelta
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.calendar import services as cal
from minutes.clock import today
from minutes.extensions import db
from minutes.models import Attendee, Conference, Directive, Figure, Report, Site, Task, TaskEvent
from minutes.tasks import services as tasks
from tests.support import login

PAYLOADS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE tasks;--",
            "\x00\x07\x1b[31m", "Hoa\u0300 Bi\u0300nh", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇻🇳", "9" * 400, "-1e309", "1.917,5",
            "2021-02-30", "9999-12-31", "0000-00-00", "NaN", "  ", "\u202e\u2066"]
nasty_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(alphabet=string.printable, min_size=1000, max_size=6_000),
)
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def world(app, client, units, users):
    conference = Conference(title="Hội nghị", kind="review", format="online")
    site = Site(name="Điểm cầu", position=1)
    report = Report(title="Báo cáo", position=1, kind="report")
    conference.sites.append(site)
    conference.reports.append(report)
    directive = Directive(conference=conference, position=1, text="Chỉ đạo")
    db.session.add_all([conference, directive])
    db.session.commit()
    task = tasks.assign(directive, users["secretariat"], [units["districts"][0]],
                        due_date=today() + timedelta(days=5)).created[0]
    db.session.commit()
    return {"conference": conference, "site": site, "report": report, "directive": directive,
            "task": task, "token": cal.token_string(cal.regenerate(users["officer"]))}


def rows(*models) -> tuple[int, ...]:
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m)) for m in models)


def check(response) -> str:
    assert response.status_code < 500, response.status_code
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body and "<img src=x onerror" not in body
    return body


def test_conference_workspace_forms(client, world):
    login(client, "thuky")
    c = world["conference"].id
    forms = [
        ("/conferences/new", ["title", "kind", "period", "period_year", "starts_at", "ends_at",
                              "format", "organiser_id", "reported_delegates", "notes"]),
        (f"/conferences/{c}/sites", ["name", "organisation_id", "headcount", "join_url", "leader_name"]),
        (f"/conferences/{c}/sites/paste", ["paste-names"]),
        (f"/conferences/{c}/sites/bulk", ["bulk-parent_id", "bulk-level"]),
        (f"/conferences/{c}/attendees", ["name", "job_title", "site_id", "role", "presence"]),
        (f"/conferences/{c}/reports/{world['report'].id}/figures",
         ["label", "value", "unit", "baseline_value", "baseline_label", "stated_change_pct"]),
        (f"/conferences/{c}/directives", ["directive-text", "directive-due_date",
                                          "directive-addressee_ids", "directive-addressee_groups"]),
        ("/calendar/import", []),
    ]

    @FUZZ
    @given(values=st.lists(nasty_text, min_size=12, max_size=12), which=st.integers(0, len(forms) - 1))
    def run(values, which):
        url, fields = forms[which]
        check(client.post(url, data=dict(zip(fields, values, strict=False))))
        db.session.rollback()

    run()
    # Whatever was accepted is stored as NFC text; nothing crashed the listing pages.
    for url in ("/conferences/", f"/conferences/{c}/minutes", f"/conferences/{c}/sites"):
        check(client.get(url))


def test_task_forms_reject_bad_input_and_save_nothing(client, world):
    login(client, "canbo")
    t = world["task"].id

    @FUZZ
    @given(a=nasty_text, b=nasty_text, which=st.sampled_from(["complete", "progress", "extension",
                                                             "reopen", "delegate"]))
    def run(a, b, which):
        before = rows(Task, TaskEvent)
        data = {"complete": {"completed_on": a, "result_note": b},
                "progress": {"percent": a, "note": b},
                "extension": {"new_due_date": a, "reason": b},
                "reopen": {"reopen-reason": a},
                "delegate": {"unit_ids": a, "due_date": b}}[which]
        response = client.post(f"/tasks/{t}/{which}", data=data)
        check(response)
        if response.status_code != 303:
            assert rows(Task, TaskEvent) == before
        db.session.rollback()

    run()


def test_list_filters_and_feed_parameters(client, world):
    login(client, "thuky")
    token = world["token"]

    @FUZZ
    @given(a=nasty_text, b=nasty_text)
    def run(a, b):
        for url, params in [
            ("/conferences/", {"q": a, "year": b, "kind": a, "organiser": b, "status": a, "page": b}),
            ("/tasks/mine", {"status": a, "window": b, "page": a}),
            ("/tasks/dashboard", {"year": a, "organisation_id": b, "page": a}),
            (f"/tasks/directives/{world['directive'].id}", {"status": a, "page": b}),
            ("/calendar/", {"scope": a, "unit_id": b, "alarm_days": a, "style": b}),
            (f"/calendar/feed/{token}/mine.ics", {"done": a, "alarm": b, "style": a}),
            (f"/calendar/feed/{quote(a[:50], safe='') or 'x'}/mine.ics", {}),
        ]:
            check(client.get(url, query_string=params))

    run()
    assert rows(Attendee, Figure) == (0, 0)
