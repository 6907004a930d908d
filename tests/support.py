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


_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
_ACTION = re.compile(r'action="([^"]*)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
_PAGES = [  # a conference action URL → the page its form is on
    (re.compile(r"^(/conferences/\d+)/(reopen|delete)$"), r"\1"),  # publish: from its checklist page
    (re.compile(r"^(/conferences/\d+)/sites/(bulk|paste|\d+/delete)$"), r"\1/sites"),
    (re.compile(r"^(/conferences/\d+)/attendees/\d+/delete$"), r"\1/attendees"),
    (re.compile(r"^(/conferences/\d+)/reports/\d+/(move/\w+|delete)$"), r"\1/reports"),
    (re.compile(r"^(/conferences/\d+/reports/\d+)/figures$"), r"\1"),
    (re.compile(r"^(/conferences/\d+)/directives/\d+/(move/\w+|delete)$"), r"\1/conclusion"),
    (re.compile(r"^(/tasks/\d+)/(complete|progress|reopen|extension|delegate|cancel)$"), r"\1"),
]


def page_of(action: str) -> str:
    """The page a browser posts ``action`` from (an edit or add form posts to its own page)."""
    for pattern, page in _PAGES:
        if pattern.match(action):
            return pattern.sub(page, action)
    return action


def version_on(page_html: str, action: str) -> str | None:
    """The ``version`` of the form on the page that posts to ``action`` (a form without an
    action posts to the page itself), else the first version on the page, else None."""
    fallback = None
    for attributes, body in _FORM.findall(page_html):
        found = _VERSION.search(body)
        if not found:
            continue
        fallback = fallback or found.group(1)
        target = _ACTION.search(attributes)
        if target and target.group(1).replace("&amp;", "&") == action:
            return found.group(1)
    return fallback


def post_from_page(client, action: str, data: dict | None = None, page: str | None = None, **options):
    """POST ``data`` to ``action`` as a person would: open the page the form is on first and
    send back the version the form was built from."""
    page = page or page_of(action)
    shown = client.get(page)
    version = version_on(text(shown), action) if shown.status_code == 200 else None
    data = dict(data or {})
    if version is not None:
        data.setdefault("version", version)
    return client.post(action, data=data, **options)


def picked_ids(page: str, name: str) -> list[str]:
    """The ids a unit picker named ``name`` shows as picked (its checked chips)."""
    return re.findall(rf'<input type="checkbox" name="{re.escape(name)}" value="(\d+)" checked>', page)


def search_ids(client, q: str, scope: str = "mine", **args) -> set[int]:
    """The ids the unit picker's search offers for ``q``."""
    response = client.get("/units/search", query_string={"q": q, "scope": scope, **args})
    assert response.status_code == 200, response.get_data(as_text=True)
    return {row["id"] for row in response.get_json()["results"]}
