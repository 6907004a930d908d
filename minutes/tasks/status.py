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


def task_status(due_date: date | None, completed_on: date | None, cancelled: bool, today: date) -> str:
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


def completed_as_of(completed_on: date | None, day: date) -> date | None:
    """The completion as it stood at the end of ``day``: one recorded later had not happened."""
    return completed_on if completed_on is not None and completed_on <= day else None


def task_status_as_of(due_date: date | None, completed_on: date | None, cancelled: bool, day: date) -> str:
    """:func:`task_status` as it stood on ``day`` (a period's last day, for a report): a task
    ticked off after ``day`` was still open then, so overdue or in progress on that day.

    The same rule: :func:`task_status` is this with ``day`` = today, since a completion is
    never recorded in the future."""
    return task_status(due_date, completed_as_of(completed_on, day), cancelled, day)


def status_as_of(task, day: date) -> str:
    """:func:`task_status_as_of` of a :class:`~minutes.models.Task`."""
    return task_status_as_of(task.due_date, task.completed_on, task.cancelled_at is not None, day)


def overdue_days(due_date: date | None, today: date) -> int:
    """Days past ``due_date`` (0 when not past or no due date)."""
    if due_date is None or due_date >= today:
        return 0
    return (today - due_date).days


def status_sql(model, today: date) -> ColumnElement[str]:
    """:func:`task_status` as a SQL expression over ``model``'s columns (same answers)."""
    return _status_case(model, today, model.completed_on.is_not(None))


def completed_as_of_sql(model, day: date) -> ColumnElement[bool]:
    """:func:`completed_as_of` in SQL: ticked off on or before ``day``."""
    return model.completed_on.is_not(None) & (model.completed_on <= day)


def status_as_of_sql(model, day: date) -> ColumnElement[str]:
    """:func:`task_status_as_of` as a SQL expression (same answers)."""
    return _status_case(model, day, completed_as_of_sql(model, day))


def _status_case(model, day: date, completed: ColumnElement[bool]) -> ColumnElement[str]:
    """The rule of :func:`task_status` in SQL, ``completed`` saying whether the task counts as
    ticked off (always, or by a given day)."""
    return case(
        (model.cancelled_at.is_not(None), CANCELLED),
        (
            completed,
            case(
                (model.due_date.is_(None), DONE_ON_TIME),
                (model.completed_on <= model.due_date, DONE_ON_TIME),
                else_=DONE_LATE,
            ),
        ),
        (model.due_date.is_(None), ONGOING),
        (model.due_date < day, OVERDUE),
        else_=IN_PROGRESS,
    )


# --- the vocabulary: one name for each question asked of a task ----------------------------


def is_cancelled(task) -> bool:
    return task.cancelled_at is not None


def is_done(task) -> bool:
    """Ticked off (and not cancelled)."""
    return task.cancelled_at is None and task.completed_on is not None


def is_open(task) -> bool:
    """Still to be done: neither ticked off nor cancelled."""
    return task.cancelled_at is None and task.completed_on is None


def is_late(task, today: date) -> bool:
    """Open past its due date, or ticked off after it."""
    return status_of(task, today) in (OVERDUE, DONE_LATE)


def is_standing(task) -> bool:
    """Thường xuyên: no due date, so never late and never in the completion rate."""
    return task.due_date is None


def in_calendar(task) -> bool:
    """Whether a task has a deadline to put in a calendar: a due date, not cancelled."""
    return task.due_date is not None and task.cancelled_at is None


def open_sql(model) -> ColumnElement[bool]:
    """:func:`is_open` in SQL."""
    return model.cancelled_at.is_(None) & model.completed_on.is_(None)


def done_sql(model) -> ColumnElement[bool]:
    """:func:`is_done` in SQL."""
    return model.cancelled_at.is_(None) & model.completed_on.is_not(None)


def live_sql(model) -> ColumnElement[bool]:
    """Not cancelled, in SQL."""
    return model.cancelled_at.is_(None)


def standing_done_sql(model, as_of: date | None = None) -> ColumnElement[bool]:
    """A standing (thường xuyên) task that was ticked off (by ``as_of`` when given), in SQL
    (beside the rate)."""
    done = done_sql(model) if as_of is None else live_sql(model) & completed_as_of_sql(model, as_of)
    return done & model.due_date.is_(None)


def rate_order_sql(on_time, late, in_progress, overdue, standing_done) -> ColumnElement[float]:
    """:attr:`Rollup.rate` in SQL from a group's sums of each status (and of standing tasks
    ticked off), for ORDER BY: 101 where no task has a due date, so such groups come last
    when the worst rate comes first."""
    done = on_time + late - standing_done
    total = on_time + late + in_progress + overdue - standing_done
    return case((total == 0, 101.0), else_=100.0 * done / total)


def rollup_of(rows) -> Rollup:
    """A :class:`Rollup` from (status, is a standing task ticked off, n) rows."""
    counts = dict.fromkeys(STATUSES, 0)
    standing_done = 0
    for status, standing, n in rows:
        counts[status] = counts.get(status, 0) + n
        if standing:
            standing_done += n
    return Rollup(counts, standing_done)


class Rollup:
    """Counts by status of a set of tasks, and the figures reports quote.

    The **completion rate** is defined here once, for every page, export and report: tasks
    done ÷ tasks with a due date, cancelled ones left out. Thường xuyên (standing) tasks have
    no deadline to meet; they are reported beside the rate as their own done/total
    (:attr:`standing_done` of :attr:`standing`), never as unfinished work.
    """

    def __init__(self, counts: dict[str, int], standing_done: int = 0):
        self.counts = counts
        #: Standing tasks ticked off (they count as :data:`DONE_ON_TIME` in ``counts``).
        self.standing_done = standing_done

    @property
    def all(self) -> int:
        """Every task that is not cancelled, standing ones included."""
        return sum(n for s, n in self.counts.items() if s != CANCELLED)

    @property
    def standing(self) -> int:
        """Thường xuyên tasks (not cancelled), done or open."""
        return self.counts[ONGOING] + self.standing_done

    @property
    def total(self) -> int:
        """Tasks in the completion rate: with a due date, not cancelled."""
        return self.all - self.standing

    @property
    def done(self) -> int:
        """Tasks with a due date that are done (on time or late)."""
        return self.counts[DONE_ON_TIME] + self.counts[DONE_LATE] - self.standing_done

    @property
    def overdue(self) -> int:
        return self.counts[OVERDUE]

    @property
    def rate(self) -> float | None:
        """The completion rate in per cent: :attr:`done` ÷ :attr:`total` (None when no task
        has a due date)."""
        return 100 * self.done / self.total if self.total else None

    def __getitem__(self, status: str) -> int:
        return self.counts[status]
