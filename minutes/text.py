"""Vietnamese text handling: normalisation, search folding and collation.

Every piece of text that enters the application goes through :func:`nfc`; every search
key is made by :func:`fold`; every list sorted by name in Python uses :func:`sort_key`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import overload

_SPACES = re.compile(r"\s+")
# Control characters other than tab, newline and carriage return never belong in text; nor
# do lone surrogates and the noncharacters U+FFFE and U+FFFF, which XML (so Word and Excel
# files) cannot hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@overload
def nfc(value: str) -> str: ...
@overload
def nfc(value: None) -> None: ...
def nfc(value: str | None) -> str | None:
    """Return ``value`` in Unicode NFC with control characters removed (None stays None)."""
    if value is None:
        return None
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


@overload
def clean_line(value: str) -> str: ...
@overload
def clean_line(value: None) -> None: ...
def clean_line(value: str | None) -> str | None:
    """NFC, collapse inner white space and strip: for one-line fields such as names."""
    if value is None:
        return None
    return _SPACES.sub(" ", nfc(value)).strip()


def fold(value: str | None) -> str:
    """Search key: no diacritics, đ → d, case-folded, single-spaced.

    "Tây Ninh" and "tay ninh" fold alike, and so do the old and new tone placements
    ("Hoà"/"Hòa", "Uỷ"/"Ủy").
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.casefold()).strip()


# Vietnamese alphabet order, with the Latin letters it does not use (f j w z) where the Latin
# alphabet has them, as ICU's Vietnamese collation does.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Punctuation in the order of ICU's root collation (space before all of them).
_PUNCTUATION_RANK = {ch: i for i, ch in enumerate("_-‐‑‒–—,;:!?.…'‘’\"“”()[]{}@*/\\&#%`^+<=>|~$")}
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks rank: none, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def _letters(value: str) -> Iterator[tuple[str, int, bool]]:
    """Yield (small letter, tone, was capital) of each character of a string."""
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", value), re.S):
        upper = cluster[0] != cluster[0].lower()
        base, marks = cluster[0].lower(), cluster[1:]
        tone = 0
        for mark in marks:
            if (base, mark) in _LETTER_MARKS:
                base = _LETTER_MARKS[(base, mark)]
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        yield base, tone, upper


def sort_key(value: str | None) -> tuple:
    """Collation key following the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư).

    Letters are compared first; tones only break ties, as in Vietnamese dictionaries, then
    case (small before capital). Spaces, punctuation and digits come before letters, in the
    order of ICU's Vietnamese collation (PostgreSQL's ``vi-x-icu``), so that a list sorted
    here and one sorted in SQL (:func:`minutes.collation.vietnamese`) agree.
    """
    pairs = list(_letters(value or ""))
    letters = tuple(_rank(ch) for ch, _tone, _upper in pairs)
    tones = tuple(t for _, t, _upper in pairs)
    cases = tuple(upper for _, _tone, upper in pairs)
    return letters, tones, cases


def _rank(ch: str) -> int:
    if ch in _LETTER_RANK:
        return 3000 + _LETTER_RANK[ch]
    if ch.isdigit():
        return 2000 + unicodedata.digit(ch, 0)
    if ch.isspace():
        return 0
    if ch in _PUNCTUATION_RANK:
        return 100 + _PUNCTUATION_RANK[ch]
    if ch.isalpha():
        return 4000 + ord(ch)  # letters of other scripts after the Latin ones
    return 1000 + min(ord(ch), 999)  # other symbols: after the common punctuation, before digits


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """Parse a number as Vietnamese write it: "1.917" is 1917, "37,6" is 37.6.

    A comma is the decimal mark; dots are then thousands separators. Without a comma, a
    dot before groups of exactly three digits separates thousands ("76.000"); any other dot
    is taken as a decimal point ("0.5"). Raises ValueError on anything else.
    """
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace("−", "-")
    if "," in text:
        if text.count(",") > 1:
            raise ValueError(text)
        whole, frac = text.split(",")
        if whole.replace("-", "").replace("+", "") and not _THOUSANDS.match(whole) and "." in whole:
            raise ValueError(text)
        text = whole.replace(".", "") + "." + frac
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(text) from exc
