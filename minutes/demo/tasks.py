"""The demo conferences' directives as tasks, each with a plausible history.

Every task is played out through :mod:`minutes.tasks.services` (assign, report progress, ask for
and decide extensions, delegate, tick off) following its plan in :mod:`.task_plans`, so the
history rows are the ones the application writes; their times are then moved back to the day
each step is supposed to have happened. Hậu Giang's 2.053 chi bộ are the exception: see
:mod:`.hau_giang`.

A task is identified by its directive (conference uid + position) and lead unit: a task that
exists is left alone, with its history, so loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..clock import today
from ..extensions import db
from ..formatting import to_utc
from ..models import Conference, Directive, Organisation, Task, User
from ..tasks import services
from ..tasks import status as st
from . import hau_giang
from .conferences import HAU_GIANG, HAU_GIANG_UNITS_NOTE, TASKS_NOTE
from .task_plans import DIRECTIVE_DUE, Plan, all_plans

_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: date, hour: int = 9) -> datetime:
    """A plausible moment of ``day`` (local office hours), stored as naive UTC."""
    moment = to_utc(datetime.combine(day, time(hour)), _ZONE)
    assert moment is not None  # to_utc gives None only for None
    return moment


# --- playing them out -------------------------------------------------------------------------


class _Player:
    def __init__(self, users: dict[str, User], units: dict[str, Organisation]):
        self.assigner = users["thuky"]
        self.officer = users["canbo"]
        self.units = units

    def unit(self, key: str) -> Organisation:
        unit = self.units.get(key)
        if unit is None:
            unit = db.session.scalar(db.select(Organisation).where(Organisation.external_key == key))
            self.units[key] = unit
        return unit

    def reporter(self, task: Task) -> User:
        """Who reports on ``task``: the officer for their own unit, else the secretariat."""
        return self.officer if task.organisation_id == self.officer.organisation_id else self.assigner

    def assign(self, directive: Directive, plans: list[Plan], assigned_on: date) -> None:
        by_due: dict[date | None, list[Plan]] = {}
        for plan in plans:
            due = directive.due_date if plan.due is DIRECTIVE_DUE else plan.due
            by_due.setdefault(due, []).append(plan)
        for due, group in by_due.items():
            result = services.assign(
                directive, self.assigner, [self.unit(p.unit) for p in group], due_date=due
            )
            tasks = {t.organisation_id: t for t in result.created}
            for plan in group:
                task = tasks[self.unit(plan.unit).id]
                self.stamp(task, _at(assigned_on, 8), before=set())
                task.created_at = _at(assigned_on, 8)
                self.play(task, plan)

    @staticmethod
    def stamp(task: Task, moment: datetime, before: set[int]) -> list:
        """Move the history rows ``task`` gained since ``before`` to ``moment``."""
        new = [e for e in task.events if id(e) not in before]
        for event in new:
            event.at = moment
        return new

    def play(self, task: Task, plan: Plan) -> None:
        last = task.created_at
        for step in plan.steps:
            kind, day = step[0], step[1]
            moment = _at(day, 15 if kind == "done" else 10)
            before = {id(e) for e in task.events}
            reporter = self.reporter(task)
            match step:
                case ("progress", _, percent, note):
                    services.update_progress(task, reporter, percent, note)
                case ("ask", _, new_due, reason):
                    extension = services.request_extension(task, reporter, new_due, reason)
                    extension.requested_at = moment
                    # The column default only applies at the INSERT; decide_extension reads it first.
                    extension.state = "pending"
                case ("grant" | "refuse", _, said):
                    pending = task.pending_extension
                    if pending is None:  # the plan itself is wrong: fail loudly
                        raise RuntimeError(f"Demo plan for {plan.unit}: no extension to {kind}")
                    approve = kind == "grant"
                    services.decide_extension(
                        pending,
                        self.assigner,
                        approve,
                        said if approve else None,
                        None if approve else said,
                    )
                    pending.decided_at = moment
                case ("done", _, result_note):
                    services.complete(task, reporter, day, result_note)
                case ("delegate", _, due):
                    children = [self.unit(child.unit) for child in plan.children]
                    result = services.delegate(task, reporter, children, due)
                    for child, child_plan in zip(result.created, plan.children, strict=True):
                        self.stamp(child, moment, before=set())
                        child.created_at = moment
                        self.play(child, child_plan)
            for event in self.stamp(task, moment, before):
                if event.action == "completed":  # the status it had that day, not today
                    event.old_value = st.task_status(task.due_date, None, False, day)
            last = moment
        task.updated_at = last


def ensure_tasks(users: dict[str, User], units: dict[str, Organisation]) -> None:
    """Create the demo tasks that are missing, the generated Hậu Giang chi bộ included."""
    conferences = {
        c.external_uid: c
        for c in db.session.scalars(db.select(Conference).where(Conference.external_uid.like("demo:seed-%")))
    }
    directives = {(c.external_uid, d.position): d for c in conferences.values() for d in c.directives}
    existing = set(
        db.session.execute(
            db.select(Task.directive_id, Task.organisation_id).where(Task.parent_id.is_(None))
        ).all()
    )
    with_tasks = {directive_id for directive_id, _unit in existing}
    had_tasks = {d.conference_id for d in directives.values() if d.id in with_tasks}

    hau_giang_conference = conferences.get(HAU_GIANG["uid"])
    if hau_giang.ensure_cells(units) and hau_giang_conference is not None:
        _note(hau_giang_conference, HAU_GIANG_UNITS_NOTE)

    player = _Player(users, dict(units))
    for directed in all_plans(today()):
        directive = directives.get((directed.uid, directed.position))
        if directive is None:  # removed from an edited demo conference: nothing to attach to
            continue
        missing = [p for p in directed.plans if (directive.id, player.unit(p.unit).id) not in existing]
        if missing:
            player.assign(directive, missing, directed.assigned_on)
            if directive.conference_id not in had_tasks:
                _note(directive.conference, TASKS_NOTE)
    target = directives.get((HAU_GIANG["uid"], 1))
    if target is not None:
        hau_giang.ensure_cell_tasks(target, users["thuky"])
    db.session.flush()


def _note(conference: Conference, text: str) -> None:
    """Say ``text`` in the conference's notes, unless it is said there already."""
    if text and text not in (conference.notes or ""):
        conference.notes = f"{conference.notes}\n\n{text}" if conference.notes else text
