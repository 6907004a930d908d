"""What every demo conference shares: the notes that say what is illustrative, and :func:`fig`.

Facts and figures follow the hand annotations of the seeds; every sentence is written anew.
Where a seed is silent and the application needs a value (the format, the minute-taker, a
deadline for the task tracking to show), the value is an assumption and the conference's notes
say so. Where a seed gives the day and only the part of the day ("sáng 28/12"), so does the
demo: no hour is invented.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

#: Said in the notes of every demo conference.
DEMO_NOTE = (
    "Dữ liệu minh họa, dựng lại từ một bản tin đã đăng báo; số liệu giữ đúng như bản tin, "
    "lời văn được viết lại."
)

#: Said in the notes of every demo conference whose directives the demo turns into tasks.
TASKS_NOTE = (
    "Phần theo dõi nhiệm vụ là minh họa: đơn vị được giao, ngày giao, tiến độ, kết quả, gia hạn và "
    "ngày hoàn thành đều là giả định; một số thời hạn được tính từ ngày nạp dữ liệu mẫu để luôn có "
    "việc đang thực hiện trong hạn."
)

#: Said in the notes of the Hậu Giang report, whose 2.053 chi bộ the demo generates.
HAU_GIANG_UNITS_NOTE = (
    "Tên của 2.053 chi bộ và các đảng ủy cơ sở dưới các huyện, thị, thành ủy Hậu Giang do máy sinh "
    "ra để minh họa (mã đơn vị bắt đầu bằng demo:hg-); chỉ có tổng số 2.053 chi bộ và số 2.026 chi bộ "
    "hoàn thành đến hết 14/9/2017 là số liệu của bản tin, còn ngày hoàn thành của từng chi bộ là giả "
    "định."
)


class SiteSpec(TypedDict):
    name: str
    unit: str  #: external key of the site's unit
    host: bool
    leader_name: NotRequired[str]
    leader_title: NotRequired[str]


class AttendeeSpec(TypedDict):
    name: str
    job_title: str
    role: str
    unit: str
    site: NotRequired[str]  #: external key of the unit whose site the attendee sits at


class ReportSpec(TypedDict):
    kind: str
    title: str
    summary: str
    figures: list[dict[str, Any]]  #: keyword arguments of ``Figure``, made by :func:`fig`
    unit: NotRequired[str]
    presenter_name: NotRequired[str]
    presenter_title: NotRequired[str]


class DirectiveSpec(TypedDict):
    text: str
    groups: NotRequired[list[str]]
    units: NotRequired[list[str]]
    units_under: NotRequired[tuple[str, str]]  #: (parent unit key, level)
    due: NotRequired[date]


class ConferenceSpec(TypedDict):
    """One demo conference as :func:`minutes.demo.load_demo` builds it."""

    uid: str  #: ``Conference.external_uid``
    title: str
    kind: str
    period: tuple[int | None, str | None, int | None]  #: (year, kind, number)
    starts: datetime | None  #: local time in Việt Nam, when the seed gives the hour
    day: NotRequired[date]  #: the day, when the seed gives no hour
    day_part: NotRequired[str]  #: one of ``DAY_PARTS``, when the seed says "sáng 28/12"
    format: str
    organiser: str | None  #: external key of the organising unit
    reported_delegates: NotRequired[tuple[int, str]]  #: (number, qualifier)
    notes: str
    sites: list[SiteSpec]
    sites_under: NotRequired[tuple[str, str]]  #: (parent unit key, level)
    attendees: list[AttendeeSpec]
    reports: list[ReportSpec]
    conclusion: str
    directives: list[DirectiveSpec]
    publish: bool


def fig(
    label: str,
    value: float,
    unit: str,
    *,
    qualifier: str = "",
    baseline: float | None = None,
    baseline_label: str = "",
    stated_pct: float | None = None,
) -> dict[str, Any]:
    """One figure: a baseline value, or a change in per cent stated without one, or neither."""
    return {
        "label": label,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "baseline_value": baseline,
        "baseline_label": baseline_label,
        "stated_change_pct": stated_pct,
    }
