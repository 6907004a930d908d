"""The demo's letterheads, and the documents its published conferences were issued with.

The header lines, codes and signers follow how these bodies head their documents; the
term dates are the days their current congresses closed (a setting an admin can change).
Published conferences get their Thông báo kết luận and biên bản issued and numbered, dated
the day of the conference; the drafts stay drafts (their downloads say DỰ THẢO).
"""

from __future__ import annotations

from datetime import date

from ..documents import services
from ..extensions import db
from ..models import Conference, IssuedDocument, Letterhead, Organisation, User

CITY_RECIPIENTS = (
    "Ủy ban Kiểm tra Trung ương\nCác đồng chí Thành ủy viên\nCác quận ủy, huyện ủy, đảng ủy trực thuộc"
)
#: external key of the unit → the letterhead's fields.
LETTERHEADS: dict[str, dict] = {
    "demo:tw/ubkt": {
        "family": "party",
        "superior": "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "body_line": "ỦY BAN KIỂM TRA",
        "code": "UBKTTW",
        "place": "Hà Nội",
        "term_start": date(2021, 1, 30),
        "signer_authority": "TM",
        "signer_for": "ỦY BAN KIỂM TRA",
        "signer_position": "CHỦ NHIỆM",
        "signer_name": "Trần Cẩm Tú",
        "recipients": "Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương\n"
        "Ủy ban kiểm tra các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
        "archive": "Lưu Văn phòng Ủy ban Kiểm tra Trung ương",
    },
    "demo:can-tho": {
        "family": "party",
        "superior": "",
        "body_line": "THÀNH ỦY CẦN THƠ",
        "code": "TU",
        "place": "Cần Thơ",
        "term_start": date(2020, 10, 15),
        "signer_authority": "TM",
        "signer_for": "BAN THƯỜNG VỤ",
        "signer_position": "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "signer_name": "Phạm Văn Hiểu",
        "recipients": CITY_RECIPIENTS,
        "archive": "Lưu Văn phòng Thành ủy",
    },
    "demo:hai-phong": {
        "family": "party",
        "superior": "",
        "body_line": "THÀNH ỦY HẢI PHÒNG",
        "code": "TU",
        "place": "Hải Phòng",
        "term_start": date(2020, 10, 16),
        "signer_authority": "TM",
        "signer_for": "BAN THƯỜNG VỤ",
        "signer_position": "BÍ THƯ",
        "signer_name": "Trần Lưu Quang",
        "recipients": CITY_RECIPIENTS,
        "archive": "Lưu Văn phòng Thành ủy",
    },
    "demo:hau-giang/ubkt": {
        "family": "party",
        "superior": "TỈNH ỦY HẬU GIANG",
        "body_line": "ỦY BAN KIỂM TRA",
        "code": "UBKTTU",
        "place": "Hậu Giang",
        "term_start": date(2020, 10, 14),
        "signer_authority": "TM",
        "signer_for": "ỦY BAN KIỂM TRA",
        "signer_position": "CHỦ NHIỆM",
        "signer_name": "",
        "recipients": "Thường trực Tỉnh ủy\nỦy ban kiểm tra các huyện ủy, thị ủy, thành ủy",
        "archive": "Lưu Văn phòng Ủy ban Kiểm tra Tỉnh ủy",
    },
}


def ensure_letterheads(units: dict[str, Organisation]) -> None:
    for key, fields in LETTERHEADS.items():
        unit = units.get(key)
        if unit is None or db.session.scalar(
            db.select(Letterhead).where(Letterhead.organisation_id == unit.id)
        ):
            continue
        db.session.add(Letterhead(organisation_id=unit.id, **fields))
    db.session.flush()


def ensure_issued(recorder: User) -> None:
    """Issue the notice and the minutes of every published demo conference, once."""
    published = db.session.scalars(
        db.select(Conference).where(Conference.external_uid.is_not(None), Conference.status == "published")
    )
    for conference in published:
        for kind in services.KINDS:
            done = db.session.scalar(
                db.select(IssuedDocument.id).where(
                    IssuedDocument.conference_id == conference.id, IssuedDocument.kind == kind
                )
            )
            if done is None:
                services.issue(conference, kind, recorder, issued_on=conference.starts_on)
    db.session.flush()
