"""Calendar feeds: tokens, contents, stability, HTTP caching, downloads, export and import."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from minutes.calendar import services as cal
from minutes.clock import today
from minutes.extensions import db
from minutes.models import CalendarToken, Conference, Directive, Site
from minutes.tasks import services as tasks
from tests.support import login


@pytest.fixture
def conference(units):
    conference = Conference(
        title="Hội nghị giao ban; quý I, năm 2021",
        kind="review",
        period_kind="quarter",
        period_number=1,
        period_year=2021,
        starts_at=datetime(2021, 4, 7, 1, 0),
        ends_at=datetime(2021, 4, 7, 4, 30),
        status="published",
        organiser_name="Tỉnh ủy Tây Ninh",
    )
    conference.sites.append(Site(name="Hội trường Tỉnh ủy", is_host=True, position=1))
    conference.sites.append(Site(name="Huyện ủy Châu Thành", position=2))
    directive = Directive(
        conference=conference,
        position=1,
        text="Rà soát đơn thư, báo cáo kết quả; hoàn thành trước hạn, không để tồn đọng.",
    )
    db.session.add_all([conference, directive])
    db.session.commit()
    return conference


@pytest.fixture
def assigned(conference, units, users):
    directive = conference.directives[0]
    made = tasks.assign(
        directive, users["secretariat"], units["districts"], due_date=today() + timedelta(days=10)
    ).created
    made[2].due_date = None  # thường xuyên: never an event
    db.session.commit()
    return made


@pytest.fixture
def token(users):
    token = cal.regenerate(users["officer"])
    db.session.commit()
    return cal.token_string(token)


def parse(response) -> Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> list:
    return calendar.walk("VEVENT")


def test_my_feed_holds_my_units_dated_tasks_as_all_day_events(client, token, assigned, units):
    feed = parse(client.get(f"/calendar/feed/{token}/mine.ics"))
    assert str(feed["X-WR-CALNAME"]) == "Việc của tôi — Quận ủy Lê Chân"
    assert "METHOD" not in feed
    (event,) = events(feed)  # canbo's unit is districts[0]
    task = assigned[0]
    assert str(event["UID"]) == task.uid
    assert event.decoded("DTSTART") == task.due_date
    assert event.decoded("DTEND") == task.due_date + timedelta(days=1)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]).startswith("Hạn: Rà soát đơn thư, báo cáo kết quả; hoàn thành")
    assert "Quận ủy Lê Chân" in str(event["SUMMARY"])
    description = str(event["DESCRIPTION"])
    assert "Hội nghị: Hội nghị giao ban; quý I, năm 2021" in description
    assert f"/tasks/{task.id}" in str(event["URL"])


def test_raw_feed_escapes_text_folds_lines_and_uses_crlf(client, token, assigned):
    raw = client.get(f"/calendar/feed/{token}/mine.ics").data
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8")
    assert "X-PUBLISHED-TTL:PT1H" in text and "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    unfolded = text.replace("\r\n ", "")
    assert "X-WR-CALNAME:Việc của tôi — Quận ủy Lê Chân" in unfolded
    assert "Rà soát đơn thư\\, báo cáo kết quả\\; hoàn thành" in unfolded


def test_a_typed_backslash_n_stays_text_not_a_line_break(client, token, assigned):
    task = assigned[0]
    task.directive.text = r"Lưu hồ sơ vào D:\Nghị quyết\2024 và báo cáo"
    db.session.commit()
    raw = client.get(f"/calendar/feed/{token}/mine.ics").data.decode().replace("\r\n ", "")
    assert r"D:\\Nghị quyết\\2024" in raw  # each backslash escaped, as RFC 5545 says
    (event,) = events(Calendar.from_ical(raw.encode()))
    assert r"Lưu hồ sơ vào D:\Nghị quyết\2024 và báo cáo" in str(event["DESCRIPTION"])


@pytest.fixture
def secretariat_token(users):
    token = cal.regenerate(users["secretariat"])
    db.session.commit()
    return cal.token_string(token)


def test_conference_feed_has_the_meeting_in_local_time_with_its_timezone(
    client, secretariat_token, conference, assigned
):
    feed = parse(client.get(f"/calendar/feed/{secretariat_token}/conference/{conference.id}.ics"))
    (tz,) = feed.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Ho_Chi_Minh" and "COMMENT" not in tz
    meeting = next(e for e in events(feed) if str(e["UID"]) == conference.ical_uid)
    start = meeting.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (8, 0, "Asia/Ho_Chi_Minh")
    assert meeting["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(meeting["LOCATION"]) == "Hội trường Tỉnh ủy"
    assert "Huyện ủy Châu Thành" in str(meeting["DESCRIPTION"])
    assert str(meeting["URL"]).endswith(f"/conferences/{conference.id}/minutes")
    # 3 tasks, one without a due date: 2 deadline events beside the meeting.
    assert len(events(feed)) == 3


def test_a_conference_known_only_as_sang_22_9_is_an_all_day_event(client, secretariat_token, conference):
    conference.starts_at, conference.ends_at = None, None
    conference.starts_on, conference.day_part = date(2022, 9, 22), "morning"
    db.session.commit()
    raw = client.get(f"/calendar/feed/{secretariat_token}/conference/{conference.id}.ics").data.decode()
    unfolded = raw.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20220922\r\n" in unfolded and "DTEND;VALUE=DATE:20220923\r\n" in unfolded
    meeting = next(e for e in events(Calendar.from_ical(raw)) if str(e["UID"]) == conference.ical_uid)
    assert meeting.decoded("DTSTART") == date(2022, 9, 22)
    assert str(meeting["TRANSP"]) == "TRANSPARENT"
    assert "Thời gian: Sáng 22/09/2022, chưa rõ giờ bắt đầu" in str(meeting["DESCRIPTION"])
    # A day without a part says only the day; a conference with no day is not in the feed.
    conference.day_part = None
    db.session.commit()
    meeting = next(
        e
        for e in events(
            parse(client.get(f"/calendar/feed/{secretariat_token}/conference/{conference.id}.ics"))
        )
        if str(e["UID"]) == conference.ical_uid
    )
    assert "Thời gian: 22/09/2022, chưa rõ giờ bắt đầu" in str(meeting["DESCRIPTION"])
    conference.starts_on = None
    db.session.commit()
    feed = parse(client.get(f"/calendar/feed/{secretariat_token}/all.ics"))
    assert conference.ical_uid not in {str(e["UID"]) for e in events(feed)}


def test_an_all_day_conference_with_an_end_time_spans_to_the_end_day(app, conference):
    from minutes.calendar import ical

    conference.starts_at = None
    conference.starts_on, conference.day_part = date(2022, 9, 22), "afternoon"
    conference.ends_at = datetime(2022, 9, 23, 10, 0)  # 17:00 local on the 23rd
    event = ical.conference_event(conference, "https://example/minutes", "Asia/Ho_Chi_Minh")
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (date(2022, 9, 22), date(2022, 9, 24))
    conference.starts_on = None
    assert ical.conference_event(conference, "https://example/minutes", "Asia/Ho_Chi_Minh") is None


def test_timed_conferences_in_a_feed_come_in_the_order_they_run(client, secretariat_token, conference):
    from minutes.conferences.starts import set_start

    later = Conference(title="Chiều cùng ngày", kind="review", status="published")
    set_start(later, date(2021, 4, 7), "afternoon", None)
    earlier = Conference(title="Cả ngày hôm trước", kind="review", status="published")
    set_start(earlier, date(2021, 4, 6), None, None)
    db.session.add_all([later, earlier])
    db.session.commit()
    feed = parse(client.get(f"/calendar/feed/{secretariat_token}/all.ics"))
    titles = [str(e["SUMMARY"]) for e in events(feed) if str(e["UID"]).endswith("@minutes")]
    assert titles == ["Cả ngày hôm trước", "Hội nghị giao ban; quý I, năm 2021", "Chiều cùng ngày"]


def test_a_units_conference_feed_holds_only_that_units_deadlines(client, token, conference, assigned):
    feed = parse(client.get(f"/calendar/feed/{token}/conference/{conference.id}.ics"))
    uids = {str(e["UID"]) for e in events(feed)}
    # canbo (Quận ủy Lê Chân) sees the meeting and its own deadline, not Ngô Quyền's.
    assert uids == {conference.ical_uid, assigned[0].uid}


def test_output_is_stable_and_changes_bump_the_sequence(client, token, assigned, users):
    url = f"/calendar/feed/{token}/mine.ics"
    first, second = client.get(url).data, client.get(url).data
    assert first == second  # byte-identical: DTSTAMP is the item's last change, not "now"
    task = assigned[0]
    tasks.edit(
        task,
        users["secretariat"],
        organisation=task.organisation,
        due_date=task.due_date + timedelta(days=5),
        priority=task.priority,
        lead_person=None,
        partners=[],
    )
    db.session.commit()
    (event,) = events(parse(client.get(url)))
    assert event["SEQUENCE"] == 1 and str(event["UID"]) == task.uid
    assert event.decoded("DTSTART") == task.due_date


def test_ticked_off_task_is_marked_loses_its_alarm_or_leaves(client, token, assigned, users):
    url = f"/calendar/feed/{token}/mine.ics?alarm=2"
    (event,) = events(parse(client.get(url)))
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=2)
    tasks.complete(assigned[0], users["officer"], today(), "Đã xong")
    db.session.commit()
    (event,) = events(parse(client.get(url)))
    assert str(event["SUMMARY"]).startswith("✓ Đã hoàn thành") and not event.walk("VALARM")
    assert "Hoàn thành đúng hạn" in str(event["DESCRIPTION"])
    assert events(parse(client.get(url + "&done=0"))) == []


def test_cancelled_task_leaves_the_event_feed_but_not_the_todo_feed(client, token, assigned, users):
    tasks.cancel(assigned[0], users["secretariat"], "Thay bằng chỉ đạo khác")
    db.session.commit()
    assert events(parse(client.get(f"/calendar/feed/{token}/mine.ics"))) == []
    (todo,) = parse(client.get(f"/calendar/feed/{token}/mine.ics?style=todo")).walk("VTODO")
    assert str(todo["STATUS"]) == "CANCELLED" and str(todo["UID"]) == "todo-" + assigned[0].uid


def test_todo_style_carries_due_status_and_percent(client, token, assigned, users):
    tasks.update_progress(assigned[0], users["officer"], 40, None)
    db.session.commit()
    (todo,) = parse(client.get(f"/calendar/feed/{token}/mine.ics?style=todo")).walk("VTODO")
    assert todo.decoded("DUE") == assigned[0].due_date
    assert (str(todo["STATUS"]), todo["PERCENT-COMPLETE"]) == ("IN-PROCESS", 40)
    tasks.complete(assigned[0], users["officer"], today(), "xong")
    db.session.commit()
    (todo,) = parse(client.get(f"/calendar/feed/{token}/mine.ics?style=todo")).walk("VTODO")
    assert str(todo["STATUS"]) == "COMPLETED" and todo["PERCENT-COMPLETE"] == 100
    assert todo.decoded("COMPLETED").date() == today()


def test_etag_and_last_modified_give_304(client, token, assigned, users):
    url = f"/calendar/feed/{token}/mine.ics"
    response = client.get(url)
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert response.headers["Cache-Control"].startswith("private")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    tasks.update_progress(assigned[0], users["officer"], 10, None)
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_304_is_decided_without_building_the_calendar(client, token, assigned, count_queries):
    url = f"/calendar/feed/{token}/mine.ics"
    etag = client.get(url).headers["ETag"]
    with count_queries() as queries:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert not any("FROM tasks JOIN directives" in q and "tasks.uid" in q for q in queries)
    assert not any("feed_bodies" in q for q in queries)  # a 304 reads no kept body either
    # The token, its user and unit (a fresh request knows neither: the full request before
    # committed the kept body, which expires what the session held), the unit's subtree and
    # the fingerprint.
    assert len(queries) <= 5


def test_feeds_neither_read_nor_set_a_session_cookie(client, token, assigned):
    login(client, "thuky")  # a session cookie exists on this client
    response = client.get(f"/calendar/feed/{token}/mine.ics")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    # And the feed is the token owner's, not the signed-in user's.
    assert "Quận ủy Lê Chân" in str(parse(response)["X-WR-CALNAME"])


@pytest.mark.parametrize("bad", ["nonsense", "abc.def", "", "x" * 300])
def test_bad_token_is_404_and_reveals_nothing(client, bad, assigned, token):
    response = client.get(f"/calendar/feed/{bad}/mine.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.data


def test_regenerating_kills_the_old_url_at_once(client, users, token, assigned):
    login(client, "canbo")
    client.post("/calendar/token")
    assert client.get(f"/calendar/feed/{token}/mine.ics").status_code == 404
    fresh = cal.token_string(cal.active_token(users["officer"]))
    assert client.get(f"/calendar/feed/{fresh}/mine.ics").status_code == 200


def test_admin_revokes_a_token(client, users, token):
    login(client, "admin")
    row = db.session.scalar(db.select(CalendarToken))
    assert "Canbo" in client.get("/calendar/tokens").get_data(as_text=True)
    client.post(f"/calendar/tokens/{row.id}/revoke")
    assert client.get(f"/calendar/feed/{token}/mine.ics").status_code == 404
    login(client, "canbo")
    assert client.post(f"/calendar/tokens/{row.id}/revoke").status_code == 403


def test_only_the_secretariat_gets_the_all_feed(client, users, token, assigned, conference):
    assert client.get(f"/calendar/feed/{token}/all.ics").status_code == 404
    mine = cal.token_string(cal.regenerate(users["secretariat"]))
    db.session.commit()
    feed = parse(client.get(f"/calendar/feed/{mine}/all.ics"))
    assert len(events(feed)) == 3  # the meeting and two dated deadlines


def test_unit_feed_with_and_without_subunits(client, token, secretariat_token, units, users, conference):
    directive = conference.directives[0]
    tasks.assign(
        directive,
        users["secretariat"],
        [units["city"], units["districts"][1]],
        due_date=today() + timedelta(days=3),
    )
    db.session.commit()
    city = units["city"].id
    alone = parse(client.get(f"/calendar/feed/{secretariat_token}/unit/{city}.ics?sub=0"))
    both = parse(client.get(f"/calendar/feed/{secretariat_token}/unit/{city}.ics?sub=1"))
    assert (len(events(alone)), len(events(both))) == (1, 2)
    # canbo's token (Quận ủy Lê Chân) opens no feed of a unit above or beside its own.
    for unit in (units["city"], units["districts"][1], units["other"]):
        assert client.get(f"/calendar/feed/{token}/unit/{unit.id}.ics").status_code == 404


@pytest.mark.parametrize("query", ["done=2", "alarm=-1", "alarm=999", "style=vtodo"])
def test_bad_feed_options_are_a_clear_400(client, token, query):
    response = client.get(f"/calendar/feed/{token}/mine.ics?{query}")
    assert response.status_code == 400 and "Tham số không hợp lệ" in response.get_data(as_text=True)


def test_downloads_need_a_login_and_are_attachments(client, users, assigned, conference):
    assert client.get(f"/calendar/task/{assigned[0].id}.ics").status_code in (302, 401)
    login(client, "lanhdao")
    response = client.get(f"/calendar/conference/{conference.id}.ics")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert len(events(parse(response))) == 3
    one = parse(client.get(f"/calendar/task/{assigned[0].id}.ics"))
    assert [str(e["UID"]) for e in events(one)] == [assigned[0].uid]


def test_cli_export_prints_what_http_serves(app, runner, client, users, assigned, conference):
    secret = cal.token_string(cal.regenerate(users["secretariat"]))
    db.session.commit()
    app.config["BASE_URL"] = "http://localhost"
    http = client.get(f"/calendar/feed/{secret}/conference/{conference.id}.ics").data
    result = runner.invoke(args=["calendar", "export", "--conference", str(conference.id)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == http
    todo = runner.invoke(args=["calendar", "export", "--user", "canbo", "--todo"])
    assert b"BEGIN:VTODO" in todo.stdout_bytes
    assert runner.invoke(args=["calendar", "export"]).exit_code != 0


def test_subscription_page_shows_webcal_and_https_links(client, users):
    login(client, "canbo")
    page = client.get("/calendar/").get_data(as_text=True)
    assert "Tạo đường dẫn lịch của tôi" in page
    client.post("/calendar/token")
    page = client.get("/calendar/?scope=mine&include_done=y&alarm_days=1&style=event").get_data(as_text=True)
    secret = cal.token_string(cal.active_token(users["officer"]))
    assert f"webcal://localhost/calendar/feed/{secret}/mine.ics" in page
    assert f"http://localhost/calendar/feed/{secret}/mine.ics" in page
    assert "Google Calendar" in page and "Thunderbird" in page
    assert 'value="all"' not in page  # officers do not get the all-tasks feed


# --- import -----------------------------------------------------------------------------------

INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:abc@example\r\nDTSTAMP:20240101T000000Z\r\n"
    "SUMMARY:Hội nghị giao ban công tác kiểm tra\\, giám sát quý II/2024\r\n"
    "DTSTART;TZID=SE Asia Standard Time:20240705T080000\r\n"
    "DTEND;TZID=SE Asia Standard Time:20240705T113000\r\n"
    "LOCATION:Phòng họp trực tuyến tầng 3\r\n"
    "DESCRIPTION:Kính mời các đồng chí dự.\\nĐường dẫn Teams kèm theo.\r\n"
    "ORGANIZER;CN=Tỉnh ủy Tây Ninh:mailto:vp@tayninh.example\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def upload(client, data: bytes, name="moi-hop.ics"):
    return client.post(
        "/calendar/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_import_an_outlook_invitation_as_a_draft(client, secretary, units):
    response = upload(client, INVITE.encode())
    assert response.status_code == 303
    conference = db.session.scalar(db.select(Conference))
    assert conference.status == "draft"
    assert conference.title == "Hội nghị giao ban công tác kiểm tra, giám sát quý II/2024"
    assert conference.starts_at == datetime(2024, 7, 5, 1, 0)  # 08:00 local, stored as UTC
    assert conference.host_site.name == "Phòng họp trực tuyến tầng 3"
    assert "Đường dẫn Teams kèm theo." in conference.notes
    # Tây Ninh is outside the Hải Phòng secretary's tree: the draft is organised by their own
    # unit (so they can go on editing it) and the inviter is kept in the notes.
    assert conference.organiser_name == "Thành ủy Hải Phòng"
    assert "Người mời: Tỉnh ủy Tây Ninh <vp@tayninh.example>" in conference.notes


def test_an_all_day_invitation_gives_the_day_and_no_invented_hour(client, secretary, units):
    all_day = INVITE.replace(
        "DTSTART;TZID=SE Asia Standard Time:20240705T080000", "DTSTART;VALUE=DATE:20240705"
    )
    all_day = all_day.replace("DTEND;TZID=SE Asia Standard Time:20240705T113000", "DTEND;VALUE=DATE:20240706")
    assert upload(client, all_day.encode()).status_code == 303
    conference = db.session.scalar(db.select(Conference))
    assert (conference.starts_on, conference.day_part, conference.starts_at) == (date(2024, 7, 5), None, None)
    assert conference.ends_at is None


def test_an_invitation_from_a_unit_in_scope_names_it_as_organiser(client, secretary, units):
    response = upload(client, INVITE.replace("Tỉnh ủy Tây Ninh", "Quận ủy Lê Chân").encode())
    assert response.status_code == 303
    assert db.session.scalar(db.select(Conference)).organiser_name == "Quận ủy Lê Chân"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Hãy chọn một tệp .ics."),
        (b"%PDF-1.4 not a calendar", "Đây không phải tệp lịch (.ics)."),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "không có sự kiện (VEVENT)"),
        (b"BEGIN:VCALENDAR\r\n" + b"X-FILL:" + b"a" * 600_000 + b"\r\nEND:VCALENDAR\r\n", "Tệp quá lớn"),
    ],
)
def test_import_rejects_bad_files_with_a_clear_message(client, secretary, data, message):
    response = (
        upload(client, data)
        if data
        else client.post("/calendar/import", data={}, content_type="multipart/form-data")
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Conference)) == 0


def test_officers_cannot_import(client, users):
    login(client, "canbo")
    assert upload(client, INVITE.encode()).status_code == 403


def test_tasks_without_due_date_never_appear(client, token, units, users, conference):
    made = tasks.assign(
        conference.directives[0], users["secretariat"], [units["districts"][0]], due_date=None
    ).created
    db.session.commit()
    assert made and events(parse(client.get(f"/calendar/feed/{token}/mine.ics"))) == []
    assert parse(client.get(f"/calendar/feed/{token}/mine.ics?style=todo")).walk("VTODO") == []


def test_feed_tokens_never_reach_the_request_log(caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info(
            '%s - - "%s" %s', "127.0.0.1", "GET /calendar/feed/SeCrEt.abc123/mine.ics HTTP/1.1", "200"
        )
    assert "SeCrEt" not in caplog.text and "/calendar/feed/[token]/mine.ics" in caplog.text


# --- tokens die with their owner's rights -------------------------------------------------------


def _live_tokens(user) -> list[CalendarToken]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(CalendarToken).where(
                CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)
            )
        )
    )


def _revocations(username: str) -> list:
    from minutes.models import AuditEvent

    return list(
        db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "token.revoked", AuditEvent.subject == username)
        )
    )


def test_deactivating_an_account_revokes_its_feeds_and_reactivating_does_not_restore_them(
    app, client, users, token, assigned
):
    url = f"/calendar/feed/{token}/mine.ics"
    assert client.get(url).status_code == 200
    login(client, "admin")
    assert client.post(f"/admin/users/{users['officer'].id}/deactivate").status_code == 303
    assert client.get(url).status_code == 404
    assert _live_tokens(users["officer"]) == []
    (audit,) = _revocations("canbo")
    assert "account deactivated" in audit.details and audit.actor_name == "admin"
    assert client.post(f"/admin/users/{users['officer'].id}/reactivate").status_code == 303
    assert client.get(url).status_code == 404  # the old URL stays dead
    assert _live_tokens(users["officer"]) == []


def test_an_admin_password_reset_revokes_the_users_feeds(client, users, token, assigned):
    url = f"/calendar/feed/{token}/mine.ics"
    login(client, "admin")
    response = client.post(
        f"/admin/users/{users['officer'].id}/password", data={"pw-password": "một mật khẩu mới hẳn"}
    )
    assert response.status_code == 303
    assert client.get(url).status_code == 404
    assert _live_tokens(users["officer"]) == []
    (audit,) = _revocations("canbo")
    assert "password reset" in audit.details


def test_changing_my_own_password_revokes_my_feeds(client, users, token, assigned):
    from tests.support import PASSWORD

    url = f"/calendar/feed/{token}/mine.ics"
    login(client, "canbo")
    new = "một câu mật khẩu mới"
    response = client.post("/account/password", data={"current": PASSWORD, "new": new, "confirm": new})
    assert response.status_code == 303
    assert client.get(url).status_code == 404
    assert _live_tokens(users["officer"]) == []
    (audit,) = _revocations("canbo")
    assert "password changed" in audit.details and audit.actor_name == "canbo"


def test_a_wrong_current_password_revokes_nothing(client, users, token, assigned):
    login(client, "canbo")
    response = client.post(
        "/account/password",
        data={
            "current": "sai mật khẩu rồi",
            "new": "một câu mật khẩu mới",
            "confirm": "một câu mật khẩu mới",
        },
    )
    assert response.status_code == 422
    assert client.get(f"/calendar/feed/{token}/mine.ics").status_code == 200


# --- regeneration races ---------------------------------------------------------------------------


def test_the_loser_of_a_regeneration_race_gets_a_message_and_one_token_remains(
    client, users, token, monkeypatch
):
    """Two "new calendar link" posts both read the same live token; the other one commits its
    new token first. Ours then meets the unique index: the whole transaction rolls back, the
    user gets a message (not a 500), and the winner's token is the one live token."""
    officer = users["officer"]
    seen = cal.active_token(officer)
    seen_id = seen.id
    winner = cal.regenerate(officer)  # the competing request, committed first
    db.session.commit()
    winner_id = winner.id
    # Our request read the state from before the winner's commit.
    monkeypatch.setattr(cal, "active_token", lambda user: db.session.get(CalendarToken, seen_id))
    login(client, "canbo")
    response = client.post("/calendar/token")
    monkeypatch.undo()
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "vừa được tạo cùng lúc" in page.get_data(as_text=True)
    (live,) = _live_tokens(officer)
    assert live.id == winner_id
    assert client.get(f"/calendar/feed/{cal.token_string(live)}/mine.ics").status_code == 200
    assert client.get(f"/calendar/feed/{token}/mine.ics").status_code == 404


