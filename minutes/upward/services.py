"""The report upward: the directives whose tasks fall in a period, counted per unit one level
below the chosen organisation, beside the same period a year earlier (cùng kỳ).

A task belongs to the period its due date (in force) falls in; a thường xuyên task, to the
period it was assigned in. Its status is the one rule (:mod:`minutes.tasks.status`) as it
stood on the period's last day (or today, while the period runs): a task ticked off after
that day was still open then. Counting happens in SQL, in a fixed number of queries whatever
the number of units or tasks; rates come from :class:`~minutes.tasks.status.Rollup` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from flask_babel import gettext as _

from .. import labels
from ..clock import today
from ..extensions import db
from ..models import Organisation, User
from ..organisations.services import subtree_select
from ..permissions import scope_root_id, visible_tasks
from ..rules import RuleError
from ..tasks import reports
from ..tasks import status as st
from ..tasks.reports import TaskFilters
from ..text import sort_key

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A reporting period: ``kind`` "quarter" (``number`` 1–4), "half" (1–2) or "year"."""

    kind: str
    number: int | None
    year: int

    @classmethod
    def of(cls, code: str, year: int) -> Period:
        kind, number = labels.split_period(code)
        limits = {"quarter": 4, "half": 2}
        if kind == "year":
            return cls("year", None, year)
        if kind in limits and number is not None and 1 <= number <= limits[kind]:
            return cls(kind, number, year)
        raise RuleError(_("Kỳ báo cáo không hợp lệ."), "period")

    @property
    def code(self) -> str:
        return labels.join_period(self.kind, self.number)

    @property
    def months(self) -> tuple[int, int]:
        """The first and last month."""
        if self.kind == "quarter" and self.number:
            return 3 * self.number - 2, 3 * self.number
        if self.kind == "half" and self.number:
            return 6 * self.number - 5, 6 * self.number
        return 1, 12

    @property
    def first(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        month = self.months[1]
        return date(self.year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)

    def previous(self) -> Period:
        """The same period of the previous year (cùng kỳ)."""
        return replace(self, year=self.year - 1)

    def label(self) -> str:
        """ "quý I/2021", "6 tháng đầu năm 2021", "năm 2021"."""
        return labels.period_label(self.kind, self.number, self.year)

    def words(self) -> str:
        """The period in a document's Vietnamese (a report's subject): "quý I năm 2021"."""
        if self.kind == "quarter" and self.number:
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    def as_of(self) -> date:
        """The day the status is taken on: the last day, or today while the period runs."""
        return min(self.last, today())


def current_period() -> Period:
    """The quarter today is in (the usual choice when a report is due)."""
    now = today()
    return Period("quarter", (now.month - 1) // 3 + 1, now.year)


def default_unit_id(user: User) -> int:
    """The unit a report starts at: the user's own committee (where their scope starts; an
    inspection commission's people report on the committee it sits beside)."""
    return scope_root_id(user) or user.organisation_id


@dataclass
class Figures:
    """One period's counts of a set of tasks."""

    rollup: st.Rollup
    ages: dict[int, int]

    @property
    def on_time(self) -> int:
        """Done on or before the due date (standing tasks ticked off are counted beside)."""
        return self.rollup[st.DONE_ON_TIME] - self.rollup.standing_done


def _empty() -> Figures:
    return Figures(st.Rollup(dict.fromkeys(st.STATUSES, 0)), dict.fromkeys(st.OVERDUE_BUCKETS, 0))


@dataclass
class Row:
    name: str
    unit_id: int | None
    current: Figures
    previous: Figures
    #: The organisation's own tasks (not under any unit below it).
    own: bool = False

    @property
    def change(self) -> float | None:
        """The completion rate's change against cùng kỳ, in percentage points."""
        now, then = self.current.rollup.rate, self.previous.rollup.rate
        return None if now is None or then is None else now - then


@dataclass
class Report:
    organisation: Organisation
    period: Period
    total: Row
    rows: list[Row] = field(default_factory=list)

    @property
    def as_of(self) -> date:
        return self.period.as_of()

    @property
    def previous(self) -> Period:
        return self.period.previous()


def filters(user: User, organisation: Organisation, period: Period, **extra) -> TaskFilters:
    """The tasks of ``period`` led by ``organisation`` or a unit below it that ``user`` may
    read, with their status as of the period's end (the dashboard's filter, by period)."""
    return TaskFilters(
        unit_ids=subtree_select(organisation.id),
        visible=visible_tasks(user),
        period=(period.first, period.last),
        as_of=period.as_of(),
        **extra,
    )


def build(user: User, organisation: Organisation, period: Period) -> Report:
    """The report: its totals and one row per unit one level down (its subtree's tasks), the
    organisation's own tasks as a row of their own; each beside cùng kỳ."""
    now, then = filters(user, organisation, period), filters(user, organisation, period.previous())
    total = Row(
        organisation.name,
        organisation.id,
        Figures(reports.rollup(now), reports.overdue_ages(now)),
        Figures(reports.rollup(then), reports.overdue_ages(then)),
    )
    current = {k: Figures(*v) for k, v in reports.child_table(now, organisation.id).items()}
    previous = {k: Figures(*v) for k, v in reports.child_table(then, organisation.id).items()}
    children = db.session.scalars(
        db.select(Organisation).where(Organisation.parent_id == organisation.id)
    ).all()
    rows = [
        Row(child.name, child.id, current.get(child.id, _empty()), previous.get(child.id, _empty()))
        for child in sorted(children, key=lambda c: (c.sort_order, sort_key(c.name)))
        if (child.active and not child.external) or child.id in current or child.id in previous
    ]
    if None in current or None in previous:
        rows.insert(
            0,
            Row(
                _("%(name)s (trực tiếp chủ trì)", name=organisation.name),
                None,
                current.get(None, _empty()),
                previous.get(None, _empty()),
                own=True,
            ),
        )
    return Report(organisation, period, total, rows)


def overdue_tasks(user: User, organisation: Organisation, period: Period):
    """The tasks of ``period`` that were overdue on its last day, oldest due date first (a
    select, to stream)."""
    return reports.list_query(filters(user, organisation, period, status=st.OVERDUE), order="overdue")


def conference_table(user: User, organisation: Organisation, period: Period):
    """Completion per conference of the period's tasks."""
    return reports.conference_table(filters(user, organisation, period))
