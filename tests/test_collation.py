"""Vietnamese order in SQL is the order of ``text.sort_key``: on SQLite through the ``vi``
collation registered on each connection, on PostgreSQL through ICU's ``vi-x-icu``. The test
runs on the suite's database (``TEST_DATABASE_URL``), so CI holds both to the same order."""

from __future__ import annotations

import random

from minutes.collation import vietnamese
from minutes.extensions import db
from minutes.models import Organisation
from minutes.text import sort_key
from tests.support import login

#: Names as they occur, with the hard cases: tones against letters (Hà/Hạ/Hải), the letters
#: ă â đ ê ô ơ ư, old and new tone placement (Hoà/Hòa, Uỷ/Ủy), spaces, digits, punctuation,
#: Latin letters outside the Vietnamese alphabet (F J W Z) and small against capital letters.
NAMES = """An Dương|An Lão|Ana|Ân Thi|Ăn Nhà|Bạch Long Vĩ|Bà Rịa|Ba Vì|Cát Hải|Châu Thành|
Chi bộ 10|Chi bộ 2|Chi bộ 1|Chi bộ 1.2|Chi bộ 1-2|Chi bộ 1/2|Chi bộ (A)|Chi bộ_A|Đồ Sơn|
Dương Kinh|Đảng ủy xã Tân Hưng|Hà Nội|hà nội|Hạ Long|Ha Long|Hải An|Hải Phòng|Hòa Bình|
Hoà Bình|Hồng Bàng|Huyện ủy Vĩnh Bảo|Kiến An|Kiến Thụy|Lê Chân|Long An|Ngô Quyền|Ô Môn|Ơ Nhà|
Quận ủy Lê Chân|Quận 1|Thủy Nguyên|Tiên Lãng|Tỉnh ủy Tây Ninh|Ủy ban Kiểm tra Thành ủy Hải Phòng|
Uỷ ban nhân dân tỉnh|Ư Ninh|Vĩnh Bảo|Xã A-Lưới|Xã Ea H'leo|Xã (cũ) Tân Phú|Fpt Telecom|Gia Lai|
Jrai|Kon Tum|Wonderland|Xã Zơ Ngây|Zalo|Chi bộ – A|Chi bộ “A”|Chi bộ € 5""".replace("\n", "").split("|")


def test_sql_sorts_names_as_sort_key_does(app):
    shuffled = NAMES[:]
    random.Random(7).shuffle(shuffled)  # inserted out of order: the ORDER BY must do the work
    db.session.add_all(Organisation(name=name, level="other") for name in shuffled)
    db.session.commit()
    in_sql = db.session.scalars(
        db.select(Organisation.name).order_by(vietnamese(Organisation.name), Organisation.id)
    ).all()
    assert in_sql == sorted(NAMES, key=sort_key)
    # A few pairs spelled out, so that a change of both sides at once cannot pass unseen.
    position = {name: i for i, name in enumerate(in_sql)}
    for before, after in [
        ("Ana", "Ăn Nhà"),
        ("Ăn Nhà", "Ân Thi"),
        ("Dương Kinh", "Đảng ủy xã Tân Hưng"),
        ("Hạ Long", "Hải An"),  # a space before any letter
        ("Ha Long", "Hạ Long"),  # tones only break ties
        ("Chi bộ 2", "Chi bộ_A"),
        ("Ơ Nhà", "Quận 1"),
        ("Xã (cũ) Tân Phú", "Xã A-Lưới"),
        ("Fpt Telecom", "Gia Lai"),
    ]:
        assert position[before] < position[after], (before, after)


def test_the_unit_picker_lists_equal_matches_in_the_alphabets_order(client, users, units):
    """Units that match alike (none starts with the typed text, same depth) come in the
    Vietnamese order, sorted in SQL: "Ấp Đông" before "Ấp Dương" would be byte order."""
    city = units["city"]
    names = ["Xã Đông Hải", "Xã Dương Hải", "Xã Ân Hải", "Xã An Hải", "Xã Hải Ăn", "Xã Ơ Hải"]
    db.session.add_all(Organisation(name=n, level="grassroots", parent=city) for n in names)
    db.session.commit()
    login(client, "thuky")
    found = client.get("/units/search?q=hai&scope=mine&level=grassroots").get_json()["results"]
    shown = [f["name"] for f in found]
    assert sorted(shown) == sorted(names)
    assert shown == sorted(names, key=sort_key)
