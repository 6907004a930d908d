"""Signing in as a person does, and waiting until it is done: a test that goes on to another
page before the sign-in has answered races it (and is then, now and then, not signed in)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "mật khẩu đủ dài"


def log_in(page: Page, base: str, username: str = "thuky", password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_label("Mật khẩu").press("Enter")  # the keyboard is enough
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
