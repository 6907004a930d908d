"""The one status rule, at every boundary, and its SQL twin giving the same answers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task
from minutes.tasks import status as st

TODAY = date(2026, 11, 22)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)

CASES = [
    # (due date in force, completed on, cancelled, expected)
    (TODAY, None, False, st.IN_PROGRESS),  # due today: not yet overdue
    (TOMORROW, None, False, st.IN_PROGRESS),
    (YESTERDAY, None, False, st.OVERDUE),  # due yesterday, still open
    (YESTERDAY, YESTERDAY, False, st.DONE_ON_TIME),  # completed on the due date
    (YESTERDAY, TODAY, False, st.DONE_LATE),  # completed a day late
    (TOMORROW, TODAY, False, st.DONE_ON_TIME),  # completed early
    (None, None, False, st.ONGOING),  # thường xuyên
    (None, TODAY, False, st.DONE_ON_TIME),  # ongoing task ticked off
    (YESTERDAY, None, True, st.CANCELLED),  # cancelled wins over overdue
    (YESTERDAY, TODAY, True, st.CANCELLED),
]


@pytest.mark.parametrize("due, completed, cancelled, expected", CASES)
def test_status_boundaries(due, completed, cancelled, expected):
    assert st.task_status(due, completed, cancelled, TODAY) == expected


def test_extension_moves_the_status_against_the_due_date_in_force():
    original, extended = date(2026, 11, 1), date(2026, 12, 15)
    assert st.task_status(original, None, False, TODAY) == st.OVERDUE
    # The original date stays on record; status follows the approved one.
    assert st.task_status(extended, None, False, TODAY) == st.IN_PROGRESS
    assert st.task_status(extended, date(2026, 12, 10), False, TODAY) == st.DONE_ON_TIME


def test_overdue_age():
    assert st.overdue_days(TODAY - timedelta(days=31), TODAY) == 31
    assert st.overdue_days(TODAY, TODAY) == 0
    assert st.overdue_days(None, TODAY) == 0


def test_sql_expression_agrees_with_python(app):
    conference = Conference(title="Hội nghị", kind="review")
    directive = Directive(conference=conference, text="Chỉ đạo")
    db.session.add_all([conference, directive])
    tasks = []
    for i, (due, completed, cancelled, _expected) in enumerate(CASES):
        # One unit per case: a unit holds one live task per directive.
        unit = Organisation(name=f"Đơn vị {i}", level="district")
        task = Task(
            directive=directive,
            organisation=unit,
            organisation_name=unit.name,
            due_date=due,
            original_due_date=due,
            completed_on=completed,
            cancelled_at=datetime(2026, 11, 20) if cancelled else None,
        )
        tasks.append(task)
    db.session.add_all(tasks)
    db.session.commit()
    rows = dict(db.session.execute(db.select(Task.id, st.status_sql(Task, TODAY))).all())
    for task, (*_inputs, expected) in zip(tasks, CASES, strict=True):
        assert rows[task.id] == expected == st.status_of(task, TODAY)
    # The vocabulary agrees with the rule, in Python and in SQL.
    open_ids = set(db.session.scalars(db.select(Task.id).where(st.open_sql(Task))))
    done_ids = set(db.session.scalars(db.select(Task.id).where(st.done_sql(Task))))
    for task, (*_inputs, expected) in zip(tasks, CASES, strict=True):
        assert st.is_open(task) == (expected in st.OPEN) == (task.id in open_ids)
        assert st.is_done(task) == (expected in st.DONE) == (task.id in done_ids)
        assert st.is_late(task, TODAY) == (expected in (st.OVERDUE, st.DONE_LATE))


def test_rollup_leaves_cancelled_out_of_the_rate():
    rollup = st.rollup_of(
        [
            (st.DONE_ON_TIME, False, 2020),
            (st.DONE_LATE, False, 6),
            (st.OVERDUE, False, 27),
            (st.CANCELLED, False, 5),
        ]
    )
    assert (rollup.done, rollup.total) == (2026, 2053)
    assert round(rollup.rate, 1) == 98.7


def test_standing_tasks_stand_beside_the_rate_not_in_it():
    """8 due tasks all done and 11 thường xuyên tasks (3 ticked off): 8/8, not 11/19."""
    rollup = st.rollup_of(
        [
            (st.DONE_ON_TIME, False, 6),
            (st.DONE_LATE, False, 2),
            (st.DONE_ON_TIME, True, 3),
            (st.ONGOING, False, 8),
            (st.CANCELLED, False, 4),
        ]
    )
    assert (rollup.done, rollup.total, rollup.rate) == (8, 8, 100)
    assert (rollup.standing_done, rollup.standing, rollup.all) == (3, 11, 19)
