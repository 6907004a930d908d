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
        if rng.random() < 0.7:
            f["value"] = vietnamese(f["value"])
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
        x["owner"] = owner if rng.random() < 0.8 else rng.choice(["", "các cấp ủy", None])


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
        elif choice < 0.5:
            c["position"] = "Chủ tịch"
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
