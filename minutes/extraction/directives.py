"""Directives: the tasks a conclusion gives, each with whom it names and by when.

The conclusion starts where the chair speaks ("Kết luận hội nghị, đồng chí … đề nghị …", "Phát
biểu chỉ đạo, …") or where the report lists its tasks ("nhiệm vụ trọng tâm năm 2024:", "Một
là …"). From there, a sentence is a task when it asks (cần, phải, đề nghị, yêu cầu) or starts with
what to do, after its lead-in ("Bên cạnh đó,", "Đồng thời,") and its addressee ("Cấp ủy, tổ chức
Đảng"); each clause of it separated by ";" is one task, the addressee carried to the clauses
after it. The conclusion ends where the text goes back to reporting ("Năm 2023, … đã …").
"""

from __future__ import annotations

import re
from datetime import date

from minutes.extraction import lexicon
from minutes.extraction.fields import names_in
from minutes.extraction.segment import Sentence

#: How the chair's words are introduced. Not "kiến nghị" or "đề xuất": in a report they are what
#: an inspection recommends ("kiến nghị thu hồi 6,4 tỷ đồng") or a delegate proposes.
_CUE = r"(?:đề nghị|yêu cầu|nhấn mạnh|chỉ đạo|lưu ý|giao|kêu gọi|quán triệt|chỉ rõ)"
_SPEAKER_ROLE = re.compile(r"(?<!\w)(?:kết luận|phát biểu|bế mạc|đồng chí|ông|bà|thay mặt)(?!\w)", re.I)
#: Who speaks, written as an office (case matters: "Ban Bí thư" is a body, not a speaker).
_POSITION = re.compile(
    r"(?<![\w])(?<!Ban )(?:Phó |Tổng )?(?:Bí thư|Chủ tịch|Chủ nhiệm|Thủ tướng|Bộ trưởng|Thứ trưởng|"
    r"Tổng Thanh tra|Chánh Thanh tra|Giám đốc|Trưởng ban|Trưởng đoàn|Tổng Bí thư)(?!\w)"
)
_SPEAKER_LEAD = re.compile(rf"^(?P<lead>.{{0,260}}?)\s{_CUE}(?:\s*[,:]\s*|\s+)", re.I)
_LEAD_INS = re.compile(
    r"^(?:bên cạnh đó|đồng thời|do đó|vì vậy|vì thế|theo đó|ngoài ra|mặt khác|trong đó|đặc biệt(?: là)?|"
    r"cùng với đó|tiếp theo|sau cùng|cuối cùng|trước mắt|trong thời gian tới|thời gian tới|trong năm \d{4}|"
    r"năm \d{4}|một là|hai là|ba là|bốn là|năm là|sáu là|bảy là|tám là|thứ nhất|thứ hai|thứ ba|thứ tư|"
    r"thứ năm|trước hết|nhất là)\s*[,:]?\s+",
    re.I,
)
_BULLET = re.compile(r"^(?:[-–•+*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ][.)]\s+)")
#: A task item that opens with what the notice does with it: "Đề nghị Công an tỉnh …", "Giao …".
_ITEM_CUE = re.compile(r"^(?:đề nghị|giao cho|giao|yêu cầu)\s+", re.I)
#: A heading line over the tasks: "2. Nhiệm vụ thời gian tới", "Phương hướng, nhiệm vụ năm 2025".
_HEADING = re.compile(
    r"^(?:[\dIVX]{1,4}[.)]\s*)?[^.;:]{0,40}(?:nhiệm vụ|giải pháp|phương hướng|kiến nghị)[^.;:]{0,40}$", re.I
)
_MODAL = re.compile(r"(?:^|(?<!\w))(?:cần|phải|đề nghị|yêu cầu|nhất thiết)(?!\w)|^(?:Cần|Phải)(?!\w)")
_NARRATION = re.compile(
    r"(?<!\w)(?:cho biết|khẳng định|đánh giá cao|nêu rõ|ghi nhận|biểu dương|báo cáo cho thấy|cho rằng)(?!\w)"
)
_REPORTING = re.compile(r"(?<!\w)(?:đã|đạt được|được thực hiện)(?!\w)", re.I)
_LIST_HEAD = re.compile(
    r"(?:nhiệm vụ|giải pháp|phương hướng|kiến nghị|đề nghị|yêu cầu)[^:]{0,120}:\s*$", re.I
)
_THEREFORE = re.compile(r",\s*(?:do đó|vì vậy|vì thế|cho nên)\s*,?\s*", re.I)
_FOR_OWNER = re.compile(
    r"^(?:với|đối với)\s+(?P<owner>[^,]{3,90}?)(?:\s+nói chung|\s+nói riêng)?,\s*(?P<rest>.+)$", re.I
)
_DUE = re.compile(
    r"(?:trước|chậm nhất|hạn chót|hoàn thành trước|trong thời hạn đến)\s+(?:ngày\s+)?"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?:trước|chậm nhất)\s+ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})",
    re.I,
)
_NAME_VERB = re.compile(r"(?:ủy ban|uỷ ban|ub|ban|đoàn|công tác|cơ quan|thanh tra)\s*$", re.I)


