"""Numbers, dates and periods the Vietnamese way (1.917; 37,6 %; 07/04/2021; quý I/2021)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
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
