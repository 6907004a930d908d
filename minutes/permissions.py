"""The one permission check. Views, templates, feeds and the CLI ask :func:`can`; list pages
filter with :func:`visible_conferences` and :func:`visible_tasks`, which state the same rules
in SQL.

Every permission is scoped by the organisation tree. A user's **scope** is a subtree:

- secretariat, viewer and admin: their committee and every unit below it. A unit of level
  "other" (an inspection commission, an office) sits beside its committee in the tree, so its
  people are scoped to the parent committee's subtree: UBKT Thành ủy Hải Phòng follows Hải
  Phòng. An admin whose committee is at the top of the tree has the whole installation; one
  lower down administers the users and units of that subtree only;
- unit officer: their own unit and the units below it, nothing beside it.

A conference is **owned** by a user when its organiser is in the user's scope (a conference
with no organiser belongs to the top of the tree: users whose scope root has no parent).
Owning is what lets the secretariat edit the minutes and assign, edit, cancel tasks and decide
extensions. Anybody may **read** what they own, plus every task whose lead or co-operating
unit is in their scope and the conferences those tasks came from (with only those tasks of
them: a district sees its own tasks of a city conference, not its neighbours').

Objects out of scope answer 403, the same as an action the role does not allow.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, has_request_context, request
from flask_login import current_user
from sqlalchemy import false, or_, true

from .extensions import db
from .models import Conference, Directive, Organisation, Task, TaskPartner, User

READ_MINUTES = "minutes.read"
WRITE_MINUTES = "minutes.write"
#: Read one task (its page, its .ics).
READ_TASK = "tasks.read"
#: Assign tasks, change due dates, cancel, decide extensions: the secretariat's work, on the
#: conferences it owns.
MANAGE_TASKS = "tasks.manage"
#: Report on a task (progress, tick off, reopen, ask for more time, delegate): the task's
#: unit or a unit above it, and the secretariat of the unit or of the assigning conference.
WORK_TASK = "tasks.work"
#: Users, units, other people's calendar tokens.
ADMINISTER = "admin"

WRITER_ROLES = frozenset({"admin", "secretariat"})


# --- scope -----------------------------------------------------------------------------------


def _scope_root(user: User) -> Organisation:
    """The unit whose subtree ``user`` works in (a unit of level "other" hands over to its
    parent, except for officers)."""
    unit = user.organisation
    if user.role != "officer" and unit.level == "other" and unit.parent is not None:
        return unit.parent
    return unit


def scope_root_id(user: User) -> int | None:
    """The id of :func:`_scope_root`; None for everything (an admin at the top of the tree)."""
    root = _scope_root(user)
    return None if user.role == "admin" and root.parent_id is None else root.id


def _memo(user: User) -> dict:
    """Per-request memo of scope facts, keyed by user (outside a request: none)."""
    if not has_request_context():
        return {}
    memo = request.environ.setdefault("minutes.scope", {})
    return memo.setdefault((user.id, user.role, user.organisation_id), {})


def scope_ids(user: User) -> set[int] | None:
    """Ids of every unit in ``user``'s scope (what they may see, and pick as organiser, lead
    unit or feed); None when the scope is everything."""
    from .organisations.services import subtree_ids

    root = scope_root_id(user)
    if root is None:
        return None
    memo = _memo(user)
    if "ids" not in memo:
        memo["ids"] = subtree_ids(root)
    return memo["ids"]


def own_units(user: User) -> set[int]:
    """The ids of ``user``'s own unit and every unit below it ("my tasks", reminders)."""
    from .organisations.services import subtree_ids

    memo = _memo(user)
    if "own" not in memo:
        memo["own"] = subtree_ids(user.organisation_id)
    return memo["own"]


def _at_top(user: User) -> bool:
    """Whether ``user``'s scope starts at the top of the tree (owns organiser-less conferences)."""
    return _scope_root(user).parent_id is None


def owns(user: User, conference: Conference) -> bool:
    """Whether ``conference`` was organised inside ``user``'s scope."""
    ids = scope_ids(user)
    if ids is None:
        return True
    if conference.organiser_id is None:
        return _at_top(user)
    return conference.organiser_id in ids


def _task_in_scope(user: User, task: Task) -> bool:
    ids = scope_ids(user)
    return ids is None or task.organisation_id in ids or any(p.organisation_id in ids for p in task.partners)