def _actor_head(text: str) -> str | None:
    """The addressee's head at the start of ``text`` ("các đảng ủy cơ sở …": "các đảng ủy")."""
    low = text.lower()
    plural = re.match(r"(?:các|những|toàn thể|mọi)\s+", low)
    if plural and not any(low.startswith(h + " ") or low.startswith(h + ",") for h in lexicon.ACTOR_HEADS):
        head = _actor_head(text[plural.end() :])
        return f"{low[: plural.end()]}{head}" if head else None
    for head in sorted(lexicon.ACTOR_HEADS, key=len, reverse=True):
        if low.startswith(head + " ") or low.startswith(head + ","):
            return head
    return None


def _first_task_verb(text: str, after: int) -> int | None:
    """Where the task starts in "<owner> <verb> …": the first task verb that is not a name."""
    best: int | None = None
    low = text.lower()
    for verb in lexicon.TASK_VERBS:
        for m in re.finditer(rf"(?<!\w){re.escape(verb)}(?!\w)", low):
            if m.start() < after:
                continue
            if text[m.start()].isupper():
                continue  # "Ủy ban Kiểm tra": a name
            if verb in ("kiểm tra", "giám sát", "tuyên truyền", "hướng dẫn") and _NAME_VERB.search(
                low[: m.start()]
            ):
                continue  # "ủy ban kiểm tra các cấp": a body, not what it does
            if best is None or m.start() < best:
                best = m.start()
            break
    return best


def split_owner(clause: str) -> tuple[str | None, str]:
    """("Cấp ủy, tổ chức Đảng", "chỉ đạo tiếp nhận …") from "Cấp ủy, tổ chức Đảng chỉ đạo …"."""
    m = _FOR_OWNER.match(clause)
    if m and _actor_head(m.group("owner") + " "):
        return m.group("owner").strip(), m.group("rest").strip()
    head = _actor_head(clause)
    if not head:
        return None, clause
    at = _first_task_verb(clause, len(head))
    if at is None or len(clause[:at].split()) > 16:
        return None, clause
    owner = clause[:at].strip(" ,")
    return owner, clause[at:].strip()


def _strip_leads(text: str) -> str:
    text = _ITEM_CUE.sub("", _BULLET.sub("", text.strip()))
    for _ in range(4):
        new = _LEAD_INS.sub("", text)
        if new == text:
            break
        text = new
    return text.strip(" ,")


def _speaks(lead: str) -> bool:
    if re.search(r"lãnh đạo,?\s*$", lead, re.I) or re.search(r"(?<!\w)đã(?:\s+\w+)?\s*$", lead):
        return False
    return bool(_SPEAKER_ROLE.search(lead) or _POSITION.search(lead) or names_in(lead))


def _speech_rest(sentence: str) -> str | None:
    """The part after "<speaker> đề nghị," when the sentence is the chair speaking; after the
    last such cue when one follows another ("Phát biểu chỉ đạo, Phó Thủ tướng … yêu cầu …")."""
    m = _SPEAKER_LEAD.match(sentence)
    if not m or not _speaks(m.group("lead")):
        return None
    rest = sentence[m.end() :]
    again = _SPEAKER_LEAD.match(rest)
    if again and len(again.group("lead")) <= 160 and _speaks(again.group("lead")):
        rest = rest[again.end() :]
    return rest


def _due(text: str) -> str | None:
    m = _DUE.search(text)
    if not m:
        return None
    d, mo, y = (
        (m.group("d"), m.group("m"), m.group("y"))
        if m.group("d")
        else (m.group("d2"), m.group("m2"), m.group("y2"))
    )
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _is_task(clause: str) -> bool:
    if len(clause.split()) < 3:
        return False
    owner, rest = split_owner(clause)
    low = rest.lower()
    if _REPORTING.search(low[:40]) or (owner and _REPORTING.search(owner.lower())):
        return False
    told = _NARRATION.search(rest)
    if told and not _MODAL.search(rest[told.end() :]):
        return False
    if _MODAL.search(rest):
        return True
    return any(low.startswith(v + " ") for v in lexicon.TASK_VERBS) or bool(owner and rest)


