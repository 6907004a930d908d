"""Drafts, issuing and the register (sổ văn bản). Services never commit; the view does.

- A draft is rendered from the data at every download: marked "DỰ THẢO", no number.
- Issuing (ban hành) a published conference's notice or minutes takes the next number of the
  issuing body's register (per document type and Party term, or State calendar year), or
  the number the office typed from its paper register; renders the file once and stores it.
  The database's unique number per body, type and series makes two concurrent issues take
  different numbers: the loser of a race retries with the next one.
- Every later download of an issued document returns its stored bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta

import docx
from docx.oxml.ns import qn
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import audit, labels
from ..clock import today, utcnow
from ..extensions import db
from ..models import Conference, IssuedDocument, Letterhead, Organisation, User
from ..rules import Conflict, RuleError
from . import custom, gather, word
from . import letterheads as lh
from .content import Minutes, Notice, Signer

KINDS = ("notice", "minutes")
TITLES = {"notice": "Thông báo kết luận", "minutes": "Biên bản hội nghị"}
#: How many times an automatic number is retried when a concurrent issue took it first.
RETRIES = 5
#: How far ahead of today a document may be dated.
FUTURE_DAYS = 30


@dataclass
class Rendered:
    filename: str
    content: bytes


def content_of(conference: Conference, kind: str, letterhead: Letterhead, issue: gather.Issue | None = None):
    return (gather.notice if kind == "notice" else gather.minutes)(conference, letterhead, issue)


def render(letterhead: Letterhead, content: Notice | Minutes) -> bytes:
    """The .docx: the body's own template when it has one, else the built-in layout."""
    if letterhead.template:
        return custom.render(letterhead.template, content)
    return word.notice(content) if isinstance(content, Notice) else word.minutes(content)


def filename(kind: str, conference: Conference, number_text: str = "") -> str:
    """ "Thông báo kết luận - Số 07-TB-UBKTTU - Hội nghị ….docx" (no slashes)."""
    parts = [TITLES[kind]]
    if number_text:
        parts.append(number_text.replace("/", "-").replace(":", "").replace("\u00a0", ""))
    else:
        parts.append("DỰ THẢO")
    parts.append(conference.title[:80])
    name = " - ".join(parts)
    return "".join(c for c in name if c not in '\\/:*?"<>|') + ".docx"


def draft(conference: Conference, kind: str) -> Rendered:
    """The document as it stands now, marked DỰ THẢO, without a number."""
    letterhead = lh.for_body(conference.organiser, conference.organiser_name)
    content = content_of(conference, kind, letterhead)
    return Rendered(filename(kind, conference), render(letterhead, content))


def latest(conference: Conference, kind: str) -> IssuedDocument | None:
    """The document last issued for ``conference`` (the register keeps the older ones)."""
    return db.session.scalar(
        db.select(IssuedDocument)
        .where(IssuedDocument.conference_id == conference.id, IssuedDocument.kind == kind)
        .order_by(IssuedDocument.id.desc())
        .limit(1)
    )


def issued_for(conference: Conference) -> list[IssuedDocument]:
    """Everything issued for ``conference``, newest first."""
    return list(
        db.session.scalars(
            db.select(IssuedDocument)
            .where(IssuedDocument.conference_id == conference.id)
            .order_by(IssuedDocument.id.desc())
        )
    )


def _next_number(letterhead: Letterhead, kind: str, series: str) -> int:
    highest = db.session.scalar(
        db.select(func.max(IssuedDocument.number)).where(
            IssuedDocument.organisation_id == letterhead.organisation_id,
            IssuedDocument.kind == kind,
            IssuedDocument.series == series,
        )
    )
    return (highest or 0) + 1


def _taken(letterhead: Letterhead, kind: str, series: str, number: int) -> bool:
    return (
        db.session.scalar(
            db.select(IssuedDocument.id).where(
                IssuedDocument.organisation_id == letterhead.organisation_id,
                IssuedDocument.kind == kind,
                IssuedDocument.series == series,
                IssuedDocument.number == number,
            )
        )
        is not None
    )


