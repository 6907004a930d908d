"""Predictions made by damaging a gold draft, to compare the scorer with the reference on.

Each perturbation is one kind of extractor mistake the README's rules must score: figures
dropped or with a changed value, values written as Vietnamese strings, a label reworded or
swapped, a comparison's direction flipped or its baseline led by "so với", directive texts cut
short, owners swapped, fields nulled or reformatted, spurious items, missing keys, bare strings.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from tests.extraction.checks import digits

Draft = dict[str, Any]


def vietnamese(value: float) -> str:
    """1917 → '1.917', 56.62 → '56,62', 76000 → 'hơn 76 nghìn', 1200000 → '1,2 triệu'."""
    if value >= 1e6 and value % 1e5 == 0:
        return digits(value / 1e6) + " triệu"
    if value >= 1e4 and value % 1e3 == 0:
        return "hơn " + digits(value / 1e3) + " nghìn"
    return digits(value)


def drop_figures(d: Draft, rng: random.Random) -> None:
    d["figures"] = [f for f in d["figures"] if rng.random() < 0.5]


def change_value(d: Draft, rng: random.Random) -> None:
    for f in d["figures"]:
        if rng.random() < 0.4:
            f["value"] = f["value"] + rng.choice([1, -1, 0.5, 1000])


def values_as_strings(d: Draft, rng: random.Random) -> None:
    for f in d["figures"]:
        choice = rng.random()
        if choice < 0.6:
            f["value"] = vietnamese(f["value"])
        elif choice < 0.8:  # the English way: "0.5" is a decimal point, "1,917" a decimal comma
            f["value"] = rng.choice([str(f["value"]), f"{f['value']:,}"])
        c = f["compare"]
        if c["percent"] is not None and rng.random() < 0.5:
            c["percent"] = vietnamese(c["percent"])


def reword_labels(d: Draft, rng: random.Random) -> None:
    for f in d["figures"]:
        words = f["label"].split()
        choice = rng.random()
        if choice < 0.3:
            f["label"] = " ".join(words[: max(1, len(words) // 2)])
        elif choice < 0.5:
            f["label"], f["unit"] = "", f["label"] + " " + f["unit"]
        elif choice < 0.7:
            f["label"] = f["label"].upper().replace("ỦY", "UỶ")
        elif choice < 0.85:  # only the counted noun, as a weak extractor would give
            f["label"], f["unit"] = f["unit"], ""
        else:  # the number left in the label: its digit tokens do not count
            written = vietnamese(f["value"]) if isinstance(f["value"], int | float) else f["value"]
            f["label"] = f"{f['label']} {written}"
    if len(d["figures"]) > 1 and rng.random() < 0.5:
        a, b = rng.sample(range(len(d["figures"])), 2)
        d["figures"][a]["label"], d["figures"][b]["label"] = (
            d["figures"][b]["label"],
            d["figures"][a]["label"],
        )


def disturb_comparisons(d: Draft, rng: random.Random) -> None:
    for f in d["figures"]:
        c = f["compare"]
        choice = rng.random()
        if choice < 0.25 and c["direction"]:
            c["direction"] = {"tăng": "giảm", "giảm": "tăng"}[c["direction"]]
        elif choice < 0.5 and c["baseline"]:
            c["baseline"] = rng.choice(["so với ", "So với ", "so "]) + c["baseline"]
        elif choice < 0.6:
            c["baseline"] = rng.choice(["cùng kỳ", "so với", None, ""])
        elif choice < 0.7:
            c.update(delta=rng.choice([None, 3]), percent=rng.choice([None, 12]))
        elif choice < 0.8:
            c["direction"] = rng.choice(["Tăng", None, "tăng"])


def truncate_directives(d: Draft, rng: random.Random) -> None:
    for x in d["directives"]:
        words = x["text"].split()
        keep = rng.choice([0.4, 0.6, 0.7, 0.8, 0.9, 1.0])
        x["text"] = " ".join(words[: max(1, round(len(words) * keep))])


def swap_owners(d: Draft, rng: random.Random) -> None:
    owners = [x["owner"] for x in d["directives"]]
    rng.shuffle(owners)
    for x, owner in zip(d["directives"], owners, strict=True):
        x["owner"] = owner if rng.random() < 0.7 else rng.choice(["", "các cấp ủy", None])
        if x["owner"] and rng.random() < 0.4:  # two words more: Jaccard 0.6 to 0.71 for 3 to 5 words
            x["owner"] += " trực thuộc"


def null_fields(d: Draft, rng: random.Random) -> None:
    for key in ("title", "date", "organiser", "host_site", "site_count", "attendee_count"):
        if rng.random() < 0.3:
            d[key] = None
    if d["title"] and rng.random() < 0.5:
        d["title"] = d["title"].rsplit(" ", 1)[0]
    if d["date"] and rng.random() < 0.5:
        y, m, day = d["date"].split("-")
        d["date"] = f"{int(day)}/{int(m)}/{y}"
    if d["organiser"] and rng.random() < 0.5:
        d["organiser"] = d["organiser"].replace("Ủy", "Uỷ").replace("ủy", "uỷ")
    if d["attendee_count"] is not None and rng.random() < 0.5:
        d["attendee_count"] = f"hơn {d['attendee_count']}"


def disturb_chairs(d: Draft, rng: random.Random) -> None:
    for c in d["chair"]:
        choice = rng.random()
        if choice < 0.3:
            c["name"] = None
        elif choice < 0.5 or c["name"] is None:
            c["position"] = rng.choice(["Chủ tịch", c["position"] + " tỉnh"])
        elif choice < 0.7 and c["name"]:
            c["name"] = " ".join(c["name"].split()[1:])  # lenient match for three-word names
    if rng.random() < 0.2:
        d["chair"].append({"name": None, "position": "Phó Chủ nhiệm"})


def add_spurious(d: Draft, rng: random.Random) -> None:
    for f in list(d["figures"]):
        if rng.random() < 0.3:
            extra = copy.deepcopy(f)
            extra["label"] = rng.choice(["số cuộc họp", f["label"], "tổng số"])
            d["figures"].append(extra)
    d["figures"].append(
        {"label": "kết nạp đảng viên", "value": 12, "unit": "đảng viên", "compare": {"direction": "tăng"}}
    )
    for x in list(d["directives"]):
        if rng.random() < 0.3:
            d["directives"].append({"text": x["text"] + " trong năm tới", "owner": x["owner"], "due": None})
    d["directives"].append({"text": "tiếp tục thực hiện tốt nhiệm vụ", "owner": None, "due": None})
    d["sites"] = d["sites"][1:] + ["Tỉnh ủy Long An"]


def loose_shapes(d: Draft, rng: random.Random) -> None:
    """Keys missing, directives and chairs as bare strings: read as the README's schema says."""
    for key in ("host_site", "sites", "attendees"):
        if rng.random() < 0.5:
            d.pop(key, None)
    d["directives"] = [x["text"] if rng.random() < 0.5 else x for x in d["directives"]]
    d["chair"] = [c["name"] if c["name"] and rng.random() < 0.5 else c for c in d["chair"]]


