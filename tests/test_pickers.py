"""Unit pickers: search over folded names within the user's scope, external bodies on the spot."""

from minutes.extensions import db
from minutes.models import Organisation
from tests.support import login, make_user, search_ids


def test_search_is_diacritic_insensitive_scoped_and_shows_the_place(client, units):
    make_user("thuky", "secretariat", units["city"])
    login(client, "thuky")
    le_chan = units["districts"][0]
    assert search_ids(client, "le chan") == {le_chan.id}
    rows = client.get("/units/search", query_string={"q": "LÊ CHÂN"}).get_json()["results"]
    assert rows[0]["place"] == "Thành ủy Hải Phòng"
    assert search_ids(client, "tay ninh") == set()  # outside the city's tree
    assert search_ids(client, "tay ninh", scope="any") == {units["other"].id}  # a guest's unit


def test_search_answers_with_a_constant_number_of_queries(client, units, count_queries):
    make_user("thuky", "secretariat", units["city"])
    login(client, "thuky")
    for i in range(60):
        db.session.add(Organisation(name=f"Chi bộ {i}", level="cell", parent=units["districts"][i % 3]))
    db.session.commit()
    search_ids(client, "chi")  # warm up: the first request also loads the session's user
    with count_queries() as few:
        search_ids(client, "chi bo 1")
    with count_queries() as many:
        search_ids(client, "chi bo")
    assert len(many) == len(few)


def test_an_external_body_added_on_the_spot_can_organise_and_is_not_duplicated(client, units):
    make_user("thuky", "secretariat", units["city"])
    login(client, "thuky")
    token = client.get("/conferences/new").get_data(as_text=True).split('name="csrf_token" value="')[1]
    token = token.split('"')[0]
    body = {"name": "Ủy ban Kiểm tra Tỉnh ủy Khánh Hòa", "level": "province"}
    first = client.post("/units/external", json=body, headers={"X-CSRFToken": token})
    assert first.status_code == 201 and first.get_json()["external"] is True
    again = client.post(
        "/units/external",
        json={**body, "name": "uy ban kiem tra tinh uy khanh hoa"},
        headers={"X-CSRFToken": token},
    )
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert search_ids(client, "khanh hoa") == {first.get_json()["id"]}  # in the city's scope
    empty = client.post("/units/external", json={"name": "  "}, headers={"X-CSRFToken": token})
    assert empty.status_code == 422 and empty.get_json()["field"] == "name"


def test_the_121st_search_in_a_minute_is_refused_in_json_and_only_for_that_user(app, units):
    make_user("thuky", "secretariat", units["city"])
    make_user("thukyhp", "secretariat", units["city"])
    busy, other = app.test_client(), app.test_client()
    login(busy, "thuky")
    login(other, "thukyhp")
    for i in range(120):
        assert busy.get("/units/search", query_string={"q": f"le chan {i}"}).status_code == 200
    refused = busy.get("/units/search", query_string={"q": "le chan"})
    assert refused.status_code == 429
    assert refused.is_json and "Quá nhiều" in refused.get_json()["error"]
    assert refused.headers.get("Retry-After")
    assert search_ids(other, "le chan") == {units["districts"][0].id}  # another user searches on
