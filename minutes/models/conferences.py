"""A conference and everything recorded at it: sites, attendees, reports, conclusion."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship, validates

from ..clock import local_zone, utcnow
from ..formatting import day_part_of
from ..text import clean_line, fold, nfc
from .base import Model
from .organisations import Organisation
from .users import User

if TYPE_CHECKING:
    from .reports import Report

KINDS = ("review", "midyear", "annual", "thematic", "other")
FORMATS = ("online", "in_person", "hybrid")
#: How the reviewed period is divided: quý, 6 tháng, 9 tháng, năm, tháng.
PERIOD_KINDS = ("quarter", "half", "nine_months", "year", "month")
STATUSES = ("draft", "published")
ATTENDEE_ROLES = ("chair", "delegate", "guest", "secretary")
PRESENCE = ("present", "excused", "absent")
REPORT_KINDS = ("report", "statement", "guidance")
#: Words Vietnamese reports put before a rounded figure ("hơn 26.000").
QUALIFIERS = ("", "hơn", "trên", "khoảng", "gần", "dưới")
#: Part of the day when the hour is not known ("sáng 22/9"), in the order a day runs.
DAY_PARTS = ("morning", "afternoon", "evening")
#: What a figure counts over: the reviewed period itself, or from the start of the year, of
#: the term, or in total ("từ đầu năm đến nay").
FIGURE_SCOPES = ("", "year_to_date", "term_to_date", "cumulative")


class Conference(Model):
    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    #: :func:`minutes.text.fold` of title and organiser name, for search.
    search_folded: Mapped[str] = mapped_column(Text, default="")
    #: One of :data:`KINDS`: giao ban định kỳ, sơ kết, tổng kết, chuyên đề, khác.
    kind: Mapped[str] = mapped_column(String(20))
    #: The reviewed period, stored structured: year plus :data:`PERIOD_KINDS` and its number
    #: (quarter 1–4, half 1–2, month 1–12; none for a whole year or nine months).
    period_year: Mapped[int | None] = mapped_column(index=True)
    period_kind: Mapped[str | None] = mapped_column(String(20))
    period_number: Mapped[int | None]
    #: The day it starts, in the configured time zone: often all that is known at first.
    starts_on: Mapped[date | None] = mapped_column(index=True)
    #: One of :data:`DAY_PARTS` when only "sáng", "chiều" or "tối" is known.
    day_part: Mapped[str | None] = mapped_column(String(10))
    #: Naive UTC, set only when the hour is known (``starts_on`` is then its local day).
    #: Without it the calendar event is all-day.
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    #: One of :data:`FORMATS`.
    format: Mapped[str] = mapped_column(String(20), default="online")
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The organiser's name when the conference was recorded.
    organiser_name: Mapped[str] = mapped_column(String(255), default="")
    #: Delegate total as reported ("hơn 300") for when the per-site counts are not known;
    #: whenever sites carry headcounts, the total is their sum instead.
    reported_delegates: Mapped[int | None]
    reported_delegates_qualifier: Mapped[str] = mapped_column(String(20), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: draft while being written; published minutes are read-only until reopened.
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    published_at: Mapped[datetime | None]
    #: The conference this draft was started from (its structure was copied).
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="SET NULL"))
    #: Stable key for records loaded from the demo data or imported, so reloads are idempotent.
    external_uid: Mapped[str | None] = mapped_column(String(255), unique=True)
    #: iCalendar UID of the meeting event: random, stable forever.
    ical_uid: Mapped[str] = mapped_column(String(255), unique=True, default=lambda: f"{uuid4()}@minutes")
    #: iCalendar SEQUENCE: bumped when the title, time, place or status changes.
    ical_sequence: Mapped[int] = mapped_column(default=0)
    #: Optimistic lock: every UPDATE checks and bumps it, so a save built from an older
    #: version fails (409) instead of silently overwriting someone else's change.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    #: One counter per section, checked against the ``version`` each changing form posts
    #: (see :func:`minutes.conferences.services.claim`): two people may edit different
    #: sections at once, and of two saves of the same section the later one is refused.
    info_version: Mapped[int] = mapped_column(default=1, server_default="1")
    conclusion_version: Mapped[int] = mapped_column(default=1, server_default="1")
    sites_version: Mapped[int] = mapped_column(default=1, server_default="1")
    attendees_version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: The agenda: which reports, in which order (each report's content has its own).
    reports_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organiser: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    copied_from: Mapped[Conference | None] = relationship(remote_side=[id])
    sites: Mapped[list[Site]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Site.position"
    )
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Attendee.position"
    )
    reports: Mapped[list[Report]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Report.position"
    )
    directives: Mapped[list[Directive]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Directive.position"
    )
    log: Mapped[list[ConferenceLog]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ConferenceLog.id"
    )

    @validates("title")
    def _set_title(self, _key: str, value: str) -> str:
        return clean_line(value)

    @validates("starts_at")
    def _set_start(self, _key: str, value: datetime | None) -> datetime | None:
        """A known hour fixes the day too (``starts_on`` is its local date) and the part of
        the day (:func:`minutes.formatting.day_part_of`)."""
        if value is not None:
            local = value.replace(tzinfo=UTC).astimezone(local_zone())
            self.starts_on = local.date()
            self.day_part = day_part_of(local.time())
        return value

    @validates("conclusion", "notes")
    def _set_text(self, _key: str, value: str | None) -> str:
        return (nfc(value) or "").strip()

    def refresh_search(self) -> None:
        """Recompute :attr:`search_folded` from the title and organiser."""
        self.search_folded = fold(f"{self.title} {self.organiser_name}")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def host_site(self) -> Site | None:
        return next((s for s in self.sites if s.is_host), None)

    @property
    def connected_sites(self) -> list[Site]:
        return [s for s in self.sites if not s.is_host]

    @property
    def chairs(self) -> list[Attendee]:
        return [a for a in self.attendees if a.role == "chair"]

    @property
    def secretaries(self) -> list[Attendee]:
        return [a for a in self.attendees if a.role == "secretary"]

    @property
    def delegate_total(self) -> int | None:
        """The sum of the sites' reported headcounts, when any site has one.

        None otherwise: the reported total ("hơn 300 đại biểu", :attr:`reported_delegates`) is
        shown instead, or nothing. Never counted from the attendees listed: they are typically
        the chair and a few guests, only a part of the room, and the minutes must not print a
        number nobody reported.
        """
        known = [s.headcount for s in self.sites if s.headcount is not None]
        return sum(known) if known else None

    @property
    def has_headcount(self) -> bool:
        """Whether a delegate count was reported, per site or in total."""
        return self.delegate_total is not None or self.reported_delegates is not None


class ConferenceLog(Model):
    """Append-only record of what happened to a conference: created, published, reopened."""

    __tablename__ = "conference_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: created, edited, published, reopened.
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")

    conference: Mapped[Conference] = relationship(back_populates="log")
    user: Mapped[User | None] = relationship()


class Site(Model):
    """A điểm cầu: the host site or one connected site."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: The site's name as recorded (usually the unit's name at the time).
    name: Mapped[str] = mapped_column(String(255))
    is_host: Mapped[bool] = mapped_column(default=False)
    leader_name: Mapped[str] = mapped_column(String(200), default="")
    leader_title: Mapped[str] = mapped_column(String(255), default="")
    #: Delegates present at this site, as reported; None when not known.
    headcount: Mapped[int | None]
    room: Mapped[str] = mapped_column(String(255), default="")
    join_url: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)

    conference: Mapped[Conference] = relationship(back_populates="sites")
    organisation: Mapped[Organisation | None] = relationship()
    attendees: Mapped[list[Attendee]] = relationship(back_populates="site")

    @validates("name", "leader_name", "leader_title", "room", "join_url")
    def _clean(self, _key: str, value: str | None) -> str:
        return clean_line(value) or ""

    @property
    def delegate_count(self) -> int | None:
        """The reported headcount, else the number of present attendees listed here."""
        if self.headcount is not None:
            return self.headcount
        listed = sum(1 for a in self.attendees if a.presence == "present")
        return listed or None


