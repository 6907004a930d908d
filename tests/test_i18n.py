"""The English UI: switching language, and the English catalogue being complete and well-formed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.catalog import TranslationError
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po

import minutes
from minutes.clock import today
from minutes.extensions import db
from minutes.models import Conference, Directive
from minutes.tasks import services
from tests.support import login

CATALOGUE = Path(minutes.__file__).parent / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def text(response) -> str:
    return response.get_data(as_text=True)


def tag_texts(response, tag: str) -> list[str]:
    """The plain text of every ``<tag>`` element of the page, whitespace collapsed."""
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text(response), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f)).strip() for f in found]


def nav_texts(response) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', text(response), re.S)
    assert nav, "no main navigation on the page"
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<a\b[^>]*>(.*?)</a>", nav.group(0), re.S)]


def switch_to(client, code: str, next_path: str):
    return client.post(f"/language/{code}", data={"next": next_path})


@pytest.fixture
def task(units, users):
    conference = Conference(
        title="Hội nghị tổng kết năm 2021", kind="annual", period_year=2021, status="published"
    )
    directive = Directive(
        conference=conference,
        position=1,
        text="Hoàn thành kế hoạch kiểm tra, giám sát năm 2022.",
        due_date=today() + timedelta(days=30),
    )
    db.session.add_all([conference, directive])
    db.session.commit()
    result = services.assign(
        directive, users["secretariat"], [units["districts"][0]], due_date=today() + timedelta(days=10)
    )
    db.session.commit()
    return result.created[0]


# --- switching the UI language ---------------------------------------------------------------


def test_the_ui_is_vietnamese_until_english_is_chosen(client, secretary, task):
    page = client.get("/conferences/")
    assert page.status_code == 200
    assert tag_texts(page, "h1") == ["Hội nghị"]
    assert "Việc của tôi" in nav_texts(page)
    assert '<html lang="vi">' in text(page)


def test_switching_to_english_returns_to_the_page_named_in_next(client, secretary):
    response = switch_to(client, "en", "/conferences/?year=2021")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/conferences/?year=2021")


def test_switching_refuses_an_off_site_next(client, secretary):
    response = switch_to(client, "en", "https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_conference_list_in_english(client, secretary, task):
    switch_to(client, "en", "/conferences/")
    page = client.get("/conferences/")
    assert page.status_code == 200
    assert '<html lang="en">' in text(page)
    assert tag_texts(page, "h1") == ["Conferences"]
    assert tag_texts(page, "title") == ["Conferences · minutes"]
    nav = nav_texts(page)
    assert nav[:3] == ["Conferences", "My tasks", "Follow-up"]
    assert "Calendar" in nav
    for vietnamese in ("Hội nghị", "Việc của tôi", "Theo dõi", "Lịch"):
        assert vietnamese not in nav
    headers = tag_texts(page, "th")
    assert headers == ["Conferences", "Period", "Time", "Organiser", "Sites", "Status"]
    for vietnamese in ("Kỳ", "Thời gian", "Cơ quan tổ chức", "Trạng thái"):
        assert vietnamese not in headers
    assert "1 conference" in text(page)
    assert "Sign out" in text(page) and "Đăng xuất" not in text(page)


def test_my_tasks_and_a_task_page_in_english(client, secretary, task):
    switch_to(client, "en", "/tasks/mine")

    mine = client.get("/tasks/mine")
    assert mine.status_code == 200
    assert tag_texts(mine, "h1") == ["My tasks"]
    assert "Việc của tôi" not in text(mine)
    assert "1 task" in text(mine)
    assert "Lead unit" in tag_texts(mine, "th")
    assert "Đơn vị chủ trì" not in text(mine)

    shown = client.get(f"/tasks/{task.id}")
    assert shown.status_code == 200
    headings = tag_texts(shown, "h2")
    assert "About this task" in headings and "Thông tin nhiệm vụ" not in headings
    assert "History" in tag_texts(shown, "h3") + headings
    facts = tag_texts(shown, "dt")
    assert {"Lead unit", "Deadline", "Progress"} <= set(facts)
    assert not {"Đơn vị chủ trì", "Thời hạn", "Tiến độ"} & set(facts)
    assert "Directive 1" in text(shown) and "Chỉ đạo 1" not in text(shown)


def test_login_page_in_english(client, users):
    switch_to(client, "en", "/login")
    page = client.get("/login")
    assert page.status_code == 200
    assert tag_texts(page, "h1") == ["Sign in"]
    assert "Đăng nhập" not in text(page)
    labels = tag_texts(page, "label")
    assert "Username" in labels and "Password" in labels
    assert "Tên đăng nhập" not in labels and "Mật khẩu" not in labels
    # The switch offers the way back, in its own language.
    assert "Tiếng Việt" in text(page)


def test_a_wrong_password_is_reported_in_english(client, users):
    switch_to(client, "en", "/login")
    page = client.post("/login", data={"username": "thuky", "password": "wrong"})
    assert "Incorrect username or password." in text(page)


def test_switching_back_to_vietnamese(client, secretary):
    switch_to(client, "en", "/conferences/")
    switch_to(client, "vi", "/conferences/")
    page = client.get("/conferences/")
    assert tag_texts(page, "h1") == ["Hội nghị"]


def test_an_unknown_language_is_ignored(client, secretary):
    switch_to(client, "en", "/conferences/")
    switch_to(client, "xx", "/conferences/")
    assert tag_texts(client.get("/conferences/"), "h1") == ["Conferences"]


# --- the catalogue ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open("rb") as f:
        return read_po(f, locale="en")


def messages(catalogue):
    return [m for m in catalogue if m.id]  # the header has an empty id


def test_catalogue_is_not_empty(catalogue):
    assert len(messages(catalogue)) > 400


def test_every_message_is_translated(catalogue):
    untranslated = []
    for m in messages(catalogue):
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s and s.strip() for s in strings):
            untranslated.append(m.id)
    assert untranslated == []


def test_plural_messages_have_a_singular_and_a_plural(catalogue):
    plurals = [m for m in messages(catalogue) if m.pluralizable]
    assert plurals
    for m in plurals:
        assert len(m.string) == 2, m.id
        singular, plural = m.string
        assert singular != plural, m.id


def test_every_translation_keeps_the_placeholders(catalogue):
    broken = []
    for m in messages(catalogue):
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[0]))
        percents = ids[0].count("%%")
        for s in strings:
            if sorted(PLACEHOLDER.findall(s)) != wanted or s.count("%%") != percents:
                broken.append((ids[0], s))
    assert broken == []


def test_translations_keep_leading_and_trailing_spaces(catalogue):
    for m in messages(catalogue):
        msgid = m.id[0] if isinstance(m.id, tuple) else m.id
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            assert (msgid[:1].isspace(), msgid[-1:].isspace()) == (s[:1].isspace(), s[-1:].isspace()), msgid


def test_catalogue_has_no_format_errors(catalogue):
    """What ``pybabel compile`` checks: each translation formats like its msgid."""
    errors = []
    for m in messages(catalogue):
        try:
            python_format(catalogue, m)
        except TranslationError as exc:
            errors.append((m.id, str(exc)))
    assert errors == []


def test_the_chosen_language_survives_signing_in(client, users):
    client.post("/language/en", data={"next": "/login"})
    login(client, "thuky")
    page = client.get("/conferences/").get_data(as_text=True)
    assert "Conferences" in page
