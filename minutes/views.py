"""The view plumbing every blueprint uses, written once.

- :func:`load`: an object by id or 404 (ids bounded to the database's integer range), with
  the one permission check (:func:`minutes.permissions.can`) when an action is named;
- :func:`check_version`: the ``version`` a changing POST was built from must be sent and
  must be the stored one, else :class:`~minutes.rules.Conflict` (409) or
  :class:`~minutes.rules.MissingVersion` (400);
- :func:`fail`: a :class:`~minutes.rules.RuleError` as a message next to its field (or at
  the top of the form), returning the status to answer with;
- :func:`commit`: commit, turning a lost race (a concurrent save of the same row, or a
  unique index refusing a duplicate) into a :class:`~minutes.rules.Conflict`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from flask import abort, flash, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import IntegerConverter

from .extensions import db
from .permissions import check
from .rules import MAX_ID, Conflict, Message, MissingVersion, RuleError, parse_id

M = TypeVar("M")


class IdConverter(IntegerConverter):
    """``<int:…>`` in every URL: ASCII digits from 1 to :data:`~minutes.rules.MAX_ID`;
    anything else does not match the rule, which answers 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def load(model: type[M], ident: object, action: str | None = None, *, options: Iterable[Any] = ()) -> M:
    """The ``model`` row with id ``ident``, else 404; 403 unless the signed-in user may do
    ``action`` on it (when given)."""
    number = parse_id(ident)
    if number is None:
        abort(404)
    obj = db.session.get(model, number, options=list(options) or None)
    if obj is None:
        abort(404)
    if action is not None:
        check(action, obj)
    return obj


def posted_version() -> int:
    """The ``version`` field of the posted form; :class:`MissingVersion` when it is absent or
    not a number (a page from before versions, or a hand-made request)."""
    raw = request.form.get("version", "")
    number = parse_id(raw.strip()) if isinstance(raw, str) else None
    if number is None:
        raise MissingVersion(
            _l("Trang này đã cũ hoặc không đầy đủ nên thay đổi chưa được lưu. Hãy tải lại trang rồi làm lại.")
        )
    return number


def check_version(current: int, change: Message) -> int:
    """Refuse the POST unless it was built from version ``current``; ``change`` says what the
    other person changed (shown with the 409). Returns the version sent."""
    sent = posted_version()
    if sent != current:
        raise Conflict(change)
    return sent


def _field(form: Any, name: str) -> Any:
    """The field ``name`` of ``form``, also inside a list of rows ("rows-3-value")."""
    field = getattr(form, name, None)
    if field is not None or "-" not in name:
        return field
    head, *rest = name.split("-")
    field = getattr(form, head, None)
    try:
        for part in rest:
            field = field[int(part)] if part.isdigit() else field[part]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    return field


def fail(form: Any, error: RuleError) -> int:
    """Show ``error`` next to its field of ``form`` (or at the top of the page, and as a flash
    message, when it concerns no field); the HTTP status to answer with."""
    field = _field(form, error.field) if (form is not None and error.field) else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        if form is not None:
            form.form_errors.append(error.message)
        flash(str(error.message), "error")
    return error.status


def commit(conflict: Message | None = None) -> None:
    """Commit the session. A concurrent save of the same row (optimistic lock) or a duplicate
    refused by a unique index is rolled back and raised as :class:`Conflict` with the message
    ``conflict`` (or a general one)."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise Conflict(
            conflict
            or _l(
                "Người khác vừa lưu cùng lúc nên thay đổi của bạn chưa "
                "được lưu. Hãy xem lại rồi lưu lại nếu vẫn cần."
            )
        ) from exc
