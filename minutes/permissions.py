"""The one permission check. Views, templates and the CLI ask :func:`can`."""
from __future__ import annotations

from functools import wraps

from flask import abort, has_request_context, request
from flask_login import current_user

from .models import User

WRITE_MINUTES = "minutes.write"
READ_MINUTES = "minutes.read"
#: Assign tasks, change due dates, cancel, decide extensions: the secretariat's work.
MANAGE_TASKS = "tasks.manage"
#: Report on a task (progress, tick off, reopen, ask for more time, delegate): the task's
#: unit or a unit above it, and the secretariat.
WORK_TASK = "tasks.work"
#: Users, units, other people's calendar tokens.
ADMINISTER = "admin"


def can(user: User, action: str, obj: object | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``obj`` when given)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == READ_MINUTES:
        return True
    if action == ADMINISTER:
        return user.role == "admin"
    if action in (WRITE_MINUTES, MANAGE_TASKS):
        return user.role in {"admin", "secretariat"}
    if action == WORK_TASK:
        if user.role in {"admin", "secretariat"}:
            return True
        if user.role != "officer":
            return False
        return obj is None or obj.organisation_id in own_units(user)
    return False


def own_units(user: User) -> set[int]:
    """The ids of ``user``'s unit and every unit below it (memoised for the request)."""
    from .organisations.services import subtree_ids

    if not has_request_context():
        return subtree_ids(user.organisation_id)
    cache = request.environ.setdefault("minutes.own_units", {})
    if user.id not in cache:
        cache[user.id] = subtree_ids(user.organisation_id)
    return cache[user.id]


def require(action: str):
    """Decorator: 403 unless the signed-in user may do ``action`` (without an object)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
