"""Numbers, dates and periods the Vietnamese way (1.917; 37,6 %; 07/04/2021; quý I/2021)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal, localcontext
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

NUMBER_LOCALE = "vi"


def number(value: float | int | Decimal | None, places: int = 2) -> str:
    """1917 → "1.917", 0.5 → "0,5"; trailing zeros dropped, up to ``places`` decimals."""
    if value is None:
        return ""
    if not _finite(value):
        return "—"
    pattern = "#,##0" + ("." + "#" * places if places else "")
    with localcontext() as context:
        context.prec = 80  # babel rounds in the current context: 28 digits overflow on 1e15
        return format_decimal(value, format=pattern, locale=NUMBER_LOCALE)


def _finite(value: float | int | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def percent(value: float | Decimal | None, places: int = 1, signed: bool = False) -> str:
    """37.6 → "37,6 %"; with ``signed`` a minus sign (−) or plus sign leads."""
    if value is None:
        return ""
    if not _finite(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with localcontext() as context:
        context.prec = 80
        text = format_decimal(Decimal(str(abs(value))), format=pattern, locale=NUMBER_LOCALE) + " %"
    if signed and round(value, places) != 0:
        text = ("−" if value < 0 else "+") + text
    elif value < 0 and round(value, places) != 0:
        text = "−" + text
    return text


def tz(name: str) -> ZoneInfo:
    """The configured zone as a ZoneInfo."""
    return ZoneInfo(name)


def to_local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC datetime (naive or aware) in the local zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def to_utc(local: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A naive local datetime (as typed in a form) as naive UTC for storage."""
    if local is None:
        return None
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def short_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, whatever the UI language."""
    return value.strftime("%d/%m/%Y") if value else ""


def date_time(value: datetime | None) -> str:
    """HH:MM dd/mm/yyyy, as Vietnamese documents write a time."""
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def document_date(value: date) -> str:
    """ "ngày 07 tháng 4 năm 2021": days below 10 and months 1–2 are zero-padded (36-HD/VPTW)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


#: Where a day is cut into parts: before noon is morning (sáng), before 18:00 afternoon
#: (chiều), later evening (tối). The codes are :data:`minutes.models.conferences.DAY_PARTS`.
NOON = time(12, 0)
EVENING = time(18, 0)


def day_part_of(clock: time) -> str:
    """ "morning", "afternoon" or "evening" for a local time of day."""
    if clock < NOON:
        return "morning"
    return "afternoon" if clock < EVENING else "evening"


def start_text(
    day: date | None,
    part: str | None,
    moment: datetime | None,
    *,
    part_labels: Mapping[str, str],
    pattern: str = "%(part)s %(date)s",
) -> str:
    """When a conference starts, as far as it is known: "08:00 22/09/2022" with the hour
    (``moment``, already local), "Sáng 22/09/2022" with a part of the day only (``pattern``
    joins the capitalised label of ``part`` and the date: "%(part)s, %(date)s" in English),
    "22/09/2022" with the day only, "" when nothing is known."""
    if moment is not None:
        return date_time(moment)
    if day is None:
        return ""
    label = str(part_labels.get(part, "")) if part else ""
    if not label:
        return short_date(day)
    return pattern % {"part": label[:1].upper() + label[1:], "date": short_date(day)}
