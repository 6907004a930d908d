"""The figures of one report, saved as a whole grid: rows in order, parts under their figure.

The grid (typed, pasted or both) arrives as plain :class:`FigureRow` values in display order;
:func:`save_figures` makes the report's figures exactly those rows: existing ones changed in
place (by id), new ones added, the others removed. A row marked ``part`` is a part of the
nearest figure above it that is not itself a part ("trong đó …", one level deep).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Figure, Report
from ..models.conferences import FIGURE_SCOPES, QUALIFIERS
from ..rules import Conflict, RuleError, check_figure

#: How many figures one report may hold (a grid beyond that is not a report any more).
MAX_FIGURES = 500


@dataclass
class FigureRow:
    """One row of the grid as the person left it."""

    id: int | None
    label: str
    value: Decimal | float | None = None
    qualifier: str = ""
    unit: str = ""
    scope: str = ""
    part: bool = False
    baseline_value: Decimal | float | None = None
    baseline_qualifier: str = ""
    baseline_label: str = ""
    stated_change_pct: Decimal | float | None = None
    #: Its row in the grid as posted (blank and deleted rows included), for messages.
    index: int | None = None


@dataclass
class Saved:
    """What a save did, for the message and the history."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    #: The figures this save created (the ones whose "cùng kỳ" may be carried over).
    new: list[Figure] = field(default_factory=list)


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _field(index: int, name: str) -> str:
    return f"rows-{index}-{name}"


def _check(row: FigureRow, index: int) -> None:
    if not row.label:
        raise RuleError(_l("Hãy ghi tên chỉ tiêu."), _field(index, "label"))
    if row.qualifier not in QUALIFIERS or row.baseline_qualifier not in QUALIFIERS:
        raise RuleError(_l("Cách ghi số không hợp lệ."), _field(index, "value"))
    if row.scope not in FIGURE_SCOPES:
        raise RuleError(_l("Phạm vi không hợp lệ."), _field(index, "scope"))
    check_figure(row.value, _field(index, "value"))
    check_figure(row.baseline_value, _field(index, "baseline"))
    check_figure(row.stated_change_pct, _field(index, "stated_change_pct"))
    if row.baseline_value is not None and row.stated_change_pct is not None:
        raise RuleError(
            _l("Đã có số liệu kỳ so sánh: tỷ lệ được tính tự động, hãy để trống ô này."),
            _field(index, "stated_change_pct"),
        )


def _baseline(figure: Figure) -> tuple:
    return (figure.baseline_value, figure.baseline_qualifier, figure.baseline_label)


def save_figures(report: Report, rows: list[FigureRow]) -> Saved:
    """Make the report's figures exactly ``rows``, in that order. A row naming a figure that
    is not (or no longer) one of this report's is a conflict: nothing is changed."""
    if len(rows) > MAX_FIGURES:
        raise RuleError(_l("Một báo cáo có tối đa %(n)s số liệu.", n=MAX_FIGURES), "rows")
    existing = {figure.id: figure for figure in report.figures}
    ids = [row.id for row in rows if row.id is not None]
    if len(ids) != len(set(ids)):
        raise Conflict(_l("Bảng gửi lên có hai dòng cùng một số liệu. Hãy tải lại trang rồi sửa lại."))
    unknown = set(ids) - existing.keys()
    if unknown and db.session.scalar(db.select(db.func.count(Figure.id)).where(Figure.id.in_(unknown))):
        raise Conflict(_l("Một dòng trong bảng là số liệu của báo cáo khác. Hãy tải lại trang."))
    saved = Saved()
    kept: set[int] = set()
    top: Figure | None = None
    ordered: list[Figure] = []
    for position, row in enumerate(rows):
        index = row.index if row.index is not None else position
        _check(row, index)
        # A row whose figure someone else deleted meanwhile is saved again, as a new one: the
        # person saving (after the refusal that showed them the newer version) kept it.
        figure = existing.get(row.id) if row.id is not None else None
        if figure is None:
            figure = Figure(label=row.label)
            saved.added += 1
            saved.new.append(figure)
        else:
            kept.add(figure.id)
        before = _state(figure) if figure.id is not None else None
        carried_before = figure.id is not None and figure.baseline_carried and _baseline(figure)
        if row.part:
            if top is None:
                raise RuleError(_l("Dòng đầu tiên không thể là phần của dòng trên."), _field(index, "part"))
            figure.parent = top
        else:
            figure.parent = None
            top = figure
        figure.label = row.label
        figure.qualifier = row.qualifier
        figure.value = _number(row.value)
        figure.unit = row.unit
        figure.scope = row.scope
        figure.baseline_value = _number(row.baseline_value)
        figure.baseline_qualifier = row.baseline_qualifier
        figure.baseline_label = row.baseline_label
        figure.stated_change_pct = _number(row.stated_change_pct)
        # A carried-over baseline stays marked only while nobody has changed it.
        figure.baseline_carried = bool(carried_before) and carried_before == _baseline(figure)
        figure.position = position
        ordered.append(figure)
        if before is not None and before != _state(figure):
            saved.changed += 1
    saved.removed = len(existing.keys() - kept)
    report.figures[:] = ordered  # delete-orphan removes the rest
    return saved


def _state(figure: Figure) -> tuple:
    return (
        figure.label,
        figure.qualifier,
        figure.value,
        figure.unit,
        figure.scope,
        figure.parent,
        figure.baseline_value,
        figure.baseline_qualifier,
        figure.baseline_label,
        figure.stated_change_pct,
        figure.position,
    )


def rows_of(report: Report) -> list[FigureRow]:
    """The report's figures as grid rows, in order."""
    return [
        FigureRow(
            id=figure.id,
            label=figure.label,
            value=figure.value,
            qualifier=figure.qualifier,
            unit=figure.unit,
            scope=figure.scope,
            part=figure.parent_id is not None,
            baseline_value=figure.baseline_value,
            baseline_qualifier=figure.baseline_qualifier,
            baseline_label=figure.baseline_label,
            stated_change_pct=figure.stated_change_pct,
        )
        for figure in report.figures
    ]
