"""Starting a conference from a previous one: the same indicators come back every period.

The new draft gets the previous conference's structure (kind, format, organiser, sites with
their leads, the usual attendees and their roles, the reports and the labels and units of
their figures) and nothing that belongs to the meeting itself: no day, headcount, presence,
summary, figure value, conclusion or directive. Then :func:`.baselines.carry_baselines`
fills each figure's "cùng kỳ" from the same period of the previous year.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from ..extensions import db
from ..models import Attendee, Conference, Figure, Report, Site, User
from ..models.conferences import PERIOD_KINDS
from ..permissions import owns
from ..rules import RuleError
from . import services
from .baselines import carry_baselines

#: The period numbers each kind takes (None: the kind has no number).
PERIOD_NUMBERS: dict[str, range | None] = {
    "quarter": range(1, 5),
    "half": range(1, 3),
    "month": range(1, 13),
    "nine_months": None,
    "year": None,
}
MIN_YEAR, MAX_YEAR = 1945, 2100
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: A reviewed period: kind, number, year.
Period = tuple[str | None, int | None, int | None]


def check_period(kind: str | None, number: int | None, year: int | None) -> None:
    """Raise :class:`RuleError` (on the field concerned) unless this is a period a conference
    can review: a known kind, the number it needs, a year between 1945 and 2100."""
    if not kind or kind not in PERIOD_KINDS:
        raise RuleError(_("Hãy chọn kỳ của hội nghị mới."), "period")
    numbers = PERIOD_NUMBERS[kind]
    if (numbers is None and number is not None) or (numbers is not None and number not in numbers):
        raise RuleError(_("Kỳ không hợp lệ."), "period")
    if year is None:
        raise RuleError(_("Hãy nhập năm của kỳ."), "period_year")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RuleError(_("Năm phải trong khoảng 1945 đến 2100."), "period_year")


def next_period(kind: str | None, number: int | None, year: int | None) -> tuple[str, int | None, int | None]:
    """The period after this one, of the same kind: quý IV/2021 → quý I/2022, năm 2023 →
    năm 2024. A conference without a period is followed by the next quarter of the year."""
    if not kind or kind not in PERIOD_KINDS or year is None:
        return "quarter", None, year
    numbers = PERIOD_NUMBERS[kind]
    if numbers is None or number is None:
        return kind, None if numbers is None else number, year + 1
    if number < numbers[-1]:
        return kind, number + 1, year
    return kind, numbers[0], year + 1


# --- the period in a title ---------------------------------------------------------------------

_SEP = r"(?P<sep>\s*/\s*|\s*-\s*|\s+năm\s+)"


def _period_pattern(kind: str | None, number: int | None, year: int | None) -> re.Pattern[str] | None:
    """How a Vietnamese title names this period ("quý I/2021", "Quý I năm 2021", "6 tháng
    đầu năm 2024", "năm 2023", "tháng 3/2022"), or None when there is none to look for."""
    if not kind or year is None:
        return None
    if kind == "quarter" and number in _ROMAN:
        body = rf"quý\s+(?:{_ROMAN[number]}|{number})(?![IVX\d]){_SEP}{year}"
    elif kind == "half" and number in (1, 2):
        body = rf"(?:6|sáu)\s+tháng\s+{'đầu' if number == 1 else 'cuối'}\s+năm\s+{year}"
    elif kind == "nine_months":
        body = rf"(?:9|chín)\s+tháng(?:\s+đầu)?\s+năm\s+{year}"
    elif kind == "month" and number:
        body = rf"tháng\s+0?{number}{_SEP}{year}"
    elif kind == "year":
        body = rf"năm\s+{year}"
    else:
        return None
    return re.compile(rf"(?<!\w){body}(?!\d)", re.IGNORECASE)


def _period_words(period: Period, sep: str | None) -> str:
    """The new period in the title's Vietnamese (titles are content, not UI text)."""
    kind, number, year = period
    sep = sep or "/"
    if kind == "quarter" and number in _ROMAN:
        return f"quý {_ROMAN[number]}{sep}{year}"
    if kind == "half":
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == "nine_months":
        return f"9 tháng năm {year}"
    if kind == "month" and number:
        return f"tháng {number}{sep}{year}"
    return f"năm {year}"


def retitle(title: str, old: Period, new: Period) -> str:
    """``title`` naming the ``new`` period (kind, number, year) where it named the ``old``
    one, keeping its capitals; unchanged when the old period's wording is not in it."""
    pattern = _period_pattern(*old)
    if pattern is None:
        return title

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        words = _period_words(new, match.groupdict().get("sep"))
        if found.isupper():
            return words.upper()
        return words[0].upper() + words[1:] if found[0].isupper() else words

    return pattern.sub(replace, title)


# --- the copy ----------------------------------------------------------------------------------


def start_from(
    previous: Conference,
    user: User,
    *,
    period_year: int | None,
    period_kind: str | None,
    period_number: int | None,
) -> Conference:
    """A new draft for the given period with ``previous``'s structure (see the module), its
    baselines carried from the same period a year before; added to the session, with its
    history, not committed. The organiser stays unless it is outside ``user``'s scope (the
    draft would not be theirs to edit): then it is the user's own unit. Raises
    :class:`RuleError` on a bad period, having changed nothing."""
    check_period(period_kind, period_number, period_year)
    old: Period = (previous.period_kind, previous.period_number, previous.period_year)
    new: Period = (period_kind, period_number, period_year)
    conference = Conference(
        title=retitle(previous.title, old, new),
        kind=previous.kind,
        format=previous.format,
        period_kind=period_kind,
        period_number=period_number,
        period_year=period_year,
        status="draft",
        created_by=user,
        copied_from_id=previous.id,
    )
    if previous.organiser is not None and owns(user, previous):
        services.set_organiser(conference, previous.organiser)
    elif previous.organiser is None and owns(user, previous):
        conference.organiser_name = previous.organiser_name
        conference.refresh_search()
    else:
        services.set_organiser(conference, user.organisation)
    sites = _copy_sites(previous, conference)
    _copy_attendees(previous, conference, sites)
    figures = _copy_reports(previous, conference, old, new)
    db.session.add(conference)
    services.log(conference, user, "created", _("Bắt đầu từ hội nghị “%(t)s”.", t=previous.title))
    db.session.flush()
    carry_baselines(conference, figures)
    return conference


def _copy_sites(previous: Conference, conference: Conference) -> dict[int, Site]:
    """The sites with their unit, name, host flag, leader and room (no headcount, no link)."""
    copies: dict[int, Site] = {}
    for site in previous.sites:
        copy = Site(
            organisation_id=site.organisation_id,
            name=site.name,
            is_host=site.is_host,
            leader_name=site.leader_name,
            leader_title=site.leader_title,
            room=site.room,
            position=site.position,
        )
        conference.sites.append(copy)
        copies[site.id] = copy
    return copies


def _copy_attendees(previous: Conference, conference: Conference, sites: dict[int, Site]) -> None:
    """The usual attendees with their office, role, unit and site (presence is the new
    meeting's: each starts as the default, present, with no absence reason)."""
    for person in previous.attendees:
        conference.attendees.append(
            Attendee(
                name=person.name,
                job_title=person.job_title,
                role=person.role,
                organisation_id=person.organisation_id,
                organisation_name=person.organisation_name,
                site=sites.get(person.site_id) if person.site_id is not None else None,
                position=person.position,
            )
        )


def _copy_reports(previous: Conference, conference: Conference, old: Period, new: Period) -> list[Figure]:
    """The reports (kind, title naming the new period, presenter, unit; no summary) and their
    figures' labels, units, scopes and sub-figure structure, without values."""
    figures: list[Figure] = []
    for report in previous.reports:
        copy = Report(
            kind=report.kind,
            title=retitle(report.title, old, new),
            presenter_name=report.presenter_name,
            presenter_title=report.presenter_title,
            organisation_id=report.organisation_id,
            organisation_name=report.organisation_name,
            position=report.position,
        )
        conference.reports.append(copy)
        copies: dict[int, Figure] = {}
        for figure in report.figures:
            copies[figure.id] = Figure(
                label=figure.label,
                unit=figure.unit,
                scope=figure.scope,
                qualifier="",
                value=None,
                position=figure.position,
            )
            copy.figures.append(copies[figure.id])
        for figure in report.figures:
            if figure.parent_id is not None and figure.parent_id in copies:
                copies[figure.id].parent = copies[figure.parent_id]
        figures.extend(copies.values())
    return figures