def test_regenerating_twice_leaves_exactly_one_live_token(client, users, token):
    login(client, "canbo")
    for _ in range(3):
        assert client.post("/calendar/token").status_code == 303
    assert len(_live_tokens(users["officer"])) == 1


# --- hostile input and rows that cannot be written --------------------------------------------


@pytest.mark.parametrize("alarm", ["²", "٣", "1" * 5000, "-1", "61", "1.5", " 1"])
def test_a_feed_refuses_an_alarm_it_cannot_read_with_a_clear_400(client, token, assigned, alarm):
    response = client.get(f"/calendar/feed/{token}/mine.ics", query_string={"alarm": alarm})
    assert response.status_code == 400
    assert "alarm=0..60" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/feed/{t}/unit/99999999999999999999.ics",
        "/calendar/feed/{t}/unit/2147483648.ics",
        "/calendar/feed/{t}/conference/99999999999999999999999.ics",
        "/calendar/conference/99999999999999999999.ics",
        "/calendar/task/2147483648.ics",
    ],
)
def test_huge_ids_in_calendar_urls_are_404(client, secretariat_token, path):
    login(client, "admin")
    assert client.get(path.format(t=secretariat_token)).status_code == 404


def test_revoking_a_huge_token_id_is_404(client, users):
    login(client, "admin")
    assert client.post("/calendar/tokens/99999999999999999999/revoke").status_code == 404


