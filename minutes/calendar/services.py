"""Feeds: which items a feed holds, its fingerprint for 304s, building it, and feed tokens.

The HTTP feed, the .ics downloads and ``flask calendar export`` all call :func:`build`,
so they serve exactly the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import func

from ..audit import record
from ..clock import local_zone, today, utcnow
from ..extensions import db
from ..formatting import to_utc
from ..models import CalendarToken, Conference, Directive, Organisation, Task, User
from ..organisations.services import subtree_ids
from ..permissions import MANAGE_TASKS, can, own_units, owns
from . import ical, selection

log = logging.getLogger("minutes.calendar")


@dataclass(frozen=True)
class Feed:
    """One calendar: a scope (whose items) and the subscriber's options."""

    scope: str
    name: str
    unit_ids: frozenset[int] | None = None  # tasks of these lead units (None: no filter)
    conference_id: int | None = None
    task_id: int | None = None
    with_conferences: bool = False
    options: ical.FeedOptions = ical.FeedOptions()
    #: Whose permissions limit the items: only what this user may read. None: no limit
    #: (the CLI; or a scope that is already inside what the user may read).
    reader: User | None = field(default=None, compare=False)


# --- scopes ------------------------------------------------------------------------------------


def feed_for_user(user: User, options: ical.FeedOptions) -> Feed:
    """Việc của tôi: the tasks of the user's unit and the units below it."""
    return Feed(
        "mine",
        f"Việc của tôi — {user.organisation.name}",
        unit_ids=frozenset(own_units(user)),
        options=options,
    )


def feed_for_unit(unit: Organisation, with_subunits: bool, options: ical.FeedOptions) -> Feed:
    ids = subtree_ids(unit.id) if with_subunits else {unit.id}
    name = f"Nhiệm vụ của {unit.name}" + (" và các đơn vị cấp dưới" if with_subunits else "")
    return Feed("unit", name, unit_ids=frozenset(ids), options=options)


def feed_for_conference(
    conference: Conference, options: ical.FeedOptions, reader: User | None = None
) -> Feed:
    """A conference and its task deadlines: all of them for its owners (and the CLI), only
    the reader's own for anybody else."""
    if reader is not None and owns(reader, conference):
        reader = None
    return Feed(
        "conference",
        f"Hội nghị: {conference.title}",
        conference_id=conference.id,
        with_conferences=True,
        options=options,
        reader=reader,
    )


def feed_for_all(options: ical.FeedOptions, reader: User | None = None) -> Feed:
    """Every conference and task ``reader`` may read (everything, from the CLI)."""
    return Feed("all", "Tất cả nhiệm vụ và hội nghị", with_conferences=True, options=options, reader=reader)


def feed_for_task(task: Task, options: ical.FeedOptions) -> Feed:
    return Feed("task", f"Nhiệm vụ — {task.organisation_name}", task_id=task.id, options=options)


def may_subscribe_all(user: User) -> bool:
    return can(user, MANAGE_TASKS)


# --- queries -----------------------------------------------------------------------------------


#: Bumped when the bytes built for the same data change (a kept body would be stale).
FEED_FORMAT = 2


