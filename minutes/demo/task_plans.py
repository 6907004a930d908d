"""What becomes of each demo directive as tasks: which units get it, when, and what they do.

A :class:`Plan` is one task and its steps (progress, extensions asked and decided, delegation,
completion), each on the day it is supposed to have happened; a :class:`Directed` is the plans
for one directive. :mod:`.tasks` plays them out through :mod:`minutes.tasks.services`. Hậu
Giang's 2.053 chi bộ are not planned here: see :mod:`.hau_giang`.

Most days are fixed; a few Hải Phòng ones count from the day the demo is loaded (``now``), so
that tasks in progress always exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, TypeAlias

from . import hau_giang
from .conferences import HAU_GIANG
from .units import CAN_THO_DISTRICTS, HAI_PHONG_DISTRICTS

#: Stands for "the directive's own due date" in a :class:`Plan`.
DIRECTIVE_DUE = date.min

#: The steps of a :class:`Plan`, each starting with what it is and the day it happens.
Progress: TypeAlias = tuple[Literal["progress"], date, int, str | None]  #: percent, note
Ask: TypeAlias = tuple[Literal["ask"], date, date, str]  #: new due date, reason
Decide: TypeAlias = tuple[Literal["grant", "refuse"], date, str]  #: reference or note
Done: TypeAlias = tuple[Literal["done"], date, str]  #: result note
Delegate: TypeAlias = tuple[Literal["delegate"], date, date]  #: the children's due date
Step: TypeAlias = Progress | Ask | Decide | Done | Delegate


@dataclass
class Plan:
    """One task to create and what happens to it, step by step.

    Steps, each starting with the day it happens:
    ``("progress", day, percent, note)``, ``("ask", day, new_due, reason)`` (an extension),
    ``("grant", day, reference)``, ``("refuse", day, note)``, ``("done", day, result_note)`` and
    ``("delegate", day, due)``, which hands :attr:`children` (plans of their own) to sub-units.
    """

    unit: str
    steps: list[Step] = field(default_factory=list)
    due: date | None = DIRECTIVE_DUE
    children: list[Plan] = field(default_factory=list)


@dataclass
class Directed:
    """The plans for one directive: conference uid, directive position, assignment day."""

    uid: str
    position: int
    assigned_on: date
    plans: list[Plan]


# --- the plans --------------------------------------------------------------------------------

TN, TN_UBKT = "demo:tay-ninh", "demo:tay-ninh/ubkt"
TNG, TNG_UBKT, TW_UBKT = "demo:thai-nguyen", "demo:thai-nguyen/ubkt", "demo:tw/ubkt"
CT, CT_UBKT = "demo:can-tho", "demo:can-tho/ubkt"
CT_DISTRICTS = [f"demo:can-tho/{slug}" for slug, _name in CAN_THO_DISTRICTS]
HP_UBKT = "demo:hai-phong/ubkt"
HP_DISTRICTS = [f"demo:hai-phong/{slug}" for slug, _name in HAI_PHONG_DISTRICTS]
LE_CHAN = "demo:hai-phong/le-chan"  # canbo's unit: every kind of status lands in "Việc của tôi"
HG = "demo:hau-giang"


def _d(y: int, m: int, d: int) -> date:
    return date(y, m, d)


def _spread(first: date, last: date, i: int, n: int) -> date:
    """The ``i``-th of ``n`` days spread evenly from ``first`` to ``last``."""
    return first + timedelta(days=round((last - first).days * i / max(n - 1, 1)))


def _tay_ninh() -> list[Directed]:
    uid = "demo:seed-000:giao-ban-quy-1-2021"
    on = _d(2021, 4, 12)
    return [
        Directed(
            uid,
            1,
            on,
            [
                Plan(
                    TN,
                    [
                        (
                            "progress",
                            _d(2021, 5, 10),
                            50,
                            "Đã tổ chức hội nghị quán triệt cấp tỉnh; các huyện, thị, "
                            "thành ủy đang tổ chức ở cấp mình.",
                        ),
                        (
                            "done",
                            _d(2021, 6, 25),
                            "Hoàn thành việc học tập, quán triệt Nghị quyết Đại hội XIII ở các "
                            "cấp; chương trình hành động đã được ban hành.",
                        ),
                    ],
                )
            ],
        ),
        Directed(
            uid,
            2,
            on,
            [
                Plan(
                    TN_UBKT,
                    [
                        ("progress", _d(2021, 6, 15), 60, "Đã có dự thảo quy định và kế hoạch."),
                        (
                            "done",
                            _d(2021, 8, 16),
                            "Đã tham mưu ban hành quy định, kế hoạch kiểm tra, giám sát toàn khóa.",
                        ),
                    ],
                ),
                Plan(TN, [("progress", _d(2021, 9, 1), 60, "Các cấp ủy trực thuộc đang cụ thể hóa.")]),
            ],
        ),
        Directed(
            uid,
            3,
            on,
            [
                Plan(
                    TN_UBKT,
                    [
                        ("progress", _d(2021, 7, 5), 40, "Đã làm việc với 4/9 ủy ban kiểm tra cấp huyện."),
                        ("progress", _d(2021, 10, 12), 70, "Đã làm việc với 7/9 ủy ban kiểm tra cấp huyện."),
                    ],
                )
            ],
        ),
        Directed(uid, 4, on, [Plan(TN_UBKT, [("progress", _d(2021, 9, 30), 30, None)])]),
        Directed(
            uid,
            5,
            on,
            [
                Plan(
                    TN_UBKT,
                    [
                        (
                            "progress",
                            _d(2021, 6, 30),
                            50,
                            "Kết quả các kỳ họp quý II đã đăng trên báo Tây Ninh.",
                        )
                    ],
                )
            ],
        ),
        Directed(uid, 6, on, [Plan(TN, [("progress", _d(2021, 12, 20), 40, None)])]),
    ]


def _thai_nguyen() -> list[Directed]:
    uid = "demo:seed-001:thai-nguyen-kiem-tra-giam-sat"
    on = _d(2021, 10, 20)  # the seed gives no date: an assumption, like the rest
    return [
        Directed(
            uid,
            1,
            on,
            [
                Plan(
                    TNG,
                    [
                        (
                            "done",
                            _d(2021, 12, 10),
                            "Đã tổ chức học tập, quán triệt cho cán bộ chủ chốt toàn tỉnh.",
                        )
                    ],
                ),
                Plan(
                    TNG_UBKT,
                    [("progress", _d(2021, 12, 15), 50, "Đã tập huấn cho ủy ban kiểm tra cấp huyện.")],
                ),
            ],
        ),
        Directed(
            uid,
            2,
            on,
            [
                Plan(
                    TW_UBKT,
                    [
                        ("progress", _d(2021, 11, 30), 80, None),
                        ("done", _d(2021, 12, 29), "Chương trình kiểm tra năm 2021 đã thực hiện xong."),
                    ],
                )
            ],
        ),
        Directed(
            uid,
            3,
            on,
            [Plan(TW_UBKT, [("done", _d(2021, 12, 24), "Chương trình kiểm tra năm 2022 đã được ban hành.")])],
        ),
    ]


def _can_tho() -> list[Directed]:
    uid = "demo:seed-002:can-tho-tong-ket-2023"
    on = _d(2024, 1, 10)
    n = len(CT_DISTRICTS)
    d1 = [
        Plan(key, [("progress", _spread(_d(2024, 4, 1), _d(2024, 11, 15), i, n), 40 + 5 * i, None)])
        for i, key in enumerate(CT_DISTRICTS)
    ]
    d1[0].steps.append(
        ("done", _d(2024, 12, 20), "Đã sơ kết việc đổi mới phương thức kiểm tra, giám sát năm 2024.")
    )
    d2 = [
        Plan(
            key,
            [
                (
                    "done",
                    _spread(_d(2024, 2, 5), _d(2024, 4, 25), i, n),
                    "Đã tổ chức quán triệt và cụ thể hóa bằng kế hoạch của cấp ủy.",
                )
            ]
            if i < 7
            else [("progress", _d(2024, 5, 15), 70, None)],
        )
        for i, key in enumerate(CT_DISTRICTS)
    ]
    plan_note = "Kế hoạch kiểm tra, giám sát năm 2024 đã được ban hành."
    d3 = [Plan(CT_UBKT, [("done", _d(2024, 1, 25), plan_note)])]
    d3 += [
        Plan(key, [("done", _spread(_d(2024, 1, 18), _d(2024, 1, 31), i, 7), plan_note)])
        for i, key in enumerate(CT_DISTRICTS[:7])
    ]
    d3 += [
        Plan(CT_DISTRICTS[7], [("done", _d(2024, 2, 5), plan_note)]),
        Plan(CT_DISTRICTS[8], [("done", _d(2024, 2, 22), plan_note)]),
    ]
    report = "Đã giám sát xong; báo cáo kết quả khắc phục gửi UBKT Thành ủy."
    d4 = [
        Plan(
            key,
            [
                ("progress", _d(2024, 4, 15), 50, None),
                ("done", _spread(_d(2024, 6, 10), _d(2024, 6, 28), i, 5), report),
            ],
        )
        for i, key in enumerate(CT_DISTRICTS[:5])
    ]
    d4 += [
        # An approved extension: the original due date stays on record, the new one applies.
        Plan(
            CT_DISTRICTS[5],
            [
                ("progress", _d(2024, 5, 20), 40, "Hai tổ chức đảng chưa báo cáo kết quả khắc phục."),
                (
                    "ask",
                    _d(2024, 6, 20),
                    _d(2024, 9, 30),
                    "Chờ kết luận thanh tra của tỉnh để đối chiếu kết quả khắc phục.",
                ),
                ("grant", _d(2024, 6, 25), "Công văn số 152-CV/UBKTTU"),
                ("done", _d(2024, 9, 20), report),
            ],
        ),
        Plan(CT_DISTRICTS[6], [("progress", _d(2024, 6, 1), 60, None), ("done", _d(2024, 8, 5), report)]),
        Plan(CT_DISTRICTS[7], [("progress", _d(2024, 6, 12), 70, "Còn một đơn vị chưa khắc phục xong.")]),
        Plan(CT_DISTRICTS[8], [("progress", _d(2024, 5, 28), 50, None)]),
    ]
    return [
        Directed(uid, 1, on, d1),
        Directed(uid, 2, on, d2),
        Directed(uid, 3, on, d3),
        Directed(uid, 4, on, d4),
        Directed(
            uid,
            5,
            on,
            [
                Plan(
                    CT_UBKT,
                    [("progress", _d(2024, 7, 1), 50, "Đã giải quyết 31/45 đơn thư nhận trong 6 tháng.")],
                )
            ],
        ),
        Directed(uid, 6, on, [Plan(CT_UBKT, [("progress", _d(2024, 10, 2), 60, None)])]),
    ]


def _hau_giang() -> list[Directed]:
    """The second directive (guide the chi bộ that are struggling): one district delegates."""
    uid = HAU_GIANG["uid"]
    guided = "Đã tổ chức hướng dẫn tận nơi cho các chi bộ còn lúng túng."
    chau_thanh_a = Plan(
        f"{HG}/chau-thanh-a",
        [
            ("progress", _d(2017, 9, 18), 20, "Đã rà soát các chi bộ chưa làm xong chỉ tiêu 17."),
            ("delegate", _d(2017, 9, 20), _d(2017, 11, 30)),
        ],
        due=_d(2017, 12, 31),
        children=[
            Plan(f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:1", [("done", _d(2017, 11, 10), guided)]),
            Plan(f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:2", [("done", _d(2017, 11, 28), guided)]),
            Plan(
                f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:5",
                [("progress", _d(2017, 11, 20), 50, "Hai chi bộ mới chia tách chưa kiện toàn cấp ủy.")],
            ),
        ],
    )
    plans = [
        chau_thanh_a,
        Plan(f"{HG}/phung-hiep", [("done", _d(2017, 12, 15), guided)], due=_d(2017, 12, 31)),
        Plan(
            f"{HG}/long-my",
            [("progress", _d(2017, 11, 2), 60, None), ("done", _d(2018, 1, 12), guided)],
            due=_d(2017, 12, 31),
        ),
        Plan(f"{HG}/vi-thuy", [("done", _d(2017, 10, 30), guided)], due=_d(2017, 12, 31)),
        Plan(f"{HG}/nga-bay", [("done", _d(2017, 10, 16), guided)], due=_d(2017, 12, 31)),
    ]
    return [Directed(uid, 2, _d(2017, 9, 18), plans)]


def all_plans(now: date) -> list[Directed]:
    """Every planned task but the Hậu Giang chi bộ's, for a demo loaded on ``now``."""
    from .task_plans_hai_phong import hai_phong  # it builds on this module's names

    return [*_tay_ninh(), *_thai_nguyen(), *_can_tho(), *_hau_giang(), *hai_phong(now)]
