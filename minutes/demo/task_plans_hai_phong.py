"""The Hải Phòng plans (tổng kết 2021): the city's districts and Lê Chân, whose officer
``canbo`` sees every kind of status in "Việc của tôi". Some days count from the day the demo
is loaded, so that tasks in progress always exist. See :mod:`.task_plans`."""

from __future__ import annotations

from datetime import date, timedelta

from .conferences import HAI_PHONG
from .task_plans import HP_DISTRICTS, HP_UBKT, LE_CHAN, Directed, Plan, Step, _d, _spread


def hai_phong(now: date) -> list[Directed]:
    """Every directive to the 19 district-level units (and the UBKT where it is named)."""
    uid = HAI_PHONG["uid"]
    on = _d(2022, 1, 5)
    keys = HP_DISTRICTS
    n = len(keys)

    def slug(key: str) -> str:
        return key.rsplit("/", 1)[1]

    fixed = "Đã khắc phục xong các hạn chế được chỉ ra; báo cáo kết quả gửi UBKT Thành ủy."
    steps: list[Step]
    d1 = []
    for i, key in enumerate(keys):
        if key == LE_CHAN:
            steps = [
                ("progress", _d(2022, 3, 15), 40, "Đã rà soát, phân công khắc phục từng hạn chế."),
                (
                    "progress",
                    _d(2022, 6, 20),
                    70,
                    "Đã khắc phục 5/7 hạn chế; còn 2 hạn chế về giám sát chuyên đề.",
                ),
            ]
        elif slug(key) == "an-lao":
            steps = [("progress", _d(2022, 5, 30), 60, None)]
        elif slug(key) == "kien-thuy":  # asked for more time, was refused, finished late anyway
            steps = [
                ("progress", _d(2022, 5, 10), 50, None),
                (
                    "ask",
                    _d(2022, 6, 24),
                    _d(2022, 9, 30),
                    "Cán bộ kiểm tra đang tập trung cho đợt kiểm tra của Thành ủy.",
                ),
                ("refuse", _d(2022, 6, 28), "Nội dung đã được giao từ đầu năm; đề nghị hoàn thành sớm."),
                ("done", _d(2022, 7, 20), fixed),
            ]
        elif slug(key) in ("tien-lang", "cat-hai"):
            steps = [
                ("progress", _d(2022, 4, 20), 50, None),
                ("done", _d(2022, 8, 10) if slug(key) == "tien-lang" else _d(2022, 7, 5), fixed),
            ]
        else:
            steps = [("done", _spread(_d(2022, 4, 15), _d(2022, 6, 30), i, n), fixed)]
        d1.append(Plan(key, steps))

    d2 = [
        Plan(
            key,
            [
                (
                    "done",
                    _spread(_d(2022, 12, 10), _d(2022, 12, 28), i, n),
                    "Đã đưa nội dung vào nghị quyết và sơ kết việc thực hiện của cấp ủy.",
                )
            ]
            if i % 3 == 0 or key == LE_CHAN
            else [("progress", _d(2022, 7, 1), 30 + (i * 7) % 50, None)]
            if i % 2
            else [],
        )
        for i, key in enumerate(keys)
    ]

    plan_note = "Kế hoạch và phương án kiểm tra, giám sát năm 2022 đã được ban hành."
    late = {
        "le-chan": _d(2022, 2, 14),
        "ngo-quyen": _d(2022, 2, 4),
        "thuy-nguyen": _d(2022, 2, 9),
        "vinh-bao": _d(2022, 3, 1),
    }
    d3 = [Plan(HP_UBKT, [("done", _d(2022, 1, 21), plan_note)])]
    d3 += [
        Plan(
            key, [("done", late.get(slug(key)) or _spread(_d(2022, 1, 14), _d(2022, 1, 31), i, n), plan_note)]
        )
        for i, key in enumerate(keys)
    ]

    # Due some weeks from the day the demo is loaded, so that tasks in progress always exist.
    d4_due = now + timedelta(days=45)
    d4 = []
    for i, key in enumerate(keys):
        if key == LE_CHAN:
            steps = [
                ("progress", now - timedelta(days=20), 40, "Ba chi bộ đã tự kiểm tra xong."),
                (
                    "ask",
                    now - timedelta(days=3),
                    d4_due + timedelta(days=60),
                    "Chờ kết quả giám sát chuyên đề của quận để tổng hợp chung.",
                ),
            ]
        elif slug(key) in ("hong-bang", "kien-an", "khoi-co-quan"):
            steps = [
                ("progress", now - timedelta(days=40 + i), 60, None),
                (
                    "done",
                    now - timedelta(days=2 + i),
                    "Các cơ quan, đơn vị đã tự kiểm tra, tự giám sát và báo cáo kết quả.",
                ),
            ]
        elif i % 3:
            steps = [("progress", now - timedelta(days=5 + 2 * i), 10 + (i * 13) % 80, None)]
        else:
            steps = []
        d4.append(Plan(key, steps, due=d4_due))

    settled = "Đã giải quyết xong các vụ việc tồn đọng."
    d5 = [
        Plan(
            HP_UBKT,
            [
                ("progress", _d(2022, 5, 16), 70, "Còn 2 vụ việc phức tạp đang xác minh."),
                (
                    "ask",
                    _d(2022, 6, 15),
                    _d(2022, 12, 31),
                    "Hai vụ việc cần thêm thời gian xác minh, liên quan đến nhiều cơ quan.",
                ),
                ("grant", _d(2022, 6, 21), "Thông báo số 38-TB/TU"),
                ("done", _d(2022, 12, 20), settled),
            ],
        )
    ]
    for i, key in enumerate(keys):
        if slug(key) == "an-duong":
            steps = [("progress", _d(2022, 6, 10), 80, "Còn một vụ việc chờ ý kiến của cấp trên.")]
        elif slug(key) in ("hai-an", "do-son"):
            steps = [("done", _d(2022, 7, 14) if slug(key) == "hai-an" else _d(2022, 9, 2), settled)]
        else:
            steps = [("done", _spread(_d(2022, 3, 1), _d(2022, 6, 30), i, n), settled)]
        d5.append(Plan(key, steps))

    d6 = [
        Plan(
            key,
            [
                ("progress", _d(2023, 1, 10), 50, "Người đứng đầu đã ký cam kết nêu gương."),
                ("progress", _d(2024, 1, 12), 70, None),
            ]
            if key == LE_CHAN
            else [("progress", _d(2022, 12, 20), 50, None)]
            if i % 4 == 1
            else [],
        )
        for i, key in enumerate(keys)
    ]

    return [
        Directed(uid, 1, on, d1),
        Directed(uid, 2, on, d2),
        Directed(uid, 3, on, d3),
        Directed(uid, 4, on, d4),
        Directed(uid, 5, on, d5),
        Directed(uid, 6, on, d6),
    ]
