"""The one family of rule violations, and the bounds every input is held to.

Services raise a :class:`RuleError` (or a subclass) *before* they change anything; views hand
it to :func:`minutes.views.fail`, which puts the message next to its field, and whatever
escapes a view is shown by the app-level handler in :mod:`minutes.errors`. Nothing here knows
about requests or forms, so forms, importers and services can all share it.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeAlias

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from .formatting import day_part_of

#: A message for the user: a plain string or one translated when shown.
Message: TypeAlias = str | LazyString

#: The largest id a URL or a form may name: PostgreSQL's INTEGER. Anything above is a 404.
MAX_ID = 2**31 - 1
#: Dates a user may enter (conference times, due dates, completions, imports).
MIN_DATE = date(1945, 1, 1)
MAX_DATE = date(2099, 12, 31)
#: Figures: |value| at most this, with at most :data:`FIGURE_PLACES` decimals.
MAX_FIGURE = Decimal(10) ** 12
FIGURE_PLACES = 4


class RuleError(Exception):
    """A change the rules forbid. ``field`` is the form field the message belongs to, or None
    when it concerns the whole form (it is then shown at the top of the page)."""

    status = 422

    def __init__(self, message: Message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class Conflict(RuleError):
    """The change was built from an older version than the stored one: refused (409), with a
    message that says what the other change was."""

    status = 409


class MissingVersion(RuleError):
    """A changing POST without a usable ``version``: refused, nothing saved."""

    status = 400


class NotEditable(RuleError):
    """A published conference: reopen it before changing it."""

    status = 409


def date_in_range(value: date | datetime | None) -> bool:
    """Whether ``value`` (a date or a datetime) lies between :data:`MIN_DATE` and
    :data:`MAX_DATE`; None is "no date" and in range."""
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return MIN_DATE <= day <= MAX_DATE


def date_range_message() -> Message:
    return _l("Ngày phải trong khoảng 01/01/1945 đến 31/12/2099.")


def check_date(value: date | datetime | None, field: str | None = None) -> None:
    """Raise :class:`RuleError` unless ``value`` is a date a user may enter."""
    if not date_in_range(value):
        raise RuleError(date_range_message(), field)


def figure_problem(value: float | Decimal | None) -> Message | None:
    """Why ``value`` cannot be a figure (a message), or None when it can."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return _l("Hãy nhập một số.")
    number = Decimal(str(value)) if isinstance(value, float) else value
    if not number.is_finite():
        return _l("Hãy nhập một số.")
    if abs(number) > MAX_FIGURE:
        return _l("Số liệu không được vượt quá 1.000.000.000.000 (giá trị tuyệt đối).")
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -FIGURE_PLACES:
        return _l("Số liệu có tối đa 4 chữ số thập phân.")
    return None


def check_figure(value: float | Decimal | None, field: str | None = None) -> None:
    """Raise :class:`RuleError` unless ``value`` is a figure a report may carry."""
    problem = figure_problem(value)
    if problem is not None:
        raise RuleError(problem, field)


def day_part_problem(part: str | None, clock: time | None) -> Message | None:
    """Why a start at ``clock`` cannot be in the chosen part of the day ("chiều" with 08:00),
    or None when it can (or either is not known)."""
    if not part or clock is None or day_part_of(clock) == part:
        return None
    from .labels import DAY_PARTS

    return _l(
        "%(time)s là buổi %(found)s, không phải buổi %(chosen)s: hãy sửa giờ hoặc buổi.",
        time=clock.strftime("%H:%M"),
        found=str(DAY_PARTS[day_part_of(clock)]).lower(),
        chosen=str(DAY_PARTS.get(part, part)).lower(),
    )


def parse_id(raw: object) -> int | None:
    """An id from a form or a query string: ASCII digits, 1 to :data:`MAX_ID`; else None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 < raw <= MAX_ID else None
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None