def feed_key(feed: Feed) -> str:
    """The feed's identity: who and what it shows, with which options, under which address
    (its links are absolute). Equal keys and equal fingerprints mean identical bytes."""
    config = current_app.config
    raw = "|".join(
        str(p)
        for p in [
            FEED_FORMAT,
            feed.scope,
            feed.name,
            sorted(feed.unit_ids) if feed.unit_ids is not None else "",
            feed.conference_id or "",
            feed.task_id or "",
            feed.options.key(),
            # What the reader may see follows their unit and role: a user moved elsewhere
            # must not be served the body built for where they were.
            f"{feed.reader.id}:{feed.reader.organisation_id}:{feed.reader.role}" if feed.reader else "",
            config["TIMEZONE"],
            config["FEED_DONE_DAYS"],
            config["FEED_MAX_EVENTS"],
            request.host_url if has_request_context() else config.get("BASE_URL", ""),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def fingerprint(feed: Feed) -> tuple[str, datetime]:
    """(ETag, Last-Modified) from two aggregate queries, without building the calendar.

    Any change to an item in the feed moves its updated_at or SEQUENCE; adding or removing an
    item changes the count; so equal fingerprints mean byte-identical output.
    """
    tasks = selection.task_filter(
        db.select(
            func.count(Task.id),
            func.max(Task.updated_at),
            func.sum(Task.ical_sequence),
            func.sum(Task.id),
            func.max(Conference.updated_at),
        )
        .select_from(Task)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Conference, Conference.id == Directive.conference_id),
        feed,
    )
    parts = list(db.session.execute(tasks).one())
    latest = max((p for p in (parts[1], parts[4]) if p is not None), default=None)
    if feed.with_conferences:
        confs = selection.conference_filter(
            db.select(
                func.count(Conference.id),
                func.max(Conference.updated_at),
                func.sum(Conference.ical_sequence),
                func.sum(Conference.id),  # one conference in for another out moves it too
            ),
            feed,
        )
        row = db.session.execute(confs).one()
        parts += list(row)
        if row[1] and (latest is None or row[1] > latest):
            latest = row[1]
    # Which items are kept moves with the day (the done window, the nearest deadlines).
    raw = "|".join(str(p) for p in [feed_key(feed), today(), *parts])
    etag = hashlib.sha256(raw.encode()).hexdigest()[:32]
    modified = (latest or datetime(2000, 1, 1)).replace(tzinfo=UTC, microsecond=0)
    # The items kept move with the day (the done window, the nearest ones): a client that
    # only sends If-Modified-Since must see a change at the start of each day too.
    midnight = to_utc(datetime.combine(today(), time()), local_zone())
    if midnight is not None:
        modified = max(modified, midnight.replace(tzinfo=UTC))
    return etag, modified


def build(feed: Feed) -> bytes:
    """The calendar bytes of ``feed`` (what HTTP serves and the CLI prints): its items nearest
    today, at most ``FEED_MAX_EVENTS``, in a number of queries that does not grow with them."""
    tzid = current_app.config["TIMEZONE"]
    limit = current_app.config["FEED_MAX_EVENTS"]
    conferences = selection.conferences(feed, limit) if feed.with_conferences else []
    tasks = selection.tasks(feed, limit)
    total = len(conferences) + len(tasks)
    if total > limit or len(tasks) == limit or len(conferences) == limit:
        n_tasks, n_conferences = selection.counts(feed)
        total = n_tasks + n_conferences
        conferences, tasks = selection.nearest(conferences, tasks, limit)
    cal = ical.new_calendar(
        feed.name, selection.description(feed, len(conferences) + len(tasks), total), tzid
    )
    if conferences:
        cal.add_component(ical.timezone_component(tzid))
    for conference in conferences:
        _add(
            cal,
            "conference",
            conference.id,
            lambda c=conference: ical.conference_event(
                c, url_for("conferences.minutes", conference_id=c.id, _external=True), tzid
            ),
        )
    maker = ical.task_todo if feed.options.style == "todo" else ical.task_event
    for task in tasks:
        _add(
            cal,
            "task",
            task.id,
            lambda t=task: maker(t, url_for("tasks.show", task_id=t.id, _external=True), feed.options),
        )
    return ical.to_bytes(cal)


def _add(cal, kind: str, ident: int, make) -> None:
    """Add the component ``make()`` builds, if any. One row that cannot be written (a date out
    of range that slipped in, a broken value) is logged and left out: it must not take the
    whole feed, and everybody's calendar with it, down."""
    try:
        component = make()
        if component is not None:
            component.to_ical()  # serialise now, so a bad value fails here and not later
            cal.add_component(component)
    except Exception:  # noqa: BLE001 (any failure of one row: log it, serve the rest)
        log.exception("calendar feed: %s %s left out, it cannot be written", kind, ident)


# --- tokens ------------------------------------------------------------------------------------


def _mac(selector: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"calendar:" + selector.encode(), hashlib.sha256).hexdigest()[:32]


def active_token(user: User) -> CalendarToken | None:
    return db.session.scalar(
        db.select(CalendarToken).where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
    )


def token_string(token: CalendarToken) -> str:
    """The secret that goes into the user's feed URLs."""
    return f"{token.selector}.{_mac(token.selector)}"


def regenerate(user: User) -> CalendarToken:
    """A new token for ``user``; the old one (if any) stops working at once (audit-recorded).

    The revocation is flushed before the new row is added, both in the caller's transaction:
    the unique index on live tokens then refuses a concurrent regeneration, whose commit
    (:func:`minutes.views.commit`) fails as a Conflict, so exactly one live token remains."""
    old = active_token(user)
    if old is not None:
        old.revoked_at, old.revoked_by_id = utcnow(), user.id
        db.session.flush()
    with db.session.no_autoflush:  # the insert meets the index at the caller's commit
        token = CalendarToken(user_id=user.id, selector=secrets.token_urlsafe(18), created_at=utcnow())
        db.session.add(token)
        record(
            "token.created",
            actor=user,
            unit=user.organisation,
            subject=user.username,
            replaced_old=old is not None,
        )
    return token


def revoke(token: CalendarToken, by: User) -> None:
    """An administrator revokes ``token`` (audit-recorded)."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by_id = utcnow(), by.id
        record("token.revoked", actor=by, unit=token.user.organisation, subject=token.user.username)


def revoke_all(user: User, by: User, reason: str) -> int:
    """Revoke every live token of ``user`` (the account lost its rights or its password
    changed); how many were revoked. Nothing brings them back: a new link must be made."""
    now = utcnow()
    tokens = db.session.scalars(
        db.select(CalendarToken).where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at, token.revoked_by_id = now, by.id
    if tokens:
        record(
            "token.revoked",
            actor=by,
            unit=user.organisation,
            subject=user.username,
            reason=reason,
            count=len(tokens),
        )
    return len(tokens)


def user_for_token(raw: str) -> User | None:
    """The active user whose live token is ``raw``, else None (bad, revoked, inactive)."""
    selector, _dot, mac = (raw or "").partition(".")
    if not selector or not mac or len(raw) > 200:
        return None
    token = db.session.scalar(
        db.select(CalendarToken).where(CalendarToken.selector == selector, CalendarToken.revoked_at.is_(None))
    )
    expected = _mac(token.selector) if token is not None else _mac("no-such-token")
    if not hmac.compare_digest(mac.encode(), expected.encode()) or token is None:
        return None
    user = db.session.get(User, token.user_id)
    return user if user is not None and user.active else None
