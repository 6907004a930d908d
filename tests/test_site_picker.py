"""The attendee's site is picked by typing part of its name, among the conference's sites only:
a conference with every commune connected does not put thousands of options in the page."""

from __future__ import annotations

import pytest

from minutes.conferences import services
from minutes.extensions import db
from minutes.models import Attendee, Conference, Site
from tests.support import count, login, make_user, post_from_page, text


@pytest.fixture
def conference(units, users) -> Conference:
    conference = Conference(title="Giao ban trực tuyến quý III/2022", kind="review", format="online")
    services.set_organiser(conference, units["city"])
    names = ["Điểm cầu Thành ủy", "Phường Lê Chân 1", "Phường Lê Chân 2", "Xã Vĩnh Bảo"]
    names += [f"Xã Thụy Hương {i}" for i in range(1, 41)]
    for position, name in enumerate(names, start=1):
        conference.sites.append(Site(name=name, position=position, is_host=position == 1))
    db.session.add(conference)
    db.session.commit()
    return conference


def _search(client, conference, q: str):
    return client.get(f"/conferences/{conference.id}/sites/search", query_string={"q": q})


def test_search_is_folded_bounded_and_puts_the_host_first(client, secretary, conference):
    found = _search(client, conference, "le chan").get_json()["results"]
    assert [r["name"] for r in found] == ["Phường Lê Chân 1", "Phường Lê Chân 2"]
    assert [r["name"] for r in _search(client, conference, "THANH").get_json()["results"]] == [
        "Điểm cầu Thành ủy"
    ]
    assert _search(client, conference, "thanh").get_json()["results"][0]["place"] == "Điểm cầu chính"
    many = _search(client, conference, "thuy huong").get_json()["results"]
    assert len(many) == 20 and many[0]["name"] == "Xã Thụy Hương 1"
    assert _search(client, conference, "  ").get_json()["results"] == []


def test_only_readers_of_the_conference_search_its_sites(app, client, conference, units):
    make_user("tayninh", "secretariat", units["other"])
    login(client, "tayninh")
    assert _search(client, conference, "le chan").status_code == 403
    assert client.get("/conferences/999999/sites/search?q=x").status_code == 404


def test_the_attendee_form_lists_no_sites_and_saves_the_one_picked(client, secretary, conference):
    url = f"/conferences/{conference.id}/attendees"
    page = text(client.get(url))
    assert "Xã Thụy Hương 17" not in page  # the 44 sites are searched, not listed
    picked = next(s for s in conference.sites if s.name == "Xã Vĩnh Bảo")
    post_from_page(client, url, data={"name": "Trần Văn A", "site_id": picked.id, "role": "delegate"})
    # without script, the typed name is looked up (folded, exactly)
    post_from_page(
        client, url, data={"name": "Lê Thị B", "site_id__text": "phuong le chan 2", "role": "delegate"}
    )
    db.session.expire_all()
    sites = {a.name: a.site.name for a in db.session.scalars(db.select(Attendee))}
    assert sites == {"Trần Văn A": "Xã Vĩnh Bảo", "Lê Thị B": "Phường Lê Chân 2"}


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"site_id__text": "phuong le chan"}, "Hội nghị không có điểm cầu tên “phuong le chan”"),
        ({"site_id": "other"}, "Điểm cầu đã chọn không thuộc hội nghị này."),
        ({"site_id": "x"}, "Điểm cầu không hợp lệ."),
    ],
)
def test_a_site_that_is_not_this_conferences_is_refused_next_to_the_field(
    client, secretary, conference, units, cells, message
):
    if cells.get("site_id") == "other":
        other = Conference(title="Hội nghị khác", kind="review", format="online")
        services.set_organiser(other, units["city"])
        other.sites.append(Site(name="Xã Vĩnh Bảo", position=1))
        db.session.add(other)
        db.session.commit()
        cells = {"site_id": other.sites[0].id}
    url = f"/conferences/{conference.id}/attendees"
    response = post_from_page(client, url, data={"name": "Trần Văn A", "role": "delegate", **cells})
    assert response.status_code == 422
    assert message in text(response) and count(Attendee) == 0


def test_over_its_limit_the_site_search_answers_429_in_json(app, client, secretary, conference):
    app.config["PICKER_LIMIT"] = "2 per minute"
    assert _search(client, conference, "le").status_code == 200
    assert _search(client, conference, "le chan").status_code == 200
    refused = _search(client, conference, "le chan 1")
    assert refused.status_code == 429 and "Quá nhiều" in refused.get_json()["error"]