MISSING = {
    "letterhead": _l("chưa có tiêu đề văn bản"),
    "code": _l("chưa có ký hiệu cơ quan dùng trong số văn bản"),
    "place": _l("chưa có địa danh ghi ở dòng ngày tháng"),
    "term_start": _l("chưa có ngày bắt đầu nhiệm kỳ (số văn bản Đảng đánh theo nhiệm kỳ)"),
}


def issue(
    conference: Conference,
    kind: str,
    user: User,
    *,
    number: int | None = None,
    issued_on: date | None = None,
    signer: Signer | None = None,
    seen: int | None = None,
    again: bool = False,
) -> IssuedDocument:
    """Issue ``kind`` of a published ``conference``: number it, render it, store it.

    ``seen`` is the register entry the issuing page showed as the latest (0: none): if
    another issue came in between, nothing is issued (409). Issuing again when the content
    has not changed since the latest issue takes a number only with ``again``: a double
    click must not burn a number the register keeps for ever.
    """
    if kind not in KINDS:
        raise RuleError(_("Loại văn bản không có."), None)
    if not conference.is_published:
        raise RuleError(_("Chỉ ban hành văn bản của hội nghị đã công bố biên bản."), None)
    letterhead = lh.for_body(conference.organiser, conference.organiser_name)
    if missing := lh.missing_for_issue(letterhead):
        reasons = "; ".join(str(MISSING[m]) for m in missing)
        raise RuleError(
            _(
                "Chưa ban hành được: %(body)s %(reasons)s. Quản trị viên khai báo trong mục Tiêu đề văn bản.",
                body=conference.organiser_name or _("cơ quan tổ chức"),
                reasons=reasons,
            ),
            None,
        )
    issued_on = issued_on or today()
    if signer is not None:
        signer = Signer(lh.in_family_form(letterhead, signer.authority), signer.position, signer.name)
    current = latest(conference, kind)
    if seen is not None and (current.id if current else 0) != seen:
        raise Conflict(
            _(
                "Trong lúc bạn xem trang, %(title)s đã được ban hành %(number)s bởi %(who)s; chưa "
                "ban hành thêm. Xem lại rồi ban hành nếu vẫn cần.",
                title=str(labels.DOCUMENT_KINDS[kind]).lower(),
                number=current.number_text if current else "",
                who=current.issued_by.full_name if current and current.issued_by else _("người khác"),
            ),
            None,
        )
    _check_date(conference, letterhead, issued_on)
    series = lh.series_of(letterhead, issued_on)
    typed = number is not None
    if typed and number is not None:
        if number < 1 or number > 99999:
            raise RuleError(_("Số văn bản là một số từ 1 đến 99.999."), "number")
        if _taken(letterhead, kind, series, number):
            raise RuleError(
                _(
                    "Số %(n)s đã có trong sổ văn bản; chọn số khác hoặc để trống để lấy số tiếp theo.",
                    n=f"{number:02d}",
                ),
                "number",
            )
    if current is not None and not again and _unchanged(conference, kind, letterhead, current, signer):
        raise RuleError(
            _(
                "%(title)s đã ban hành %(number)s và nội dung chưa thay đổi từ đó: tải bản đã ban "
                "hành. Nếu vẫn cần số mới, đánh dấu “Ban hành lại dù nội dung không đổi”.",
                title=labels.DOCUMENT_KINDS[kind],
                number=current.number_text,
            ),
            "again",
        )
    # Issuing first touches the conference row, under its version: of two issues of the
    # same conference at the same moment the second is refused here (409), so a double
    # click cannot take two numbers even when both pages showed the same latest entry. The
    # write also opens the database transaction the savepoint below lives in (on SQLite a
    # savepoint opened outside one would commit on release).
    conference.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(
            _(
                "Người khác vừa ban hành %(title)s của hội nghị này cùng lúc; chưa ban hành thêm.",
                title=str(labels.DOCUMENT_KINDS[kind]).lower(),
            ),
            None,
        ) from None
    # One issue at a time per register: the body's row is locked (FOR NO KEY UPDATE, which
    # rows pointing at the body do not wait for) until the commit, so the next issuer reads
    # the highest number after this one is in. Without it, on PostgreSQL eight issuers at once
    # all read the same highest number and the unique index sent the losers round the retries
    # until one ran out; SQLite has a single writer and ignores the lock.
    db.session.execute(
        db.select(Organisation.id)
        .where(Organisation.id == letterhead.organisation_id)
        .with_for_update(key_share=True)
    )
    for _attempt in range(RETRIES):
        given = number if typed and number is not None else _next_number(letterhead, kind, series)
        text = lh.number_text(letterhead, kind, given)
        # The number is taken first (the unique index settles a race: the loser waits, then
        # retries with the next one), and only then is the file rendered with it.
        row = IssuedDocument(
            organisation_id=letterhead.organisation_id,
            conference_id=conference.id,
            kind=kind,
            series=series,
            number=given,
            number_text=text,
            typed=typed,
            issued_on=issued_on,
            issued_by_id=user.id,
            filename=filename(kind, conference, text),
            content=b"",
            sha256="",
        )
        try:
            with db.session.begin_nested():
                db.session.add(row)
                db.session.flush()
        except IntegrityError:
            if typed:
                raise RuleError(
                    _("Số %(n)s vừa được cấp cho văn bản khác; chọn số khác.", n=f"{given:02d}"), "number"
                ) from None
            continue
        content = content_of(conference, kind, letterhead, gather.Issue(given, issued_on, signer))
        row.content = render(letterhead, content)
        row.sha256 = hashlib.sha256(row.content).hexdigest()
        row.subject = content.heading.subject[:500]
        db.session.flush()
        audit.record(
            "document.issued",
            actor=user,
            unit=letterhead.organisation_id,
            subject=f"{TITLES[kind]} {text}",
            conference=conference.id,
        )
        return row
    raise RuleError(_("Sổ văn bản đang bận (nhiều người cùng ban hành); thử lại."), None)