class Attendee(Model):
    __tablename__ = "attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: The organisation's name when recorded, or free text for a body not in the tree.
    organisation_name: Mapped[str] = mapped_column(String(255), default="")
    #: May be empty when only the office is known ("Chủ nhiệm UBKT Trung ương").
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Chức vụ.
    job_title: Mapped[str] = mapped_column(String(255), default="")
    #: One of :data:`ATTENDEE_ROLES`: chủ trì, đại biểu, khách mời, thư ký.
    role: Mapped[str] = mapped_column(String(20), default="delegate")
    #: One of :data:`PRESENCE`: có mặt, vắng có lý do, vắng.
    presence: Mapped[str] = mapped_column(String(20), default="present")
    absence_reason: Mapped[str] = mapped_column(String(255), default="")
    position: Mapped[int] = mapped_column(default=0)

    conference: Mapped[Conference] = relationship(back_populates="attendees")
    site: Mapped[Site | None] = relationship(back_populates="attendees")
    organisation: Mapped[Organisation | None] = relationship()

    @validates("name", "job_title", "organisation_name", "absence_reason")
    def _clean(self, _key: str, value: str | None) -> str:
        return clean_line(value) or ""

    @property
    def display_name(self) -> str:
        """ "Trần Cẩm Tú, Chủ nhiệm UBKT Trung ương", or just the office."""
        return ", ".join(p for p in (self.name, self.job_title) if p)


class Directive(Model):
    """One chỉ đạo / nhiệm vụ of the conclusion: the input of task tracking."""

    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    #: None means thường xuyên (ongoing, no deadline).
    due_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Optimistic lock, as on :class:`Report`: bumped by every save of the directive (see
    #: :func:`minutes.conferences.services.claim_item`), checked in the same UPDATE.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    conference: Mapped[Conference] = relationship(back_populates="directives")
    addressees: Mapped[list[DirectiveAddressee]] = relationship(
        back_populates="directive", cascade="all, delete-orphan", order_by="DirectiveAddressee.position"
    )

    @validates("text")
    def _clean(self, _key: str, value: str) -> str:
        return (nfc(value) or "").strip()


class DirectiveAddressee(Model):
    """A unit, or a group such as "các cấp ủy", that a directive is addressed to."""

    __tablename__ = "directive_addressees"

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"), index=True)
    #: Set for a unit of the tree; None for a group named in words.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: The unit's name when addressed, or the group's wording ("UBKT các cấp").
    label: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(default=0)

    directive: Mapped[Directive] = relationship(back_populates="addressees")
    organisation: Mapped[Organisation | None] = relationship()

    @validates("label")
    def _clean(self, _key: str, value: str) -> str:
        return clean_line(value) or ""


@event.listens_for(ConferenceLog, "before_update")
def _log_is_append_only(_mapper, _connection, target: ConferenceLog) -> None:
    """A conference's history is written once; nothing in the app rewrites an entry."""
    raise ValueError(f"conference history row {target.id} cannot be changed")


@event.listens_for(ConferenceLog, "before_delete")
def _log_goes_only_with_its_draft(_mapper, _connection, target: ConferenceLog) -> None:
    """History rows go only with the draft they belong to (whose deletion is in the audit
    trail, history included); never one by one."""
    session = object_session(target)
    if session is not None and target.conference is not None and target.conference in session.deleted:
        return
    raise ValueError(f"conference history row {target.id} cannot be deleted")