def _reads_conference(user: User, conference: Conference) -> bool:
    if owns(user, conference):
        return True
    return (
        db.session.scalar(
            db.select(Task.id)
            .join(Directive, Directive.id == Task.directive_id)
            .where(Directive.conference_id == conference.id, _task_scope_clause(user))
            .limit(1)
        )
        is not None
    )


def _conference_of(obj: object) -> Conference | None:
    if isinstance(obj, Conference):
        return obj
    if isinstance(obj, Directive):
        return obj.conference
    if isinstance(obj, Task):
        return obj.directive.conference
    return None


def can(user: User, action: str, obj: object | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``obj`` when given: a conference, a directive or
    a task; for ADMINISTER a user or a unit). Without an object: whether the role may do it
    anywhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == ADMINISTER:
        if user.role != "admin":
            return False
        ids = scope_ids(user)
        if obj is None or ids is None:
            return True
        unit_id = obj.organisation_id if isinstance(obj, User) else getattr(obj, "id", None)
        return unit_id in ids
    if action in (READ_MINUTES, READ_TASK):
        if obj is None:
            return True
        if isinstance(obj, Task):
            return owns(user, obj.directive.conference) or _task_in_scope(user, obj)
        conference = _conference_of(obj)
        return conference is not None and _reads_conference(user, conference)
    if action in (WRITE_MINUTES, MANAGE_TASKS):
        if user.role not in WRITER_ROLES:
            return False
        if obj is None:
            return True
        conference = _conference_of(obj)
        return conference is not None and owns(user, conference)
    if action == WORK_TASK:
        if obj is not None and not isinstance(obj, Task):
            return False
        if user.role in WRITER_ROLES:
            ids = scope_ids(user)
            return (
                obj is None
                or ids is None
                or owns(user, obj.directive.conference)
                or (obj.organisation_id in ids)
            )
        if user.role == "officer":
            return obj is None or obj.organisation_id in own_units(user)
        return False
    return False


# --- the same rules in SQL, for list pages and feeds ---------------------------------------------


def scope_select(user: User):
    """SQL: the ids of the units in ``user``'s scope, for ``IN (…)``; None for everything."""
    from .organisations.services import subtree_select

    root = scope_root_id(user)
    return None if root is None else subtree_select(root, name="scope")


def _owned_clause(user: User, scope):
    """SQL: the conference (``Conference`` columns) is owned by ``user``."""
    unowned = Conference.organiser_id.is_(None) if _at_top(user) else false()
    return or_(Conference.organiser_id.in_(scope), unowned)


def _task_scope_clause(user: User, scope=None):
    """SQL: the task's lead or a co-operating unit is in ``user``'s scope."""
    scope = scope if scope is not None else scope_select(user)
    if scope is None:
        return true()
    partnered = db.select(TaskPartner.task_id).where(TaskPartner.organisation_id.in_(scope))
    return or_(Task.organisation_id.in_(scope), Task.id.in_(partnered))


def visible_conferences(user: User):
    """SQL condition on ``Conference``: the conferences ``user`` may read."""
    scope = scope_select(user)
    if scope is None:
        return true()
    with_my_tasks = (
        db.select(Directive.conference_id)
        .join(Task, Task.directive_id == Directive.id)
        .where(_task_scope_clause(user, scope))
    )
    return or_(_owned_clause(user, scope), Conference.id.in_(with_my_tasks))


def _owned_directives(user: User, scope):
    """SQL: the ids of the directives of the conferences ``user`` owns."""
    return (
        db.select(Directive.id)
        .join(Conference, Conference.id == Directive.conference_id)
        .where(_owned_clause(user, scope))
    )


def visible_tasks(user: User):
    """SQL condition on ``Task``: the tasks ``user`` may read (no join needed)."""
    scope = scope_select(user)
    if scope is None:
        return true()
    return or_(Task.directive_id.in_(_owned_directives(user, scope)), _task_scope_clause(user, scope))


def managed_tasks(user: User):
    """SQL condition on ``Task``: the tasks of the conferences ``user`` owns."""
    scope = scope_select(user)
    if scope is None:
        return true()
    return Task.directive_id.in_(_owned_directives(user, scope))


# --- views ---------------------------------------------------------------------------------------


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


def check(action: str, obj: object) -> None:
    """403 unless the signed-in user may do ``action`` on ``obj``."""
    if not can(current_user, action, obj):
        abort(403)
