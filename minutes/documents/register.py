"""The register (sổ văn bản) as a list: every document issued by the bodies in the reader's
scope, newest first, filtered by year and type; the page and its .xlsx share one query."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import Select, extract
from sqlalchemy.orm import joinedload

from .. import labels
from ..clock import local_zone
from ..exports.xlsx import Column, Sheet
from ..extensions import db
from ..formatting import to_local
from ..models import IssuedDocument, User
from ..permissions import scope_ids, scope_select
from .services import TITLES


def query(user: User, year: int | None = None, kind: str | None = None) -> Select:
    """The register entries ``user`` may see: those of the bodies in their scope."""
    q = (
        db.select(IssuedDocument)
        .options(
            joinedload(IssuedDocument.organisation),
            joinedload(IssuedDocument.conference),
            joinedload(IssuedDocument.issued_by),
        )
        .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
    )
    scope = scope_select(user)
    if scope is not None:
        q = q.where(IssuedDocument.organisation_id.in_(scope))
    if year:
        q = q.where(extract("year", IssuedDocument.issued_on) == year)
    if kind in TITLES:
        q = q.where(IssuedDocument.kind == kind)
    return q


def in_scope(user: User, document: IssuedDocument) -> bool:
    """Whether ``document``'s body is in ``user``'s scope (the rule of :func:`query`)."""
    ids = scope_ids(user)
    return ids is None or document.organisation_id in ids


def sheet(q: Select) -> Sheet:
    zone = local_zone()

    def rows() -> Iterator[tuple]:
        for d in db.session.scalars(q.execution_options(yield_per=500)):
            issued_at = to_local(d.issued_at, zone)
            yield (
                d.number_text,
                str(labels.DOCUMENT_KINDS.get(d.kind, d.kind)),
                d.issued_on,
                d.subject,
                d.organisation.name if d.organisation else "",
                d.conference.title if d.conference else _("(hội nghị đã xóa)"),
                d.issued_by.full_name if d.issued_by else "",
                issued_at.replace(tzinfo=None) if issued_at else None,
                _("có") if d.typed else "",
            )

    columns = [
        Column(_("Số, ký hiệu"), "text", 22),
        Column(_("Loại văn bản"), "text", 20),
        Column(_("Ngày văn bản"), "date", 13),
        Column(_("Trích yếu"), "text", 60),
        Column(_("Cơ quan ban hành"), "text", 30),
        Column(_("Hội nghị"), "text", 50),
        Column(_("Người ban hành"), "text", 24),
        Column(_("Thời điểm ban hành"), "datetime", 17),
        Column(_("Số ghi từ sổ giấy"), "text", 10),
    ]
    return Sheet(_("Sổ văn bản"), columns, rows())
