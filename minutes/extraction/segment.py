"""Paragraphs and sentences of a pasted report, with their offsets in the cleaned text.

A paste repeats itself (a lead printed twice, a caption under a photo that restates a
sentence) and is often cut off: repeated paragraphs are read once, and a last sentence
without its end is marked so that nothing is built from half a clause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from minutes.text import fold

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u200b\ufeff]")
_END = re.compile(r"(?:\.\.\.|…|[.!?])(?:[/.]*)[\"”’)\]]*")
_ABBREVIATIONS = ("TP.", "Tp.", "ThS.", "TS.", "PGS.", "GS.", "BS.", "Th.S.", "St.", "P.", "Q.")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    paragraph: int
    complete: bool = True

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def clean(raw: str) -> str:
    """NFC, no control characters, one kind of line break, tabs and runs of spaces kept single."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    end = match.end()
    rest = text[end:]
    if match.group(0).startswith(".") and not match.group(0).startswith(".."):
        head = text[max(0, match.start() - 4) : match.start() + 1]
        if any(head.endswith(a) for a in _ABBREVIATIONS):
            return False
        if match.start() > 0 and text[match.start() - 1].isdigit() and rest[:1].isdigit():
            return False
        if re.fullmatch(r"\s*(?:[\dIVX]{1,4}(?:\.\d{1,2})*|[a-zđ])", text[: match.start()]):
            return False  # "2.1. Đề nghị …", "II. Nhiệm vụ": the number of an item
    if not rest:
        return True
    if not rest[0].isspace():
        return False
    nxt = rest.lstrip()[:1]
    return bool(nxt) and (nxt.isupper() or nxt.isdigit() or nxt in '"“‘(-–•')


MAX_SENTENCE = 1500  # characters; a longer run without an end mark is not a sentence anyone wrote


def _chopped(offset: int, sentence: str) -> list[tuple[int, str]]:
    """A run longer than any sentence, cut at spaces, so that no rule works on megabytes at once."""
    out: list[tuple[int, str]] = []
    while len(sentence) > MAX_SENTENCE:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        out.append((offset, sentence[:cut]))
        rest = sentence[cut:]
        lead = len(rest) - len(rest.lstrip())
        offset, sentence = offset + cut + lead, rest.lstrip()
    if sentence:
        out.append((offset, sentence))
    return out


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    return [piece for offset, s in _sentences(paragraph) for piece in _chopped(offset, s)]


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(paragraph):
        if _is_boundary(paragraph, m):
            piece = paragraph[start : m.end()]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((start + lead, piece.strip()))
            start = m.end()
    piece = paragraph[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, piece.strip()))
    return out


def ends_complete(sentence: str) -> bool:
    return bool(re.search(r"(?:[.!?…:;]|\.\.\.)[/.\"”’)\]]*$", sentence.rstrip()))


def sentences(text: str) -> list[Sentence]:
    """Sentences of the text in order; a repeated paragraph or sentence appears once.

    The last sentence of the text is incomplete when it stops without an end mark and is long
    enough to be prose (a byline, a photo caption or a signature has no end mark either).
    """
    out: list[Sentence] = []
    seen: set[str] = set()
    offset = 0
    for index, line in enumerate(text.split("\n")):
        for rel, sentence in split_sentences(line):
            key = fold(sentence)
            if key and key not in seen:
                seen.add(key)
                out.append(Sentence(sentence, offset + rel, index))
        offset += len(line) + 1
    prose = [i for i, s in enumerate(out) if len(s.text.split()) >= 9]
    if prose:
        last = prose[-1]
        s = out[last]
        trailing = out[last + 1 :]
        byline = all(len(t.text.split()) <= 6 for t in trailing)
        if byline and not ends_complete(s.text):
            out[last] = Sentence(s.text, s.start, s.paragraph, complete=False)
    return out


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]
