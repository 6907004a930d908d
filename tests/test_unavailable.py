"""With the database unreachable, a page answers 503 with a page of its own, not a bare 500 from
the error page querying the database again for the signed-in user."""

from __future__ import annotations

import pytest

from config import TestConfig
from minutes import create_app
from tests.support import login, plain

MESSAGE_VI = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu."
MESSAGE_EN = "The system cannot reach its database at the moment."


@pytest.fixture
def unreachable(app, tmp_path):
    """The same app (same secret key, so the same sessions) on a database that cannot be
    opened: an SQLite file in a folder that does not exist."""
    gone = type(
        "Unreachable",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no-such-folder' / 'minutes.db'}"},
    )
    return create_app(gone)


def moved(client, unreachable):
    """A client of ``unreachable`` holding ``client``'s cookies (its session)."""
    other = unreachable.test_client()
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def test_a_signed_in_page_answers_503_without_the_database(client, users, unreachable):
    assert login(client, "thuky").status_code == 302
    response = moved(client, unreachable).get("/conferences/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert MESSAGE_VI in plain(response)
    assert "Thư ký" not in plain(response)  # nothing of the user: that would need the database
    assert response.headers["Content-Security-Policy"]  # still the usual headers


def test_a_sign_in_attempt_answers_503_without_the_database(client, unreachable):
    response = unreachable.test_client().post("/login", data={"username": "thuky", "password": "x"})
    assert response.status_code == 503
    assert MESSAGE_VI in plain(response)
    assert int(response.headers["Retry-After"]) > 0  # the sign-in limiter sets its own value here


def test_the_503_page_speaks_english_when_chosen(client, users, unreachable):
    login(client, "thuky")
    client.post("/language/en")
    response = moved(client, unreachable).get("/tasks/dashboard")
    assert response.status_code == 503
    assert MESSAGE_EN in plain(response)
    assert "Service temporarily unavailable" in plain(response)


def test_a_feed_gets_a_bare_503(unreachable):
    response = unreachable.test_client().get("/calendar/feed/abc.def/mine.ics")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "503\n" and response.headers["Retry-After"] == "30"
