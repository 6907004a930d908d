"""Factories for the objects most tests need: a conference, a directive, a task, a user.

Each makes a valid row with plain defaults, takes keyword overrides, adds it to the session
and commits, so that a test says only what matters to it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count as _counter

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task, User
from minutes.tasks import services as tasks
from tests.support import make_user

__all__ = ["make_conference", "make_directive", "make_task", "make_user"]

_serial = _counter(1)


def make_conference(organiser: Organisation | None = None, **values) -> Conference:
    """A conference (published unless ``status`` says otherwise) organised by ``organiser``."""
    values.setdefault("title", f"Hội nghị giao ban số {next(_serial)}")
    values.setdefault("kind", "review")
    values.setdefault("status", "published")
    values.setdefault("starts_at", datetime(2021, 4, 7, 1, 0))
    conference = Conference(**values)
    if organiser is not None:
        conference.organiser = organiser
        conference.organiser_name = organiser.name
    conference.refresh_search()
    db.session.add(conference)
    db.session.commit()
    return conference


def make_directive(conference: Conference | None = None, **values) -> Directive:
    """A directive at the end of ``conference``'s list (a new conference when none given)."""
    conference = conference or make_conference()
    values.setdefault("text", "Rà soát, báo cáo kết quả thực hiện nghị quyết.")
    values.setdefault("position", len(conference.directives) + 1)
    directive = Directive(conference=conference, **values)
    db.session.add(directive)
    db.session.commit()
    return directive


def make_task(
    unit: Organisation,
    by: User,
    directive: Directive | None = None,
    *,
    due_date: date | None | str = "in 9 days",
    **values,
) -> Task:
    """``unit``'s task for ``directive``, assigned by ``by`` through the service (so with its
    history); due in nine days unless ``due_date`` says otherwise (None: thường xuyên)."""
    directive = directive or make_directive()
    when = today() + timedelta(days=9) if due_date == "in 9 days" else due_date
    task = tasks.assign(directive, by, [unit], due_date=when, **values).created[0]
    db.session.commit()
    return task
