"""When a conference starts, as far as it is known: the day, perhaps only "sáng", perhaps the
hour. The form takes what is known, the pages say it, the lists sort by it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from minutes.conferences import services
from minutes.conferences.starts import set_start, start_key
from minutes.extensions import db
from minutes.formatting import day_part_of, start_text
from minutes.forms import parse_clock
from minutes.models import Conference
from minutes.rules import RuleError
from minutes.tasks.reports import TaskFilters, conference_table
from tests.support import count, plain, post_from_page, text

BASE = {
    "title": "Hội nghị giao ban quý III năm 2022",
    "kind": "review",
    "period": "quarter:3",
    "period_year": "2022",
    "starts_on": "2022-09-22",
    "day_part": "",
    "start_time": "",
    "ends_at": "",
    "format": "online",
    "reported_delegates": "",
    "reported_delegates_qualifier": "",
    "notes": "",
}


def create(client, units, **change):
    return client.post("/conferences/new", data=dict(BASE, organiser_id=str(units["city"].id), **change))


def only() -> Conference:
    return db.session.scalars(db.select(Conference)).one()


# --- the pure helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "clock, part",
    [
        (time(0, 0), "morning"),
        (time(11, 59), "morning"),
        (time(12, 0), "afternoon"),
        (time(17, 59), "afternoon"),
        (time(18, 0), "evening"),
        (time(23, 59), "evening"),
    ],
)
def test_the_part_of_the_day_follows_from_the_hour(clock, part):
    assert day_part_of(clock) == part


def test_start_text_says_what_is_known():
    parts = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}
    day = date(2022, 9, 22)
    assert start_text(day, "morning", None, part_labels=parts) == "Sáng 22/09/2022"
    assert start_text(day, None, None, part_labels=parts) == "22/09/2022"
    moment = datetime(2022, 9, 22, 14, 30)
    assert start_text(day, "afternoon", moment, part_labels=parts) == "14:30 22/09/2022"
    assert start_text(None, None, None, part_labels=parts) == ""
    english = {"morning": "morning"}
    assert start_text(day, "morning", None, part_labels=english, pattern="%(part)s, %(date)s") == (
        "Morning, 22/09/2022"
    )


@pytest.mark.parametrize(
    "typed, clock",
    [
        ("08:00", time(8)),
        ("8:05", time(8, 5)),
        ("14:30:00", time(14, 30)),
        ("8h30", time(8, 30)),
        ("8h", time(8)),
    ],
)
def test_times_as_typed_or_as_a_browser_sends_them(typed, clock):
    assert parse_clock(typed) == clock


@pytest.mark.parametrize("typed", ["24:00", "8:60", "tám giờ", "08:00 sáng", "٠٨:٠٠", "-1:00"])
def test_what_is_not_a_time_is_refused(typed):
    with pytest.raises(ValueError):
        parse_clock(typed)


# --- the form -------------------------------------------------------------------------------


def test_a_day_alone_is_enough(client, secretary, units):
    assert create(client, units).status_code == 303
    conf = only()
    assert (conf.starts_on, conf.day_part, conf.starts_at) == (date(2022, 9, 22), None, None)
    assert "22/09/2022" in plain(client.get(f"/conferences/{conf.id}"))


def test_sang_22_9_is_a_day_and_a_part_without_an_hour(client, secretary, units):
    assert create(client, units, day_part="morning").status_code == 303
    conf = only()
    assert (conf.starts_on, conf.day_part, conf.starts_at) == (date(2022, 9, 22), "morning", None)
    for page in ("", "/minutes"):
        assert "Sáng 22/09/2022" in plain(client.get(f"/conferences/{conf.id}{page}"))
    assert "Sáng 22/09/2022" in plain(client.get("/conferences/"))
    edit = text(client.get(f"/conferences/{conf.id}/edit"))
    assert '<option selected value="morning">' in edit and 'name="start_time" type="time" value=""' in edit


def test_with_an_hour_the_start_is_stored_in_utc_and_the_part_follows(client, secretary, units):
    assert create(client, units, start_time="14:30").status_code == 303
    conf = only()
    assert conf.starts_at == datetime(2022, 9, 22, 7, 30)  # 14:30 in Hà Nội
    assert (conf.starts_on, conf.day_part) == (date(2022, 9, 22), "afternoon")
    assert "14:30 22/09/2022" in plain(client.get(f"/conferences/{conf.id}"))
    edit = text(client.get(f"/conferences/{conf.id}/edit"))
    assert 'value="14:30"' in edit and 'value="2022-09-22"' in edit


def test_an_hour_after_midnight_utc_keeps_its_local_day(client, secretary, units):
    assert create(client, units, start_time="06:00").status_code == 303
    conf = only()
    assert conf.starts_at == datetime(2022, 9, 21, 23, 0)
    assert (conf.starts_on, conf.day_part) == (date(2022, 9, 22), "morning")


def test_an_hour_that_contradicts_the_part_is_refused_next_to_the_time(client, secretary, units):
    response = create(client, units, day_part="afternoon", start_time="08:00")
    assert response.status_code == 200 and count(Conference) == 0
    assert 'id="start_time-error"' in text(response)
    assert "08:00 là buổi sáng, không phải buổi chiều" in plain(response)


@pytest.mark.parametrize("typed", ["25:00", "tám giờ", "8:75"])
def test_a_bad_time_is_refused_next_to_the_time(client, secretary, units, typed):
    response = create(client, units, start_time=typed)
    assert response.status_code == 200 and count(Conference) == 0
    assert 'id="start_time-error"' in text(response)
    assert "Hãy nhập giờ dạng giờ:phút" in plain(response)


@pytest.mark.parametrize("change", [{"day_part": "morning"}, {"start_time": "08:00"}])
def test_a_part_or_an_hour_needs_a_day(client, secretary, units, change):
    response = create(client, units, starts_on="", **change)
    assert response.status_code == 200 and count(Conference) == 0
    assert 'id="starts_on-error"' in text(response)


def test_a_bad_part_is_refused(client, secretary, units):
    response = create(client, units, day_part="noon")
    assert response.status_code == 200 and count(Conference) == 0
    assert 'id="day_part-error"' in text(response)


def test_the_end_must_follow_a_known_start(client, secretary, units):
    early = create(client, units, start_time="08:00", ends_at="2022-09-22T07:00")
    assert early.status_code == 200 and 'id="ends_at-error"' in text(early) and count(Conference) == 0
    # Without an hour only the day can be compared: an end on the day itself is fine…
    assert create(client, units, day_part="morning", ends_at="2022-09-22T07:00").status_code == 303
    # …an end on a day before is not.
    before = create(client, units, title="Khác", ends_at="2022-09-21T11:00")
    assert before.status_code == 200 and 'id="ends_at-error"' in text(before)
    assert count(Conference) == 1


def test_editing_back_to_a_day_only_drops_the_hour_and_moves_the_calendar_event(client, secretary, units):
    create(client, units, start_time="08:00")
    conf = only()
    sequence = conf.ical_sequence
    data = dict(BASE, organiser_id=str(units["city"].id), day_part="morning")
    assert post_from_page(client, f"/conferences/{conf.id}/edit", data=data).status_code == 303
    db.session.refresh(conf)
    assert (conf.starts_on, conf.day_part, conf.starts_at) == (date(2022, 9, 22), "morning", None)
    assert conf.ical_sequence == sequence + 1


def test_the_service_refuses_a_contradiction_too(app):
    conf = Conference(title="Giao ban", kind="review")
    with pytest.raises(RuleError) as refused:
        services.update_info(
            conf,
            title="Giao ban",
            kind="review",
            period=(None, None),
            period_year=None,
            starts_on=date(2022, 9, 22),
            day_part="evening",
            start_time=time(9, 0),
            ends_at=None,
            format="online",
            reported_delegates=None,
            reported_delegates_qualifier="",
            notes="",
            organiser=None,
        )
    assert refused.value.field == "start_time"
    assert conf.starts_on is None and conf.title == "Giao ban"


def test_english_says_morning_comma_date(client, secretary, units):
    # (Switch first: the test app context keeps the locale of its first translated request.)
    client.post("/language/en", data={"next": "/conferences/"})
    create(client, units, day_part="morning")
    assert "Morning, 22/09/2022" in plain(client.get("/conferences/"))


# --- order and filters ------------------------------------------------------------------------


@pytest.fixture
def a_week(units):
    """Conferences over two days and two without a day, given in a scrambled order (the
    undated ones tie on everything but their id)."""
    rows = [
        ("không rõ ngày", None, None, None),
        ("22 tối", date(2022, 9, 22), "evening", None),
        ("22 14:00", date(2022, 9, 22), None, time(14, 0)),
        ("22 sáng", date(2022, 9, 22), "morning", None),
        ("23 chiều", date(2022, 9, 23), "afternoon", None),
        ("22 08:30", date(2022, 9, 22), None, time(8, 30)),
        ("chưa rõ ngày", None, None, None),
        ("22 chưa rõ buổi", date(2022, 9, 22), None, None),
        ("22 chiều", date(2022, 9, 22), "afternoon", None),
        ("21 19:00", date(2022, 9, 21), None, time(19, 0)),
    ]
    made = []
    for title, day, part, clock in rows:
        conf = Conference(title=title, kind="review", period_year=2022, status="published")
        set_start(conf, day, part, clock)
        services.set_organiser(conf, units["city"])
        made.append(conf)
    db.session.add_all(made)
    db.session.commit()
    return made


DAY_22 = ["22 chưa rõ buổi", "22 sáng", "22 08:30", "22 chiều", "22 14:00", "22 tối"]


def test_the_list_is_newest_day_first_each_day_in_the_order_it_ran(client, secretary, a_week):
    page = plain(client.get("/conferences/"))
    titles = [c.title for c in a_week]
    shown = sorted(titles, key=page.index)
    assert shown == ["23 chiều", *DAY_22, "21 19:00", "chưa rõ ngày", "không rõ ngày"]


def test_the_python_key_sorts_as_the_database_does(a_week):
    oldest = sorted(a_week, key=start_key)
    assert [c.title for c in oldest] == ["21 19:00", *DAY_22, "23 chiều", "không rõ ngày", "chưa rõ ngày"]
    query = services.list_query()
    assert [c.title for c in db.session.scalars(query)] == [
        c.title for c in sorted(a_week, key=lambda c: start_key(c, newest_first=True))
    ]


def test_the_year_filter_reads_the_day_when_there_is_no_period(client, secretary, units):
    for title, day in (("Họp năm 2022", date(2022, 9, 22)), ("Họp năm 2023", date(2023, 1, 5))):
        conf = Conference(title=title, kind="other")
        set_start(conf, day, "morning", None)
        services.set_organiser(conf, units["city"])
        db.session.add(conf)
    db.session.commit()
    page = plain(client.get("/conferences/?year=2023"))
    assert "Họp năm 2023" in page and "Họp năm 2022" not in page


def test_the_follow_up_table_is_newest_first_too(a_week, users, units):
    from minutes.models import Directive
    from minutes.tasks.services import assign

    for conf in a_week:
        directive = Directive(conference=conf, position=1, text=f"Việc của {conf.title}")
        db.session.add(directive)
        assign(directive, users["secretariat"], [units["districts"][0]], due_date=None)
    db.session.commit()
    table = conference_table(TaskFilters())
    assert [c.title for c, _ in table] == ["23 chiều", *DAY_22, "21 19:00", "chưa rõ ngày", "không rõ ngày"]
