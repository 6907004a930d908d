"""The conference itself: title, date, organiser, chair, sites and counts.

Read from how reports say them: "X tổ chức Hội nghị …", "Hội nghị … do X tổ chức", "Đồng chí
<name> - <position> chủ trì", "kết nối tới 19 điểm cầu", "hơn 300 đại biểu tham dự", "Sáng 7.4"
with the year from the dateline or the conference's own title.
"""

from __future__ import annotations

import re
from datetime import date

from minutes.extraction.numbers import digits_value
from minutes.extraction.segment import Sentence

SURNAMES = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Mai
    Trịnh Lâm Cao Lương Tạ Hà Tô Châu Quách Lưu Thái Tăng Triệu Kiều Đoàn Vương La Chu Âu Từ
    Giang Thân Khổng Nông Lò Tống Mạc Văn Lại Lục Hứa Doãn Thạch Y Ksor Nay Danh Sơn Kim Trương
    Thiều Ông Bế Hầu Vi Khúc Phùng Diệp Tôn Cù Mẫn Quan Đàm Lã Giáp Nghiêm Phí Tiêu Viên""".split()
)
_WORDS = re.compile(r"[^\W\d_]+")


def names_in(text: str) -> list[tuple[int, int, str]]:
    """Personal names: two to four capitalised syllables starting with a Vietnamese surname."""
    words = list(_WORDS.finditer(text))
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.group(0) in SURNAMES:
            j = i + 1
            while (
                j < len(words)
                and j - i < 4
                and words[j].group(0)[0].isupper()
                and text[words[j - 1].end() : words[j].start()] == " "
            ):
                j += 1
            if j - i >= 2:
                out.append((w.start(), words[j - 1].end(), text[w.start() : words[j - 1].end()]))
                i = j
                continue
        i += 1
    return out


_TITLE_CUE = re.compile(
    r"(?<![\w])(hội nghị|hội thảo|phiên họp|kỳ họp|cuộc họp)\s+"
    r"(?!tại|được|đã|này|là|có|với|cho|diễn|đánh|ghi|thống|nhất)",
    re.I,
)
_TITLE_STOP = re.compile(
    r"\s+(?:do\s|tại\s|vào\s|ngày\s|sáng\s|chiều\s|nhằm\s|với sự\s|dưới sự\s)"
    r"|[.]\s|[.]$|,\s+(?:ông|bà|đồng chí)\s"
    r"|\s+(?:tới|với|đến|tại)\s+(?:hơn\s+|gần\s+|trên\s+)?\d+\s+điểm cầu",
    re.I,
)
_DAYMONTH = re.compile(
    r"(?<![\w])(?:(?P<part>sáng|chiều|tối|trưa)\s+(?:ngày\s+|nay\s+)?|ngày\s+)"
    r"(?P<d>\d{1,2})\s*(?:[./-]|\s-\s|\s–\s|\stháng\s)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:[./-]|\snăm\s)\s*(?P<y>\d{4}))?",
    re.I,
)
_DATELINE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_YEAR = re.compile(r"năm\s+(\d{4})", re.I)
_ORGANISER_BEFORE = re.compile(
    r"(?:^|,\s*)(?P<org>[^\W\d_][^,.;]{2,90}?)\s+(?:đã\s+)?tổ chức\s+"
    r"(?:hội nghị|hội thảo|phiên họp|cuộc họp)",
    re.I,
)
_ORGANISER_DO = re.compile(r"\sdo\s+(?P<org>[^\W\d_][^,.;]{2,90}?)\s+(?:tổ chức|chủ trì tổ chức)", re.I)
_CHAIR = re.compile(
    r"(?P<who>[^.;]{3,300}?)\s+(?:đồng chủ trì|chủ trì)(?:\s+(?:hội nghị|phiên|cuộc|kỳ)|\s*[;,.]|$)", re.I
)
_SPEAKER = re.compile(
    r"(?:kết luận|phát biểu chỉ đạo|phát biểu kết luận|phát biểu bế mạc|phát biểu tại|phát biểu)"
    r"[^,]{0,160},\s*(?P<who>[^.;]{3,200}?)\s+"
    r"(?:đề nghị|yêu cầu|nhấn mạnh|chỉ đạo|cho biết|khẳng định|lưu ý|đánh giá|nêu rõ|giao)",
    re.I,
)
_SITES = re.compile(
    r"(?:(?:tới|đến|với|gồm|có)\s+)(?:(?:hơn|trên|gần)\s+)?(?P<n>\d+)\s+điểm cầu"
    r"(?:\s+(?:tại|ở|của|là)?\s*(?P<where>(?:các|những)\s[^.;]+?|[^\W\d_][^.;]*?))?"
    r"(?=,\s*với|\s+với\s|[.;(]|$)",
    re.I,
)
_SITE_AT = re.compile(r"(?:tại|ở)\s+điểm cầu\s+(?P<kind>chính\s+)?(?P<where>[^,.;]+)", re.I)
#: "Điểm cầu chính đặt tại Hội trường …", "tại điểm cầu chính, trụ sở Ban Tổ chức Trung ương".
_HOST = re.compile(r"điểm cầu chính(?:\s+(?:đặt|là))?(?:\s+(?:tại|ở)\s+|,\s+)(?P<where>[^,.;]+)", re.I)
_ATTENDEES = re.compile(
    r"(?<![\d.,])(?:(?:hơn|trên|gần|khoảng)\s+)?(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s+đại biểu"
    r"(?=[^.]{0,80}(?:tham dự|dự|tham gia|theo dõi|có mặt))",
    re.I,
)
_ATTENDEES_AFTER = re.compile(
    r"(?:tham dự|tham gia)\s+(?:của\s+)?(?:(?:hơn|trên|gần|khoảng)\s+)?"
    r"(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s+đại biểu",
    re.I,
)
_HONORIFIC = re.compile(r"^(?:ông|bà|đồng chí|đ/c|các đồng chí)\s+", re.I)


_LEAD = re.compile(r"(?<!\w)(?:sáng|chiều|tối|ngày)\s+\d{1,2}\s*[./-]|(?<!\w)tổ chức(?!\w)|(?<!\w)do\s", re.I)


def _lead_first(sentences: list[Sentence], limit: int) -> list[Sentence]:
    """The first sentences, those that say when or by whom first: a headline restates the
    lead's facts more briefly ("EVN tổ chức hội nghị tổng kết" above "Ngày 4/1, … tổ chức
    Hội nghị tổng kết công tác năm 2023, triển khai kế hoạch năm 2024")."""
    first = sentences[:limit]
    dated = [s for s in first if _LEAD.search(s.text) and _DAYMONTH.search(s.text)]
    return dated + [s for s in first if s not in dated]


