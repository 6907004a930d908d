"""The words in calendar items. Always Vietnamese: a feed has no session to pick a language,
and the people subscribing read Vietnamese. Nothing here depends on today's date, so an
unchanged task gives byte-identical output from one request to the next."""

from __future__ import annotations

from ..formatting import date_time, short_date, start_text, to_local
from ..labels import period_label
from ..tasks.status import is_cancelled, is_done, is_late

CATEGORY = "Nhiệm vụ"
#: The parts of the day (:data:`minutes.models.conferences.DAY_PARTS`), in Vietnamese.
DAY_PARTS = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}


def _short(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def task_summary(task) -> str:
    """What and for whom; a ticked-off task says so first."""
    base = f"{_short(task.directive.text)} — {task.organisation_name}"
    if is_cancelled(task):
        return f"[Đã hủy] {base}"
    if is_done(task):
        return f"✓ Đã hoàn thành: {base}"
    return f"Hạn: {base}"


def task_state(task) -> str:
    if is_cancelled(task):
        return f"Đã hủy. Lý do: {task.cancel_reason or '—'}"
    if is_done(task):
        # Whether a done task was late does not depend on today: ask as of its completion.
        late = is_late(task, task.completed_on)
        return f"Hoàn thành {'quá hạn' if late else 'đúng hạn'} ngày {short_date(task.completed_on)}"
    return f"Chưa hoàn thành, tiến độ {task.progress or 0} %"


def task_description(task, url: str) -> str:
    conference = task.directive.conference
    lines = [
        f"Nhiệm vụ: {task.directive.text}",
        f"Đơn vị chủ trì: {task.organisation_name}" + (f" ({task.lead_person})" if task.lead_person else ""),
    ]
    if task.partners:
        lines.append("Đơn vị phối hợp: " + "; ".join(p.organisation_name for p in task.partners))
    lines.append(f"Thời hạn: {short_date(task.due_date)}")
    if task.original_due_date and task.original_due_date != task.due_date:
        lines.append(f"Thời hạn ban đầu: {short_date(task.original_due_date)} (đã gia hạn)")
    lines.append(f"Trạng thái: {task_state(task)}")
    lines.append(f"Hội nghị: {conference.title}")
    lines.append(f"Xem và cập nhật: {url}")
    return "\n".join(lines)


def conference_description(conference, url: str, zone=None) -> str:
    lines = [conference.title]
    period = period_label(conference.period_kind, conference.period_number, conference.period_year)
    if period:
        lines.append(f"Kỳ: {period}")
    if conference.organiser_name:
        lines.append(f"Cơ quan tổ chức: {conference.organiser_name}")
    chairs = [a.display_name for a in conference.chairs]
    if chairs:
        lines.append("Chủ trì: " + "; ".join(chairs))
    host = conference.host_site
    if host is not None:
        lines.append(f"Điểm cầu chính: {host.name}")
    connected = [s.name for s in conference.sites if not s.is_host]
    if connected:
        lines.append(f"Các điểm cầu kết nối ({len(connected)}): " + "; ".join(connected))
    if zone is not None and conference.starts_at:
        lines.append(f"Bắt đầu: {date_time(to_local(conference.starts_at, zone))}")
    elif conference.starts_at is None and conference.starts_on is not None:
        # The calendar shows an all-day event: say what is known of the hour.
        start = start_text(conference.starts_on, conference.day_part, None, part_labels=DAY_PARTS)
        lines.append(f"Thời gian: {start}, chưa rõ giờ bắt đầu")
    lines.append(f"Biên bản: {url}")
    return "\n".join(lines)
