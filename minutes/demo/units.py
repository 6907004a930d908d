"""The demo organisation tree: the units the five demo conferences name, keyed for reloading."""

from __future__ import annotations

from ..extensions import db
from ..models import Organisation
from ..text import fold

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

#: Hậu Giang's district-level units in 2017: 1 thành ủy, 2 thị ủy, 5 huyện ủy.
HAU_GIANG_DISTRICTS = (
    ("vi-thanh", "Thành ủy Vị Thanh"),
    ("nga-bay", "Thị ủy Ngã Bảy"),
    ("tx-long-my", "Thị ủy Long Mỹ"),
    ("chau-thanh-a", "Huyện ủy Châu Thành A"),
    ("chau-thanh", "Huyện ủy Châu Thành"),
    ("phung-hiep", "Huyện ủy Phụng Hiệp"),
    ("vi-thuy", "Huyện ủy Vị Thủy"),
    ("long-my", "Huyện ủy Long Mỹ"),
)

#: Cần Thơ's district-level units in 2023: 5 quận ủy, 4 huyện ủy.
CAN_THO_DISTRICTS = (
    ("ninh-kieu", "Quận ủy Ninh Kiều"),
    ("binh-thuy", "Quận ủy Bình Thủy"),
    ("cai-rang", "Quận ủy Cái Răng"),
    ("o-mon", "Quận ủy Ô Môn"),
    ("thot-not", "Quận ủy Thốt Nốt"),
    ("phong-dien", "Huyện ủy Phong Điền"),
    ("co-do", "Huyện ủy Cờ Đỏ"),
    ("thoi-lai", "Huyện ủy Thới Lai"),
    ("vinh-thanh", "Huyện ủy Vĩnh Thạnh"),
)

#: (external key, name, short name, level, parent key), parents before children, siblings in order.
UNITS: tuple[tuple[str, str, str | None, str, str | None], ...] = (
    ("demo:tw", "Trung ương", None, "central", None),
    ("demo:tw/ubkt", "Ủy ban Kiểm tra Trung ương", "UBKT Trung ương", "other", "demo:tw"),
    ("demo:tay-ninh", "Tỉnh ủy Tây Ninh", None, "province", "demo:tw"),
    (
        "demo:tay-ninh/ubkt",
        "Ủy ban Kiểm tra Tỉnh ủy Tây Ninh",
        "UBKT Tỉnh ủy Tây Ninh",
        "other",
        "demo:tay-ninh",
    ),
    ("demo:thai-nguyen", "Tỉnh ủy Thái Nguyên", None, "province", "demo:tw"),
    (
        "demo:thai-nguyen/ubkt",
        "Ủy ban Kiểm tra Tỉnh ủy Thái Nguyên",
        "UBKT Tỉnh ủy Thái Nguyên",
        "other",
        "demo:thai-nguyen",
    ),
    ("demo:can-tho", "Thành ủy Cần Thơ", None, "province", "demo:tw"),
    (
        "demo:can-tho/ubkt",
        "Ủy ban Kiểm tra Thành ủy Cần Thơ",
        "UBKT Thành ủy Cần Thơ",
        "other",
        "demo:can-tho",
    ),
    *((f"demo:can-tho/{slug}", name, None, "district", "demo:can-tho") for slug, name in CAN_THO_DISTRICTS),
    ("demo:hau-giang", "Tỉnh ủy Hậu Giang", None, "province", "demo:tw"),
    (
        "demo:hau-giang/ubkt",
        "Ủy ban Kiểm tra Tỉnh ủy Hậu Giang",
        "UBKT Tỉnh ủy Hậu Giang",
        "other",
        "demo:hau-giang",
    ),
    *(
        (f"demo:hau-giang/{slug}", name, None, "district", "demo:hau-giang")
        for slug, name in HAU_GIANG_DISTRICTS
    ),
    (
        "demo:hau-giang/chau-thanh-a/ubkt",
        "Ủy ban Kiểm tra Huyện ủy Châu Thành A",
        "UBKT Huyện ủy Châu Thành A",
        "other",
        "demo:hau-giang/chau-thanh-a",
    ),
    ("demo:hai-phong", "Thành ủy Hải Phòng", None, "province", "demo:tw"),
    (
        "demo:hai-phong/ubkt",
        "Ủy ban Kiểm tra Thành ủy Hải Phòng",
        "UBKT Thành ủy Hải Phòng",
        "other",
        "demo:hai-phong",
    ),
    *(
        (f"demo:hai-phong/{slug}", name, None, "district", "demo:hai-phong")
        for slug, name in HAI_PHONG_DISTRICTS
    ),
)


def ensure_units() -> dict[str, Organisation]:
    """Create the missing demo units; returns every demo unit by its external key.

    A unit is found by its key. Failing that, an unkeyed unit of the same name (one made by
    ``flask users create --unit``, say) is adopted rather than duplicated; if it sits at the
    top of the tree it is moved to its place in the demo tree.
    """
    keyed = {
        unit.external_key: unit
        for unit in db.session.scalars(
            db.select(Organisation).where(Organisation.external_key.in_([u[0] for u in UNITS]))
        )
    }
    named: dict[str, list[Organisation]] | None = None
    units: dict[str, Organisation] = {}
    order: dict[str | None, int] = {}
    for key, name, short_name, level, parent_key in UNITS:
        parent = units[parent_key] if parent_key else None
        order[parent_key] = order.get(parent_key, 0) + 1
        unit = keyed.get(key)
        if unit is None:
            if named is None:  # the active units by folded name, read once (as find_by_name matches)
                named = {}
                for other in db.session.scalars(db.select(Organisation).where(Organisation.active.is_(True))):
                    named.setdefault(other.name_folded, []).append(other)
            matches = named.get(fold(name), [])
            unit = matches[0] if len(matches) == 1 else None
            if unit is not None and unit.external_key is None:
                unit.external_key = key
                if unit.parent_id is None and parent is not None:
                    unit.parent = parent
                    unit.level = level
                    unit.sort_order = order[parent_key]
            else:
                unit = Organisation(
                    name=name,
                    short_name=short_name,
                    level=level,
                    parent=parent,
                    sort_order=order[parent_key],
                    external_key=key,
                )
                db.session.add(unit)
                named.setdefault(unit.name_folded, []).append(unit)
        units[key] = unit
    db.session.flush()
    return units
