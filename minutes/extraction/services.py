"""Text → minutes in the application: the pending review of one user, and its confirmation.

A paste becomes an :class:`Extraction` row of its user (no conference yet); the review page
proposes the draft with the names matched to the tree; confirming creates the draft
conference, its host and connected sites, one report with the figures and the directives
with their addressees, in the caller's transaction, and deletes the row. Rows older than a
day are purged whenever a new one is made. Services never commit.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..clock import utcnow
from ..conferences.figures import MAX_FIGURES
from ..extensions import db
from ..models import Conference, Organisation, Report, Site, User
from ..models.extractions import KEEP, Extraction
from ..organisations import search
from ..text import fold
from .extract import extract

#: Abbreviations reports use for bodies, and what they stand for in unit names.
ABBREVIATIONS = {
    "ubkt": "ủy ban kiểm tra",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "hdnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "btv": "ban thường vụ",
    "bch": "ban chấp hành",
    "tu": "tỉnh ủy",
    "hu": "huyện ủy",
    "qu": "quận ủy",
    "đu": "đảng ủy",
    "tw": "trung ương",
    "tp": "thành phố",
}


#: Rows a review holds of each kind: one report holds at most this many figures.
MAX_ROWS = MAX_FIGURES
#: The lists of a draft that the review shows as rows.
ROWS = ("figures", "directives", "sites")


def purge(now=None) -> int:
    """Delete the reviews older than a day; how many went."""
    limit = (now or utcnow()) - KEEP
    result = db.session.execute(db.delete(Extraction).where(Extraction.created_at < limit))
    return int(getattr(result, "rowcount", 0) or 0)


def start(user: User, text: str, filename: str = "") -> Extraction:
    """Read ``text`` and keep it with its draft for ``user``'s review (flushed, not committed)."""
    purge()
    draft = extract(text)
    source = draft.pop("source")
    # A long document may yield more rows than one review can hold: keep the first ones and
    # say on the review page how many were left out, rather than lose them without a word.
    left_out = {}
    for key in ROWS:
        items = draft.get(key) or []
        if len(items) > MAX_ROWS:
            left_out[key] = len(items) - MAX_ROWS
            draft[key] = items[:MAX_ROWS]
    if left_out:
        draft["left_out"] = left_out
    record = Extraction(user_id=user.id, filename=filename[:255], source=source, draft_json="{}")
    record.draft = draft
    db.session.add(record)
    db.session.flush()
    return record


def load(user: User, record_id: int) -> Extraction | None:
    """The user's own review (pending, or confirmed: then ``conference_id`` is set), or None
    (someone else's, or expired)."""
    record = db.session.get(Extraction, record_id)
    if record is None or record.user_id != user.id or record.expired():
        return None
    return record


def variants(name: str) -> list[str]:
    """The ways a unit's name may be written: "UBKT Tỉnh ủy" is "Ủy ban Kiểm tra Tỉnh ủy"."""
    name = re.sub(r"\s*\([^)]*\)", "", name or "").strip(" ,.")
    words = name.split()
    out = [name]
    expanded = " ".join(ABBREVIATIONS.get(fold(w), w) for w in words)
    if expanded != name:
        out.append(expanded)
    for form in list(out):
        if fold(form).startswith("cac "):
            out.append(form.split(" ", 1)[1])
    return [v for v in dict.fromkeys(out) if v]


def match_unit(user: User, name: str | None, scope: str = "mine") -> Organisation | None:
    """The one unit whose folded name is one of the name's :func:`variants`, else None."""
    if not name:
        return None
    for variant in variants(name):
        found = search.by_name(user, variant, scope)
        if len(found) == 1:
            return found[0]
    return None


# --- the proposal ------------------------------------------------------------------------

_KINDS = (("giao ban", "review"), ("sơ kết", "midyear"), ("tổng kết", "annual"), ("chuyên đề", "thematic"))
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def kind_of(title: str) -> str:
    low = (title or "").lower()
    return next((kind for word, kind in _KINDS if word in low), "other")


def period_of(title: str) -> tuple[str, int | None]:
    """("quarter:1", 2021) from "… quý I năm 2021", ("year:", 2023) from "tổng kết … năm 2023"."""
    low = (title or "").lower()
    m = re.search(r"quý\s+(iv|iii|ii|i|[1-4])(?![\w])\s*(?:/|năm|-|\.)\s*(\d{4})", low)
    if m:
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        return f"quarter:{q}", int(m.group(2))
    m = re.search(r"(?:6|sáu) tháng (đầu|cuối) năm (\d{4})", low)
    if m:
        return f"half:{1 if m.group(1) == 'đầu' else 2}", int(m.group(2))
    m = re.search(r"(?:9|chín) tháng(?: đầu)? năm (\d{4})", low)
    if m:
        return "nine_months:", int(m.group(1))
    m = re.search(r"năm (\d{4})", low)
    if m and kind_of(title) in ("annual", "review"):
        return "year:", int(m.group(1))
    return "", None


def _amount(value: float | int | None, qualifier: str = "") -> tuple[str, float | None, str]:
    return (qualifier or "", None if value is None else float(value), "")


