"""Finding units by name for the pickers, and adding an external body on the spot.

A picker never holds the whole tree: it asks :func:`search` for the few units whose folded
name contains what was typed, each with its place in the tree (the names of its ancestors,
read from :attr:`Organisation.path`). Two queries, whatever the size of the tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import ColumnElement

from ..audit import record
from ..extensions import db
from ..models import Organisation, User
from ..models.organisations import LEVELS
from ..permissions import scope_root_id, scope_select
from ..rules import RuleError
from ..text import clean_line, fold
from .services import subtree_select

#: Which units a picker offers: those in the user's scope (organiser, sites, addressees, lead
#: units), any active unit (an attendee's or presenter's unit: guests come from above), or
#: the units below one unit (delegating a task).
SCOPES = ("mine", "any", "under")
LIMIT = 20


@dataclass(frozen=True)
class Found:
    id: int
    name: str
    #: The names of its ancestors, top down: its place in the tree.
    place: tuple[str, ...]
    level: str
    external: bool

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "place": " › ".join(self.place),
            "level": self.level,
            "external": self.external,
        }


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def scope_clause(user: User, scope: str, root: Organisation | None = None):
    """SQL condition on ``Organisation`` for the units a picker of ``scope`` may offer."""
    condition: ColumnElement[bool] = Organisation.active.is_(True)
    if scope == "under":
        if root is None:
            raise RuleError(_("Thiếu đơn vị gốc."), "root")
        below = Organisation.id.in_(subtree_select(root.id, name="under"))
        condition = condition & below & (Organisation.id != root.id)
    if scope in ("mine", "under"):  # handing down stays inside the user's tree too
        mine = scope_select(user)
        if mine is not None:
            return condition & Organisation.id.in_(mine)
    return condition


def any_in(user: User, scope: str, root: Organisation | None = None) -> bool:
    """Whether a picker of ``scope`` has anything to offer (one query, stops at the first)."""
    query = db.select(Organisation.id).where(scope_clause(user, scope, root)).limit(1)
    return db.session.scalar(query) is not None


def places(orgs: Iterable[Organisation]) -> dict[int, tuple[str, ...]]:
    """The ancestor names of each unit, in one query for all of them."""
    orgs = list(orgs)
    wanted = {i for o in orgs for i in o.ancestor_ids}
    names: dict[int, str] = {}
    if wanted:
        query = db.select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
        names = {row.id: row.name for row in db.session.execute(query)}
    return {o.id: tuple(names[i] for i in o.ancestor_ids if i in names) for o in orgs}


def describe(orgs: Iterable[Organisation]) -> list[Found]:
    orgs = list(orgs)
    where = places(orgs)
    return [Found(o.id, o.name, where.get(o.id, ()), o.level, o.external) for o in orgs]


def search(
    user: User, text: str, scope: str = "mine", level: str | None = None, root: Organisation | None = None
) -> list[Found]:
    """Up to :data:`LIMIT` units whose folded name holds every word of ``text``, best first:
    names that start with it, then higher in the tree, then by name."""
    words = fold(text).split()
    if not words:
        return []
    key = " ".join(words)
    query = db.select(Organisation).where(scope_clause(user, scope, root))
    for word in words[:8]:
        query = query.where(Organisation.name_folded.like(f"%{_escape(word)}%", escape="\\"))
    if level in LEVELS:
        query = query.where(Organisation.level == level)
    starts = Organisation.name_folded.like(f"{_escape(key)}%", escape="\\")
    # Depth is the number of slashes in the path, not its length: ids grow longer as units are
    # added, and a province added last ("/1/12756/") is still higher than "/1/7/32/".
    path = Organisation.path
    depth = db.func.length(path) - db.func.length(db.func.replace(path, "/", ""))
    query = query.order_by(starts.desc(), depth, Organisation.name_folded, Organisation.id)
    rows = db.session.scalars(query.limit(LIMIT)).all()
    return describe(rows)


def allowed(user: User, ids: set[int], scope: str, root: Organisation | None = None) -> set[int]:
    """Those of ``ids`` that a picker of ``scope`` may set, in one query."""
    if not ids:
        return set()
    query = db.select(Organisation.id).where(Organisation.id.in_(ids), scope_clause(user, scope, root))
    return set(db.session.scalars(query))


def by_name(user: User, name: str, scope: str, root: Organisation | None = None) -> list[Organisation]:
    """Active units in ``scope`` whose folded name is exactly ``name`` folded (the fallback of a
    picker without script: the typed name is looked up when it is posted)."""
    query = db.select(Organisation).where(
        Organisation.name_folded == fold(name), scope_clause(user, scope, root)
    )
    return list(db.session.scalars(query.limit(2)))


def add_external(
    user: User, name: str, level: str = "other", parent: Organisation | None = None, scope: str = "mine"
) -> tuple[Organisation, bool]:
    """A body outside the tree, added from a picker, in the scope of the user's committee.

    When a unit of that folded name already exists (and the user may pick it), that unit is
    returned instead (the flag says whether one was created): nobody gets a second "UBKT
    Tỉnh ủy Khánh Hòa" by typing it twice.
    """
    name = clean_line(name or "")
    if not name:
        raise RuleError(_("Hãy nhập tên cơ quan, đơn vị."), "name")
    if len(name) > 255:
        raise RuleError(_("Tên dài quá 255 ký tự."), "name")
    if level not in LEVELS:
        raise RuleError(_("Cấp không hợp lệ."), "level")
    if parent is not None and not parent.active:
        raise RuleError(_("Đơn vị cấp trên đã ngừng hoạt động."), "parent_id")
    existing = by_name(user, name, scope if scope in ("mine", "any") else "mine")
    if existing:
        return existing[0], False
    unit = Organisation(name=name, level=level, parent=parent, external=True, steward_id=scope_root_id(user))
    db.session.add(unit)
    db.session.flush()
    record(
        "unit.external_added",
        actor=user,
        unit=unit,
        subject=unit.name,
        parent=parent.name if parent else None,
    )
    return unit, True
