"""A conference's Thông báo kết luận and biên bản as plain content (:mod:`.content`).

Built from the data, never from the HTML page. Documents are Vietnamese whatever the
reader's UI language, so labels are taken in Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale

from .. import labels
from ..clock import local_zone, today
from ..formatting import document_date, number, percent, to_local
from ..models import Conference, Figure, Letterhead
from . import letterheads as lh
from .content import Block, Heading, Minutes, Notice, Signer, Table, Task


@dataclass
class Issue:
    """What an issue (or a draft) puts on the document: number, date, signer."""

    number: int | None = None
    issued_on: date | None = None
    signer: Signer | None = None
    recipients: list[str] | None = None


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _when(conference: Conference) -> str:
    return document_date(conference.starts_on) if conference.starts_on else ""


def _where(conference: Conference) -> str:
    sites = len(conference.sites)
    host = conference.host_site
    place = (host.room or host.name) if host else ""
    if conference.format == "in_person":
        return f"tại {place}" if place else ""
    online = f"trực tuyến với {number(sites)} điểm cầu" if sites else "trực tuyến"
    if host:
        online += f" (điểm cầu chính tại {host.room or host.name})"
    return f"tại {place}, kết hợp {online}" if conference.format == "hybrid" and place else online


def _chair_text(conference: Conference) -> str:
    chairs = [f"đồng chí {a.display_name}" for a in conference.chairs]
    return "; ".join(chairs)


def _delegates(conference: Conference) -> str:
    total = conference.delegate_total
    if total is not None:
        return f"{number(total)} đại biểu"
    if conference.reported_delegates is not None:
        qualifier = conference.reported_delegates_qualifier
        return f"{qualifier + ' ' if qualifier else ''}{number(conference.reported_delegates)} đại biểu"
    return ""


def _heading(conference: Conference, letterhead: Letterhead, kind: str, issue: Issue) -> Heading:
    day = issue.issued_on or today()
    place = letterhead.place or ""
    subject = conference.title
    if kind == "notice":
        chair = conference.chairs[0] if conference.chairs else None
        who = f"đồng chí {chair.display_name}" if chair else letterhead.body_line.title()
        subject = f"Kết luận của {who} tại {_first_lower(conference.title)}"
    return Heading(
        family=letterhead.family,
        superior=letterhead.superior,
        body=letterhead.body_line or conference.organiser_name.upper(),
        number=lh.number_text(letterhead, kind, issue.number),
        place_date=f"{place}, {document_date(day)}" if place else document_date(day).capitalize(),
        doc_type={"notice": "THÔNG BÁO", "minutes": "BIÊN BẢN"}[kind],
        subject=subject,
        draft=issue.number is None,
    )


def default_signer(letterhead: Letterhead) -> Signer:
    return Signer(lh.authority_line(letterhead), letterhead.signer_position, letterhead.signer_name)


def default_recipients(conference: Conference, letterhead: Letterhead) -> list[str]:
    """The body's standing recipients, then each unit addressed (once), then the archive."""
    lines = [line.strip(" -;,.") for line in letterhead.recipients.splitlines() if line.strip(" -;,.")]
    seen = {line.casefold() for line in lines}
    for directive in conference.directives:
        for addressee in directive.addressees:
            if addressee.label.casefold() not in seen:
                seen.add(addressee.label.casefold())
                lines.append(addressee.label)
    return [*lines, lh.archive_line(letterhead)]


