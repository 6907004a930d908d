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

from . import hau_giang
from .conferences import HAI_PHONG, HAU_GIANG
from .units import CAN_THO_DISTRICTS, HAI_PHONG_DISTRICTS

#: Stands for "the directive's own due date" in a :class:`Plan`.
DIRECTIVE_DUE = date.min


@dataclass
class Plan:
    """One task to create and what happens to it, step by step.

    Steps, each starting with the day it happens:
    ``("progress", day, percent, note)``, ``("ask", day, new_due, reason)`` (an extension),
    ``("grant", day, reference)``, ``("refuse", day, note)``, ``("done", day, result_note)`` and
    ``("delegate", day, due)``, which hands :attr:`children` (plans of their own) to sub-units.
    """

    unit: str
    steps: list[tuple] = field(default_factory=list)
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
        Directed(uid, 1, on, [Plan(TN, [
            ("progress", _d(2021, 5, 10), 50, "Đã tổ chức hội nghị quán triệt cấp tỉnh; các huyện, thị, "
                                              "thành ủy đang tổ chức ở cấp mình."),
            ("done", _d(2021, 6, 25), "Hoàn thành việc học tập, quán triệt Nghị quyết Đại hội XIII ở các "
                                      "cấp; chương trình hành động đã được ban hành."),
        ])]),
        Directed(uid, 2, on, [
            Plan(TN_UBKT, [("progress", _d(2021, 6, 15), 60, "Đã có dự thảo quy định và kế hoạch."),
                           ("done", _d(2021, 8, 16), "Đã tham mưu ban hành quy định, kế hoạch kiểm tra, "
                                                     "giám sát toàn khóa.")]),
            Plan(TN, [("progress", _d(2021, 9, 1), 60, "Các cấp ủy trực thuộc đang cụ thể hóa.")]),
        ]),
        Directed(uid, 3, on, [Plan(TN_UBKT, [
            ("progress", _d(2021, 7, 5), 40, "Đã làm việc với 4/9 ủy ban kiểm tra cấp huyện."),
            ("progress", _d(2021, 10, 12), 70, "Đã làm việc với 7/9 ủy ban kiểm tra cấp huyện."),
        ])]),
        Directed(uid, 4, on, [Plan(TN_UBKT, [("progress", _d(2021, 9, 30), 30, None)])]),
        Directed(uid, 5, on, [Plan(TN_UBKT, [
            ("progress", _d(2021, 6, 30), 50, "Kết quả các kỳ họp quý II đã đăng trên báo Tây Ninh."),
        ])]),
        Directed(uid, 6, on, [Plan(TN, [("progress", _d(2021, 12, 20), 40, None)])]),
    ]


def _thai_nguyen() -> list[Directed]:
    uid = "demo:seed-001:thai-nguyen-kiem-tra-giam-sat"
    on = _d(2021, 10, 20)  # the seed gives no date: an assumption, like the rest
    return [
        Directed(uid, 1, on, [
            Plan(TNG, [("done", _d(2021, 12, 10), "Đã tổ chức học tập, quán triệt cho cán bộ chủ chốt "
                                                  "toàn tỉnh.")]),
            Plan(TNG_UBKT, [("progress", _d(2021, 12, 15), 50, "Đã tập huấn cho ủy ban kiểm tra cấp "
                                                              "huyện.")]),
        ]),
        Directed(uid, 2, on, [Plan(TW_UBKT, [
            ("progress", _d(2021, 11, 30), 80, None),
            ("done", _d(2021, 12, 29), "Chương trình kiểm tra năm 2021 đã thực hiện xong."),
        ])]),
        Directed(uid, 3, on, [Plan(TW_UBKT, [
            ("done", _d(2021, 12, 24), "Chương trình kiểm tra năm 2022 đã được ban hành."),
        ])]),
    ]