def _check_date(conference: Conference, letterhead: Letterhead, issued_on: date) -> None:
    """A document is dated on or after its conference, in the current term, not in the future."""
    if conference.starts_on and issued_on < conference.starts_on:
        raise RuleError(
            _(
                "Ngày văn bản không được trước ngày hội nghị (%(day)s).",
                day=f"{conference.starts_on:%d/%m/%Y}",
            ),
            "issued_on",
        )
    if letterhead.is_party and letterhead.term_start and issued_on < letterhead.term_start:
        raise RuleError(
            _(
                "Ngày văn bản trước ngày bắt đầu nhiệm kỳ (%(day)s): số sẽ lẫn sang sổ của nhiệm kỳ khác.",
                day=f"{letterhead.term_start:%d/%m/%Y}",
            ),
            "issued_on",
        )
    if issued_on > today() + timedelta(days=FUTURE_DAYS):
        raise RuleError(_("Ngày văn bản quá %(n)s ngày sau hôm nay.", n=FUTURE_DAYS), "issued_on")


def _unchanged(
    conference: Conference, kind: str, letterhead: Letterhead, current: IssuedDocument, signer: Signer | None
) -> bool:
    """Whether issuing now would print what ``current`` printed, given its number and date:
    the text of the two files compared, paragraph by paragraph (the bytes differ anyway)."""
    same = gather.Issue(current.number, current.issued_on, signer)
    now = render(letterhead, content_of(conference, kind, letterhead, same))
    return text_of(now) == text_of(current.content)


def text_of(data: bytes) -> list[str]:
    """Every paragraph of a .docx, table cells included, in order."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return [t.text or "" for t in body.iter(qn("w:t"))]


def pdf_of(document: IssuedDocument, soffice: str, timeout: float) -> bytes:
    """The PDF of an issued document: made once from its stored .docx, then kept. Of two
    first downloads at once, the first to store its PDF wins and both return that one."""
    from .pdf import to_pdf

    if document.pdf is None:
        made = to_pdf(document.content, soffice, timeout)
        db.session.execute(
            db.update(IssuedDocument)
            .where(IssuedDocument.id == document.id, IssuedDocument.pdf.is_(None))
            .values(pdf=made)
        )
        db.session.expire(document, ["pdf"])
    stored = document.pdf
    assert stored is not None
    return stored