PERTURBATIONS: list[Callable[[Draft, random.Random], None]] = [
    drop_figures,
    change_value,
    values_as_strings,
    reword_labels,
    disturb_comparisons,
    truncate_directives,
    swap_owners,
    null_fields,
    disturb_chairs,
    add_spurious,
    loose_shapes,
]


def perturb(gold: Draft, rng: random.Random, kinds: list[Callable[[Draft, random.Random], None]]) -> Draft:
    pred = copy.deepcopy(gold)
    for kind in kinds:
        kind(pred, rng)
    return pred


def _fig(label: str, value: Any, unit: str = "", **compare: Any) -> Draft:
    return {"label": label, "value": value, "unit": unit, "compare": compare}


# Hand-made (gold, prediction) pairs on the corners of the rules, where damaged gold rarely goes:
# seed-style labels contain their unit, so pooling and digit-dropping seldom decide a match there.
CORNER_PAIRS: list[tuple[Draft, Draft]] = [
    # label + unit pooled: only the counted noun in the prediction still matches (Dice 2/3)
    ({"figures": [_fig("xóa tên", 14, "đảng viên")]}, {"figures": [_fig("đảng viên", 14)]}),
    ({"figures": [_fig("đảng viên", 14)]}, {"figures": [_fig("xóa tên", "14", "đảng viên")]}),
    # digit tokens dropped: with them the Dice would be 4/9
    (
        {"figures": [_fig("kiểm tra", 1917, "đảng viên")]},
        {"figures": [_fig("đảng viên 1.917 (1917)", "1.917")]},
    ),
    # a boolean is no number; two missing values are equal; empty label and unit are alike
    (
        {"figures": [_fig("thi hành kỷ luật tổ chức đảng", 1)]},
        {"figures": [_fig("thi hành kỷ luật tổ chức đảng", True)]},
    ),
    (
        {"figures": [_fig("giám sát", None), _fig("", 5)]},
        {"figures": [_fig("giám sát", None), _fig("", 5.0)]},
    ),
    # strings: several commas group thousands, a compound amount reads its first part only
    (
        {"figures": [_fig("thu", 1234567, "đồng"), _fig("thu hồi", 3250000000, "đồng")]},
        {"figures": [_fig("thu", "1,234,567", "đồng"), _fig("thu hồi", "3 tỷ 250 triệu", "đồng")]},
    ),
    (
        {"figures": [_fig("doanh thu", 12.5e12, "đồng")]},
        {"figures": [_fig("doanh thu", "12,5 nghìn tỷ", "đồng")]},
    ),
    # comparisons: an empty baseline still makes a comparison; "so với" alone folds to "với";
    # direction compared after fold
    ({"figures": [_fig("kiểm tra", 24, "cuộc")]}, {"figures": [_fig("kiểm tra", 24, "cuộc", baseline="")]}),
    (
        {"figures": [_fig("kiểm tra", 24, "cuộc", direction="tăng", baseline="với")]},
        {"figures": [_fig("kiểm tra", 24, "cuộc", direction="Tăng", baseline="so với")]},
    ),
    (
        {"figures": [_fig("kiểm tra", 24, "cuộc", baseline="so")]},
        {"figures": [_fig("kiểm tra", 24, "cuộc", baseline="")]},
    ),
    # directives: empty texts match each other; owner "" is null
    ({"directives": [{"text": "", "owner": ""}]}, {"directives": [{"text": "", "owner": None}, ""]}),
    # fields: unparsed dates compare as text, punctuation-only strings are null, counts as strings
    (
        {"date": "tháng 4/2024", "title": "...", "attendee_count": 300, "site_count": 19},
        {"date": "tháng 4/2024", "title": None, "attendee_count": "hơn 300", "site_count": "19 điểm cầu"},
    ),
    ({"date": "2024-1-4"}, {"date": "04.01.2024"}),
    ({"date": "quý I/2024"}, {"date": None}),
    # chairs: an empty name keys on the position; bare strings are names; the multiset counts
    ({"chair": [{"name": "", "position": "Bí thư"}]}, {"chair": [{"name": None, "position": "Bí thư"}]}),
    ({"chair": [{"name": "Trần Cẩm Tú", "position": None}] * 2}, {"chair": ["Trần Cẩm Tú"]}),
    (
        {"chair": [{"name": "Nguyễn Văn An", "position": "Chủ tịch"}]},
        {"chair": [{"name": "Văn An", "position": "x"}]},
    ),
    ({"sites": ["Tỉnh ủy Tây Ninh", "Thái Nguyên"]}, {"sites": ["Tây Ninh", "Thái Nguyên", "Thái Nguyên"]}),
    # Jaccard 4/7, under the threshold; 3/5, on it
    (
        {"sites": ["Huyện ủy Vĩnh Linh", "Thị ủy Quảng Trị"]},
        {"sites": ["Huyện ủy Vĩnh Linh tỉnh Quảng Trị", "Thị ủy Quảng Nam"]},
    ),
]
