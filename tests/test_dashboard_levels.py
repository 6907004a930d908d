"""The dashboard reads the tree from the top down: one level at a time, each unit counting
the tasks of its whole subtree, sorted and paged in SQL, with breadcrumbs back up."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Organisation, Task
from minutes.tasks import services
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, plain, text


@pytest.fixture
def tree(app, units, users):
    """The city's three districts; Lê Chân with four wards. Tasks: two overdue in a ward of
    Lê Chân, one done at Ngô Quyền, one open at Vĩnh Bảo, one overdue in the other province."""
    city, (le_chan, ngo_quyen, vinh_bao) = units["city"], units["districts"]
    wards = [
        Organisation(name=f"Phường {n}", level="grassroots", parent=le_chan)
        for n in ("An Biên", "Dư Hàng", "Đông Hải", "Hồ Nam")
    ]
    db.session.add_all(wards)
    db.session.commit()
    by = users["secretariat"]
    directive = make_directive(make_conference(city, title="Hội nghị giao ban quý I/2025"))
    late = today() - timedelta(days=40)
    make_task(wards[0], by, directive, due_date=late)
    make_task(wards[0], by, make_directive(directive.conference), due_date=late)
    done = make_task(ngo_quyen, by, directive, due_date=today() + timedelta(days=5))
    services.complete(done, by, today(), "Đã xong")
    make_task(vinh_bao, by, directive, due_date=today() + timedelta(days=5))
    other = make_directive(make_conference(units["other"]))
    make_task(units["other"], users["admin"], other, due_date=late)
    db.session.commit()
    return {"wards": wards}


def level(html: str) -> list[tuple[str, str]]:
    """(unit, rate) of each row of the level table, in order."""
    table = html.split('id="level"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r"<tr><td[^>]*>(.*?)</td>.*?<td class=\"[^\"]*\" data-label=\"Tỷ lệ\">([^<]*)</td>", table, re.S
    )
    return [(re.sub(r"<[^>]+>", "", name).strip(), rate.strip()) for name, rate in rows]


def test_the_national_view_lists_the_provinces_and_goes_down_one_level_at_a_time(client, users, units, tree):
    login(client, "admin")  # at the top of the tree: sees everything
    top = text(client.get("/tasks/dashboard"))
    assert level(top) == [("Tỉnh ủy Tây Ninh", "0,0 %"), ("Thành ủy Hải Phòng", "25,0 %")]
    city = units["city"]
    assert f'href="/tasks/dashboard?organisation_id={city.id}#level"' in top
    page = text(client.get(f"/tasks/dashboard?organisation_id={city.id}"))
    # Lê Chân counts its ward's two overdue tasks; worst rate first, a tie by overdue count.
    assert level(page) == [
        ("Quận ủy Lê Chân", "0,0 %"),
        ("Huyện ủy Vĩnh Bảo", "0,0 %"),
        ("Quận ủy Ngô Quyền", "100,0 %"),
    ]
    crumbs = page.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Tất cả đơn vị" in crumbs and 'aria-current="page">Thành ủy Hải Phòng' in crumbs
    le_chan = units["districts"][0]
    # A unit with nothing below it is not a link; one with units below it is.
    assert f"organisation_id={le_chan.id}#level" in page
    assert f"organisation_id={units['districts'][2].id}#level" not in page
    wards = text(client.get(f"/tasks/dashboard?organisation_id={le_chan.id}"))
    assert level(wards) == [("Phường An Biên", "0,0 %")]  # only units with tasks are listed
    crumbs = wards.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert [a for a in re.findall(r">([^<>]+)</a>", crumbs)] == ["Tất cả đơn vị", "Thành ủy Hải Phòng"]


def test_a_level_pages_and_sorts_by_overdue_count(app, client, users, units, tree):
    app.config["PAGE_SIZE"] = 2
    login(client, "thuky")  # the city's secretariat: its top is the city
    first = text(client.get("/tasks/dashboard"))
    assert [name for name, _ in level(first)] == ["Quận ủy Lê Chân", "Huyện ủy Vĩnh Bảo"]
    assert "Trang 1/2 · 3 đơn vị" in plain_text(first)
    second = text(client.get("/tasks/dashboard?lpage=2"))
    assert [name for name, _ in level(second)] == ["Quận ủy Ngô Quyền"]
    by_overdue = text(client.get("/tasks/dashboard?sort=overdue"))
    assert [name for name, _ in level(by_overdue)][0] == "Quận ủy Lê Chân"
    # Nothing above the reader's own top: no "every unit" crumb for a province.
    assert "Tất cả đơn vị" not in first.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]


def plain_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_officer_sees_their_own_units_tasks_first_then_the_level_below(client, users, units, tree):
    login(client, "canbo")  # Lê Chân's officer
    make_task(units["districts"][0], users["secretariat"], due_date=today() + timedelta(days=3))
    page = text(client.get("/tasks/dashboard"))
    rows = level(page)
    assert rows[0][0] == "Nhiệm vụ do chính Quận ủy Lê Chân chủ trì"
    assert rows[1:] == [("Phường An Biên", "0,0 %")]
    # Another province's unit is out of the officer's reach: the filter is ignored, said so.
    refused = client.get(f"/tasks/dashboard?organisation_id={units['other'].id}")
    assert "Bộ lọc không hợp lệ" in plain(refused)
    assert "Tỉnh ủy Tây Ninh" not in text(refused).split('id="level"', 1)[1]


def test_a_level_of_many_units_costs_the_same_queries_and_stays_small(client, users, units, count_queries):
    city = units["city"]
    by = users["secretariat"]
    directive = make_directive(make_conference(city))

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            district = Organisation(name=f"Huyện số {i:03d}", level="district", parent=city)
            ward = Organisation(name=f"Xã số {i:03d}", level="grassroots", parent=district)
            db.session.add_all([district, ward])
            db.session.flush()
            make_task(ward, by, directive, due_date=today() - timedelta(days=i % 50))

    login(client, "thuky")
    grow(3, 0)
    with count_queries() as small:
        assert client.get("/tasks/dashboard").status_code == 200
    grow(150, 3)
    with count_queries() as large:
        big = client.get("/tasks/dashboard")
    assert len(large) == len(small)
    assert len(big.data) < 300_000
    assert "Trang 1/11 · 153 đơn vị" in plain_text(text(big))


def test_a_directives_follow_up_goes_down_the_tree_and_lists_the_tasks_under_the_level(
    client, users, units, tree
):
    login(client, "thuky")
    directive = db.session.scalars(db.select(Task).order_by(Task.id)).first().directive
    page = text(client.get(f"/tasks/directives/{directive.id}"))
    assert "Theo cấp: Thành ủy Hải Phòng" in plain_text(page)
    assert [name for name, _ in level(page)] == ["Quận ủy Lê Chân", "Huyện ủy Vĩnh Bảo", "Quận ủy Ngô Quyền"]
    le_chan = units["districts"][0]
    down = text(client.get(f"/tasks/directives/{directive.id}?unit={le_chan.id}"))
    assert level(down) == [("Phường An Biên", "0,0 %")]
    listed = down.split("Các đơn vị", 1)[1]
    assert "Phường An Biên" in listed and "Huyện ủy Vĩnh Bảo" not in listed
    # A unit of another province in the address: the page stays at the reader's own top.
    away = text(client.get(f"/tasks/directives/{directive.id}?unit={units['other'].id}"))
    assert [name for name, _ in level(away)] == [name for name, _ in level(page)]


def test_a_directive_to_many_units_costs_the_same_queries_and_stays_small(
    client, users, units, count_queries
):
    city, by = units["city"], users["secretariat"]
    directive = make_directive(make_conference(city))

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            district = Organisation(name=f"Huyện số {i:03d}", level="district", parent=city)
            db.session.add(district)
            db.session.flush()
            for j in range(3):
                ward = Organisation(name=f"Xã số {i:03d}-{j}", level="grassroots", parent=district)
                db.session.add(ward)
                db.session.flush()
                make_task(ward, by, directive, due_date=today() - timedelta(days=(i + j) % 40))

    login(client, "thuky")
    grow(2, 0)
    with count_queries() as small:
        assert client.get(f"/tasks/directives/{directive.id}").status_code == 200
    grow(120, 2)
    with count_queries() as large:
        big = client.get(f"/tasks/directives/{directive.id}")
    assert len(large) == len(small)
    assert len(big.data) < 300_000
    assert "Trang 1/9 · 122 đơn vị" in plain_text(text(big))


def test_an_unknown_unit_in_the_address_stays_at_the_readers_top(client, users, units, tree):
    """``?unit=`` of no unit must not fall back to "every unit" for a reader who has a top."""
    login(client, "canbo")
    directive = db.session.scalars(db.select(Task).order_by(Task.id)).first().directive
    own = level(text(client.get(f"/tasks/directives/{directive.id}")))
    for bad in ("999999", "0", "abc", ""):
        page = text(client.get(f"/tasks/directives/{directive.id}?unit={bad}"))
        assert level(page) == own, bad
        assert "Tỉnh ủy Tây Ninh" not in page.split('id="level"', 1)[1].split("</section>", 1)[0]
