"""Building iCalendar (RFC 5545) with the ``icalendar`` library: pure functions, no database.

Everything here takes plain values or model objects already loaded and returns components;
the library escapes text and folds lines. Known traps of icalendar 7.3 handled here:
calendar names set from a plain ``str`` are written unescaped (we pass :class:`Text`);
``vText`` turns a literal backslash-N ("D:\\Nghị quyết") into a line break (:class:`Text`
escapes the backslash instead);
a ``timedelta`` for X-PUBLISHED-TTL is written as ``1:00:00`` (we pass :class:`vDuration`);
the generated VTIMEZONE carries a COMMENT that libical rejects (we drop it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, Todo, vDuration, vText

from ..tasks.status import in_calendar, is_cancelled, is_done, is_open
from . import texts


class Text(vText):
    """A TEXT value escaped exactly as RFC 5545 §3.3.11 says: backslash, ``;``, ``,`` and line
    breaks, nothing else. (``vText`` first reads a typed backslash-N as a line break, which
    rewrote "D:\\Nghị quyết" into a new line followed by "ghị quyết".)"""

    def to_ical(self) -> bytes:
        text = (
            str(self)
            .replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\r\n", "\n")
            .replace("\r", "\n")
            .replace("\n", "\\n")
        )
        return text.encode(getattr(self, "encoding", "utf-8"))


PRODID = "-//minutes//Theo doi chi dao//VI"
#: How often clients should poll (Apple, Outlook and Thunderbird honour one of these).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedOptions:
    """What a subscriber chose: completed tasks, a reminder N days before, event or to-do."""

    include_done: bool = True
    alarm_days: int | None = None
    style: str = "event"  # "event" or "todo"

    def key(self) -> str:
        return f"done={int(self.include_done)};alarm={self.alarm_days or 0};style={self.style}"


def _utc(value: datetime) -> datetime:
    """Stored naive UTC → aware UTC (written with a Z)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_calendar(name: str, description: str, tzid: str) -> Calendar:
    """An empty subscription calendar (no METHOD: that is for invitations, not feeds)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", Text(name))
    cal.add("x-wr-calname", Text(name))
    cal.add("x-wr-caldesc", Text(description))
    cal.add("x-wr-timezone", Text(tzid))
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    return cal


def timezone_component(tzid: str) -> Timezone:
    """VTIMEZONE for ``tzid`` from 2000 on, without the COMMENT libical rejects."""
    tz = Timezone.from_tzid(tzid, first_date=date(2000, 1, 1), last_date=date(2040, 1, 1))
    tz.pop("COMMENT", None)
    return tz


def _alarm(days: int, what: str, related: str = "START") -> Alarm:
    """A reminder ``days`` before the start (events) or before DUE (to-dos: RELATED=END)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", Text(what))
    if related == "END":
        alarm.add("trigger", -timedelta(days=days), parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", -timedelta(days=days))
    return alarm


def _stamp(component, created: datetime, modified: datetime, sequence: int) -> None:
    component.add("dtstamp", _utc(modified))
    component.add("created", _utc(created))
    component.add("last-modified", _utc(modified))
    component.add("sequence", sequence or 0)


def conference_event(conference, url: str, tzid: str) -> Event | None:
    """The meeting itself: in local time with its TZID when the hour is known; an all-day
    event on its day (DTEND the next day, or the day after the end) when only the day, or the
    part of the day, is ("sáng 22/9", said in the description); None without a day."""
    zone = ZoneInfo(tzid)
    if conference.starts_at is not None:
        start = _utc(conference.starts_at).astimezone(zone)
        end = _utc(conference.ends_at).astimezone(zone) if conference.ends_at else start + timedelta(hours=3)
    elif conference.starts_on is not None:
        start = conference.starts_on
        last = _utc(conference.ends_at).astimezone(zone).date() if conference.ends_at else start
        end = max(last, start) + timedelta(days=1)
    else:
        return None
    event = Event()
    event.add("uid", conference.ical_uid)
    _stamp(event, conference.created_at, conference.updated_at, conference.ical_sequence)
    event.add("summary", Text(conference.title))
    event.add("dtstart", start)
    event.add("dtend", end)
    host = conference.host_site
    if host is not None:
        event.add("location", Text(host.name))
    event.add("description", Text(texts.conference_description(conference, url)))
    event.add("url", url)
    event.add("status", "CONFIRMED" if conference.status == "published" else "TENTATIVE")
    # An all-day event must not mark the whole day busy for a meeting of one morning.
    event.add("transp", "OPAQUE" if conference.starts_at is not None else "TRANSPARENT")
    return event


def task_event(task, url: str, options: FeedOptions) -> Event | None:
    """A deadline as an all-day event on the due date, or None when it has no place in a feed.

    Tasks without a due date (thường xuyên) and cancelled tasks are left out (leaving a feed
    is how a subscription deletes an event); completed ones are marked, or left out on request.
    """
    if not in_calendar(task):
        return None
    if is_done(task) and not options.include_done:
        return None
    event = Event()
    event.add("uid", task.uid)
    _stamp(event, task.created_at, task.updated_at, task.ical_sequence)
    summary = texts.task_summary(task)
    event.add("summary", Text(summary))
    event.add("dtstart", task.due_date)
    event.add("dtend", task.due_date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", Text(texts.task_description(task, url)))
    event.add("url", url)
    event.add("categories", [texts.CATEGORY])
    if options.alarm_days and is_open(task):
        event.add_component(_alarm(options.alarm_days, summary))
    return event


TODO_STATUS = {"done": "COMPLETED", "cancelled": "CANCELLED", "started": "IN-PROCESS", "new": "NEEDS-ACTION"}


def task_todo(task, url: str, options: FeedOptions) -> Todo | None:
    """The to-do style (Thunderbird, CalDAV): VTODO with DUE, STATUS and PERCENT-COMPLETE."""
    if task.due_date is None:  # thường xuyên: no DUE to show (cancelled ones stay, marked)
        return None
    if is_done(task) and not options.include_done:
        return None
    todo = Todo()
    todo.add("uid", f"todo-{task.uid}")
    _stamp(todo, task.created_at, task.updated_at, task.ical_sequence)
    summary = texts.task_summary(task)
    todo.add("summary", Text(summary))
    todo.add("due", task.due_date)
    if is_cancelled(task):
        state = "cancelled"
    elif is_done(task):
        state = "done"
    else:
        state = "started" if task.progress else "new"
    todo.add("status", TODO_STATUS[state])
    todo.add("percent-complete", 100 if state == "done" else int(task.progress or 0))
    if is_done(task):
        todo.add("completed", datetime.combine(task.completed_on, datetime.min.time(), UTC))
    todo.add("description", Text(texts.task_description(task, url)))
    todo.add("url", url)
    todo.add("categories", [texts.CATEGORY])
    if options.alarm_days and state in ("new", "started"):
        # A to-do has DUE but no DTSTART: the reminder must count back from DUE.
        todo.add_component(_alarm(options.alarm_days, summary, related="END"))
    return todo


def to_bytes(cal: Calendar) -> bytes:
    """Serialise (CRLF line ends, lines folded at 75 octets: the library's job)."""
    return cal.to_ical()
