"""The demo organisation tree: the units the five demo conferences name, keyed for reloading."""
from __future__ import annotations

from ..extensions import db
from ..models import Organisation
from ..organisations.services import find_by_name

#: Hải Phòng's district-level units in 2021: 7 quận ủy, 8 huyện ủy, 4 đảng ủy trực thuộc Thành ủy.
HAI_PHONG_DISTRICTS = (
    ("hong-bang", "Quận ủy Hồng Bàng"),
    ("ngo-quyen", "Quận ủy Ngô Quyền"),
    ("le-chan", "Quận ủy Lê Chân"),
    ("hai-an", "Quận ủy Hải An"),
    ("kien-an", "Quận ủy Kiến An"),
    ("do-son", "Quận ủy Đồ Sơn"),
    ("duong-kinh", "Quận ủy Dương Kinh"),
    ("thuy-nguyen", "Huyện ủy Thủy Nguyên"),
    ("an-duong", "Huyện ủy An Dương"),
    ("an-lao", "Huyện ủy An Lão"),
    ("kien-thuy", "Huyện ủy Kiến Thụy"),
    ("tien-lang", "Huyện ủy Tiên Lãng"),
    ("vinh-bao", "Huyện ủy Vĩnh Bảo"),
    ("cat-hai", "Huyện ủy Cát Hải"),
    ("bach-long-vi", "Huyện ủy Bạch Long Vĩ"),
    ("khoi-co-quan", "Đảng ủy Khối các cơ quan thành phố"),
    ("khoi-doanh-nghiep", "Đảng ủy Khối Doanh nghiệp thành phố"),
    ("quan-su", "Đảng ủy Quân sự thành phố"),
    ("cong-an", "Đảng ủy Công an thành phố"),
)

#: (external key, name, short name, level, parent key), parents before children, siblings in order.
UNITS: tuple[tuple[str, str, str | None, str, str | None], ...] = (
    ("demo:tw", "Trung ương", None, "central", None),
    ("demo:tw/ubkt", "Ủy ban Kiểm tra Trung ương", "UBKT Trung ương", "other", "demo:tw"),
    ("demo:tay-ninh", "Tỉnh ủy Tây Ninh", None, "province", "demo:tw"),
    ("demo:tay-ninh/ubkt", "Ủy ban Kiểm tra Tỉnh ủy Tây Ninh", "UBKT Tỉnh ủy Tây Ninh", "other",
     "demo:tay-ninh"),
    ("demo:thai-nguyen", "Tỉnh ủy Thái Nguyên", None, "province", "demo:tw"),
    ("demo:thai-nguyen/ubkt", "Ủy ban Kiểm tra Tỉnh ủy Thái Nguyên", "UBKT Tỉnh ủy Thái Nguyên", "other",
     "demo:thai-nguyen"),
    ("demo:can-tho", "Thành ủy Cần Thơ", None, "province", "demo:tw"),
    ("demo:can-tho/ubkt", "Ủy ban Kiểm tra Thành ủy Cần Thơ", "UBKT Thành ủy Cần Thơ", "other",
     "demo:can-tho"),
    ("demo:hau-giang", "Tỉnh ủy Hậu Giang", None, "province", "demo:tw"),
    ("demo:hau-giang/ubkt", "Ủy ban Kiểm tra Tỉnh ủy Hậu Giang", "UBKT Tỉnh ủy Hậu Giang", "other",
     "demo:hau-giang"),
    ("demo:hau-giang/chau-thanh-a", "Huyện ủy Châu Thành A", None, "district", "demo:hau-giang"),
    ("demo:hau-giang/chau-thanh-a/ubkt", "Ủy ban Kiểm tra Huyện ủy Châu Thành A",
     "UBKT Huyện ủy Châu Thành A", "other", "demo:hau-giang/chau-thanh-a"),
    ("demo:hai-phong", "Thành ủy Hải Phòng", None, "province", "demo:tw"),
    ("demo:hai-phong/ubkt", "Ủy ban Kiểm tra Thành ủy Hải Phòng", "UBKT Thành ủy Hải Phòng", "other",
     "demo:hai-phong"),
    *((f"demo:hai-phong/{slug}", name, None, "district", "demo:hai-phong")
      for slug, name in HAI_PHONG_DISTRICTS),
)


def _by_key(key: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).where(Organisation.external_key == key))


def ensure_units() -> dict[str, Organisation]:
    """Create the missing demo units; returns every demo unit by its external key.

    A unit is found by its key. Failing that, an unkeyed unit of the same name (one made by
    ``flask users create --unit``, say) is adopted rather than duplicated; if it sits at the
    top of the tree it is moved to its place in the demo tree.
    """
    units: dict[str, Organisation] = {}
    order: dict[str | None, int] = {}
    for key, name, short_name, level, parent_key in UNITS:
        parent = units[parent_key] if parent_key else None
        order[parent_key] = order.get(parent_key, 0) + 1
        unit = _by_key(key)
        if unit is None:
            unit = find_by_name(name)
            if unit is not None and unit.external_key is None:
                unit.external_key = key
                if unit.parent_id is None and parent is not None:
                    unit.parent = parent
                    unit.level = level
                    unit.sort_order = order[parent_key]
            else:
                unit = Organisation(name=name, short_name=short_name, level=level, parent=parent,
                                    sort_order=order[parent_key], external_key=key)
                db.session.add(unit)
        units[key] = unit
    db.session.flush()
    return units