@pytest.fixture
def last_day(conference, assigned, units):
    """A task due on the last allowed date and a conference starting at its last minute."""
    from minutes.clock import local_zone
    from minutes.formatting import to_utc

    assigned[0].due_date = datetime(2099, 12, 31).date()
    conference.starts_at = to_utc(datetime(2099, 12, 31, 23, 59), local_zone())
    conference.ends_at = None
    db.session.commit()
    return assigned[0]


def _read_both(response) -> Calendar:
    import vobject

    feed = parse(response)
    vobject.readOne(response.data.decode("utf-8"))  # the strict reader servers use
    return feed


def test_feeds_stay_valid_with_the_last_allowed_dates(
    client, token, secretariat_token, last_day, units, conference
):
    unit = last_day.organisation_id
    for url in (
        f"/calendar/feed/{secretariat_token}/all.ics",
        f"/calendar/feed/{secretariat_token}/all.ics?style=todo&alarm=3",
        f"/calendar/feed/{token}/mine.ics",
        f"/calendar/feed/{secretariat_token}/unit/{unit}.ics?sub=1",
    ):
        feed = _read_both(client.get(url))
        dues = [c.get("DTSTART") or c.get("DUE") for c in feed.walk() if c.name in ("VEVENT", "VTODO")]
        assert any(d is not None and d.dt == datetime(2099, 12, 31).date() for d in dues), url
    every = _read_both(client.get(f"/calendar/feed/{secretariat_token}/all.ics"))
    (meeting,) = [e for e in events(every) if e.get("UID") == conference.ical_uid]
    assert meeting["DTSTART"].dt.replace(tzinfo=None) == datetime(2099, 12, 31, 23, 59)


