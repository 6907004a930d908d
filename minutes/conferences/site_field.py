"""The site (điểm cầu) of an attendee, picked by typing part of its name.

A conference may have thousands of connected sites (every commune of a province), so the
attendee form does not list them: the field is the unit picker's combobox over this
conference's sites (:func:`matching`, served as JSON by ``conferences.search_sites``).
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

from ..extensions import db
from ..models import Conference, Site
from ..organisations.fields import UnitField
from ..organisations.search import LIMIT, Found
from ..text import fold


def _rows(conference_id: int) -> list[tuple[int, str, bool]]:
    query = (
        db.select(Site.id, Site.name, Site.is_host)
        .where(Site.conference_id == conference_id)
        .order_by(Site.is_host.desc(), Site.position, Site.id)
    )
    return [(row.id, row.name, row.is_host) for row in db.session.execute(query)]


def _found(site_id: int, name: str, is_host: bool) -> Found:
    place = (str(_l("Điểm cầu chính")),) if is_host else ()
    return Found(id=site_id, name=name, place=place, level="", external=False)


def matching(conference_id: int, text: str) -> list[Found]:
    """Up to :data:`LIMIT` sites whose folded name holds every word of ``text``: the host
    first, then names that start with it, then in the conference's order. One query."""
    words = fold(text).split()
    if not words:
        return []
    key = " ".join(words)
    hits = []
    for order, (site_id, name, is_host) in enumerate(_rows(conference_id)):
        folded = fold(name)
        if all(word in folded for word in words):
            hits.append((not is_host, not folded.startswith(key), order, site_id, name, is_host))
    hits.sort()
    return [_found(site_id, name, is_host) for *_, site_id, name, is_host in hits[:LIMIT]]


class SiteField(UnitField):
    """One site of :attr:`conference` (``data``: its id or None)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("placeholder", _l("Gõ vài chữ của tên điểm cầu…"))
        super().__init__(label, validators, **kwargs)
        self.none_label = _l("Không có điểm cầu nào như vậy trong hội nghị này.")
        self.invalid_label = _l("Điểm cầu không hợp lệ.")
        #: Set by the view before the form is validated or rendered.
        self.conference: Conference | None = None

    def search_url(self) -> str:
        assert self.conference is not None
        return url_for("conferences.search_sites", conference_id=self.conference.id)

    def _sites(self) -> dict[int, tuple[str, bool]]:
        assert self.conference is not None
        return {site_id: (name, host) for site_id, name, host in _rows(self.conference.id)}

    def pre_validate(self, form):
        sites = self._sites()
        if self.typed and not self.ids():
            typed = fold(self.typed)
            found = [site_id for site_id, (name, _host) in sites.items() if fold(name) == typed]
            if len(found) != 1:
                raise ValidationError(
                    _l(
                        "Hội nghị không có điểm cầu tên “%(name)s”. Hãy gõ rồi chọn trong danh sách gợi ý.",
                        name=self.typed,
                    )
                    if not found
                    else _l(
                        "Có nhiều điểm cầu tên “%(name)s”. Hãy chọn trong danh sách gợi ý.", name=self.typed
                    )
                )
            self._set(found)
            self.typed = ""
        if any(site_id not in sites for site_id in self.ids()):
            raise ValidationError(_l("Điểm cầu đã chọn không thuộc hội nghị này."))

    def picked(self) -> list[Found]:
        if self._units is None:
            ids = self.ids()
            query = db.select(Site.id, Site.name, Site.is_host).where(Site.id.in_(ids))
            rows = list(db.session.execute(query)) if ids else []
            self._units = [_found(row.id, row.name, row.is_host) for row in rows]
        return self._units