def _can_tho() -> list[Directed]:
    uid = "demo:seed-002:can-tho-tong-ket-2023"
    on = _d(2024, 1, 10)
    n = len(CT_DISTRICTS)
    d1 = [Plan(key, [("progress", _spread(_d(2024, 4, 1), _d(2024, 11, 15), i, n), 40 + 5 * i, None)])
          for i, key in enumerate(CT_DISTRICTS)]
    d1[0].steps.append(("done", _d(2024, 12, 20), "Đã sơ kết việc đổi mới phương thức kiểm tra, "
                                                  "giám sát năm 2024."))
    d2 = [Plan(key, [("done", _spread(_d(2024, 2, 5), _d(2024, 4, 25), i, n),
                      "Đã tổ chức quán triệt và cụ thể hóa bằng kế hoạch của cấp ủy.")]
               if i < 7 else [("progress", _d(2024, 5, 15), 70, None)])
          for i, key in enumerate(CT_DISTRICTS)]
    plan_note = "Kế hoạch kiểm tra, giám sát năm 2024 đã được ban hành."
    d3 = [Plan(CT_UBKT, [("done", _d(2024, 1, 25), plan_note)])]
    d3 += [Plan(key, [("done", _spread(_d(2024, 1, 18), _d(2024, 1, 31), i, 7), plan_note)])
           for i, key in enumerate(CT_DISTRICTS[:7])]
    d3 += [Plan(CT_DISTRICTS[7], [("done", _d(2024, 2, 5), plan_note)]),
           Plan(CT_DISTRICTS[8], [("done", _d(2024, 2, 22), plan_note)])]
    report = "Đã giám sát xong; báo cáo kết quả khắc phục gửi UBKT Thành ủy."
    d4 = [Plan(key, [("progress", _d(2024, 4, 15), 50, None),
                     ("done", _spread(_d(2024, 6, 10), _d(2024, 6, 28), i, 5), report)])
          for i, key in enumerate(CT_DISTRICTS[:5])]
    d4 += [
        # An approved extension: the original due date stays on record, the new one applies.
        Plan(CT_DISTRICTS[5], [
            ("progress", _d(2024, 5, 20), 40, "Hai tổ chức đảng chưa báo cáo kết quả khắc phục."),
            ("ask", _d(2024, 6, 20), _d(2024, 9, 30), "Chờ kết luận thanh tra của tỉnh để đối chiếu "
                                                      "kết quả khắc phục."),
            ("grant", _d(2024, 6, 25), "Công văn số 152-CV/UBKTTU"),
            ("done", _d(2024, 9, 20), report),
        ]),
        Plan(CT_DISTRICTS[6], [("progress", _d(2024, 6, 1), 60, None),
                               ("done", _d(2024, 8, 5), report)]),
        Plan(CT_DISTRICTS[7], [("progress", _d(2024, 6, 12), 70, "Còn một đơn vị chưa khắc phục xong.")]),
        Plan(CT_DISTRICTS[8], [("progress", _d(2024, 5, 28), 50, None)]),
    ]
    return [
        Directed(uid, 1, on, d1), Directed(uid, 2, on, d2), Directed(uid, 3, on, d3),
        Directed(uid, 4, on, d4),
        Directed(uid, 5, on, [Plan(CT_UBKT, [("progress", _d(2024, 7, 1), 50, "Đã giải quyết 31/45 đơn "
                                                                            "thư nhận trong 6 tháng.")])]),
        Directed(uid, 6, on, [Plan(CT_UBKT, [("progress", _d(2024, 10, 2), 60, None)])]),
    ]


