"""Hardening that every response and every start of the app must carry."""

from __future__ import annotations

import stat

import pytest

import config
from minutes import create_app
from tests.databases import URL
from tests.support import login


def test_security_headers_on_pages_errors_and_feeds(client, users):
    for url in ("/login", "/conferences/", "/calendar/feed/nope/mine.ics", "/no-such-page"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
    login(client, "thuky")
    assert "Content-Security-Policy" in client.get("/tasks/dashboard").headers


def test_pages_have_no_inline_script_or_style(client, users):
    login(client, "thuky")
    for url in ("/conferences/", "/conferences/new", "/tasks/dashboard", "/calendar/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "onclick" not in html, url


class Production(config.Config):
    SQLALCHEMY_DATABASE_URI = URL


def test_a_random_key_is_created_once_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTES_INSTANCE", str(tmp_path))
    monkeypatch.setattr(Production, "SECRET_KEY", None)
    first = create_app(Production).config["SECRET_KEY"]
    second = create_app(Production).config["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text() and len(first) >= 48
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("weak", ["dev-only-not-secret", "changeme", "short-key"])
def test_the_app_refuses_to_start_with_a_known_or_short_key(tmp_path, monkeypatch, weak):
    monkeypatch.setenv("MINUTES_INSTANCE", str(tmp_path))
    monkeypatch.setattr(Production, "SECRET_KEY", weak)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_session_cookie_is_secure_over_https_httponly_and_lax(app, users):
    client = app.test_client()
    response = client.post(
        "/login",
        data={"username": "thuky", "password": "correct horse battery"},
        base_url="https://minutes.example",
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = app.test_client().post("/login", data={"username": "thuky", "password": "correct horse battery"})
    assert "Secure" not in plain.headers["Set-Cookie"]  # plain HTTP on the intranet still works


def test_signed_in_pages_are_never_stored(client, users):
    login(client, "thuky")
    for url in ("/conferences/", "/tasks/dashboard", "/calendar/", "/account/password"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_the_login_page_and_feeds_are_not_marked_no_store(app, client, users):
    from minutes.calendar import services as cal
    from minutes.extensions import db

    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    token = cal.token_string(cal.regenerate(users["officer"]))
    db.session.commit()
    login(client, "thuky")  # even fetched from a signed-in browser, a feed is revalidated
    feed = client.get(f"/calendar/feed/{token}/mine.ics")
    assert feed.status_code == 200
    assert feed.headers["Cache-Control"] == "private, max-age=0, must-revalidate"
    anonymous = app.test_client().get(f"/calendar/feed/{token}/mine.ics")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")


def test_strict_transport_security_only_over_https(client, users):
    https = {"wsgi.url_scheme": "https"}
    for url in ("/login", "/no-such-page"):
        response = client.get(url, environ_overrides=https)
        assert response.headers["Strict-Transport-Security"].startswith("max-age="), url
        assert (
            int(response.headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 180 * 24 * 3600
        )
    assert "Strict-Transport-Security" not in client.get("/login").headers
