"""Tracked tasks: what each unit must do for a directive, by when, and what it did."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship, validates

from ..clock import utcnow
from ..text import clean_line, nfc
from .base import Model
from .conferences import Directive
from .organisations import Organisation
from .users import User

PRIORITIES = ("high", "normal", "low")


def new_uid() -> str:
    """A calendar UID: random, so unique per installation, and never regenerated."""
    return f"{uuid4()}@minutes"


class Task(Model):
    """One unit's share of a directive. Its status is derived (see :mod:`minutes.tasks.status`)."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        Index("ix_tasks_directive_parent", "directive_id", "parent_id"),
        Index("ix_tasks_org_due", "organisation_id", "due_date"),
        # One live (not cancelled) task per unit: per directive at the top level, per parent
        # task for delegated ones. Concurrent "assign" posts cannot create a second one.
        Index(
            "uq_tasks_live_top",
            "directive_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("parent_id IS NULL AND cancelled_at IS NULL"),
            postgresql_where=text("parent_id IS NULL AND cancelled_at IS NULL"),
        ),
        Index(
            "uq_tasks_live_delegated",
            "parent_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("parent_id IS NOT NULL AND cancelled_at IS NULL"),
            postgresql_where=text("parent_id IS NOT NULL AND cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"))
    #: Set on a task delegated to a sub-unit: the task it is a part of.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    #: The lead unit (đơn vị chủ trì).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    #: The lead unit's name when assigned: renaming or merging a unit never rewrites the record.
    organisation_name: Mapped[str] = mapped_column(String(255))
    lead_person: Mapped[str | None] = mapped_column(String(200))
    #: One of :data:`PRIORITIES`.
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    #: The due date first given; None means thường xuyên (ongoing).
    original_due_date: Mapped[date | None]
    #: The due date in force: the original one, or the last approved extension.
    due_date: Mapped[date | None] = mapped_column(index=True)
    #: The day the unit finished (local date); None while open.
    completed_on: Mapped[date | None]
    result_note: Mapped[str | None] = mapped_column(Text)
    #: 0–100. For a task with sub-tasks it is derived from them.
    progress: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    #: iCalendar UID of the deadline event (the to-do uses "todo-" + this). Stable forever.
    uid: Mapped[str] = mapped_column(String(255), unique=True, default=new_uid)
    #: iCalendar SEQUENCE: bumped whenever the due date, summary or state changes.
    ical_sequence: Mapped[int] = mapped_column(default=0)
    #: Optimistic lock: every UPDATE checks and bumps it, so a save built from an older
    #: version fails (409) instead of silently overwriting someone else's change.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    directive: Mapped[Directive] = relationship()
    organisation: Mapped[Organisation] = relationship()
    parent: Mapped[Task | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Task]] = relationship(
        back_populates="parent", order_by="[Task.organisation_name, Task.id]", passive_deletes=True
    )
    partners: Mapped[list[TaskPartner]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        order_by="[TaskPartner.organisation_name, TaskPartner.id]",
    )
    extensions: Mapped[list[TaskExtension]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        order_by="[TaskExtension.requested_at, TaskExtension.id]",
    )
    events: Mapped[list[TaskEvent]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskEvent.id.desc()"
    )

    @validates("lead_person", "cancel_reason", "result_note")
    def _clean(self, key: str, value: str | None) -> str | None:
        if value is None:
            return None
        value = clean_line(value) if key == "lead_person" else (nfc(value) or "").strip()
        return value or None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def pending_extension(self) -> TaskExtension | None:
        return next((e for e in self.extensions if e.state == "pending"), None)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.organisation_name!r}>"


class TaskPartner(Model):
    """A co-operating unit (đơn vị phối hợp) of a task."""

    __tablename__ = "task_partners"
    __table_args__ = (UniqueConstraint("task_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    #: The unit's name when it was added.
    organisation_name: Mapped[str] = mapped_column(String(255))

    task: Mapped[Task] = relationship(back_populates="partners")


EXTENSION_STATES = ("pending", "approved", "rejected")


class TaskExtension(Model):
    """A request to move a due date (gia hạn) and its decision. Never deleted."""

    __tablename__ = "task_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    #: The due date in force when the request was made.
    previous_due_date: Mapped[date | None]
    requested_due_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: One of :data:`EXTENSION_STATES`.
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    #: The document that granted or refused it, e.g. "Công văn số 12-CV/UBKTTU".
    reference: Mapped[str | None] = mapped_column(String(255))
    decision_note: Mapped[str | None] = mapped_column(Text)

    task: Mapped[Task] = relationship(back_populates="extensions")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class TaskEvent(Model):
    """Append-only history of a task: who changed what, when, from what to what."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: created, reassigned, due_changed, progress, completed, reopened, extension_requested,
    #: extension_approved, extension_rejected, cancelled, delegated, edited.
    action: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(500))
    new_value: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    task: Mapped[Task] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class ReminderLog(Model):
    """One row per user and day a reminder digest was sent, so cron can run it twice safely."""

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("user_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sent_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    task_count: Mapped[int] = mapped_column(default=0)


class CalendarToken(Model):
    """The secret in a user's calendar feed URLs (calendar clients cannot log in).

    Only a random ``selector`` is stored; the URL carries ``selector.mac`` where ``mac`` is an
    HMAC of the selector under the app's SECRET_KEY, checked in constant time. A copy of the
    database alone therefore opens no feed. Regenerating revokes the old row and adds a new one.
    """

    __tablename__ = "calendar_tokens"
    __table_args__ = (
        # At most one working token per user, however many "new link" posts race.
        Index(
            "uq_calendar_tokens_live",
            "user_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    selector: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


@event.listens_for(TaskEvent, "before_update")
def _history_is_append_only(_mapper, _connection, target: TaskEvent) -> None:
    """History rows are written once; nothing in the app may rewrite one.

    Only the demo loader, which backdates the history it generates, is let through.
    """
    session = object_session(target)
    if session is not None and session.info.get("backdating_demo_history"):
        return
    raise ValueError(f"task history row {target.id} cannot be changed")


@event.listens_for(TaskEvent, "before_delete")
def _history_goes_only_with_its_task(_mapper, _connection, target: TaskEvent) -> None:
    """History rows are never deleted one by one; only with their task (which no path of
    the app deletes: a conference with tasks cannot be deleted either)."""
    session = object_session(target)
    if session is not None and target.task is not None and target.task in session.deleted:
        return
    raise ValueError(f"task history row {target.id} cannot be deleted")