def figure_data(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures as rows of the figures grid; a comparison's delta becomes the baseline."""
    rows = []
    for index, f in enumerate(figures):
        c = f.get("compare") or {}
        value = f.get("value")
        sign = {"tăng": 1, "giảm": -1}.get(c.get("direction") or "", 0)
        baseline = None
        pct = None
        if c.get("delta") is not None and sign and value is not None:
            baseline = float(value) - sign * float(c["delta"])
        elif c.get("percent") is not None:
            pct = sign * float(c["percent"]) if sign else None
        qualifier = f.get("qualifier") or ""
        parent = f.get("part_of")
        rows.append(
            {
                "label": f.get("label") or f.get("unit") or "",
                "value": _amount(
                    value, qualifier if qualifier in ("hơn", "trên", "khoảng", "gần", "dưới") else ""
                ),
                "unit": f.get("unit") or "",
                "part": parent is not None and parent == _last_top(figures, index),
                "baseline": _amount(baseline),
                "baseline_label": (c.get("baseline") or "")
                if (baseline is not None or pct is not None)
                else "",
                "stated_change_pct": pct,
                "source": index,
            }
        )
    return rows


def _last_top(figures: list[dict[str, Any]], index: int) -> int | None:
    for j in range(index - 1, -1, -1):
        if figures[j].get("part_of") is None:
            return j
    return None


def proposal(record: Extraction, user: User) -> dict[str, Any]:
    """The review form's first data: the draft, its names matched to units where one fits."""
    draft = record.draft
    title = draft.get("title") or ""
    period, year = period_of(title)
    starts_on = date.fromisoformat(draft["date"]) if draft.get("date") else None
    organiser = match_unit(user, draft.get("organiser"))
    chair = (draft.get("chair") or [{}])[0] if draft.get("chair") else {}
    sites = []
    if draft.get("host_site"):
        sites.append({"name": draft["host_site"], "is_host": True})
    sites += [{"name": name, "is_host": False} for name in draft.get("sites") or []]
    for site in sites:
        unit = match_unit(user, site["name"])
        site["organisation_id"] = unit.id if unit else None
        site["matched"] = unit.name if unit else ""
    directives = []
    for index, d in enumerate(draft.get("directives") or []):
        owner = d.get("owner")
        unit = match_unit(user, owner)
        directives.append(
            {
                "text": d.get("text") or "",
                "due_date": date.fromisoformat(d["due"]) if d.get("due") else None,
                "addressee_ids": [unit.id] if unit else [],
                "addressee_groups": "" if unit or not owner else owner,
                "source": index,
            }
        )
    return {
        "title": title[:500],
        "kind": kind_of(title),
        "period": period,
        "period_year": year,
        "starts_on": starts_on,
        "format": "online" if draft.get("site_count") or draft.get("sites") else "in_person",
        "organiser_id": organiser.id if organiser else None,
        "organiser_text": "" if organiser else (draft.get("organiser") or ""),
        "reported_delegates": draft.get("attendee_count"),
        "reported_delegates_qualifier": "",
        "chair_name": (chair.get("name") or "")[:200],
        "chair_title": (chair.get("position") or "")[:255],
        "sites": sites,
        "figures": figure_data(draft.get("figures") or []),
        "directives": directives,
    }


# --- confirming ----------------------------------------------------------------------------


def add_sites(conference: Conference, rows: list[dict[str, Any]]) -> None:
    """The kept sites in order; the first one marked host is the host."""
    host_taken = False
    for position, row in enumerate(rows, start=1):
        unit = db.session.get(Organisation, row["organisation_id"]) if row.get("organisation_id") else None
        is_host = bool(row.get("is_host")) and not host_taken
        host_taken = host_taken or is_host
        conference.sites.append(
            Site(
                organisation=unit,
                name=(unit.name if unit and not row.get("name") else row["name"])[:255],
                is_host=is_host,
                position=position,
            )
        )


def report_for(conference: Conference, title: str) -> Report:
    report = Report(title=title, kind="report", position=1)
    conference.reports.append(report)
    return report


def finish(record: Extraction, conference: Conference) -> bool:
    """The review became ``conference``: its text and draft go, the row keeps only where it
    led (for a second click). False when another request (a first click on "confirm") has
    already ended it: the caller then rolls back what it built."""
    db.session.flush()  # the conference's id
    result = db.session.execute(
        db.update(Extraction)
        .where(Extraction.id == record.id, Extraction.conference_id.is_(None))
        .values(conference_id=conference.id, source="", draft_json="{}")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def discard(record: Extraction) -> None:
    """The secretary threw the review away: its row goes."""
    db.session.execute(
        db.delete(Extraction).where(Extraction.id == record.id).execution_options(synchronize_session=False)
    )
    db.session.expunge(record)


def highlighted(source: str, draft: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The source as (text, mark id) pieces: each figure's and directive's passage marked
    ("f-3", "d-0") so that the review page can show where an item came from."""
    spans: list[tuple[int, int, str]] = []
    for kind, items in (("f", draft.get("figures") or []), ("d", draft.get("directives") or [])):
        for index, item in enumerate(items):
            span = item.get("span")
            if isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1] <= len(source):
                spans.append((span[0], span[1], f"{kind}-{index}"))
    spans.sort()
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, mark in spans:
        if start < at:
            continue  # overlapping passages: the first one is marked
        if start > at:
            pieces.append((source[at:start], None))
        pieces.append((source[start:end], mark))
        at = end
    if at < len(source):
        pieces.append((source[at:], None))
    return pieces
