"""Which items a calendar feed holds: the filters of a scope, and the items nearest today.

A feed holds the dated tasks of its scope that are open or were finished in the last
``FEED_DONE_DAYS`` days, and (for conference scopes) the dated conferences; at most
``FEED_MAX_EVENTS`` of them, nearest today first, loaded in a number of queries that does not
grow with them. :func:`description` tells the subscriber what was left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import Date, func, literal
from sqlalchemy.orm import contains_eager, subqueryload

from ..clock import today, utcnow
from ..conferences.starts import chronological, start_key
from ..extensions import db
from ..formatting import number
from ..models import Attendee, Conference, Directive, Site, Task
from ..permissions import visible_conferences, visible_tasks
from ..tasks import status

if TYPE_CHECKING:
    from .services import Feed


def task_filter(query, feed: Feed):
    if feed.unit_ids is not None:
        query = query.where(Task.organisation_id.in_(feed.unit_ids))
    if feed.conference_id is not None:
        query = query.where(Directive.conference_id == feed.conference_id)
    if feed.task_id is not None:
        query = query.where(Task.id == feed.task_id)
    if feed.reader is not None:
        query = query.where(visible_tasks(feed.reader))
    # Only dated tasks ever appear; cancelled events leave the event feed (to-dos stay, marked
    # CANCELLED: the status rule of minutes.tasks.status, in SQL).
    query = query.where(Task.due_date.is_not(None))
    if feed.options.style == "event":
        query = query.where(status.live_sql(Task))
    if not feed.options.include_done:
        query = query.where(~status.done_sql(Task))
    else:
        # A calendar is for what is coming: of the finished tasks only the recent ones.
        since = today() - timedelta(days=current_app.config["FEED_DONE_DAYS"])
        query = query.where(~status.done_sql(Task) | (Task.completed_on >= since))
    if feed.options.style == "todo":
        cancelled_since = utcnow() - timedelta(days=current_app.config["FEED_DONE_DAYS"])
        query = query.where(status.live_sql(Task) | (Task.cancelled_at >= cancelled_since))
    return query


def conference_filter(query, feed: Feed):
    query = query.where(Conference.starts_on.is_not(None))  # all-day when the hour is not known
    if feed.conference_id is not None:
        query = query.where(Conference.id == feed.conference_id)
    if feed.reader is not None:
        query = query.where(visible_conferences(feed.reader))
    return query


def _days_from(column, day: date):
    """How many days ``column`` (a date) lies from ``day``, either way, in SQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.abs(column - literal(day, Date))
    return func.abs(func.julianday(column) - func.julianday(literal(day, Date)))


def tasks(feed: Feed, limit: int) -> list[Task]:
    """The feed's tasks nearest today (either way), at most ``limit``; in one query and one
    for the co-operating units, whatever their number."""
    query = task_filter(
        db.select(Task)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Conference, Conference.id == Directive.conference_id)
        .options(
            contains_eager(Task.directive).contains_eager(Directive.conference), subqueryload(Task.partners)
        ),
        feed,
    ).order_by(_days_from(Task.due_date, today()), Task.due_date, Task.id)
    tasks = list(db.session.scalars(query.limit(limit)).unique())
    tasks.sort(key=lambda t: (t.due_date, t.id))
    return tasks


def conferences(feed: Feed, limit: int) -> list[Conference]:
    query = conference_filter(
        db.select(Conference).options(
            subqueryload(Conference.sites).subqueryload(Site.attendees),
            subqueryload(Conference.attendees).subqueryload(Attendee.site),
        ),
        feed,
    ).order_by(_days_from(Conference.starts_on, today()), *chronological())
    conferences = list(db.session.scalars(query.limit(limit)))
    conferences.sort(key=start_key)
    return conferences


def counts(feed: Feed) -> tuple[int, int]:
    """How many tasks and conferences the feed would hold without the limit."""
    tasks = task_filter(
        db.select(func.count(Task.id))
        .select_from(Task)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Conference, Conference.id == Directive.conference_id),
        feed,
    )
    n_tasks = db.session.scalar(tasks) or 0
    n_conferences = 0
    if feed.with_conferences:
        n_conferences = db.session.scalar(conference_filter(db.select(func.count(Conference.id)), feed)) or 0
    return n_tasks, n_conferences


def nearest(conferences: list[Conference], tasks: list[Task], limit: int):
    """Of both lists (each already the nearest of its kind), the ``limit`` nearest today."""
    now = today()
    items: list[tuple[int, int, int]] = [
        (abs((c.starts_on - now).days), 0, c.id) for c in conferences if c.starts_on
    ]
    items += [(abs((t.due_date - now).days), 1, t.id) for t in tasks if t.due_date]
    kept = {(kind, ident) for _d, kind, ident in sorted(items)[:limit]}
    return [c for c in conferences if (0, c.id) in kept], [t for t in tasks if (1, t.id) in kept]


def description(feed: Feed, shown: int, total: int) -> str:
    """The calendar's description: what it holds, and what it left out."""
    config = current_app.config
    text = "minutes — " + feed.name + "."
    if feed.options.include_done:
        text += f" Nhiệm vụ chưa xong và nhiệm vụ hoàn thành trong {config['FEED_DONE_DAYS']} ngày qua."
    else:
        text += " Chỉ nhiệm vụ chưa xong."
    if total > shown:
        text += (
            f" Lịch giữ {number(shown)} mục có ngày gần hôm nay nhất; {number(total - shown)} mục xa hơn"
            " không có ở đây: xem đầy đủ trên minutes."
        )
    return text
