"""Which letterhead a body's documents carry, and how its numbers and signatures are written."""

from __future__ import annotations

import re
from datetime import date

from ..extensions import db
from ..models import Letterhead, Organisation
from ..models.documents import TYPE_CODES
from ..text import fold

#: Words that make a body a State one (decree 30) when no letterhead says otherwise.
_STATE_WORDS = (
    "uy ban nhan dan",
    "ubnd",
    "thanh tra",
    "so ",
    "bo ",
    "cong ty",
    "tong cong ty",
    "hoi dong nhan dan",
)
_PARTY_FORMS = {"TM": "T/M", "KT": "K/T", "TL": "T/L"}
_STATE_FORMS = {"TM": "TM.", "KT": "KT.", "TL": "TL."}


def stored(organisation_id: int | None) -> Letterhead | None:
    """The letterhead an admin set for this body, if any."""
    if organisation_id is None:
        return None
    return db.session.scalar(db.select(Letterhead).where(Letterhead.organisation_id == organisation_id))


def guess_family(name: str) -> str:
    """Party or State, from the body's name, for a body without a letterhead yet."""
    folded = f"{fold(name)} "
    return "state" if any(folded.startswith(w) or f" {w}" in folded for w in _STATE_WORDS) else "party"


def default(organisation: Organisation | None, name: str = "") -> Letterhead:
    """An unsaved letterhead for a body nobody has set one for: its name, guessed family.

    Good enough for a draft; issuing asks for a real one (the code, the place, the signer).
    """
    name = organisation.name if organisation is not None else name
    letterhead = Letterhead(
        family=guess_family(name),
        body_line=name.upper(),
        superior=(organisation.parent.name.upper() if organisation and organisation.parent else ""),
        code="",
        place="",
        signer_authority="TM",
        signer_for="",
        signer_position="",
        signer_name="",
        recipients="",
        archive="",
    )
    if organisation is not None:
        letterhead.organisation = organisation
    return letterhead


def for_body(organisation: Organisation | None, name: str = "") -> Letterhead:
    """The stored letterhead of a body, else :func:`default`."""
    if organisation is not None and (found := stored(organisation.id)) is not None:
        return found
    return default(organisation, name)


def missing_for_issue(letterhead: Letterhead) -> list[str]:
    """What must be set before this body can issue a numbered document."""
    missing = []
    if letterhead.id is None:
        missing.append("letterhead")
    if not letterhead.code:
        missing.append("code")
    if not letterhead.place:
        missing.append("place")
    if letterhead.is_party and letterhead.term_start is None:
        missing.append("term_start")
    return missing


def series_of(letterhead: Letterhead, issued_on: date) -> str:
    """Which count a number belongs to: the Party term, or the State calendar year."""
    if letterhead.is_party and letterhead.term_start is not None:
        return f"term:{letterhead.term_start.isoformat()}"
    return f"year:{issued_on.year}"


def number_text(letterhead: Letterhead, kind: str, number: int | None) -> str:
    """ "Số 24-TB/TU" (Party, no colon) or "Số: 12/TB-UBND" (State, 01–09 zero-padded).

    Without a number (a draft) the place of the number is left blank for the office.
    """
    code = TYPE_CODES[kind]
    body = letterhead.code or "…"
    if letterhead.is_party:
        shown = f"{number:02d}" if number is not None else "\u00a0" * 6
        return f"Số {shown}-{code}/{body}"
    shown = f"{number:02d}" if number is not None else "\u00a0" * 6
    return f"Số: {shown}/{code}-{body}"


def authority_line(letterhead: Letterhead) -> str:
    """ "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH"; empty when the signer signs in their own name."""
    forms = _PARTY_FORMS if letterhead.is_party else _STATE_FORMS
    form = forms.get(letterhead.signer_authority or "")
    if not form or not letterhead.signer_for:
        return ""
    return f"{form} {letterhead.signer_for.upper()}"


_ANY_FORM = re.compile(r"^\s*(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|TM|KT|TL)\s*[.:]?\s+", re.I)


def in_family_form(letterhead: Letterhead, authority: str) -> str:
    """An authority line as typed, written the body's way: "T/M …" for a Party body,
    "TM. …" for a State one, whichever of the two was typed."""
    found = _ANY_FORM.match(authority)
    if not found:
        return authority
    code = re.sub(r"[\s/.:]", "", found.group(1)).upper()
    forms = _PARTY_FORMS if letterhead.is_party else _STATE_FORMS
    return f"{forms[code]} {authority[found.end() :].strip()}"


def archive_line(letterhead: Letterhead) -> str:
    """The last line of Nơi nhận."""
    if letterhead.archive:
        return letterhead.archive
    return "Lưu Văn phòng" if letterhead.is_party else "Lưu: VT"
