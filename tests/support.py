"""Helpers shared by the tests: make a user, sign in, read a response, count rows."""
from __future__ import annotations

import re
import socket

from minutes.extensions import db
from minutes.models import Organisation, User

PASSWORD = "correct horse battery"


def make_user(username: str, role: str, unit: Organisation) -> User:
    user = User(username=username, full_name=username.title(), role=role, organisation=unit)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def login(client, username: str, password: str = PASSWORD):
    """Sign in as ``username`` (signing out whoever was signed in on this client)."""
    client.post("/logout")
    return client.post("/login", data={"username": username, "password": password})


def text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def plain(response) -> str:
    """The response body without tags, whitespace collapsed: what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def count(model) -> int:
    """Rows of ``model`` in the database."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def version_of(response) -> str:
    """The ``version`` hidden field of the first form on the page (what a browser posts back)."""
    found = re.search(r'name="version" value="(\d+)"', text(response))
    assert found, "the page has no version field"
    return found.group(1)
