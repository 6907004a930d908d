"""Conference logic shared by the views, the CLI and the demo loader."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import extract, func, update
from sqlalchemy.orm import selectinload

from ..clock import utcnow
from ..extensions import db
from ..models import (
    Attendee,
    Conference,
    ConferenceLog,
    Directive,
    DirectiveAddressee,
    Organisation,
    Report,
    Site,
    User,
)
from ..organisations.services import descendants, find_by_name
from ..rules import Conflict, NotEditable, check_date
from ..text import clean_line, fold
from . import checklist, starts

#: The sections of a conference that are saved (and versioned) independently: two people may
#: edit different sections at once; of two saves of one section, the later one is refused.
SECTIONS = {
    "info": "info_version",
    "conclusion": "conclusion_version",
    "sites": "sites_version",
    "attendees": "attendees_version",
    "reports": "reports_version",
}


def section_version(conference: Conference, section: str) -> int:
    return getattr(conference, SECTIONS[section])


def last_change(conference: Conference) -> str:
    """The refusal of a stale save, naming the last change recorded: who, when, what."""
    from ..templating import local_datetime

    entry = db.session.scalar(
        db.select(ConferenceLog)
        .where(ConferenceLog.conference_id == conference.id)
        .order_by(ConferenceLog.id.desc())
        .limit(1)
    )
    if entry is None:
        return _(
            "Người khác vừa sửa phần này trong lúc bạn sửa, nên thay đổi của bạn chưa được "
            "lưu. Hãy xem lại rồi lưu lại nếu vẫn cần."
        )
    return _(
        "%(who)s vừa sửa lúc %(when)s (%(what)s), nên thay đổi của bạn chưa được lưu. "
        "Trang dưới đây là nội dung hiện tại cùng những gì bạn vừa nhập; hãy xem lại rồi "
        "lưu lại nếu vẫn cần.",
        who=entry.user.full_name if entry.user else "?",
        when=local_datetime(entry.at),
        what=entry.note or entry.action,
    )


def claim(conference: Conference, section: str, sent: int) -> None:
    """Refuse (:class:`Conflict`) a save of ``section`` built from version ``sent`` unless it
    is the stored one; else move the section to the next version. The conference row's own
    lock makes two simultaneous claims of the same version fail at commit."""
    ensure_editable(conference)
    column = SECTIONS[section]
    if getattr(conference, column) != sent:
        raise Conflict(last_change(conference))
    setattr(conference, column, sent + 1)


def claim_item(item: Report | Directive, sent: int) -> None:
    """:func:`claim` for one report with its figures, or one directive: checked here and
    again in the row's UPDATE. A directive is also a change of the conclusion's list."""
    ensure_editable(item.conference)
    if item.version != sent:
        raise Conflict(last_change(item.conference))
    item.version = sent + 1
    if isinstance(item, Directive):
        item.conference.conclusion_version += 1


def claim_row(conference: Conference, sent: int) -> None:
    """:func:`claim` for the whole conference (delete, publish, reopen): the page must show
    the conference as it is now, every section included."""
    if conference.version != sent:
        raise Conflict(last_change(conference))


def log(conference: Conference, user: User | None, action: str, note: str = "") -> None:
    """Append to the conference's history."""
    db.session.add(ConferenceLog(conference=conference, user=user, action=action, note=note))


def ensure_editable(conference: Conference) -> None:
    if conference.is_published:
        raise NotEditable(_("Biên bản đã công bố nên chỉ đọc. Hãy mở lại biên bản trước khi sửa."))


