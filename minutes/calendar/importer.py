"""A draft conference from an invitation (.ics) received from Outlook, Teams or Google."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar

from ..clock import local_zone
from ..conferences import services as conferences
from ..extensions import db
from ..formatting import to_utc
from ..models import Conference, Site, User
from ..organisations.services import find_by_name
from ..permissions import scope_ids
from ..rules import RuleError, check_date, date_in_range, date_range_message
from ..text import clean_line, nfc


class ImportError_(RuleError):  # noqa: N801  (ImportError is a builtin)
    """The file cannot become a conference; the message says why, next to the file field."""

    def __init__(self, message, field: str | None = "file"):
        super().__init__(message, field)


def _when(value) -> datetime | date | None:
    """DTSTART/DTEND → naive UTC (times without zone taken as local), or the date itself for
    an all-day event: the hour is then not known, and none is invented."""
    if value is None:
        return None
    value = value.dt
    if isinstance(value, date):  # a datetime is a date too
        # Year 0001 or 9999 would overflow the time-zone arithmetic below, and no meeting
        # the app can hold is dated there: refused next to the file field.
        check_date(value, "file")
    zone = local_zone()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return to_utc(value, zone)
        return to_utc(value.astimezone(zone).replace(tzinfo=None), zone)
    if isinstance(value, date):
        return value
    return None


def conference_from_ics(data: bytes, user: User) -> Conference:
    """Parse ``data`` and add a draft conference (not committed). Raises :class:`ImportError_`."""
    limit = current_app.config["ICS_IMPORT_LIMIT"]
    if not data:
        raise ImportError_(_("Tệp rỗng."))
    if len(data) > limit:
        raise ImportError_(_("Tệp quá lớn (tối đa %(n)s KB).", n=limit // 1024))
    if b"BEGIN:VCALENDAR" not in data[:2048].upper():
        raise ImportError_(_("Đây không phải tệp lịch (.ics)."))
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportError_(_("Không đọc được tệp lịch: %(e)s", e=str(error)[:200])) from None
    events = cal.walk("VEVENT")
    if not events:
        raise ImportError_(_("Tệp lịch không có sự kiện (VEVENT) nào."))
    event = events[0]
    title = clean_line(str(event.get("SUMMARY", "")))[:500]
    if not title:
        raise ImportError_(_("Sự kiện không có tiêu đề (SUMMARY)."))
    try:
        starts, ends = _when(event.get("DTSTART")), _when(event.get("DTEND"))
    except (ValueError, TypeError, OverflowError):
        raise ImportError_(_("Thời gian trong tệp lịch không hợp lệ.")) from None
    for value in (starts, ends):
        if not date_in_range(value):
            raise ImportError_(date_range_message())
    day = starts if not isinstance(starts, datetime) else None
    if not isinstance(starts, datetime):
        starts = None
    if not isinstance(ends, datetime) or (starts and ends < starts):
        ends = None  # an all-day DTEND is the next day, not an end time
    notes = []
    description = nfc(str(event.get("DESCRIPTION", ""))).strip()
    if description:
        notes.append(description[:20_000])
    conference = Conference(
        title=title,
        kind="other",
        status="draft",
        starts_on=day,
        starts_at=starts,
        ends_at=ends,
        format="online",
        created_by=user,
    )
    organizer = event.get("ORGANIZER")
    scope = scope_ids(user)
    if organizer is not None:
        name = clean_line(str(organizer.params.get("CN", "")))
        unit = find_by_name(name) if name else None
        if unit is not None and (scope is None or unit.id in scope):
            conferences.set_organiser(conference, unit)
        else:
            mail = str(organizer).removeprefix("mailto:").removeprefix("MAILTO:")
            notes.append(_("Người mời: %(who)s", who=(name + " " if name else "") + f"<{mail}>"))
    if conference.organiser is None and scope is not None:
        # The importer's own unit organises it, so the draft stays inside their scope.
        conferences.set_organiser(conference, user.organisation)
    conference.notes = "\n\n".join(notes)
    location = clean_line(str(event.get("LOCATION", "")))[:255]
    if location:
        conference.sites.append(Site(name=location, is_host=True, position=1))
    db.session.add(conference)
    conferences.log(conference, user, "created", note=_("Tạo từ tệp lời mời .ics"))
    return conference
