"""Reading the tree from the top down: one level of units at a time.

A page that rolls tasks up (the dashboard, a directive's follow-up) stands at one unit of the
tree (``node``; None above every top unit, for a reader who sees the whole tree) and lists
the units right below it, each counting the tasks of its whole subtree, sorted and paged in
SQL (:func:`minutes.tasks.reports.level_table`), with the node's own tasks first and
breadcrumbs back up to the reader's own top. Nothing above that top is reachable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request, url_for
from flask_login import current_user

from ..extensions import db
from ..models import Organisation
from ..pagination import page_number
from ..permissions import scope_root_id
from ..rules import parse_id
from . import reports
from .reports import LevelRow, TaskFilters

#: At most this many units per page of a level: a leader reads them on a phone.
LEVEL_PAGE = 15
#: An export takes every unit of the level at once.
MAX_LEVEL = 100_000


@dataclass
class Level:
    """Where a roll-up page stands in the tree, and the units of that level."""

    node: Organisation | None
    #: The way back up to the reader's own top, top first (``node`` not included).
    crumbs: list[Organisation]
    #: The reader sees the whole tree: the first crumb is "every unit".
    at_top: bool
    sort: str
    #: How to link to another level of the same page: its endpoint, the query key naming the
    #: unit, the endpoint's own arguments and the query arguments kept from level to level.
    endpoint: str = "tasks.dashboard"
    param: str = "organisation_id"
    fixed: dict[str, Any] = field(default_factory=dict)
    keep: dict[str, Any] = field(default_factory=dict)
    rows: list[LevelRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    own: LevelRow | None = None

    def url(self, unit_id: int | None = None, **extra: Any) -> str:
        """A link to the level below ``unit_id`` (the top when None) of the same page."""
        args = {**self.fixed, **self.keep}
        if unit_id is not None:
            args[self.param] = unit_id
        args.update({k: v for k, v in extra.items() if v})
        return url_for(self.endpoint, **args) + "#level"

    def here(self, **extra: Any) -> str:
        """A link to this level with other options (sort, page)."""
        return self.url(self.node.id if self.node is not None else None, **extra)


def resolve(picked: object, *, endpoint: str, param: str, fixed=None, keep=None) -> Level:
    """The level at the unit ``picked`` (an id, or None for the reader's own top); a unit
    outside the reader's subtree stands at that top instead."""
    top = scope_root_id(current_user)
    number = parse_id(picked) if picked not in (None, "") else None
    node = db.session.get(Organisation, number) if number else None
    if top is not None and (node is None or f"/{top}/" not in (node.path or "")):
        node = db.session.get(Organisation, top)  # unknown, or not under the reader's top
    crumbs: list[Organisation] = []
    if node is not None:
        ids = [int(i) for i in (node.path or "").strip("/").split("/") if i.isdigit() and int(i) != node.id]
        found = {o.id: o for o in db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids)))}
        crumbs = [found[i] for i in ids if i in found]
        if top is not None:  # nothing above the reader's own top (node is under it, or is it)
            at = [o.id for o in crumbs]
            crumbs = crumbs[at.index(top) :] if top in at else []
    sort = request.args.get("sort", "rate")
    return Level(
        node,
        crumbs,
        top is None,
        sort if sort in reports.LEVEL_SORTS else "rate",
        endpoint=endpoint,
        param=param,
        fixed=dict(fixed or {}),
        keep={k: v for k, v in (keep or {}).items() if v},
    )


def load(level: Level, base: TaskFilters, per_page: int | None = None) -> Level:
    """Fill in the units of the level for the tasks ``base`` admits (paged: ``?lpage=``)."""
    size = per_page or min(LEVEL_PAGE, current_app.config["PAGE_SIZE"])
    level.page = page_number(request.args.get("lpage", "1")) if size < MAX_LEVEL else 1
    parent = level.node.id if level.node is not None else None
    level.rows, level.total = reports.level_table(base, parent, level.sort, level.page, size)
    level.pages = max(1, -(-level.total // size))
    level.own = reports.own_row(base, level.node) if level.node is not None else None
    return level