def _hau_giang() -> list[Directed]:
    """The second directive (guide the chi bộ that are struggling): one district delegates."""
    uid = HAU_GIANG["uid"]
    guided = "Đã tổ chức hướng dẫn tận nơi cho các chi bộ còn lúng túng."
    chau_thanh_a = Plan(f"{HG}/chau-thanh-a", [
        ("progress", _d(2017, 9, 18), 20, "Đã rà soát các chi bộ chưa làm xong chỉ tiêu 17."),
        ("delegate", _d(2017, 9, 20), _d(2017, 11, 30)),
    ], due=_d(2017, 12, 31), children=[
        Plan(f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:1", [("done", _d(2017, 11, 10), guided)]),
        Plan(f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:2", [("done", _d(2017, 11, 28), guided)]),
        Plan(f"{hau_giang.GRASSROOTS_PREFIX}chau-thanh-a:5", [
            ("progress", _d(2017, 11, 20), 50, "Hai chi bộ mới chia tách chưa kiện toàn cấp ủy."),
        ]),
    ])
    plans = [
        chau_thanh_a,
        Plan(f"{HG}/phung-hiep", [("done", _d(2017, 12, 15), guided)], due=_d(2017, 12, 31)),
        Plan(f"{HG}/long-my", [("progress", _d(2017, 11, 2), 60, None),
                               ("done", _d(2018, 1, 12), guided)], due=_d(2017, 12, 31)),
        Plan(f"{HG}/vi-thuy", [("done", _d(2017, 10, 30), guided)], due=_d(2017, 12, 31)),
        Plan(f"{HG}/nga-bay", [("done", _d(2017, 10, 16), guided)], due=_d(2017, 12, 31)),
    ]
    return [Directed(uid, 2, _d(2017, 9, 18), plans)]


def _hai_phong(now: date) -> list[Directed]:
    """Every directive to the 19 district-level units (and the UBKT where it is named)."""
    uid = HAI_PHONG["uid"]
    on = _d(2022, 1, 5)
    keys = HP_DISTRICTS
    n = len(keys)

    def slug(key: str) -> str:
        return key.rsplit("/", 1)[1]

    fixed = "Đã khắc phục xong các hạn chế được chỉ ra; báo cáo kết quả gửi UBKT Thành ủy."
    d1 = []
    for i, key in enumerate(keys):
        if key == LE_CHAN:
            steps = [("progress", _d(2022, 3, 15), 40, "Đã rà soát, phân công khắc phục từng hạn chế."),
                     ("progress", _d(2022, 6, 20), 70, "Đã khắc phục 5/7 hạn chế; còn 2 hạn chế về "
                                                       "giám sát chuyên đề.")]
        elif slug(key) == "an-lao":
            steps = [("progress", _d(2022, 5, 30), 60, None)]
        elif slug(key) == "kien-thuy":  # asked for more time, was refused, finished late anyway
            steps = [("progress", _d(2022, 5, 10), 50, None),
                     ("ask", _d(2022, 6, 24), _d(2022, 9, 30), "Cán bộ kiểm tra đang tập trung cho đợt "
                                                               "kiểm tra của Thành ủy."),
                     ("refuse", _d(2022, 6, 28), "Nội dung đã được giao từ đầu năm; đề nghị hoàn thành "
                                                 "sớm."),
                     ("done", _d(2022, 7, 20), fixed)]
        elif slug(key) in ("tien-lang", "cat-hai"):
            steps = [("progress", _d(2022, 4, 20), 50, None),
                     ("done", _d(2022, 8, 10) if slug(key) == "tien-lang" else _d(2022, 7, 5), fixed)]
        else:
            steps = [("done", _spread(_d(2022, 4, 15), _d(2022, 6, 30), i, n), fixed)]
        d1.append(Plan(key, steps))

    d2 = [Plan(key, [("done", _spread(_d(2022, 12, 10), _d(2022, 12, 28), i, n),
                      "Đã đưa nội dung vào nghị quyết và sơ kết việc thực hiện của cấp ủy.")]
               if i % 3 == 0 or key == LE_CHAN
               else [("progress", _d(2022, 7, 1), 30 + (i * 7) % 50, None)] if i % 2 else [])
          for i, key in enumerate(keys)]

    plan_note = "Kế hoạch và phương án kiểm tra, giám sát năm 2022 đã được ban hành."
    late = {"le-chan": _d(2022, 2, 14), "ngo-quyen": _d(2022, 2, 4), "thuy-nguyen": _d(2022, 2, 9),
            "vinh-bao": _d(2022, 3, 1)}
    d3 = [Plan(HP_UBKT, [("done", _d(2022, 1, 21), plan_note)])]
    d3 += [Plan(key, [("done", late.get(slug(key)) or _spread(_d(2022, 1, 14), _d(2022, 1, 31), i, n),
                       plan_note)])
           for i, key in enumerate(keys)]

    # Due some weeks from the day the demo is loaded, so that tasks in progress always exist.
    d4_due = now + timedelta(days=45)
    d4 = []
    for i, key in enumerate(keys):
        if key == LE_CHAN:
            steps = [("progress", now - timedelta(days=20), 40, "Ba chi bộ đã tự kiểm tra xong."),
                     ("ask", now - timedelta(days=3), d4_due + timedelta(days=60),
                      "Chờ kết quả giám sát chuyên đề của quận để tổng hợp chung.")]
        elif slug(key) in ("hong-bang", "kien-an", "khoi-co-quan"):
            steps = [("progress", now - timedelta(days=40 + i), 60, None),
                     ("done", now - timedelta(days=2 + i), "Các cơ quan, đơn vị đã tự kiểm tra, tự giám "
                                                         "sát và báo cáo kết quả.")]
        elif i % 3:
            steps = [("progress", now - timedelta(days=5 + 2 * i), 10 + (i * 13) % 80, None)]
        else:
            steps = []
        d4.append(Plan(key, steps, due=d4_due))

    settled = "Đã giải quyết xong các vụ việc tồn đọng."
    d5 = [Plan(HP_UBKT, [
        ("progress", _d(2022, 5, 16), 70, "Còn 2 vụ việc phức tạp đang xác minh."),
        ("ask", _d(2022, 6, 15), _d(2022, 12, 31), "Hai vụ việc cần thêm thời gian xác minh, liên quan "
                                                   "đến nhiều cơ quan."),
        ("grant", _d(2022, 6, 21), "Thông báo số 38-TB/TU"),
        ("done", _d(2022, 12, 20), settled),
    ])]
    for i, key in enumerate(keys):
        if slug(key) == "an-duong":
            steps = [("progress", _d(2022, 6, 10), 80, "Còn một vụ việc chờ ý kiến của cấp trên.")]
        elif slug(key) in ("hai-an", "do-son"):
            steps = [("done", _d(2022, 7, 14) if slug(key) == "hai-an" else _d(2022, 9, 2), settled)]
        else:
            steps = [("done", _spread(_d(2022, 3, 1), _d(2022, 6, 30), i, n), settled)]
        d5.append(Plan(key, steps))

    d6 = [Plan(key, [("progress", _d(2023, 1, 10), 50, "Người đứng đầu đã ký cam kết nêu gương."),
                     ("progress", _d(2024, 1, 12), 70, None)] if key == LE_CHAN
               else [("progress", _d(2022, 12, 20), 50, None)] if i % 4 == 1 else [])
          for i, key in enumerate(keys)]

    return [Directed(uid, 1, on, d1), Directed(uid, 2, on, d2),
            Directed(uid, 3, on, d3),
            Directed(uid, 4, on, d4), Directed(uid, 5, on, d5), Directed(uid, 6, on, d6)]


def all_plans(now: date) -> list[Directed]:
    """Every planned task but the Hậu Giang chi bộ's, for a demo loaded on ``now``."""
    return [*_tay_ninh(), *_thai_nguyen(), *_can_tho(), *_hau_giang(), *_hai_phong(now)]
