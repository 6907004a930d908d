"""The one status rule of a task, in Python and as SQL that gives the same answer.

Status is derived, never typed, on the two axes Vietnamese task reports use: done or not,
on time or late; plus tasks without a deadline (thường xuyên) and cancelled ones.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import case
from sqlalchemy.sql.elements import ColumnElement

CANCELLED = "cancelled"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
ONGOING = "ongoing"  # open, no due date (thường xuyên)
IN_PROGRESS = "in_progress"  # open, due date not passed
OVERDUE = "overdue"  # open, due date passed

#: Display order, also the order of counts on roll-ups and the dashboard.
STATUSES = (DONE_ON_TIME, DONE_LATE, IN_PROGRESS, OVERDUE, ONGOING, CANCELLED)
DONE = (DONE_ON_TIME, DONE_LATE)
OPEN = (IN_PROGRESS, OVERDUE, ONGOING)
#: Overdue age buckets reported upward (days past the due date in force).
OVERDUE_BUCKETS = (30, 120)


def task_status(due_date: date | None, completed_on: date | None, cancelled: bool,
                today: date) -> str:
    """The status of a task whose due date in force is ``due_date``, as of ``today``.

    Done on the due date counts as on time; a task due today is not yet overdue.
    """
    if cancelled:
        return CANCELLED
    if completed_on is not None:
        if due_date is None or completed_on <= due_date:
            return DONE_ON_TIME
        return DONE_LATE
    if due_date is None:
        return ONGOING
    if due_date < today:
        return OVERDUE
    return IN_PROGRESS


def status_of(task, today: date) -> str:
    """:func:`task_status` of a :class:`~minutes.models.Task`."""
    return task_status(task.due_date, task.completed_on, task.cancelled_at is not None, today)


def overdue_days(due_date: date | None, today: date) -> int:
    """Days past ``due_date`` (0 when not past or no due date)."""
    if due_date is None or due_date >= today:
        return 0
    return (today - due_date).days


def status_sql(model, today: date) -> ColumnElement[str]:
    """:func:`task_status` as a SQL expression over ``model``'s columns (same answers)."""
    return case(
        (model.cancelled_at.is_not(None), CANCELLED),
        (
            model.completed_on.is_not(None),
            case(
                (model.due_date.is_(None), DONE_ON_TIME),
                (model.completed_on <= model.due_date, DONE_ON_TIME),
                else_=DONE_LATE,
            ),
        ),
        (model.due_date.is_(None), ONGOING),
        (model.due_date < today, OVERDUE),
        else_=IN_PROGRESS,
    )


def is_done_sql(model) -> ColumnElement[bool]:
    return (model.cancelled_at.is_(None)) & (model.completed_on.is_not(None))


def count_by_status(rows) -> dict[str, int]:
    """``{status: n}`` for every status (zeros included) from (status, n) rows."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in rows:
        counts[status] = counts.get(status, 0) + n
    return counts


class Rollup:
    """Counts by status of a set of tasks, and the figures reports quote."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts

    @property
    def total(self) -> int:
        """Tasks that count: cancelled ones are left out."""
        return sum(n for s, n in self.counts.items() if s != CANCELLED)

    @property
    def done(self) -> int:
        return self.counts[DONE_ON_TIME] + self.counts[DONE_LATE]

    @property
    def overdue(self) -> int:
        return self.counts[OVERDUE]

    @property
    def rate(self) -> float | None:
        """Share of counted tasks that are done, in per cent (None when there are none)."""
        return 100 * self.done / self.total if self.total else None

    def __getitem__(self, status: str) -> int:
        return self.counts[status]


