"""Hậu Giang's target no. 17 of 2017 as tasks: 2.053 chi bộ, 2.026 of them done by 14/9/2017.

The seed gives only the totals, so the đảng ủy cơ sở and chi bộ under the eight district-level
units are generated (names made up for illustration, keys ``demo:hg-grassroots:…`` and
``demo:hg-cell:…``), and so is each chi bộ's completion date. Thousands of rows go in with bulk
inserts rather than one service call each; every task still gets its "created" history row, and
every done one its "completed" row, as :mod:`minutes.tasks.services` would have written them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from math import gcd
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert

from ..extensions import Base, db
from ..formatting import short_date, to_utc
from ..models import Directive, Organisation, Task, TaskEvent, User
from ..tasks import status as st
from ..text import fold

GRASSROOTS_PREFIX = "demo:hg-grassroots:"
CELL_PREFIX = "demo:hg-cell:"
TOTAL_CELLS = 2053
DONE_BY_REPORT = 2026
#: The day the seed's count was taken ("đến hết ngày 14/9/2017").
REPORT_DAY = date(2017, 9, 14)
#: When the target was handed down to the chi bộ (assumed: early in the year of the target).
ASSIGNED_ON = date(2017, 1, 16)
FIRST_COMPLETION = date(2017, 3, 20)

#: (district slug, kind of the first grassroots units, how many of them, grassroots units in all).
#: The counts follow the number of communes and wards of each district, roughly.
DISTRICTS = (
    ("vi-thanh", "phường", 5, 9),
    ("nga-bay", "phường", 4, 6),
    ("tx-long-my", "phường", 4, 9),
    ("chau-thanh-a", "thị trấn", 3, 10),
    ("chau-thanh", "thị trấn", 2, 9),
    ("phung-hiep", "thị trấn", 3, 15),
    ("vi-thuy", "thị trấn", 1, 10),
    ("long-my", "thị trấn", 1, 8),
)

#: Chi bộ that had not done the target by the report: (district slug, grassroots number) → count.
#: The 22 newly split chi bộ that had no plan yet, as the seed says…
NEWLY_SPLIT = {
    ("chau-thanh-a", 1): 3,
    ("chau-thanh-a", 2): 3,
    ("chau-thanh-a", 5): 2,
    ("phung-hiep", 3): 4,
    ("phung-hiep", 8): 4,
    ("long-my", 4): 6,
}
#: …and 5 more that had done the inspection but not yet the thematic supervision.
HALF_DONE = {("vi-thuy", 6): 3, ("nga-bay", 2): 2}

_FIRST = (
    "Tân",
    "Long",
    "Phú",
    "Vĩnh",
    "Hòa",
    "Thạnh",
    "Nhơn",
    "Phương",
    "Hiệp",
    "Đông",
    "Bình",
    "Thuận",
    "Xuân",
    "Lương",
    "Mỹ",
    "Trường",
)
_SECOND = (
    "Phú",
    "An",
    "Hòa",
    "Thuận",
    "Lợi",
    "Bình",
    "Hưng",
    "Thành",
    "Xuân",
    "Mỹ",
    "Phước",
    "Thạnh",
    "Tiến",
    "Hiệp",
    "Trung",
    "Điền",
    "Lộc",
    "Nghĩa",
)
#: (what was inspected, what was supervised): the result notes rotate through these.
_TOPICS = (
    ("việc thực hiện nghị quyết của chi bộ", "việc đóng đảng phí"),
    (
        "việc chấp hành nguyên tắc tập trung dân chủ",
        "việc tu dưỡng, rèn luyện đạo đức, lối sống của đảng viên",
    ),
    ("việc thực hiện nhiệm vụ đảng viên", "việc sinh hoạt chi bộ định kỳ"),
    ("việc chấp hành chế độ sinh hoạt đảng", "việc đảng viên giữ mối liên hệ với nơi cư trú"),
    ("việc quản lý đảng viên", "việc thực hiện quy chế dân chủ ở cơ sở"),
)
_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Cell:
    key: str
    name: str
    grassroots_key: str
    sort_order: int
    #: "done", "new" (newly split, no plan yet) or "half" (inspection done, supervision not).
    state: str
    completed_on: date | None = None
    result_note: str | None = None


def _place_names(count: int) -> list[str]:
    """``count`` distinct made-up two-syllable place names, spread over the syllable lists."""
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    stride = 37
    while gcd(stride, len(pairs)) != 1:
        stride += 2
    return [pairs[(i * stride) % len(pairs)] for i in range(count)]


def grassroots() -> list[tuple[str, str, str, int, str, str]]:
    """(key, name, district slug, number within the district, kind, place) of each đảng ủy cơ sở."""
    places = iter(_place_names(sum(d[3] for d in DISTRICTS)))
    units = []
    for slug, first_kind, first_count, count in DISTRICTS:
        for number in range(1, count + 1):
            kind = first_kind if number <= first_count else "xã"
            place = next(places)
            units.append(
                (f"{GRASSROOTS_PREFIX}{slug}:{number}", f"Đảng ủy {kind} {place}", slug, number, kind, place)
            )
    return units


def _sizes(count: int) -> list[int]:
    """Chi bộ per đảng ủy cơ sở: 18 to 36, adding up to :data:`TOTAL_CELLS`."""
    sizes = [18 + (i * 11) % 19 for i in range(count)]
    i = 0
    while (gap := TOTAL_CELLS - sum(sizes)) != 0:
        sizes[i % count] += 1 if gap > 0 else -1
        i += 7
    return sizes


@cache
def cells() -> tuple[Cell, ...]:
    """The 2.053 chi bộ with what each had done by the report; the same on every call."""
    rng = random.Random(17)
    span = (REPORT_DAY - FIRST_COMPLETION).days
    units = grassroots()
    result: list[Cell] = []
    done = 0
    for (key, _name, slug, number, kind, place), size in zip(units, _sizes(len(units)), strict=True):
        hamlet = "ấp" if kind == "xã" else "khu vực"
        institutions = [
            f"Chi bộ Cơ quan {kind} {place}",
            f"Chi bộ Quân sự {kind} {place}",
            f"Chi bộ Công an {kind} {place}",
            f"Chi bộ Trạm Y tế {kind} {place}",
            f"Chi bộ Trường Tiểu học {place}",
            f"Chi bộ Trường THCS {place}",
        ]
        hamlets = size - len(institutions)
        new = NEWLY_SPLIT.get((slug, number), 0)
        half = HALF_DONE.get((slug, number), 0)
        names = [f"Chi bộ {hamlet} {place} {n}" for n in range(1, hamlets + 1)] + institutions
        for position, name in enumerate(names, start=1):
            cell_key = f"{CELL_PREFIX}{slug}:{number}:{position}"
            if hamlets - new < position <= hamlets:  # the last hamlets were split off this year
                result.append(Cell(cell_key, name, key, position, "new"))
            elif position <= half:
                result.append(Cell(cell_key, name, key, position, "half"))
            else:
                # Most chi bộ finished in the summer, a few early: skew towards the report day.
                day = FIRST_COMPLETION.toordinal() + round(span * (1 - rng.random() ** 2))
                inspected, supervised = _TOPICS[done % len(_TOPICS)]
                note = (
                    f"Kiểm tra {inspected}; giám sát chuyên đề {supervised}. Đã có kết luận và báo "
                    "cáo kết quả gửi đảng ủy cơ sở."
                )
                result.append(Cell(cell_key, name, key, position, "done", date.fromordinal(day), note))
                done += 1
    return tuple(result)


@cache
def _at(day: date, hour: int = 9) -> datetime:
    moment = to_utc(datetime.combine(day, time(hour)), _ZONE)
    assert moment is not None  # to_utc gives None only for None
    return moment


def _table(model: type[Base]) -> Table:
    """The table of ``model``, for a bulk insert (the declarative base types it more loosely)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _ids(prefix: str) -> dict[str, int]:
    rows = db.session.execute(
        db.select(Organisation.external_key, Organisation.id).where(
            Organisation.external_key.startswith(prefix, autoescape=True)
        )
    )
    return dict(rows.all())


