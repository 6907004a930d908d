"""One pasted report → one draft of minutes, as the plain dict of ``../shared/extraction``.

Keys and conventions are the scorer's (values as written in the text); extra keys carry what
the review page needs: each item's ``span`` in the cleaned text, a figure's ``qualifier``
("hơn", "trên") and ``part_of`` (the "trong đó" parts), a directive's ``standing``
(thường xuyên), and the cleaned ``source`` the spans point into.
"""

from __future__ import annotations

import re
from typing import Any

from minutes.extraction.directives import directives_of
from minutes.extraction.fields import (
    chair_of,
    date_of,
    headline_of,
    organiser_in_title,
    organiser_of,
    sites_of,
    title_of,
)
from minutes.extraction.figures import figures_of
from minutes.extraction.numbers import digits_value
from minutes.extraction.segment import clean, paragraphs, sentences
from minutes.text import fold

_ATTENDANCE = re.compile(
    r"điểm cầu|đại biểu[^.]{0,40}(?:tham dự|dự)|(?:tham dự|tham gia) của[^.]{0,30}đại biểu", re.I
)


def extract(raw: str) -> dict[str, Any]:
    text = clean(raw)
    sents = sentences(text)
    headline = headline_of(paragraphs(text))
    title = title_of(sents, headline)
    host, sites, site_count, attendee_count = sites_of(sents)
    figures: list[dict[str, Any]] = []
    with_figures: set[int] = set()
    seen: set[tuple[float, str]] = set()
    for index, s in enumerate(sents):
        if _ATTENDANCE.search(s.text):
            continue
        if s.complete and _BACK.match(s.text.strip()):
            _changes_of_earlier(s.text, figures)
            continue  # who took part: the counts are the conference's, not the report's figures
        usable = None if s.complete else max(s.text.rfind(";"), s.text.rfind(","), 0)
        placed: dict[int, int] = {}  # a figure's index in its sentence → in the draft
        for local, fig in enumerate(figures_of(s, usable)):
            key = (float(fig.value), " ".join(f"{fig.label} {fig.unit}".lower().split()))
            if key in seen:
                continue
            seen.add(key)
            with_figures.add(index)
            item = fig.as_dict(s)
            if fig.part_of is not None:
                item["part_of"] = placed.get(fig.part_of)
                if item["part_of"] is None:
                    del item["part_of"]
            placed[local] = len(figures)
            figures.append(item)
    return {
        "title": title,
        "date": date_of(sents, text, title),
        "organiser": organiser_of(sents) or organiser_in_title(headline) or organiser_in_title(title),
        "chair": chair_of(sents),
        "host_site": host,
        "sites": sites,
        "site_count": site_count,
        "attendee_count": attendee_count,
        "attendees": [],
        "figures": figures,
        "directives": directives_of(sents, with_figures),
        "source": text,
    }


_BACK = re.compile(r"^so với\s+(?P<base>[^,]{3,60}),\s*(?P<rest>.+)$", re.I)
_CHANGE = re.compile(
    r"(?P<subject>[^,;]*?)\s*(?P<dir>tăng|giảm)\s+(?P<num>\d[\d.,]*)\s*(?P<pct>%)?\s*(?P<word>\w+)?", re.I
)


def _changes_of_earlier(sentence: str, figures: list[dict[str, Any]]) -> None:
    """ "So với năm 2022, số cuộc thanh tra giảm 3,4%, số chi bộ hoàn thành tăng 63 chi bộ": each
    change goes to the earlier figure its subject names (most shared words, at least two), when
    that figure has no comparison yet."""
    m = _BACK.match(sentence.strip())
    if not m:
        return
    for change in _CHANGE.finditer(m.group("rest")):
        subject = set(fold(f"{change.group('subject')} {change.group('word') or ''}").split()) - {"so"}
        best, best_shared = None, 1
        for figure in reversed(figures):
            if any(v is not None for v in figure["compare"].values()):
                continue
            shared = len(subject & set(fold(f"{figure['label']} {figure['unit']}").split()))
            if shared > best_shared:
                best, best_shared = figure, shared
        if best is None:
            continue
        amount = digits_value(change.group("num").rstrip(".,"))
        value = int(amount) if amount.is_integer() else amount
        best["compare"] = {
            "delta": None if change.group("pct") else value,
            "direction": change.group("dir").lower(),
            "percent": value if change.group("pct") else None,
            "baseline": m.group("base").strip(),
        }