def _split_and(clause: str) -> list[str]:
    """ "… chương trình kiểm tra năm 2021 và xây dựng chương trình năm 2022": two tasks.

    Only where a task verb starts the right side and the left side is a whole task itself (long
    and not ending in a verb of a list, as in "cụ thể hóa và tổ chức thực hiện").
    """
    for m in re.finditer(r"\s+và\s+", clause):
        left, right = clause[: m.start()], clause[m.end() :]
        low = right.lower()
        verb = next(
            (v for v in lexicon.TASK_VERBS if low.startswith(v + " ") and v not in ("cần", "phải")), None
        )
        if not verb or len(left.split()) < 10 or len(right.split()) < 4:
            continue
        if any(left.lower().endswith(" " + v) for v in lexicon.TASK_VERBS):
            continue
        return [left, *_split_and(right)]
    return [clause]


def _clauses(text: str) -> list[str]:
    parts = [c.strip(" .…") for c in re.split(r";\s*", text) if c.strip(" .…")]
    return parts


def _item(s: Sentence, task: str, owner: str | None, seen: set[str]) -> dict[str, object] | None:
    key = " ".join(task.lower().split())
    if key in seen or len(task.split()) < 3:
        return None
    seen.add(key)
    if owner and len(task.split()) < 6:
        task = f"{owner} {task}"  # "tập trung khắc phục" says nothing without whom
    start = s.start + max(0, s.text.find(task[:30]))
    due = _due(task)
    return {
        "text": task,
        "owner": owner,
        "due": due,
        "standing": bool(re.search(r"(?<!\w)thường xuyên(?!\w)", task, re.I)) and not due,
        "span": [start, start + len(task)],
    }


def directives_of(sentences: list[Sentence], has_figure: set[int]) -> list[dict[str, object]]:
    """Tasks with their owner, due date, whether standing, and where in the text they are."""
    out: list[dict[str, object]] = []
    started = False
    listing = False
    list_owner: str | None = None
    seen: set[str] = set()
    for index, s in enumerate(sentences):
        text = s.text
        # A sentence cut off keeps its tasks up to the last ";" before the cut: a comma inside a
        # task does not end it, so what follows the last ";" may be half a task.
        usable = text if s.complete else text[: max(text.rfind(";"), 0)]
        if not usable:
            continue
        if re.match(r"(?:nơi nhận|nơi gửi)\b", usable, re.I):
            break  # the notice's recipients: the tasks are over
        speech = _speech_rest(usable)
        if _LIST_HEAD.search(usable) or (len(usable.split()) <= 10 and _HEADING.match(usable)):
            started = listing = True
            # "… đề nghị các chi bộ tập trung … các nhiệm vụ trọng tâm:": the list's addressee.
            list_owner = split_owner(_strip_leads(speech))[0] if speech else None
            continue
        bullet = bool(_BULLET.match(usable)) or bool(
            re.match(r"(?:một|hai|ba|bốn|năm|sáu) là|thứ (?:nhất|hai|ba|tư|năm)", usable, re.I)
        )
        if speech is not None:
            started = True
            body = speech
        elif started:
            body = usable
            reports = index in has_figure or _REPORTING.search(_strip_leads(body).lower()[:60])
            if reports and not bullet and not _MODAL.search(body):
                if out:
                    break  # back to reporting: the conclusion is over
                continue  # still reporting before the first task
        else:
            continue
        therefore = _THEREFORE.search(body)
        if therefore and speech is None:
            body = body[therefore.end() :]
        elif therefore and not _MODAL.search(body[: therefore.start()]):
            body = body[therefore.end() :]
        owner: str | None = None
        for n, clause in enumerate(_clauses(_strip_leads(body))):
            clause = _strip_leads(clause)
            if not (listing and bullet) and not _is_task(clause):
                continue
            who, task = split_owner(clause)
            if who:
                owner = who
            elif n == 0:
                owner = None
            for piece in _split_and(task):
                inherited = owner if n else (list_owner if listing and bullet else None)
                item = _item(s, piece, who or inherited, seen)
                if item:
                    out.append(item)
    return out