def update_info(
    conference: Conference,
    *,
    title: str,
    kind: str,
    period: tuple,
    period_year,
    starts_on: date | None,
    day_part: str | None,
    start_time: time | None,
    ends_at: datetime | None,
    format: str,  # noqa: A002
    reported_delegates,
    reported_delegates_qualifier: str,
    notes: str,
    organiser: Organisation | None,
) -> None:
    """Set the general information. The start is what is known of it: the local day, the part
    of the day, the local time (see :func:`set_start`); ``ends_at`` is naive UTC. A change of
    title or time is a change of the calendar event: its SEQUENCE moves."""
    check_date(ends_at, "ends_at")
    before = _event_facts(conference)
    starts.set_start(conference, starts_on, day_part, start_time)
    conference.title = title
    conference.kind = kind
    conference.period_kind, conference.period_number = period
    conference.period_year = period_year
    conference.ends_at = ends_at
    conference.format = format
    conference.reported_delegates = reported_delegates
    conference.reported_delegates_qualifier = reported_delegates_qualifier
    conference.notes = notes or ""
    set_organiser(conference, organiser)
    if conference.id is not None and _event_facts(conference) != before:
        conference.ical_sequence += 1


def _event_facts(conference: Conference) -> tuple:
    """What the calendar event shows of the general information."""
    c = conference
    return (c.title, c.starts_on, c.day_part, c.starts_at, c.ends_at)


def set_organiser(conference: Conference, organisation: Organisation | None) -> None:
    """Point at the unit and keep its current name with the conference."""
    conference.organiser = organisation
    conference.organiser_name = organisation.name if organisation else ""
    conference.refresh_search()


def conference_date(conference: Conference) -> date | None:
    """The local date the conference started on (known even when the hour is not)."""
    return conference.starts_on


def next_position(items) -> int:
    return max((i.position for i in items), default=0) + 1


# --- list and search ---------------------------------------------------------------


def list_query(
    q: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    organiser_id: int | None = None,
    status: str | None = None,
):
    """The select behind the conference list: newest first, filters applied."""
    query = db.select(Conference).options(selectinload(Conference.sites))
    if q:
        for word in fold(q).split():
            query = query.where(Conference.search_folded.contains(word, autoescape=True))
    if year:
        query = query.where(
            (Conference.period_year == year)
            | ((Conference.period_year.is_(None)) & (extract("year", Conference.starts_on) == year))
        )
    if kind:
        query = query.where(Conference.kind == kind)
    if organiser_id:
        query = query.where(Conference.organiser_id == organiser_id)
    if status:
        query = query.where(Conference.status == status)
    return query.order_by(*starts.chronological(newest_first=True))


def load_full(conference_id: int) -> Conference | None:
    """A conference with everything the minutes page shows, in a fixed number of queries."""
    return db.session.scalar(
        db.select(Conference)
        .where(Conference.id == conference_id)
        .options(
            selectinload(Conference.sites).selectinload(Site.attendees),
            selectinload(Conference.attendees).selectinload(Attendee.site),
            selectinload(Conference.reports).selectinload(Report.figures),
            selectinload(Conference.directives).selectinload(Directive.addressees),
            selectinload(Conference.log).selectinload(ConferenceLog.user),
        )
    )


# --- life cycle ---------------------------------------------------------------------


def publish(conference: Conference, user: User) -> list[str]:
    """Publish the minutes unless a check refuses it (see :mod:`.checklist`: no day, no
    organiser, no chair); returns the refusals' messages, and changes nothing then. Warnings
    do not stop it: whoever publishes has seen them on the publish page."""
    refusals = checklist.publish_checks(conference).refusals
    if refusals:
        return [check.message for check in refusals]
    conference.status = "published"
    conference.published_at = utcnow()
    conference.ical_sequence += 1
    log(conference, user, "published")
    return []


def reopen(conference: Conference, user: User, reason: str) -> None:
    """Turn published minutes back into a draft, recording who and why."""
    conference.status = "draft"
    conference.published_at = None
    conference.ical_sequence += 1
    log(conference, user, "reopened", reason)


# --- sites ----------------------------------------------------------------------------


def add_sites_for_units(conference: Conference, units: list[Organisation]) -> tuple[int, int]:
    """Add a connected site for each unit not yet present; returns (added, skipped)."""
    ensure_editable(conference)
    present = {s.organisation_id for s in conference.sites if s.organisation_id}
    position = next_position(conference.sites)
    added = 0
    for unit in units:
        if unit.id in present:
            continue
        conference.sites.append(Site(name=unit.name, organisation=unit, position=position, is_host=False))
        present.add(unit.id)
        position += 1
        added += 1
    return added, len(units) - added


