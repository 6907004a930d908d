"""Normalisation and schema of ``../shared/extraction/README.md``, sections "Prediction schema"
and "Normalisation": fold, tokens, set similarities, Vietnamese numbers, dates, and the reading
of a draft with missing keys. Matching and scores are in :mod:`tests.extraction.scoring`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

RELATIVE_TOLERANCE = 1e-6
COMPARE_KEYS = ("delta", "direction", "percent", "baseline")
LIST_KEYS = ("chair", "sites", "attendees", "figures", "directives")
SCHEMA_KEYS = (
    "title",
    "date",
    "organiser",
    "chair",
    "host_site",
    "sites",
    "site_count",
    "attendee_count",
    "attendees",
    "figures",
    "directives",
)
MULTIPLIERS = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}


# -- Normalisation ---------------------------------------------------------------------------


def fold(text: Any) -> str:
    """NFD, combining marks dropped, đ→d, lower case, every non-word character a space."""
    return "" if text is None else _fold(str(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def tokens(text: Any, drop_digits: bool = False) -> frozenset[str]:
    return _tokens(fold(text), drop_digits)


@lru_cache(maxsize=65536)
def _tokens(folded: str, drop_digits: bool) -> frozenset[str]:
    words = folded.split()
    return frozenset(w for w in words if not (drop_digits and w.isdecimal()))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    # Two empty sets are identical (1.0), as in the reference.
    if not a or not b:
        return 1.0 if a == b else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / len(a | b)


def _plain_number(digits: str) -> str:
    """'1.917' → '1917', '56,62' → '56.62', '1.234,5' → '1234.5'; a lone '.' that is not a
    thousands group ('0.5') stays a decimal point, several commas group thousands."""
    if "." in digits and "," in digits:
        return digits.replace(".", "").replace(",", ".")
    if "," in digits:
        return digits.replace(",", ".") if digits.count(",") == 1 else digits.replace(",", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        return digits.replace(".", "")
    return digits


def parse_number(value: Any) -> float | None:
    """A JSON number as it is; a string read the Vietnamese way, its first number multiplied by
    the multiplier word right after it ('hơn 1,284 triệu' → 1284000)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().lower()
    found = re.search(r"\d[\d.,]*", text)
    if not found:
        return None
    try:
        number = float(_plain_number(found.group(0).rstrip(".,")))
    except ValueError:
        return None
    after = fold(text[found.end() :]).split()
    if after and after[0] in MULTIPLIERS:
        number *= MULTIPLIERS[after[0]]
    return number


def numbers_equal(a: Any, b: Any) -> bool:
    x, y = parse_number(a), parse_number(b)
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= RELATIVE_TOLERANCE * max(1.0, abs(x), abs(y))


def parse_date(value: Any) -> tuple[Any, ...] | None:
    """ISO 'YYYY-MM-DD', or 'D/M/YYYY' (also with '.' or '-'); anything else compares as text."""
    if value is None:
        return None
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return tuple(int(part) for part in iso.groups())
    dmy = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if dmy:
        return (int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
    return ("unparsed", text)


# -- Prediction schema -----------------------------------------------------------------------


def normalise_draft(raw: Any) -> dict[str, Any]:
    """Every schema key present; lists are lists; figures, directives and chairs in full form."""
    raw = raw if isinstance(raw, dict) else {}
    draft: dict[str, Any] = {key: raw.get(key) for key in SCHEMA_KEYS}
    for key in LIST_KEYS:
        if not isinstance(draft[key], list):
            draft[key] = []
    figures = []
    for item in draft["figures"]:
        if isinstance(item, dict):
            compare = item.get("compare") or {}
            figures.append(
                {
                    "label": item.get("label") or "",
                    "value": item.get("value"),
                    "unit": item.get("unit") or "",
                    "compare": {key: compare.get(key) for key in COMPARE_KEYS},
                }
            )
    directives = []
    for item in draft["directives"]:
        item = {"text": item} if isinstance(item, str) else item
        if isinstance(item, dict):
            directives.append(
                {"text": item.get("text") or "", "owner": item.get("owner"), "due": item.get("due")}
            )
    chairs = []
    for item in draft["chair"]:
        item = {"name": item, "position": None} if isinstance(item, str) else item
        if isinstance(item, dict):
            chairs.append({"name": item.get("name"), "position": item.get("position")})
    draft.update(figures=figures, directives=directives, chair=chairs)
    return draft
