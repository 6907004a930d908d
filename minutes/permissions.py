"""The one permission check. Views, templates and the CLI ask :func:`can`."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from .models import User

WRITE_MINUTES = "minutes.write"
READ_MINUTES = "minutes.read"


def can(user: User, action: str, obj: object | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``obj`` when given)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == READ_MINUTES:
        return True
    if action == WRITE_MINUTES:
        return user.role in {"admin", "secretariat"}
    return False


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
