"""The one carry-over rule for "cùng kỳ" baselines.

The same indicators come back every period, and almost every figure is compared with the
same period of the previous year. When a conference of the same organiser reviewed that
period, a figure with no comparison yet takes the value of the figure with the same label
(folded: diacritics, case and spacing do not matter), the same scope and, for a sub-figure,
the same parent label, as its baseline, marked as carried over (``baseline_carried``) until
a person changes it. Used when a conference is started from a previous one and by the
figures grid.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import case

from ..extensions import db
from ..models import Conference, Figure, Report
from ..text import clean_line, fold

#: (folded label, scope, folded parent label or "" for a top-level figure).
Key = tuple[str, str, str]


def previous_year_match(conference: Conference) -> Conference | None:
    """The conference of the same organiser that reviewed the same period a year before
    (same period kind and number, year − 1), else None. Of several, a published one first,
    then the most recent. None when the conference has no organiser or no period."""
    organiser_id = conference.organiser_id
    if organiser_id is None and conference.organiser is not None:
        organiser_id = conference.organiser.id  # set on a draft not flushed yet
    if organiser_id is None or conference.period_kind is None or conference.period_year is None:
        return None
    number = conference.period_number
    query = db.select(Conference).where(
        Conference.organiser_id == organiser_id,
        Conference.period_kind == conference.period_kind,
        Conference.period_number.is_(None) if number is None else Conference.period_number == number,
        Conference.period_year == conference.period_year - 1,
    )
    if conference.id is not None:
        query = query.where(Conference.id != conference.id)
    published_first = case((Conference.status == "published", 0), else_=1)
    query = query.order_by(
        published_first, Conference.starts_on.desc().nulls_last(), Conference.id.desc()
    ).limit(1)
    return db.session.scalar(query)


def _key(label: str, scope: str | None, parent_label: str | None) -> Key:
    return (fold(label), scope or "", fold(parent_label) if parent_label else "")


def _previous_figures(previous: Conference) -> dict[Key, Figure]:
    """The previous conference's figures that have a value, by key, in one query: the first
    in agenda order wins when two reports give the same figure."""
    rows = db.session.scalars(
        db.select(Figure)
        .join(Report, Report.id == Figure.report_id)
        .where(Report.conference_id == previous.id)
        .order_by(Report.position, Report.id, Figure.position, Figure.id)
    ).all()
    labels = {row.id: row.label for row in rows}
    found: dict[Key, Figure] = {}
    for row in rows:
        if row.value is None:
            continue
        parent = labels.get(row.parent_id) if row.parent_id is not None else None
        found.setdefault(_key(row.label, row.scope, parent), row)
    return found


def _parent_label(figure: Figure, given: dict[int, Figure]) -> str | None:
    """The label of a sub-figure's parent, from the figures given when it is among them (no
    query), else from the relationship (a new figure's parent is the object itself)."""
    if figure.parent_id is not None and figure.parent_id in given:
        return given[figure.parent_id].label
    parent = figure.parent
    return parent.label if parent is not None else None


def carry_baselines(conference: Conference, figures: Iterable[Figure]) -> int:
    """Fill the baseline of each of ``figures`` (figures of ``conference``) that has no
    comparison yet (no baseline value, no stated change) from the matching figure of
    :func:`previous_year_match`; returns how many were filled. A typed baseline is never
    overwritten. Two queries whatever the number of figures."""
    figures = list(figures)
    wanting = [f for f in figures if f.baseline_value is None and f.stated_change_pct is None]
    if not wanting:
        return 0
    previous = previous_year_match(conference)
    if previous is None:
        return 0
    found = _previous_figures(previous)
    if not found:
        return 0
    given = {f.id: f for f in figures if f.id is not None}
    label = _("cùng kỳ năm %(y)s", y=previous.period_year)
    filled = 0
    for figure in wanting:
        match = found.get(_key(figure.label, figure.scope, _parent_label(figure, given)))
        if match is None:
            continue
        figure.baseline_value = match.value
        figure.baseline_qualifier = match.qualifier or ""
        figure.baseline_label = label
        figure.baseline_carried = True
        filled += 1
    return filled


def changed(figure: Figure, values: dict) -> bool:
    """Whether ``values`` (fields about to be set on ``figure``) change its baseline: then it
    is no longer carried over but a person's. A form posting back the same baseline does not."""
    if "baseline_value" in values:
        new, old = values["baseline_value"], figure.baseline_value
        if (new is None) != (old is None) or (new is not None and float(new) != old):
            return True
    return any(
        name in values and clean_line(values[name] or "") != getattr(figure, name)
        for name in ("baseline_label", "baseline_qualifier")
    )
