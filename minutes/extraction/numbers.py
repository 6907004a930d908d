"""Vietnamese number grammar: "1.917", "56,62", "hơn 1,2 triệu", "3 tỷ 250 triệu", "một".

A dot groups thousands and a comma is the decimal mark; nghìn/ngàn, triệu and tỷ/tỉ multiply,
a smaller multiplier may follow a larger one ("3 tỷ 250 triệu" is 3.250.000.000) and two may
stand together ("12,5 nghìn tỷ" is 12.500.000.000.000). Money
is multiplied out like any count ("38,7 tỷ đồng" is 38.700.000.000 đồng), as the shared
scorer reads numbers. Word
numbers are read up to ten ("một", "mười"), which is all that reports spell out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
WORD_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
QUALIFIERS = (
    "không quá",
    "không dưới",
    "chưa đến",
    "gần",
    "hơn",
    "trên",
    "dưới",
    "khoảng",
    "gần như",
    "ít nhất",
    "tối thiểu",
    "tối đa",
)

_NUMBER = re.compile(
    rf"(?<![\w.,/])(?P<num>{DIGITS})(?![\w/]|[.,]\d)"
    rf"(?P<mult>(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?(?:\s+(?:{DIGITS})\s+(?:nghìn|ngàn|triệu))?)?)"
    r"(?P<pct>\s?%)?",
    re.IGNORECASE,
)
_RATIO = re.compile(rf"(?<![\w.,/])(?P<a>{DIGITS})/(?P<b>{DIGITS})(?![\w/]|[.,]\d)")


def digits_value(text: str) -> float:
    """'1.917' → 1917, '56,62' → 56.62, '0.5' → 0.5 (a lone dot not before three digits)."""
    text = text.strip()
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text)


@dataclass(frozen=True)
class Number:
    """A number found in a sentence: its value, where it is, and whether it is a percentage."""

    value: float
    start: int
    end: int
    percent: bool = False
    written: str = ""

    @property
    def clean(self) -> int | float:
        return int(self.value) if float(self.value).is_integer() else round(self.value, 6)


def _multiplied(num: str, mult: str) -> float:
    value = digits_value(num)
    words = mult.split()
    if not words:
        return value
    # "12,5 nghìn tỷ": the multipliers before the next number multiply each other.
    scale = 1.0
    while words and words[0].lower() in MULTIPLIERS:
        scale *= MULTIPLIERS[words.pop(0).lower()]
    value *= scale
    if len(words) == 2:  # "3 tỷ 250 triệu": the smaller part is added
        value += digits_value(words[0]) * MULTIPLIERS[words[1].lower()]
    return value


def find_numbers(sentence: str) -> list[Number]:
    """Every number written in digits, with its multiplier and percent sign, in order.

    "x/y" gives two numbers (2.026/2.053 chi bộ); dates (14/9/2017), times (09:43), versions
    and file names (14.9d.png) are not numbers of anything.
    """
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _RATIO.finditer(sentence):
        a, b = m.group("a"), m.group("b")
        tail = sentence[m.end() : m.end() + 1]
        if tail == "/" or (len(b) == 4 and "." not in b and b.startswith(("19", "20"))):
            continue  # a date: 14/9/2017 or 9/2017
        after = sentence[m.end() :]
        pct = after.lstrip().startswith("%")
        found.append(Number(digits_value(a), m.start("a"), m.end("a"), pct, a))
        found.append(Number(digits_value(b), m.start("b"), m.end("b"), pct, b))
        taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(sentence):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = sentence[max(0, m.start() - 1) : m.start()]
        after = sentence[m.end() : m.end() + 1]
        if (before and before in ":/") or (after and after in ":/"):
            continue
        found.append(
            Number(
                _multiplied(m.group("num"), m.group("mult")),
                m.start(),
                m.end(),
                bool(m.group("pct")),
                m.group(0).strip(),
            )
        )
    found.sort(key=lambda n: n.start)
    return found


_WORD = re.compile(r"(?<!\w)(" + "|".join(WORD_NUMBERS) + r")(?!\w)", re.IGNORECASE)


def find_word_numbers(sentence: str) -> list[Number]:
    """Word numbers ('một tổ chức đảng'); the caller decides whether a counted noun follows."""
    return [
        Number(float(WORD_NUMBERS[m.group(1).lower()]), m.start(), m.end(), False, m.group(1))
        for m in _WORD.finditer(sentence)
    ]