def ensure_cells(units: dict[str, Organisation]) -> bool:
    """Insert the generated đảng ủy cơ sở and chi bộ that are missing; True if any was."""
    have = _ids(GRASSROOTS_PREFIX)
    rows = [
        {
            "name": name,
            "name_folded": fold(name),
            "level": "grassroots",
            "sort_order": number,
            "parent_id": units[f"demo:hau-giang/{slug}"].id,
            "external_key": key,
        }
        for key, name, slug, number, _kind, _place in grassroots()
        if key not in have
    ]
    if rows:
        db.session.execute(insert(_table(Organisation)), rows)
        have = _ids(GRASSROOTS_PREFIX)
    existing = _ids(CELL_PREFIX)
    cell_rows = [
        {
            "name": c.name,
            "name_folded": fold(c.name),
            "level": "cell",
            "sort_order": c.sort_order,
            "parent_id": have[c.grassroots_key],
            "external_key": c.key,
        }
        for c in cells()
        if c.key not in existing
    ]
    if cell_rows:
        db.session.execute(insert(_table(Organisation)), cell_rows)
    return bool(rows or cell_rows)


def ensure_cell_tasks(directive: Directive, assigner: User) -> int:
    """One task per generated chi bộ for the target's directive, with its history; returns how many."""
    ids = _ids(CELL_PREFIX)
    have = set(
        db.session.scalars(
            db.select(Task.organisation_id).where(Task.directive_id == directive.id, Task.parent_id.is_(None))
        )
    )
    todo = [c for c in cells() if c.key in ids and ids[c.key] not in have]
    if not todo:
        return 0
    due = directive.due_date
    created = _at(ASSIGNED_ON, 8)
    db.session.execute(
        insert(_table(Task)),
        [
            {
                "directive_id": directive.id,
                "organisation_id": ids[c.key],
                "organisation_name": c.name,
                "priority": "normal",
                "original_due_date": due,
                "due_date": due,
                "completed_on": c.completed_on,
                "result_note": c.result_note,
                "progress": {"done": 100, "half": 50, "new": 0}[c.state],
                "created_at": created,
                "updated_at": _at(c.completed_on, 16) if c.completed_on else created,
            }
            for c in todo
        ],
    )
    task_ids = dict(
        db.session.execute(
            db.select(Task.organisation_id, Task.id).where(
                Task.directive_id == directive.id, Task.parent_id.is_(None)
            )
        ).all()
    )
    events = []
    for c in todo:
        task_id = task_ids[ids[c.key]]
        events.append(
            {
                "task_id": task_id,
                "user_id": assigner.id,
                "at": created,
                "action": "created",
                "old_value": None,
                "new_value": c.name,
                "note": None,
            }
        )
        if c.completed_on is not None:  # the done ones
            events.append(
                {
                    "task_id": task_id,
                    "user_id": assigner.id,
                    "at": _at(c.completed_on, 16),
                    "action": "completed",
                    "new_value": short_date(c.completed_on),
                    "note": c.result_note,
                    "old_value": st.task_status(due, None, False, c.completed_on),
                }
            )
        elif c.state == "half":
            events.append(
                {
                    "task_id": task_id,
                    "user_id": assigner.id,
                    "at": _at(date(2017, 8, 25), 15),
                    "action": "progress",
                    "old_value": "0 %",
                    "new_value": "50 %",
                    "note": "Đã làm xong cuộc kiểm tra; cuộc giám sát chuyên đề để sang quý IV.",
                }
            )
    db.session.execute(insert(_table(TaskEvent)), events)
    return len(todo)
