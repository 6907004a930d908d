"""The one place that reads the clock, so tests and rules agree on "now" and "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_zone() -> ZoneInfo:
    """The configured time zone (Asia/Ho_Chi_Minh unless configured otherwise)."""
    name = current_app.config["TIMEZONE"] if has_app_context() else "Asia/Ho_Chi_Minh"
    return ZoneInfo(name)


def today() -> date:
    """Today's date in the configured time zone."""
    return datetime.now(local_zone()).date()
