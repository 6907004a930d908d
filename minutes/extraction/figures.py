"""Figures of a report: what was counted, how many, and how it compares with a baseline.

A figure is a number followed by what it counts ("713 tổ chức đảng", "0,5%"); what it says is
the clause before it ("UBKT Tỉnh ủy đã giám sát"), carried over to the next number when the
clause goes on ("… 2.041 tổ chức đảng và 2.059 đảng viên"). A comparison ("giảm 429 tổ chức so
với cùng kỳ năm 2020", "tăng 12%", "lần lượt tăng 5 và 8 cuộc so với …") belongs to the figures
before it in the same clause. Numbers that name things (Quy định số 22, khóa XIII), dates,
times, years and durations are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutes.extraction import lexicon
from minutes.extraction.numbers import DIGITS, QUALIFIERS, Number, find_numbers, find_word_numbers
from minutes.extraction.segment import Sentence

_WORD = re.compile(r"[\w%]+(?:[-–][\w]+)?", re.UNICODE)
_BOUNDARY = re.compile(r"[;:()\[\]“”\"]")
_QUALIFIER = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*$", re.IGNORECASE
)
_DIRECTION = re.compile(r"(?<!\w)(tăng|giảm|cao hơn|thấp hơn)(?!\w)", re.IGNORECASE)
_BASELINE = re.compile(r"(?<!\w)so\s+(?:với\s+)?(?P<base>[^,;.()\[\]]+)", re.IGNORECASE)
_EQUAL = re.compile(r"(?<!\w)bằng\s+(?P<pct>[\d.,]+)\s?%\s+(?:so\s+với\s+)?(?P<base>[^,;.()]+)")
_LEAD_ADVERBIAL = re.compile(
    r"^(?:trong|năm|quý|tháng|từ|đến|tính đến|tính từ|qua|sau|nhìn chung|theo|cụ thể|kết quả|"
    r"riêng|tại|nhờ|với|bên cạnh|về|đối với|ngoài ra|đồng thời|như vậy|qua đó)\b[^,]{0,60},\s*",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(r"(?:ngày|sáng|chiều|tối|trưa|hôm|đêm|lúc|năm|tháng|quý)\s*$", re.IGNORECASE)


@dataclass
class Figure:
    label: str
    value: int | float
    lead: str
    unit: str
    start: int
    end: int
    qualifier: str | None = None
    part_of: int | None = None
    compare: dict[str, object] = field(
        default_factory=lambda: {"delta": None, "direction": None, "percent": None, "baseline": None}
    )

    def as_dict(self, sentence: Sentence) -> dict[str, object]:
        out: dict[str, object] = {
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "compare": self.compare,
            "span": [sentence.start + self.start, sentence.start + self.end],
        }
        if self.qualifier:
            out["qualifier"] = self.qualifier
        if self.part_of is not None:
            out["part_of"] = self.part_of
        return out


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _starts_with(text: str, phrases: tuple[str, ...]) -> str | None:
    low = text.lower()
    for p in sorted(phrases, key=len, reverse=True):
        if low == p or low.startswith(p + " ") or low.startswith(p + ","):
            return p
    return None


def _ends_with_naming(before: str) -> bool:
    low = before.lower().rstrip()
    return any(low.endswith(" " + w) or low == w for w in lexicon.NAMING_WORDS)


def _unit_phrase(text: str) -> tuple[str, str, int]:
    """(unit, rest of the noun phrase, where it ends) for the words right after a number.

    A counted noun of the lexicon is the unit even when it starts with a grammar word ("bị
    can", "đối tượng"); otherwise the phrase stops at the first grammar word or punctuation.
    """
    words: list[str] = []
    end = 0
    known = _starts_with(text.lstrip().lower(), lexicon.COUNTED)
    known_words = len(known.split()) if known else 0
    for m in _WORD.finditer(text):
        gap = text[end : m.start()]
        if words and gap.strip():
            break
        if not words and gap.strip() not in ("", "%"):
            break
        w = m.group(0)
        if len(words) >= known_words:
            planned = text[m.start() :].lower().startswith(("theo kế hoạch", "theo chỉ tiêu"))
            if (w.lower() in lexicon.UNIT_STOP and not planned) or (not words and w[0].isdigit()):
                break
        words.append(w)
        end = m.end()
        if len(words) >= 8:
            break
    phrase = " ".join(words)
    head = _starts_with(phrase.lower(), lexicon.COUNTED)
    if head:
        n = len(head.split())
        if words[n : n + 1] and words[n].lower() == "đảng" and head == "tổ chức":
            n += 1
        return " ".join(words[:n]), " ".join(words[n:]), end
    n = 2 if len(words) >= 2 and words[1].lower() not in lexicon.UNIT_STOP else 1
    return " ".join(words[:n]), " ".join(words[n:]), end


def _is_count(sentence: str, number: Number, unit: str) -> bool:
    before = sentence[: number.start]
    if _ends_with_naming(before) or _TIME_BEFORE.search(before):
        return False
    if number.percent:
        return True
    if not unit:
        return False
    low = unit.lower()
    if low.split()[0] in lexicon.TIME_UNITS or low.startswith(("điểm", "đại biểu", "đại")):
        return False
    whole = number.value.is_integer() and "." not in number.written and "," not in number.written
    if whole and 1900 <= number.value <= 2100 and not _starts_with(low, lexicon.COUNTED):
        return False  # a year
    if re.match(r"\s*[-–]\s*\d", sentence[number.end :]):
        return False  # a range of years or a date "28 - 12"
    return True


def _clean_label(window: str) -> str:
    text = window.strip(" ;:–-").strip()
    if text.endswith(","):
        text += " "
    for _ in range(3):
        new = _LEAD_ADVERBIAL.sub("", text)
        if new == text:
            break
        text = new.strip()
    words = text.split()
    if len(words) > 16 and "," in text:
        tail = text.rsplit(",", 1)[1].strip()
        if len(words) > 16 and len(tail.split()) >= 3:
            text = tail
    text = text.strip(" ,")
    q = _QUALIFIER.search(text)
    if q:
        text = text[: q.start()].strip()
    return text.strip(" ,")


def _strip_connectors(text: str) -> str:
    for _ in range(3):
        head = _starts_with(
            text.lower(), ("và", "có", "còn", "đồng thời", "ngoài ra", "trong đó", "gồm", "với")
        )
        if not head or len(text.split()) <= len(head.split()):
            break
        text = text[len(head) :].strip(" ,")
    return text


def _qualifier(window: str) -> str | None:
    q = _QUALIFIER.search(window.strip())
    return q.group(1).lower() if q else None


def _comparison(text: str) -> tuple[list[dict[str, object]], int] | None:
    """Comparisons written right after figures: one per delta ('lần lượt tăng 5 và 8 cuộc')."""
    lead = len(text) - len(text.lstrip(" ,("))
    eq = _EQUAL.match(text, lead)
    if eq:
        pct = float(eq.group("pct").replace(".", "").replace(",", "."))
        return [
            {"delta": None, "direction": None, "percent": _clean(pct), "baseline": eq.group("base").strip()}
        ], eq.end()
    d = _DIRECTION.search(text)
    # Right after the figure ("713 tổ chức (giảm 429 …)") or after the rest of its clause and a
    # comma ("4 vụ việc có dấu hiệu tội phạm, giảm 3 vụ so với năm 2022").
    if not d or (len(text[: d.start()].split()) > 4 and not text[: d.start()].rstrip().endswith(",")):
        return None
    if len(text[: d.start()].split()) > 12 or find_numbers(text[: d.start()]):
        return None
    rest = text[d.end() :]
    base = _BASELINE.search(rest)
    head = rest[: base.start()] if base else rest
    if not base and not re.match(r"\s*(?:thêm\s+)?[\d]", head):
        return None
    nums = find_numbers(head)
    baseline = base.group("base").strip() if base else None
    if baseline:
        # "cùng kỳ do một phần đất …": the reason is not the baseline.
        baseline = re.split(r"\s+(?:và|nhưng|đồng thời|do|vì|nhờ|chủ yếu|trong đó)\s+", baseline)[0].strip()
    direction = lexicon.DIRECTIONS[d.group(1).lower()]
    out = []
    slots: list[Number | None] = [*nums] if nums else [None]
    for n in slots:
        item: dict[str, object] = {
            "delta": None,
            "direction": direction,
            "percent": None,
            "baseline": baseline,
        }
        if n is not None:
            if n.percent:
                item["percent"] = n.clean
            elif not re.match(r"\s*lần", head[n.end :]):
                item["delta"] = n.clean
        out.append(item)
    # "…, tăng 2 vụ so với …": the counted word says which figure the change is of.
    counted = head[nums[-1].end :].split()[:1] if nums and not nums[-1].percent else []
    if counted and out:
        out[0]["_counted"] = counted[0].lower()
    used = base.end() if base else (nums[-1].end if nums else 0)
    if not base and nums and nums[-1].percent:
        used = head.index("%", nums[-1].end) + 1 if "%" in head[nums[-1].end :] else used
    return out, d.end() + used


def _clean(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _clause_rest(text: str, limit: int = 12) -> str:
    """The words after a number up to the end of its clause: what an unlabelled count says."""
    clause = re.split(r"[,;.()\[\]]", text, maxsplit=1)[0]
    return " ".join(clause.split()[:limit])


def _candidates(text: str) -> list[Number]:
    numbers = find_numbers(text)
    if any(_unit_phrase(text[n.end :])[0] for n in numbers):
        for w in find_word_numbers(text):
            after = text[w.end :].lstrip().lower()
            if _starts_with(after, lexicon.COUNTED) and not any(n.start <= w.start < n.end for n in numbers):
                numbers.append(w)
    return sorted(numbers, key=lambda n: n.start)


_RANGE = re.compile(rf"(?<!\w)từ\s+(?:{DIGITS})\s+(\w+)\s+(?:đến|tới)\s+(?:{DIGITS})\s+\1(?!\w)", re.I)


def figures_of(sentence: Sentence, usable: int | None = None) -> list[Figure]:
    """Figures of one sentence; ``usable`` cuts a sentence that stops mid-clause.

    Spelled-out numbers count only beside figures in digits: reports write their results in
    digits and spell "một" inside a list of them, while "một cuộc kiểm tra" alone describes.
    """
    text = sentence.text if usable is None else sentence.text[:usable]
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text)]  # "từ 110 kV đến 500 kV": a spec
    numbers = [n for n in _candidates(text) if not any(a <= n.start < b for a, b in ranges)]
    found: list[Figure] = []
    cursor = 0
    for i, number in enumerate(numbers):
        if number.start < cursor:
            continue
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        ratio_head = nxt is not None and text[number.end : nxt.start] == "/"
        ratio_tail = i > 0 and text[numbers[i - 1].end : number.start] == "/"
        after = text[(nxt.end if ratio_head and nxt else number.end) :]
        if number.percent:
            pct = after.index("%") + 1 if after.lstrip().startswith("%") else 0
            tail_unit, _, tail_end = _unit_phrase(after[pct:])
            unit, rest = "%", ""
            used = pct
            if tail_unit.lower().split()[:1] in (["kế"], ["chỉ"], ["dự"], ["tổng"]):
                unit_rest = _unit_phrase(after[pct:])
                rest, used = f"{unit_rest[0]} {unit_rest[1]}".strip(), pct + tail_end
        else:
            unit, rest, used = _unit_phrase(after)
        if not _is_count(text, number, f"{unit} {rest}".strip()):
            continue
        before = text[: number.start]
        if not ratio_tail and (
            _DIRECTION.search(before[-12:]) or re.search(r"(?:lần lượt|so với|so|bằng)\s*$", before[-20:])
        ):
            continue  # a delta or a baseline, read with the figure it belongs to
        prev = found[-1] if found else None
        if ratio_tail and prev:
            # "38/42 cuộc … theo kế hoạch": the plan; "2.026/2.053 chi bộ": all of them.
            head = " ".join(re.split(r"[,;.(]", after, maxsplit=1)[0].split()[:7])
            planned = re.search(r"(?<!\w)(?:theo|trong|so với)\s+(?:kế hoạch|chỉ tiêu)(?!\w)", head)
            lead = "" if planned else "tổng số"
            start = number.start
            window = ""
        else:
            start = max(cursor, max((m.end() for m in _BOUNDARY.finditer(before)), default=0))
            window = text[start : number.start]
            lead = _clean_label(window)
        bare = lead.lower()
        part_of = None
        connector = _starts_with(bare, lexicon.CONNECTORS) if bare else None
        only_connectors = not bare or (connector is not None and not bare[len(connector) :].strip(" ,"))
        prep = _starts_with(bare, lexicon.PREPOSITIONS)
        gap = text[cursor:start] if start >= cursor else ""
        follows = prev is not None and not gap.strip(" ,;)(") and not ratio_tail
        parts = r"[\s,]*(?:gồm|bao gồm|trong đó|trong số đó)(?:\s+(?:có|là))?[\s,:]*"
        if follows and re.fullmatch(parts, window, re.I):
            lead, part_of = "", len(found) - 1
        elif follows and prev and only_connectors:
            lead = prev.lead
        elif follows and prev and prep and bare == prep:
            lead = f"{prev.lead} {prev.unit} {lead}".strip()
        # "toàn tỉnh có 1.184 chi bộ đã hoàn thành …": what is counted is said after the number.
        existential = re.search(r"(?:^|\s)(?:có|là|còn)$", lead)
        if existential:
            lead = lead[: existential.start()].strip()
        ratio_total = ratio_tail and lead == "tổng số"
        if (not lead or existential or (ratio_tail and not ratio_total)) and not rest:
            rest = _clause_rest(after[len(after) - len(after.lstrip()) :])
            rest = rest[len(unit) :].strip() if rest.lower().startswith(unit.lower()) else rest
            rest = rest.lstrip("% ").strip()
        # "…, đạt 98,18%": the share of what was just counted.
        share = re.search(r",\s*(đạt|bằng|chiếm)\s*$", text[prev.end : number.start]) if prev else None
        if number.percent and prev and share and not re.search(r"[;.(]", text[prev.end : number.start]):
            between = text[prev.end : prev.end + share.start()].strip(" ,")
            lead = f"{'' if rest else 'tỷ lệ '}{prev.unit} {between} {share.group(1)}".strip()
        lead = _strip_connectors(lead)
        label = f"{lead} {rest}".strip()
        phrase_end = len(text) - len(after) + used
        fig = Figure(
            label=label,
            value=number.clean,
            lead=lead,
            unit=unit,
            start=number.start,
            end=phrase_end,
            qualifier=_qualifier(window),
            part_of=part_of,
        )
        found.append(fig)
        cursor = phrase_end if not ratio_head else number.end
        if ratio_head:
            continue
        comp = _comparison(text[phrase_end : _clause_end(text, phrase_end)])
        if comp:
            items, length = comp
            counted = items[0].pop("_counted", None)
            same = [f for f in found if counted and f.unit.lower().split()[:1] == [counted]]
            if len(items) > 1:
                targets = found[-len(items) :]
            elif same and fig not in same:
                targets = [same[-1]]  # "9 vụ, 27 bị can …, tăng 2 vụ": the change is of the cases
            else:
                targets = [fig]
            for target, item in zip(targets, items, strict=False):
                target.compare = item
            cursor = phrase_end + length
    return found


def _clause_end(text: str, start: int) -> int:
    stop = re.search(r"[;.]\s|[;]", text[start:])
    return start + stop.start() if stop else len(text)
