"""Queries over the organisation tree, shared by forms, views, the CLI and the demo data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import and_, or_

from ..extensions import db
from ..models import Organisation
from ..text import fold, sort_key


def _ordered(orgs: Iterable[Organisation]) -> list[Organisation]:
    return sorted(orgs, key=lambda o: (o.sort_order, sort_key(o.name)))


def walk(
    include_inactive: bool = False, exclude_levels: tuple[str, ...] = (), within: set[int] | None = None
) -> list[tuple[Organisation, int]]:
    """Every unit in tree order with its depth (roots at 0), in one query.

    ``exclude_levels`` leaves out leaf levels (chi bộ: thousands of rows) in SQL. ``within``
    keeps only those units (a user's scope), the top one of them at depth 0.
    """
    query = db.select(Organisation)
    if not include_inactive:
        query = query.where(Organisation.active.is_(True))
    if exclude_levels:
        query = query.where(Organisation.level.not_in(exclude_levels))
    orgs = db.session.scalars(query).all()
    by_parent: dict[int | None, list[Organisation]] = defaultdict(list)
    ids = {o.id for o in orgs}
    for org in orgs:
        by_parent[org.parent_id if org.parent_id in ids else None].append(org)
    result: list[tuple[Organisation, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for org in _ordered(by_parent.get(parent_id, [])):
            result.append((org, depth))
            visit(org.id, depth + 1)

    visit(None, 0)
    if within is not None:
        result = [(org, depth) for org, depth in result if org.id in within]
        top = min((depth for _org, depth in result), default=0)
        result = [(org, depth - top) for org, depth in result]
    return result


def choices(
    blank: str | None = None,
    exclude_levels: tuple[str, ...] = ("cell",),
    within: set[int] | None = None,
    exclude: set[int] | frozenset = frozenset(),
    keep: Iterable[Organisation | None] = (),
):
    """(id, indented name) pairs for a select: active units in tree order, only those in
    ``within`` if given, minus ``exclude``, plus the units in ``keep`` not already listed (a
    record's current unit: a chi bộ, a unit since deactivated, or one set from outside the
    user's scope, which saving the form must not drop).

    Chi bộ are left out by default: a province has thousands, and no conference or
    site is organised by a single chi bộ; they are reached through their parent's level.
    """
    pairs = [
        (org.id, "\u2003" * depth + org.name)
        for org, depth in walk(exclude_levels=exclude_levels, within=within)
        if org.id not in exclude
    ]
    listed = {value for value, _label in pairs}
    for org in keep:
        if org is not None and org.id not in listed:
            suffix = "" if org.active else " " + _("(đã ngừng hoạt động)")
            pairs.append((org.id, org.name + suffix))
            listed.add(org.id)
    return ([("", blank)] if blank is not None else []) + pairs


def descendants(root: Organisation, level: str | None = None) -> list[Organisation]:
    """Active units under ``root``: its children, or every unit of ``level`` below it."""
    tree = walk()
    below: list[Organisation] = []
    inside = False
    root_depth = 0
    for org, depth in tree:
        if org.id == root.id:
            inside, root_depth = True, depth
            continue
        if inside:
            if depth <= root_depth:
                break
            if (level is None and depth == root_depth + 1) or (level and org.level == level):
                below.append(org)
    return below


def find_by_name(name: str) -> Organisation | None:
    """The one active unit whose folded name equals ``name`` folded, else None."""
    matches = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.name_folded == fold(name), Organisation.active.is_(True))
        .limit(2)
    ).all()
    return matches[0] if len(matches) == 1 else None


def subtree_select(root_id: int, name: str = "tree"):
    """A select of the ids of ``root_id`` and every unit below it, for ``IN (…)`` in SQL.

    Filters use this rather than a list of ids: a province's tree holds thousands of units.
    External bodies count in the scope of the unit that stewards them (whose secretariat added
    them), wherever their own parent is.
    """
    tree = db.select(Organisation.id).where(Organisation.id == root_id).cte(name, recursive=True)
    tree = tree.union(
        db.select(Organisation.id).where(
            or_(
                and_(Organisation.parent_id == tree.c.id, Organisation.external.is_(False)),
                and_(Organisation.steward_id == tree.c.id, Organisation.external.is_(True)),
            )
        )
    )
    return db.select(tree.c.id)


def subtree_ids(root_id: int) -> set[int]:
    """Ids of ``root_id`` and every unit below it (inactive ones included), in one query."""
    return set(db.session.scalars(subtree_select(root_id)).all())


def below(unit: Organisation) -> list[Organisation]:
    """Active units anywhere under ``unit`` (not itself), by name, in two queries."""
    ids = subtree_ids(unit.id) - {unit.id}
    if not ids:
        return []
    rows = db.session.scalars(
        db.select(Organisation).where(Organisation.id.in_(ids), Organisation.active.is_(True))
    )
    return _ordered(rows)
