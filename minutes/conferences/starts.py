"""When a conference starts, as far as it is known: the local day, perhaps only the part of
the day ("sáng 22/9"), perhaps the hour; and the one order conferences are listed in."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import case

from ..clock import local_zone
from ..formatting import day_part_of, to_utc
from ..models import Conference
from ..models.conferences import DAY_PARTS
from ..rules import RuleError, check_date, day_part_problem


def set_start(conference: Conference, day: date | None, part: str | None, clock: time | None) -> None:
    """Record when the conference starts, as far as it is known. With a local ``clock`` time,
    ``starts_at`` is that moment in UTC and the part of the day follows from it (a chosen
    part must agree: "chiều" with 08:00 is refused); without one, ``starts_at`` is None and
    the day (and part of day, if known) is all there is. A part or a time needs a day."""
    check_date(day, "starts_on")
    part = part or None
    if part is not None and part not in DAY_PARTS:
        raise RuleError(_("Buổi không hợp lệ."), "day_part")
    if day is None and (part or clock):
        raise RuleError(_("Hãy nhập ngày họp (có buổi hoặc giờ thì cần có ngày)."), "starts_on")
    if (problem := day_part_problem(part, clock)) is not None:
        raise RuleError(problem, "start_time")
    conference.starts_on = day
    if day is not None and clock is not None:
        conference.day_part = day_part_of(clock)
        conference.starts_at = to_utc(datetime.combine(day, clock), local_zone())
    else:
        conference.day_part = part
        conference.starts_at = None


#: Where a part of the day sorts within its day: unknown first, then sáng, chiều, tối.
PART_RANK = case(
    {part: rank for rank, part in enumerate(DAY_PARTS, start=1)}, value=Conference.day_part, else_=0
)


def chronological(newest_first: bool = False) -> tuple:
    """ORDER BY clauses for conferences by day, part of day, then time (an unknown part, or an
    unknown hour, first within its day, then morning, afternoon, evening); undated ones last.
    ``newest_first`` puts the latest day first and keeps each day in its own order."""
    day = Conference.starts_on.desc() if newest_first else Conference.starts_on.asc()
    ident = Conference.id.desc() if newest_first else Conference.id.asc()
    return (
        day.nulls_last(),
        PART_RANK.asc(),
        Conference.starts_at.asc().nulls_first(),
        ident,
    )


def start_key(conference: Conference, newest_first: bool = False) -> tuple:
    """:func:`chronological` for a list already loaded (sort with this key)."""
    day = conference.starts_on
    ident = -conference.id if newest_first else conference.id
    if day is None:  # undated: last, by id as in SQL (not in whatever order the rows came)
        return (1, 0, 0, 0, datetime.min, ident)
    rank = DAY_PARTS.index(conference.day_part) + 1 if conference.day_part in DAY_PARTS else 0
    timed = conference.starts_at is not None
    return (
        0,
        -day.toordinal() if newest_first else day.toordinal(),
        rank,
        int(timed),
        conference.starts_at or datetime.min,
        ident,
    )
