"""Driving a unit picker as a person does: type part of the name, then choose a suggestion."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def pick(page: Page, label: str, typed: str, choose: str | None = None, *, keyboard: bool = False) -> None:
    """Type ``typed`` into the picker labelled ``label`` and choose the suggestion whose name
    is ``choose`` (default: ``typed``), with the mouse or, with ``keyboard``, arrows and Enter."""
    field = page.get_by_role("combobox", name=label, exact=True)
    field.fill("")
    field.press_sequentially(typed, delay=20)
    listbox = page.locator(f"#{field.get_attribute('id')}-list")
    option = listbox.get_by_role("option").filter(
        has=page.locator(".name", has_text=re.compile(rf"^{re.escape(choose or typed)}$"))
    )
    expect(option).to_have_count(1)
    if not keyboard:
        option.click()
    else:
        for _ in range(_index(listbox, choose or typed) + 1):
            field.press("ArrowDown")
        field.press("Enter")
    picker = field.locator("xpath=ancestor::div[contains(@class,'picker')][1]")
    expect(picker.locator(".chip", has_text=choose or typed).first).to_be_visible()


def _index(listbox, name: str) -> int:
    names = listbox.locator("[role=option] .name").all_inner_texts()
    return names.index(name)