def test_one_row_that_cannot_be_written_is_skipped_and_the_rest_served(
    client, token, secretariat_token, assigned, users, monkeypatch, caplog
):
    def secretariat_user():
        return users["secretariat"]

    from minutes.calendar import ical

    broken = assigned[0]
    # A second task of the officer's unit, so that mine.ics has a row to keep.
    second = Directive(conference=broken.directive.conference, position=2, text="Báo cáo quý.")
    db.session.add(second)
    (kept,) = tasks.assign(
        second, secretariat_user(), [broken.organisation], due_date=today() + timedelta(days=20)
    ).created
    db.session.commit()
    real_event = ical.task_event

    def fragile(task, url, options):
        if task.id == broken.id:
            raise OverflowError("date value out of range")
        return real_event(task, url, options)

    monkeypatch.setattr(ical, "task_event", fragile)
    for url in (
        f"/calendar/feed/{token}/mine.ics",
        f"/calendar/feed/{secretariat_token}/all.ics",
        f"/calendar/feed/{secretariat_token}/unit/{broken.organisation_id}.ics",
    ):
        feed = parse(client.get(url))
        uids = {str(e["UID"]) for e in events(feed)}
        assert broken.uid not in uids
        assert kept.uid in uids, url
    assert "left out" in caplog.text


