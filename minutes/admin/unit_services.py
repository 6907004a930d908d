"""Rules of unit administration: add, edit, move, deactivate and merge units of the tree.
Views call these; nothing here commits. Refusals raise
:class:`~minutes.admin.services.Refused`; every change goes to the audit trail."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func

from ..audit import record
from ..extensions import db
from ..models import Organisation, User
from ..organisations.services import subtree_ids
from ..text import clean_line
from .services import Refused


def key_taken(key: str, exclude_id: int | None = None) -> bool:
    """Whether another unit has this external key (ignoring case)."""
    query = db.select(Organisation.id).where(func.lower(Organisation.external_key) == key.lower())
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def _check_key(key: str | None, exclude_id: int | None = None) -> str | None:
    key = clean_line(key) or None
    if key and key_taken(key, exclude_id):
        raise Refused(_("Mã “%(k)s” đã dùng cho một đơn vị khác.", k=key), "external_key")
    return key


def _next_sort_order(parent: Organisation | None) -> int:
    query = db.select(func.max(Organisation.sort_order))
    query = query.where(Organisation.parent_id == parent.id if parent else Organisation.parent_id.is_(None))
    return (db.session.scalar(query) or 0) + 1


def add_unit(
    actor: User,
    *,
    name: str,
    short_name: str | None,
    external_key: str | None,
    level: str,
    parent: Organisation | None,
) -> Organisation:
    if parent is not None and not parent.active:
        raise Refused(_("Đơn vị cấp trên đã ngừng hoạt động."), "parent_id")
    key = _check_key(external_key)
    unit = Organisation(
        name=name,
        short_name=clean_line(short_name) or None,
        external_key=key,
        level=level,
        parent=parent,
        sort_order=_next_sort_order(parent),
        active=True,
    )
    db.session.add(unit)
    db.session.flush()  # the new unit's id, for the audit row
    record("unit.created", actor=actor, unit=unit, subject=unit.name, parent=parent.name if parent else None)
    return unit


def edit_unit(
    actor: User,
    unit: Organisation,
    *,
    name: str,
    short_name: str | None,
    external_key: str | None,
    level: str,
) -> str | None:
    """Rename or re-key a unit; returns the old name when the name changed.

    Conferences, sites, attendees and tasks keep the name they were recorded with: only the
    unit's own row changes.
    """
    key = _check_key(external_key, exclude_id=unit.id)
    old_name = unit.name
    unit.name = name
    unit.short_name = clean_line(short_name) or None
    unit.external_key = key
    unit.level = level
    if unit.name != old_name:
        record("unit.renamed", actor=actor, unit=unit, subject=unit.name, old=old_name)
        return old_name
    record("unit.edited", actor=actor, unit=unit, subject=unit.name, level=level, key=key)
    return None


def move_unit(actor: User, unit: Organisation, parent: Organisation | None) -> None:
    """Put ``unit`` (and everything under it) under ``parent``, or at the top when None."""
    if parent is not None:
        if parent.id in subtree_ids(unit.id):
            raise Refused(
                _("Không thể chuyển một đơn vị vào chính nó hoặc một đơn vị cấp dưới của nó."), "parent_id"
            )
        if not parent.active:
            raise Refused(_("Đơn vị cấp trên đã ngừng hoạt động."), "parent_id")
    if unit.parent_id == (parent.id if parent else None):
        return
    old = unit.parent.name if unit.parent else None
    unit.sort_order = _next_sort_order(parent)
    unit.parent = parent
    record(
        "unit.moved",
        actor=actor,
        unit=unit,
        subject=unit.name,
        old_parent=old,
        new_parent=parent.name if parent else None,
    )


def active_children(unit: Organisation) -> list[Organisation]:
    return list(
        db.session.scalars(
            db.select(Organisation).where(Organisation.parent_id == unit.id, Organisation.active.is_(True))
        )
    )


def user_count(unit: Organisation, active_only: bool = True) -> int:
    query = db.select(func.count(User.id)).where(User.organisation_id == unit.id)
    if active_only:
        query = query.where(User.active.is_(True))
    return db.session.scalar(query) or 0


def _refuse_active_children(unit: Organisation) -> None:
    children = active_children(unit)
    if children:
        names = ", ".join(c.name for c in children[:5]) + ("…" if len(children) > 5 else "")
        raise Refused(
            _(
                "%(name)s còn %(n)s đơn vị trực thuộc đang hoạt động (%(names)s): hãy chuyển "
                "hoặc cho ngừng hoạt động các đơn vị đó trước.",
                name=unit.name,
                n=len(children),
                names=names,
            )
        )


def deactivate_unit(actor: User, unit: Organisation, on: date) -> None:
    """Mark a unit abolished. Its row stays: old records still point at it."""
    if not unit.active:
        raise Refused(_("Đơn vị này đã ngừng hoạt động."))
    _refuse_active_children(unit)
    unit.active = False
    unit.deactivated_on = on
    record("unit.deactivated", actor=actor, unit=unit, subject=unit.name, on=on.isoformat())


def merge_unit(
    actor: User,
    unit: Organisation,
    target: Organisation,
    on: date,
    *,
    move_children: bool = False,
    move_users: bool = False,
) -> tuple[int, int]:
    """Merge ``unit`` into ``target``: it is deactivated and remembers where it went.

    Returns how many child units and users were moved to the target.
    """
    if not unit.active:
        raise Refused(_("Đơn vị này đã ngừng hoạt động."))
    if target.id in subtree_ids(unit.id):
        raise Refused(
            _("Không thể hợp nhất một đơn vị vào chính nó hoặc một đơn vị cấp dưới của nó."), "target_id"
        )
    if not target.active:
        raise Refused(_("Đơn vị tiếp nhận đã ngừng hoạt động."), "target_id")
    children = active_children(unit)
    if children and not move_children:
        _refuse_active_children(unit)
    order = _next_sort_order(target)
    for i, child in enumerate(children):
        child.parent = target
        child.sort_order = order + i
    moved_users = 0
    if move_users:
        for user in db.session.scalars(db.select(User).where(User.organisation_id == unit.id)):
            user.organisation = target
            moved_users += 1
    unit.active = False
    unit.deactivated_on = on
    unit.merged_into = target
    record(
        "unit.merged",
        actor=actor,
        unit=unit,
        subject=unit.name,
        into=target.name,
        children=len(children),
        users=moved_users,
    )
    return len(children), moved_users