def title_of(sentences: list[Sentence], headline: str | None) -> str | None:
    for s in _lead_first(sentences, 12):
        m = _TITLE_CUE.search(s.text)
        if not m:
            continue
        rest = s.text[m.start() :]
        stop = _TITLE_STOP.search(rest, len(m.group(1)))
        title = rest[: stop.start()] if stop else rest
        title = title.strip(" ,.;")
        if len(title.split()) >= 5:
            return title[0].upper() + title[1:]
    return headline


def headline_of(lines: list[str]) -> str | None:
    for line in lines[:4]:
        words = line.split()
        if len(words) >= 6 and not re.search(r"\s{3,}|\d{1,2}:\d{2}", line) and not line.endswith("."):
            return line.strip()
    return None


def _year_hint(text: str, title: str | None, month: int) -> int | None:
    dl = _DATELINE.search(text[:400])
    if dl:
        year, dl_month = int(dl.group(3)), int(dl.group(2))
        return year if month <= dl_month else year - 1
    years = [int(y) for y in _YEAR.findall(title or "")]
    if years:
        first = min(years)
        review = re.search(r"tổng kết|sơ kết|nhìn lại", title or "", re.I)
        return (
            first + 1
            if review and month <= 2 and len(set(years)) > 1
            else max(years)
            if month > 2
            else first + (1 if review else 0)
        )
    return None


def date_of(sentences: list[Sentence], text: str, title: str | None) -> str | None:
    for s in sentences[:15]:
        if not re.search(r"hội nghị|tổ chức|họp|diễn ra|khai mạc", s.text, re.I):
            continue
        m = _DAYMONTH.search(s.text)
        if not m or re.search(r"(?:đến hết|trước|hạn|cập nhật)\s*$", s.text[: m.start()].lower()):
            continue
        d, mo = int(m.group("d")), int(m.group("m"))
        y = int(m.group("y")) if m.group("y") else _year_hint(text, title, mo)
        if y is None:
            return None
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return None
    return None


def organiser_of(sentences: list[Sentence]) -> str | None:
    for s in _lead_first(sentences, 15):
        for rx in (_ORGANISER_DO, _ORGANISER_BEFORE):
            m = rx.search(s.text)
            if m:
                org = m.group("org").strip()
                org = re.sub(r"^(?:sáng|chiều|tối|ngày|hôm nay|vừa qua)\b[^,]*,\s*", "", org, flags=re.I)
                # "Đảng ủy xã Tân Hưng (huyện Châu Thành)": where it is, not its name ("(UBKT)" is).
                org = re.sub(r"\s*\((?:huyện|tỉnh|thị xã|quận|thành phố|xã|phường)\s[^)]*\)", "", org)
                return org.strip() or None
    return None