def day_month(day: date) -> str:
    """ "07/4/2021", "03/02/2021": the day and months 1–2 zero-padded, as in the date line."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _deadline(due: date | None) -> str:
    return f"Thời hạn: trước ngày {day_month(due)}" if due else "Thực hiện thường xuyên"


def _summary(conference: Conference) -> dict:
    return {
        "title": conference.title,
        "organiser": conference.organiser_name,
        "date": _when(conference),
        "where": _where(conference),
        "chair": _chair_text(conference),
        "delegates": _delegates(conference),
        "sites": len(conference.sites),
        "reports": [r.title for r in conference.reports],
    }


def notice(conference: Conference, letterhead: Letterhead, issue: Issue | None = None) -> Notice:
    """The Thông báo kết luận of ``conference`` under ``letterhead``."""
    issue = issue or Issue()
    with force_locale("vi"):
        heading = _heading(conference, letterhead, "notice", issue)
        body = conference.organiser_name or letterhead.body_line.title()
        opening = []
        if conference.starts_on:
            opening.append(document_date(conference.starts_on).capitalize())
        opening.append(f"{body} tổ chức {_first_lower(conference.title)}")
        if where := _where(conference):
            opening[-1] += f" {where}"
        sentences = [", ".join(opening) + "."]
        if chair := _chair_text(conference):
            sentences.append(f"{chair[:1].upper()}{chair[1:]} chủ trì hội nghị.")
        if delegates := _delegates(conference):
            sentences.append(f"Dự hội nghị có {delegates}.")
        heard = "; ".join(_first_lower(r.title) for r in conference.reports)
        speaker = (
            f"đồng chí {conference.chairs[0].name or conference.chairs[0].job_title}"
            if conference.chairs
            else "chủ trì hội nghị"
        )
        listened = (
            f"Sau khi nghe {_first_lower(heard)} và ý kiến phát biểu của các đại biểu, "
            if heard
            else ("Sau khi nghe ý kiến phát biểu của các đại biểu, ")
        )
        sentences.append(f"{listened}{speaker} kết luận như sau:")
        tasks = [
            Task(i, d.text, [a.label for a in d.addressees], _deadline(d.due_date))
            for i, d in enumerate(conference.directives, start=1)
        ]
        closing = (
            f"{body} thông báo để các cấp ủy, tổ chức đảng và các cơ quan, đơn vị liên quan biết, thực hiện."
            if letterhead.is_party
            else f"{body} thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./."
        )
        return Notice(
            heading=heading,
            opening=" ".join(sentences),
            conclusion=[p.strip() for p in conference.conclusion.splitlines() if p.strip()],
            tasks=tasks,
            closing=closing,
            recipients=issue.recipients or default_recipients(conference, letterhead),
            signer=issue.signer or default_signer(letterhead),
            conference=_summary(conference),
        )


def _figure_row(fig: Figure) -> list[str]:
    label = ("trong đó " if fig.parent_id else "") + fig.label
    if fig.scope:
        label += f" ({str(labels.FIGURE_SCOPES[fig.scope]).lower()})"
    value = ""
    if fig.value is not None:
        parts = (fig.qualifier, number(fig.value, 4), fig.unit)
        value = " ".join(p for p in parts if p)
    change = ""
    if fig.direction:
        change = str(labels.DIRECTIONS[fig.direction])
        if fig.delta:
            change += f" {number(abs(fig.delta))}{' ' + fig.unit if fig.unit else ''}"
        if fig.change_pct is not None:
            change += f"{',' if fig.delta else ''} {percent(fig.change_pct, signed=True)}"
        if fig.baseline_label:
            change += f" so với {fig.baseline_label}"
        if fig.baseline_value is not None:
            q = f"{fig.baseline_qualifier} " if fig.baseline_qualifier else ""
            change += f" ({q}{number(fig.baseline_value, 4)})"
    elif fig.baseline_value is not None:
        change = f"{fig.baseline_label or 'kỳ so sánh'}: {number(fig.baseline_value, 4)}"
    return [label, value, change]


def _time_of(moment) -> str:
    local = to_local(moment, local_zone())
    return f"{local.hour:02d} giờ {local.minute:02d} phút" if local else ""


def _minutes_blocks(conference: Conference) -> list[Block]:
    romans = iter(("I", "II", "III", "IV", "V", "VI"))
    blocks = [Block("heading", f"{next(romans)}. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC")]
    if conference.starts_at is not None and conference.starts_on is not None:
        blocks.append(
            Block(
                "paragraph",
                f"Thời gian: hội nghị bắt đầu vào lúc {_time_of(conference.starts_at)}, "
                f"{document_date(conference.starts_on)}.",
            )
        )
    elif conference.starts_on:
        part = str(labels.DAY_PARTS.get(conference.day_part or "", "")).lower()
        blocks.append(
            Block(
                "paragraph", f"Thời gian: {part + ' ' if part else ''}{document_date(conference.starts_on)}."
            )
        )
    kind = str(labels.CONFERENCE_KINDS[conference.kind])
    period = labels.period_label(conference.period_kind, conference.period_number, conference.period_year)
    blocks.append(Block("paragraph", f"Loại hội nghị: {kind}{', ' + period if period else ''}."))
    where = _where(conference) or str(labels.FORMATS[conference.format]).lower()
    blocks.append(Block("paragraph", f"Địa điểm, hình thức: {where}."))
    if conference.organiser_name:
        blocks.append(Block("paragraph", f"Cơ quan tổ chức: {conference.organiser_name}."))
    blocks.append(Block("heading", f"{next(romans)}. THÀNH PHẦN"))
    if chair := _chair_text(conference):
        blocks.append(Block("paragraph", f"Chủ trì: {chair}."))
    if conference.secretaries:
        blocks.append(
            Block(
                "paragraph",
                "Thư ký: " + "; ".join(f"đồng chí {a.display_name}" for a in conference.secretaries) + ".",
            )
        )
    if delegates := _delegates(conference):
        blocks.append(Block("paragraph", f"Số đại biểu dự: {delegates}."))
    if conference.sites:
        counted = conference.delegate_total is not None
        header = ["STT", "Điểm cầu", "Người chủ trì tại điểm cầu"] + (["Số đại biểu"] if counted else [])
        rows = []
        for i, s in enumerate(sorted(conference.sites, key=lambda s: not s.is_host), start=1):
            row = [
                str(i),
                s.name + (" (điểm cầu chính)" if s.is_host else ""),
                ", ".join(p for p in (s.leader_name, s.leader_title) if p),
            ]
            if counted:
                row.append(number(s.headcount) if s.headcount is not None else "")
            rows.append(row)
        widths = [1.2, 7.0, 5.8, 2.5] if counted else [1.2, 8.0, 7.3]
        blocks.append(
            Block("table", table=Table(header, rows, numeric=[0, 3] if counted else [0], widths=widths))
        )
    present = [
        a for a in conference.attendees if a.presence == "present" and a.role not in ("chair", "secretary")
    ]
    if present:
        blocks.append(Block("paragraph", "Đại biểu dự:"))
        for a in present:
            extra = (
                f" ({a.organisation_name})"
                if a.organisation_name and a.organisation_name not in a.job_title
                else ""
            )
            site = f", tại điểm cầu {a.site.name}" if a.site else ""
            guest = ", khách mời" if a.role == "guest" else ""
            blocks.append(Block("item", f"{a.display_name}{extra}{site}{guest}"))
    away = [a for a in conference.attendees if a.presence != "present"]
    if away:
        blocks.append(Block("paragraph", "Vắng:"))
        for a in away:
            reason = f": {a.absence_reason}" if a.absence_reason else ""
            blocks.append(
                Block("item", f"{a.display_name}, {str(labels.PRESENCE[a.presence]).lower()}{reason}")
            )
    if conference.reports:
        blocks.append(Block("heading", f"{next(romans)}. NỘI DUNG"))
        for i, r in enumerate(conference.reports, start=1):
            blocks.append(Block("subheading", f"{i}. {labels.REPORT_KINDS[r.kind]}: {r.title}"))
            presenter = ", ".join(p for p in (r.presenter_name, r.presenter_title) if p)
            if presenter:
                org = f" ({r.organisation_name})" if r.organisation_name else ""
                blocks.append(Block("note", f"Trình bày: đồng chí {presenter}{org}."))
            blocks.extend(Block("paragraph", p.strip()) for p in r.summary.splitlines() if p.strip())
            if r.figures:
                rows = [_figure_row(f) for f in r.figures]
                blocks.append(
                    Block(
                        "table",
                        table=Table(
                            ["Số liệu", "Giá trị", "So sánh"], rows, numeric=[1], widths=[7.0, 3.5, 6.0]
                        ),
                    )
                )
    if conference.conclusion or conference.directives:
        blocks.append(Block("heading", f"{next(romans)}. KẾT LUẬN CỦA CHỦ TRÌ"))
        blocks.extend(Block("paragraph", p.strip()) for p in conference.conclusion.splitlines() if p.strip())
        for i, d in enumerate(conference.directives, start=1):
            units = f" Đơn vị thực hiện: {'; '.join(a.label for a in d.addressees)}." if d.addressees else ""
            blocks.append(Block("paragraph", f"{i}. {d.text}"))
            blocks.append(Block("note", f"{units.strip()} {_deadline(d.due_date)}.".strip()))
    return blocks


def minutes(conference: Conference, letterhead: Letterhead, issue: Issue | None = None) -> Minutes:
    """The biên bản of ``conference`` under ``letterhead``."""
    issue = issue or Issue()
    with force_locale("vi"):
        heading = _heading(conference, letterhead, "minutes", issue)
        heading.subject = conference.title
        closing = ""
        if conference.ends_at is not None:
            closing = f"Hội nghị kết thúc vào lúc {_time_of(conference.ends_at)} cùng ngày."
        secretary = conference.secretaries[0] if conference.secretaries else None
        chair = conference.chairs[0] if conference.chairs else None
        return Minutes(
            heading=heading,
            blocks=_minutes_blocks(conference),
            closing=closing,
            secretary=Signer("", "THƯ KÝ", secretary.name if secretary else ""),
            chair=Signer("", "CHỦ TRÌ", chair.name if chair else ""),
            conference=_summary(conference),
        )