def add_sites_under(conference: Conference, parent: Organisation, level: str | None) -> tuple[int, int]:
    """Add the sites of every unit under ``parent`` (its children, or all of ``level``)."""
    return add_sites_for_units(conference, descendants(parent, level))


def add_pasted_sites(conference: Conference, text: str) -> tuple[int, int]:
    """One site per non-empty line; a line naming a unit is tied to it. Returns (added, skipped)."""
    ensure_editable(conference)
    existing = {fold(s.name) for s in conference.sites}
    position = next_position(conference.sites)
    added = skipped = 0
    for raw in text.splitlines():
        name = clean_line(raw.lstrip("-•*0123456789.) \t"))
        if not name:
            continue
        if fold(name) in existing:
            skipped += 1
            continue
        unit = find_by_name(name)
        conference.sites.append(Site(name=name, organisation=unit, position=position))
        existing.add(fold(name))
        position += 1
        added += 1
    return added, skipped


def add_host_site(conference: Conference, organisation: Organisation) -> Site:
    """The host site at ``organisation`` (named after it), first in the list."""
    site = Site(name=organisation.name, organisation=organisation, is_host=True, position=1)
    for other in conference.sites:
        other.position += 1
        other.is_host = False
    conference.sites.insert(0, site)
    return site


def make_host(conference: Conference, site: Site) -> None:
    """Only one site is the host."""
    for other in conference.sites:
        other.is_host = other is site


# --- directives -----------------------------------------------------------------------


def set_directive(
    directive: Directive, *, text: str, due_date: date | None, units: list[Organisation], groups: list[str]
) -> bool:
    """Set a directive's wording, due date and addressees; True when the wording changed (its
    tasks' calendar summaries then change with it)."""
    check_date(due_date, "due_date")
    changed = directive.id is not None and directive.text != text
    directive.text = text
    directive.due_date = due_date
    set_addressees(directive, units, groups)
    if changed:
        touch_tasks(directive)
    return changed


def set_addressees(directive: Directive, units: list[Organisation], groups: list[str]) -> None:
    """Replace the addressees: units first (with their current names), then worded groups."""
    directive.addressees.clear()
    db.session.flush()
    position = 1
    for unit in units:
        directive.addressees.append(DirectiveAddressee(organisation=unit, label=unit.name, position=position))
        position += 1
    for group in groups:
        group = clean_line(group)
        if group:
            directive.addressees.append(DirectiveAddressee(label=group, position=position))
            position += 1


def move(items: list, item, offset: int) -> None:
    """Move ``item`` up (−1) or down (+1) among ``items`` (ordered by position), renumbering."""
    ordered = sorted(items, key=lambda i: i.position)
    index = ordered.index(item)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for number, each in enumerate(ordered, start=1):
        each.position = number


def renumber(items: list) -> None:
    """Number ``items`` 1, 2, 3 … in their current order."""
    for number, each in enumerate(sorted(items, key=lambda i: i.position), start=1):
        each.position = number


def task_count(conference: Conference | None = None, directive: Directive | None = None) -> int:
    """Tasks assigned from a conference's or a directive's directives (they block deletion)."""
    from ..models import Task

    query = db.select(func.count()).select_from(Task)
    if directive is not None:
        query = query.where(Task.directive_id == directive.id)
    if conference is not None:
        query = query.join(Directive, Directive.id == Task.directive_id).where(
            Directive.conference_id == conference.id
        )
    return db.session.scalar(query) or 0


def touch_tasks(directive: Directive) -> None:
    """The directive's wording changed: its tasks' calendar items change with it."""
    from ..models import Task

    db.session.execute(
        update(Task)
        .where(Task.directive_id == directive.id)
        .values(ical_sequence=Task.ical_sequence + 1, updated_at=utcnow(), version=Task.version + 1)
    )