_BODY_HEAD = (
    r"(?:Ban|Ủy ban|Uỷ ban|UBKT|UBND|HĐND|Thành ủy|Tỉnh ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy|Đảng uỷ|"
    r"Đảng đoàn|Ban cán sự|Chi bộ|Sở|Bộ|Cục|Tổng cục|Thanh tra|Tập đoàn|Tổng công ty|Công ty|"
    r"Hội đồng|Văn phòng|Viện|Tòa án|Mặt trận|Liên đoàn)"
)
_ORGANISER_IN_TITLE = re.compile(
    r"(?<!nghị quyết)(?<!chỉ thị)(?<!kết luận)(?<!quyết định)(?<!chỉ đạo)\s(?:của|do)\s+"
    rf"(?P<org>{_BODY_HEAD}(?!\w)[^,;:()]{{2,120}})$",
    re.I,
)
# What follows a body's name in a title without being part of it.
_AFTER_BODY = re.compile(r"\s+(?:tổ chức|chủ trì|tại|về|năm \d{4}|ngày)(?!\w).*$", re.I)


def organiser_in_title(title: str | None) -> str | None:
    """The body a title names: "Hội nghị giao ban quý III năm 2024 của Thành ủy Hải Phòng";
    not the body of a resolution it studies ("… quán triệt Nghị quyết của Bộ Chính trị")."""
    m = _ORGANISER_IN_TITLE.search(title or "")
    if not m:
        return None
    return _AFTER_BODY.sub("", m.group("org")).strip(" .") or None


def person(who: str) -> dict[str, str | None]:
    """{'name', 'position'} from "Ông Trần Cẩm Tú - Chủ nhiệm …", "Bí thư Thành ủy Trần Lưu Quang"."""
    marks = list(re.finditer(r"(?<!\w)(?:ông|bà|đồng chí)\s", who, re.I))
    if marks:
        who = who[marks[-1].start() :]
    who = _HONORIFIC.sub("", who.strip(" ,"))
    who = re.sub(r"^(?:kết luận hội nghị|tại hội nghị)[^,]*,\s*", "", who, flags=re.I)
    dash = re.split(r"\s*[-–]\s*", who, maxsplit=1)
    names = names_in(who)
    if not names:
        position = _HONORIFIC.sub("", who).strip(" ,")
        return {"name": None, "position": position or None}
    start, end, name = names[0]
    if len(dash) == 2 and name in dash[0]:
        position = dash[1]
    elif "," in who[end:][:3]:
        position = who[end:].strip(" ,")
    else:
        position = (who[:start] + " " + who[end:]).strip(" ,")
    return {"name": name, "position": _HONORIFIC.sub("", position or "").strip(" ,") or None}


def chair_of(sentences: list[Sentence]) -> list[dict[str, str | None]]:
    for s in sentences:
        m = _CHAIR.search(s.text)
        if m:
            who = re.split(r"[.;]|,\s*(?=(?:ông|bà|đồng chí)\s)", m.group("who"))[-1]
            if "," in who and not names_in(who.split(",")[0]):
                who = re.sub(r"^.*?(?:hội nghị|năm \d{4})[^,]*,\s*", "", who, flags=re.I)
            # "Đồng chí A, … và đồng chí B, … đồng chủ trì": each of them.
            parts = re.split(r"\s+và\s+(?=(?:ông|bà|đồng chí)\s)", who, flags=re.I)
            return [person(p) for p in parts]
    for s in sentences:
        m = _SPEAKER.search(s.text)
        if m:
            return [person(m.group("who"))]
    return []


def sites_of(sentences: list[Sentence]) -> tuple[str | None, list[str], int | None, int | None]:
    host: str | None = None
    sites: list[str] = []
    count: int | None = None
    attendees: int | None = None
    for s in sentences:
        for m in _SITES.finditer(s.text):
            count = count or int(m.group("n"))
            if m.group("where"):
                sites.extend(_split_sites(m.group("where")))
        h = _HOST.search(s.text)
        if h and not re.match(r"(?:và|cùng|với|các)\s", h.group("where"), re.I):
            host = host or h.group("where").strip()
        for m in _SITE_AT.finditer(s.text):
            where = m.group("where").strip()
            if re.match(r"(?:và|cùng|với|các)\s", where, re.I):
                continue  # "tại điểm cầu chính và các điểm cầu …": no name given
            if m.group("kind") or re.match(r"(?:trung tâm|hội trường|nhà|phòng họp)", where, re.I):
                host = host or where
            elif where not in sites:
                sites.append(where)
        a = _ATTENDEES.search(s.text) or _ATTENDEES_AFTER.search(s.text)
        if a and attendees is None:
            attendees = int(digits_value(a.group("n")))
    return host, sites, count, attendees


def _split_sites(where: str) -> list[str]:
    where = where.strip(" ,")
    if where.lower().startswith("các "):
        return [where]
    parts = [p.strip() for p in re.split(r",\s*|\s+và\s+", where) if p.strip()]
    return parts or [where]