def test_a_conference_that_cannot_be_written_does_not_take_the_feed_down(
    client, secretariat_token, conference, assigned, monkeypatch
):
    from minutes.calendar import ical

    def broken(*args):
        raise ValueError("bad row")

    monkeypatch.setattr(ical, "conference_event", broken)
    feed = parse(client.get(f"/calendar/feed/{secretariat_token}/all.ics"))
    assert {str(e["UID"]) for e in events(feed)} >= {assigned[0].uid, assigned[1].uid}


@pytest.mark.parametrize(
    "start, end",
    [
        ("DTSTART:99991231T080000Z", "DTEND:99991231T100000Z"),
        ("DTSTART:00010101T000000Z", "DTEND:00010101T020000Z"),
        ("DTSTART;VALUE=DATE:99991231", "DTEND;VALUE=DATE:99991231"),
        ("DTSTART;TZID=SE Asia Standard Time:20240705T080000", "DTEND:99991231T100000Z"),
        (
            "DTSTART;TZID=SE Asia Standard Time:00010101T000000",
            "DTEND;TZID=SE Asia Standard Time:00010101T010000",
        ),
    ],
)
def test_an_invitation_dated_outside_the_allowed_years_is_refused_next_to_the_file(
    client, secretary, start, end
):
    data = INVITE.replace("DTSTART;TZID=SE Asia Standard Time:20240705T080000", start).replace(
        "DTEND;TZID=SE Asia Standard Time:20240705T113000", end
    )
    response = upload(client, data.encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "01/01/1945 đến 31/12/2099" in page
    assert 'id="file-error"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Conference)) == 0
