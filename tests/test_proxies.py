"""PROXY_HOPS: behind N trusted reverse proxies the client is the one they name in
X-Forwarded-For, and the scheme the one in X-Forwarded-Proto; with 0 both headers are ignored."""

from __future__ import annotations

import pytest

from config import TestConfig
from minutes.extensions import db
from minutes.models import AuditEvent
from tests.support import PASSWORD

CLIENT, OTHER, SPOOFED = "203.0.113.7", "198.51.100.9", "10.6.6.6"


@pytest.fixture
def proxy_hops() -> int:
    return 0


@pytest.fixture(autouse=True)
def _trusted_proxies(proxy_hops, monkeypatch):
    """The app of each test is built with ``proxy_hops`` (parametrised per test)."""
    monkeypatch.setattr(TestConfig, "PROXY_HOPS", proxy_hops, raising=False)


def failed_sign_in(client, forwarded_for: str, username: str = "thuky"):
    return client.post(
        "/login",
        data={"username": username, "password": "đoán bừa"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def last_address() -> str:
    return db.session.scalars(db.select(AuditEvent.address).order_by(AuditEvent.id.desc())).first()


@pytest.mark.parametrize("proxy_hops", [1])
def test_behind_one_proxy_the_audit_trail_records_the_forwarded_client(app, users):
    client = app.test_client()
    assert failed_sign_in(client, CLIENT).status_code == 200
    assert last_address() == CLIENT
    # A client's own X-Forwarded-For entry comes before the proxy's and is not believed.
    failed_sign_in(client, f"{SPOOFED}, {CLIENT}")
    assert last_address() == CLIENT


@pytest.mark.parametrize("proxy_hops", [2])
def test_two_hops_take_the_address_the_outer_proxy_saw(app, users):
    failed_sign_in(app.test_client(), f"{SPOOFED}, {CLIENT}, 10.0.0.2")
    assert last_address() == CLIENT


@pytest.mark.parametrize("proxy_hops", [1])
def test_behind_one_proxy_the_address_limit_counts_per_forwarded_client(app, users):
    app.config.update(LOGIN_LIMIT_ADDRESS="3 per minute", LOGIN_LIMIT_ACCOUNT="100 per minute")
    client = app.test_client()
    for _ in range(3):
        assert failed_sign_in(client, CLIENT).status_code == 200
    assert failed_sign_in(client, CLIENT).status_code == 429
    assert failed_sign_in(client, f"{OTHER}, {CLIENT}").status_code == 429  # spoofing does not help
    # Another client behind the same proxy (same REMOTE_ADDR) still may try.
    assert failed_sign_in(client, OTHER).status_code == 200


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app, users):
    app.config.update(LOGIN_LIMIT_ADDRESS="3 per minute", LOGIN_LIMIT_ACCOUNT="100 per minute")
    client = app.test_client()
    assert failed_sign_in(client, CLIENT).status_code == 200
    assert last_address() == "127.0.0.1"  # the test client's own address
    failed_sign_in(client, OTHER)
    failed_sign_in(client, "192.0.2.1")
    # All from one connecting address, whatever the header says: the limit is reached.
    assert failed_sign_in(client, "192.0.2.2").status_code == 429


def _https_sign_in(app):
    return app.test_client().post(
        "/login", data={"username": "thuky", "password": PASSWORD}, headers={"X-Forwarded-Proto": "https"}
    )


@pytest.mark.parametrize("proxy_hops", [1])
def test_behind_a_tls_proxy_hsts_and_the_secure_cookie_follow_the_forwarded_scheme(app, users):
    page = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    signed_in = _https_sign_in(app)
    assert signed_in.status_code == 302
    assert "Secure" in signed_in.headers["Set-Cookie"]
    # Plain HTTP through the same proxy: neither.
    plain = app.test_client().get("/login", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_without_trusted_proxies_x_forwarded_proto_is_ignored(app, users):
    page = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in page.headers
    signed_in = _https_sign_in(app)
    assert signed_in.status_code == 302
    assert "Secure" not in signed_in.headers["Set-Cookie"]
