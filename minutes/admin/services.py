"""Rules of user and unit administration. Views call these; nothing here commits.

Every refused change raises :class:`Refused` with a message for the page, before anything is
changed. Every change that matters goes to the audit trail (:func:`minutes.audit.record`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import joinedload

from ..audit import record
from ..calendar import services as calendar
from ..extensions import db
from ..models import AuditEvent, Organisation, User
from ..organisations.services import subtree_select
from ..permissions import scope_root_id
from ..rules import RuleError
from ..text import clean_line, fold


class Refused(RuleError):
    """A change the rules of administration forbid; ``field`` names the form field the
    message belongs to (see :class:`minutes.rules.RuleError`)."""


def own_root_message() -> str:
    return _(
        "Đây là đơn vị gốc trong phạm vi quản trị của bạn; chỉ quản trị viên cấp trên mới "
        "đổi cấp, chuyển, hợp nhất hay cho ngừng hoạt động được."
    )


def refuse_own_root(actor: User, unit: Organisation, field: str | None = None) -> None:
    """A scoped admin's own top unit: they may rename it, not change its level, move, merge
    or close it (its level decides where its people's scope starts, so changing it could hand
    them a part of the tree above their own). Raises :class:`Refused` on ``field``."""
    if unit.id == scope_root_id(actor):
        raise Refused(own_root_message(), field)


# --- users -------------------------------------------------------------------------------------


def username_taken(username: str, exclude_id: int | None = None) -> bool:
    """Whether another account has this username, ignoring case."""
    query = db.select(User.id).where(func.lower(User.username) == username.lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def check_password(username: str, password: str) -> None:
    if password.strip().lower() == username.lower():
        raise Refused(_("Mật khẩu không được trùng tên đăng nhập."), "password")


def create_user(
    actor: User,
    *,
    username: str,
    full_name: str,
    email: str | None,
    role: str,
    unit: Organisation,
    password: str,
) -> User:
    username = username.lower()
    if username_taken(username):
        raise Refused(_("Tên đăng nhập “%(u)s” đã có người dùng.", u=username), "username")
    if not unit.active:
        raise Refused(_("Đơn vị này đã ngừng hoạt động."), "organisation_id")
    check_password(username, password)
    user = User(
        username=username,
        full_name=clean_line(full_name),
        email=email or None,
        role=role,
        organisation=unit,
        active=True,
    )
    user.set_password(password)
    db.session.add(user)
    record("user.created", actor=actor, unit=unit, subject=username, role=role)
    return user


def update_user(
    actor: User, user: User, *, full_name: str, email: str | None, role: str, unit: Organisation
) -> list[str]:
    """Change a user's details; returns what changed, for the message."""
    if user.id == actor.id and role != user.role:
        raise Refused(_("Bạn không thể tự đổi vai trò của mình; hãy nhờ một quản trị viên khác."), "role")
    if unit.id != user.organisation_id and not unit.active:
        raise Refused(_("Đơn vị này đã ngừng hoạt động."), "organisation_id")
    changes = []
    if user.role != role:
        record(
            "user.role_changed",
            actor=actor,
            unit=user.organisation,
            subject=user.username,
            old=user.role,
            new=role,
        )
        changes.append("role")
        user.role = role
    if user.organisation_id != unit.id:
        record(
            "user.moved",
            actor=actor,
            unit=unit,
            subject=user.username,
            old=user.organisation.name,
            new=unit.name,
        )
        changes.append("unit")
        user.organisation = unit
    full_name, email = clean_line(full_name), email or None
    if (user.full_name, user.email) != (full_name, email):
        record("user.details_changed", actor=actor, unit=unit, subject=user.username)
        changes.append("details")
        user.full_name, user.email = full_name, email
    return changes


def set_active(actor: User, user: User, active: bool) -> None:
    """Lock or unlock an account; locking signs out every session of it at once."""
    if not active and user.id == actor.id:
        raise Refused(_("Bạn không thể tự khóa tài khoản của mình."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user.rotate_session()
    record(
        "user.reactivated" if active else "user.deactivated",
        actor=actor,
        unit=user.organisation,
        subject=user.username,
    )
    if not active:
        # Feeds are read without a session: their URLs must die with the account's rights
        # (and reactivating does not bring them back).
        calendar.revoke_all(user, actor, reason="account deactivated")


def reset_password(actor: User, user: User, password: str) -> None:
    """Set a new password chosen by the administrator; the user's sessions end."""
    check_password(user.username, password)
    user.set_password(password)
    user.rotate_session()
    record("user.password_reset", actor=actor, unit=user.organisation, subject=user.username)
    calendar.revoke_all(user, actor, reason="password reset")


@dataclass
class ListPage:
    """The attributes of a Flask-SQLAlchemy page that the ``pager`` macro and lists use."""

    items: list
    page: int
    per_page: int
    total: int
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(1, math.ceil(self.total / self.per_page)) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def list_users(
    *,
    q: str | None,
    role: str | None,
    unit_id: int | None,
    status: str | None,
    page: int,
    per_page: int,
    within=None,
):
    """One page of users by username, filtered; a bounded number of queries whatever the size.

    Role, unit and status filter in SQL. The search folds diacritics in Python (there is no
    folded column on users): one query for the matching ids, one for the page's rows.
    """
    conditions: list[ColumnElement[bool]] = []
    if within is not None:
        conditions.append(User.organisation_id.in_(within))
    if role:
        conditions.append(User.role == role)
    if unit_id:
        conditions.append(User.organisation_id.in_(subtree_select(unit_id)))
    if status:
        conditions.append(User.active.is_(status == "active"))
    rows = db.select(User).options(joinedload(User.organisation)).where(*conditions)
    if not q or not fold(q):
        return db.paginate(rows.order_by(User.username), page=page, per_page=per_page, error_out=False)
    needle = fold(q)
    candidates = db.session.execute(
        db.select(User.id, User.username, User.full_name, User.email)
        .where(*conditions)
        .order_by(User.username)
    ).all()
    ids = [
        r.id
        for r in candidates
        if needle in fold(r.username) or needle in fold(r.full_name) or needle in fold(r.email)
    ]
    page = max(1, page)
    chosen = ids[(page - 1) * per_page : page * per_page]
    loaded = {u.id: u for u in db.session.scalars(rows.where(User.id.in_(chosen)))} if chosen else {}
    return ListPage([loaded[i] for i in chosen if i in loaded], page, per_page, len(ids))


# --- audit trail -------------------------------------------------------------------------------


def audit_query(*, within=None, action: str | None = None, who: str | None = None):
    """The audit events of the units ``within`` (an SQL select of ids; None: every event,
    including failed sign-ins to unknown accounts), newest first."""
    query = db.select(AuditEvent).options(joinedload(AuditEvent.organisation))
    if within is not None:
        query = query.where(AuditEvent.organisation_id.in_(within))
    if action:
        query = query.where(AuditEvent.action == action)
    if who:
        name = who.strip().lower()
        query = query.where(
            (func.lower(AuditEvent.actor_name) == name) | (func.lower(AuditEvent.subject) == name)
        )
    return query.order_by(AuditEvent.id.desc())
