"""A list of attendees pasted from Word or Excel, added in one step.

One person per line: name, job title and unit, separated by a tab (as Excel copies cells) or
by semicolons; a line with neither is "name, job title" as lists of delegates are typed
("Nguyễn Văn A, Phó Bí thư Tỉnh ủy"). A leading "đồng chí" / "đ/c", list numbering, a
table's STT column and heading lines ("Họ và tên", "Danh sách đại biểu…") are dropped. A
unit named exactly like an active unit (or external body) is linked to it, else kept as
written. Nothing is added unless every line can be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Attendee, Conference, Organisation, Site
from ..rules import RuleError
from ..text import clean_line, fold
from .services import ensure_editable, next_position

#: Beyond this a list is not one conference's delegates any more.
MAX_LINES = 2000
_NUMBERING = re.compile(r"^(?:[-•*+–]|\d{1,4}[.)/]|[a-zđ]\))\s*", re.IGNORECASE)
_COMRADE = re.compile(r"^(?:đồng chí|đ/c|đc)\s+", re.IGNORECASE)


#: Lines that head a list rather than name a person (folded): "Họ và tên", "STT", "Danh sách…".
_HEADINGS = ("ho va ten", "ho ten", "stt", "danh sach", "thanh phan")


def _is_heading(cell: str) -> bool:
    folded = fold(cell)
    return any(folded == h or (h in ("danh sach", "thanh phan") and folded.startswith(h)) for h in _HEADINGS)


@dataclass
class PastedAttendee:
    line: int
    name: str
    job_title: str
    unit: str


def parse(text: str, field: str = "lines") -> list[PastedAttendee]:
    """The people of the pasted list, in order; a RuleError naming the first bad line."""
    people: list[PastedAttendee] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        separator = "\t" if "\t" in raw else ";" if ";" in raw else None
        cells = [clean_line(c) for c in (raw.split(separator) if separator else raw.split(",", 1))]
        if separator and len(cells) > 1 and cells[0].rstrip(".").isdigit():
            cells = cells[1:]  # the STT column of a table
        if _is_heading(cells[0]):
            continue
        while len(cells) > 3 and not cells[-1]:
            cells.pop()
        if len(cells) > 3:
            raise RuleError(_l("Dòng %(n)s có quá 3 cột (họ tên; chức vụ; đơn vị).", n=number), field)
        name, job_title, unit = cells + [""] * (3 - len(cells))
        name = _COMRADE.sub("", _NUMBERING.sub("", name))
        if not name and not job_title:
            raise RuleError(_l("Dòng %(n)s: hãy ghi họ tên hoặc chức vụ.", n=number), field)
        if len(name) > 200 or len(job_title) > 255 or len(unit) > 255:
            raise RuleError(_l("Dòng %(n)s dài quá mức cho phép.", n=number), field)
        people.append(PastedAttendee(number, name, job_title, unit))
        if len(people) > MAX_LINES:
            raise RuleError(_l("Mỗi lần dán tối đa %(n)s người.", n=MAX_LINES), field)
    if not people:
        raise RuleError(_l("Hãy dán danh sách, mỗi dòng một người."), field)
    return people


def add_pasted_attendees(
    conference: Conference, people: list[PastedAttendee], role: str, site: Site | None
) -> int:
    """Add ``people`` with one ``role`` and ``site``; units linked by exact (folded) name in one
    query. Returns how many were added."""
    ensure_editable(conference)
    wanted = {fold(p.unit) for p in people if p.unit}
    found: dict[str, list[Organisation]] = {}
    if wanted:
        query = db.select(Organisation).where(
            Organisation.name_folded.in_(wanted), Organisation.active.is_(True)
        )
        for unit in db.session.scalars(query):
            found.setdefault(unit.name_folded, []).append(unit)
    position = next_position(conference.attendees)
    for person in people:
        matches = found.get(fold(person.unit), []) if person.unit else []
        unit = matches[0] if len(matches) == 1 else None
        conference.attendees.append(
            Attendee(
                name=person.name,
                job_title=person.job_title,
                organisation=unit,
                organisation_name=unit.name if unit else person.unit,
                site=site,
                role=role,
                position=position,
            )
        )
        position += 1
    return len(people)
