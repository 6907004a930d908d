"""Checks on the own texts and their expected drafts: the README schema, numbers the text really
states, and no long word run shared with another text (the own-words rule).
"""

from __future__ import annotations

import re
from datetime import date

from tests.extraction.normalise import SCHEMA_KEYS, fold


def _nonempty_str(x) -> bool:
    return isinstance(x, str) and x.strip() == x and bool(x)


def _opt_str(x) -> bool:
    return x is None or _nonempty_str(x)


def _number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _iso(x) -> bool:
    if not isinstance(x, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        return False
    try:
        return bool(date.fromisoformat(x))
    except ValueError:
        return False


def schema_errors(d: dict) -> list[str]:
    errors = [] if list(d) == list(SCHEMA_KEYS) else [f"keys {list(d)}"]
    checks = {
        "title": _opt_str(d.get("title")),
        "date": d.get("date") is None or _iso(d.get("date")),
        "organiser": _opt_str(d.get("organiser")),
        "host_site": _opt_str(d.get("host_site")),
        "sites": all(map(_nonempty_str, d.get("sites", []))),
        "site_count": d.get("site_count") is None or type(d.get("site_count")) is int,
        "attendee_count": d.get("attendee_count") is None or type(d.get("attendee_count")) is int,
    }
    errors += [f"{key} {d.get(key)!r}" for key, ok in checks.items() if not ok]
    for c in d.get("chair", []):
        if list(c) != ["name", "position"] or not (_opt_str(c["name"]) and _opt_str(c["position"])):
            errors.append(f"chair {c}")
        elif c["name"] is None and c["position"] is None:
            errors.append("chair with neither name nor position")
    for a in d.get("attendees", []):
        if list(a) != ["name", "position", "site"] or not (
            _nonempty_str(a["name"]) and _nonempty_str(a["position"]) and _opt_str(a["site"])
        ):
            errors.append(f"attendee {a}")
    for f in d.get("figures", []):
        c = f.get("compare", {})
        ok = (
            list(f) == ["label", "value", "unit", "compare"]
            and _nonempty_str(f["label"])
            and _number(f["value"])
        )
        ok = ok and isinstance(f["unit"], str) and list(c) == ["delta", "direction", "percent", "baseline"]
        ok = ok and all(c[k] is None or _number(c[k]) for k in ("delta", "percent"))
        ok = ok and c["direction"] in ("tăng", "giảm", None) and _opt_str(c["baseline"])
        errors += [] if ok else [f"figure {f}"]
    for x in d.get("directives", []):
        ok = list(x) == ["text", "owner", "due"] and _nonempty_str(x["text"]) and _opt_str(x["owner"])
        errors += [] if ok and (x["due"] is None or _iso(x["due"])) else [f"directive {x}"]
    return errors


def digits(value: float) -> str:
    """1917 → '1.917', 56.62 → '56,62', 12.5 → '12,5': the way a Vietnamese report writes it."""
    whole, _, fraction = f"{value:.4f}".rstrip("0").partition(".")
    return f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")


WORD_NUMBERS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
MULTIPLIER_WORDS = [
    ("nghìn tỷ", 1e12),
    ("tỷ", 1e9),
    ("tỉ", 1e9),
    ("triệu", 1e6),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
]


def written_forms(value: float) -> list[str]:
    """How a report may write the value: 1.917, 1917, 56,62, 1,2 triệu, 3 tỷ 250 triệu, một."""
    forms = [digits(value), f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")]
    for word, size in MULTIPLIER_WORDS:
        if value >= size and abs(value / size - round(value / size, 3)) < 1e-9:
            forms.append(f"{digits(round(value / size, 3))} {word}")
    if value >= 1e9 and value % 1e6 == 0 and value % 1e9:
        forms.append(f"{int(value // 1e9)} tỷ {int(value % 1e9 // 1e6)} triệu")
    if value == int(value) and 1 <= value <= 10:
        forms.append(WORD_NUMBERS[int(value) - 1])
    return forms


MULTIPLIER = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"


def states(text: str, value: float) -> bool:
    """Whether ``text`` writes ``value`` as a whole: "3 tỷ" inside "3 tỷ 250 triệu", "1,2" before
    "triệu" or "62" inside "56,62" do not count."""
    for form in written_forms(value):
        last = form.split()[-1]
        if last in ("nghìn", "ngàn"):
            tail = r"(?!\s+(?:tỷ|tỉ))"
        elif last in ("tỷ", "tỉ"):
            tail = r"(?!\s+\d+(?:,\d+)?\s+(?:triệu|nghìn|ngàn))"
        else:
            tail = rf"(?!\s+{MULTIPLIER}(?!\w))" if last[0].isdigit() else ""
        lead = r"(?<![\w.,])(?<!tỷ )(?<!tỉ )" if form[0].isdigit() else r"(?<!\w)"
        if re.search(lead + re.escape(form) + r"(?!\w|[.,]\d)" + tail, text, re.IGNORECASE):
            return True
    return False


def shared_windows(text: str, others: list[str], size: int = 12) -> list[str]:
    """Every run of ``size`` folded words of ``text`` that also occurs in one of ``others``."""
    seen: set[tuple[str, ...]] = set()
    for other in others:
        words = fold(other).split()
        seen.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    words = fold(text).split()
    runs = (tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    return [" ".join(run) for run in runs if run in seen]
