"""Calendar feeds at scale: what a feed holds (open tasks, recent finished ones, at most
FEED_MAX_EVENTS nearest today), a query count that does not grow with the rows, and the
built body kept where every app server finds it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from minutes import create_app
from minutes.calendar import services as cal
from minutes.clock import today
from minutes.extensions import db
from minutes.models import Attendee, Conference, Directive, FeedBody, Site, Task
from minutes.tasks import services as tasks


@pytest.fixture
def secretariat_token(users):
    token = cal.regenerate(users["secretariat"])
    db.session.commit()
    return cal.token_string(token)


def grow(n: int, units, users, start: int = 0) -> None:
    """``n`` dated conferences, each with two sites, two delegates and a directive given to
    the three districts (with a co-operating unit), due 3 to n+2 days from today."""
    districts = units["districts"]
    for i in range(start, start + n):
        conference = Conference(
            title=f"Hội nghị giao ban số {i}",
            kind="review",
            status="published",
            starts_on=today() + timedelta(days=i),
            organiser=units["city"],
            organiser_name=units["city"].name,
        )
        host = Site(name="Hội trường", is_host=True, position=1, organisation=units["city"])
        other = Site(name=districts[0].name, position=2, organisation=districts[0])
        conference.sites.extend([host, other])
        conference.attendees.extend(
            [
                Attendee(name=f"Người chủ trì {i}", role="chair", site=host, position=1),
                Attendee(name=f"Đại biểu {i}", site=other, position=2),
            ]
        )
        directive = Directive(conference=conference, position=1, text=f"Chỉ đạo số {i}: rà soát, báo cáo.")
        db.session.add_all([conference, directive])
        db.session.flush()
        tasks.assign(
            directive,
            users["secretariat"],
            districts,
            due_date=today() + timedelta(days=3 + i),
            partners=[units["other"]],
        )
    db.session.commit()


def fetch(client, token: str, name: str = "all.ics", **headers) -> Calendar:
    response = client.get(f"/calendar/feed/{token}/{name}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return Calendar.from_ical(response.data)


def summaries(calendar: Calendar) -> list[str]:
    return [str(e["summary"]) for e in calendar.walk("VEVENT")]


def test_a_feed_holds_open_tasks_and_those_finished_in_the_last_90_days(
    client, users, units, secretariat_token
):
    grow(3, units, users)
    old, recent = db.session.scalars(db.select(Task).order_by(Task.id).limit(2)).all()
    for task, days_ago in ((old, 91), (recent, 89)):
        task.completed_on, task.result_note, task.progress = today() - timedelta(days=days_ago), "xong", 100
    db.session.commit()
    calendar = fetch(client, secretariat_token)
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert old.uid not in uids and recent.uid in uids
    assert len([u for u in uids if not u.startswith("conference")]) >= 9 - 1
    assert "hoàn thành trong 90 ngày qua" in str(calendar["x-wr-caldesc"])


def test_a_feed_keeps_the_events_nearest_today_and_says_how_many_it_left_out(
    app, client, users, units, secretariat_token
):
    grow(4, units, users)  # 4 conferences (today … +3 days) and 12 tasks (+3 … +6 days)
    app.config["FEED_MAX_EVENTS"] = 6
    calendar = fetch(client, secretariat_token)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    dates = sorted(e["dtstart"].dt for e in events)
    # The nearest six: the conferences of today … +3 days and the first tasks of +3 days.
    assert dates[-1] <= today() + timedelta(days=3)
    description = str(calendar["x-wr-caldesc"])
    assert "Lịch giữ 6 mục" in description and "10 mục xa hơn" in description


def test_a_feed_is_built_in_the_same_number_of_queries_at_two_sizes(
    client, users, units, secretariat_token, count_queries
):
    grow(2, units, users)
    with count_queries() as small:
        small_calendar = fetch(client, secretariat_token)
    grow(170, units, users, start=2)  # 510 tasks: more than one batch of 500 ids
    db.session.execute(db.delete(FeedBody))  # both builds then store a new body (an INSERT)
    db.session.commit()
    with count_queries() as large:
        large_calendar = fetch(client, secretariat_token)
    assert len(small_calendar.walk("VEVENT")) == 2 + 6
    assert len(large_calendar.walk("VEVENT")) == 172 + 516
    # Partners, sites and delegates are read for every item: a count that grows with the
    # rows would show here, and so would loading them in batches of 500 ids.
    assert len(large) == len(small), "\n".join(large)


def test_a_repeated_full_request_is_served_from_the_kept_body_until_something_changes(
    client, users, units, secretariat_token, monkeypatch
):
    grow(2, units, users)
    built = []
    build = cal.build

    def counting(feed):
        built.append(feed.scope)
        return build(feed)

    monkeypatch.setattr(cal, "build", counting)
    first = client.get(f"/calendar/feed/{secretariat_token}/all.ics")
    second = client.get(f"/calendar/feed/{secretariat_token}/all.ics")  # no If-None-Match
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert built == ["all"]
    assert db.session.scalar(db.select(db.func.count()).select_from(FeedBody)) == 1
    task = db.session.scalars(db.select(Task).order_by(Task.id)).first()
    tasks.update_progress(task, users["secretariat"], 40, None)
    db.session.commit()
    third = client.get(f"/calendar/feed/{secretariat_token}/all.ics")
    assert third.headers["ETag"] != first.headers["ETag"] and built == ["all", "all"]
    assert b"40 %" in third.data
    # Rebuilt in place: still one kept body for this feed.
    assert db.session.scalar(db.select(db.func.count()).select_from(FeedBody)) == 1


def test_a_second_app_server_serves_the_body_the_first_one_built(tmp_path, monkeypatch):
    """Two app instances on one database (as two gunicorn servers on one PostgreSQL): the
    second serves the feed the first built, without building it."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setenv("MINUTES_INSTANCE", str(tmp_path))
    config = type("Shared", (__import__("config").TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    one, two = create_app(config), create_app(config)
    from minutes.models import Organisation
    from tests.support import make_user

    with one.app_context():
        db.create_all()
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        districts = [Organisation(name=f"Quận ủy {n}", level="district", parent=city) for n in "ABC"]
        other = Organisation(name="Tỉnh ủy Tây Ninh", level="province")
        db.session.add_all([city, other, *districts])
        db.session.commit()
        secretary = make_user("thuky", "secretariat", city)
        grow(2, {"city": city, "districts": districts, "other": other}, {"secretariat": secretary})
        token = cal.token_string(cal.regenerate(secretary))
        db.session.commit()
        body = one.test_client().get(f"/calendar/feed/{token}/all.ics").data
        db.session.remove()
    built = []
    monkeypatch.setattr(cal, "build", lambda feed: built.append(feed) or b"")
    with two.app_context():
        again = two.test_client().get(f"/calendar/feed/{token}/all.ics")
        assert again.status_code == 200 and again.data == body and built == []
        db.session.remove()
        db.drop_all()


def test_a_user_moved_to_another_unit_gets_that_units_feed_not_the_kept_one(client, users, units):
    """The kept body is the reader's: moved to another province, the same token's feed holds
    that province's conferences (the ETag follows the reader's unit and role)."""
    secretary = users["secretariat"]
    token = cal.token_string(cal.regenerate(secretary))
    here = Conference(
        title="Hội nghị Hải Phòng",
        kind="review",
        status="published",
        starts_on=today(),
        organiser=units["city"],
        organiser_name=units["city"].name,
    )
    there = Conference(
        title="Hội nghị Tây Ninh",
        kind="review",
        status="published",
        starts_on=today(),
        organiser=units["other"],
        organiser_name=units["other"].name,
    )
    db.session.add_all([here, there])
    db.session.commit()
    before = client.get(f"/calendar/feed/{token}/all.ics")
    assert "Hội nghị Hải Phòng" in before.get_data(as_text=True)
    secretary.organisation = units["other"]
    db.session.commit()
    after = client.get(f"/calendar/feed/{token}/all.ics")
    assert after.headers["ETag"] != before.headers["ETag"]
    body = after.get_data(as_text=True)
    assert "Hội nghị Tây Ninh" in body and "Hội nghị Hải Phòng" not in body


def test_if_modified_since_alone_sees_the_day_move_the_done_window(client, users, units, monkeypatch):
    """A finished task leaves the feed on the 91st day without any edit: a client that only
    sends If-Modified-Since must get the new calendar, not a 304."""
    from minutes.calendar import selection
    from minutes.calendar import services as feed_services

    grow(1, units, users)
    task = db.session.scalars(db.select(Task).order_by(Task.id)).first()
    task.completed_on, task.result_note, task.progress = today() - timedelta(days=90), "xong", 100
    db.session.commit()
    token = cal.token_string(cal.regenerate(users["secretariat"]))
    db.session.commit()
    first = client.get(f"/calendar/feed/{token}/all.ics")
    assert task.uid in first.get_data(as_text=True)
    tomorrow = today() + timedelta(days=1)
    for module in (selection, feed_services):
        monkeypatch.setattr(module, "today", lambda: tomorrow)
    again = client.get(
        f"/calendar/feed/{token}/all.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert again.status_code == 200
    assert task.uid not in again.get_data(as_text=True)
