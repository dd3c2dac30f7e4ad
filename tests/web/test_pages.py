"""The browser UI in a real Chromium (Debian's, never a downloaded one) against a real
``codejudge serve``: the list, the practice page, a submission judged live. Controls are found
by role and accessible name; each page touched is saved as a screenshot under ``tmp_path``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
JUDGED_S = 180  # a verdict on 2 busy cores, compile and all tests included

CORRECT = """class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
        return []
"""
WRONG = """class Solution:
    def twoSum(self, nums, target):
        return [0, 0]
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    yield page
    context.close()


def open_two_sum(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    link = page.get_by_role("link", name="Two Sum")
    expect(link).to_be_visible()
    page.screenshot(path=tmp_path / "list.png", full_page=True)
    link.click()
    expect(page.get_by_role("heading", name="Two Sum", level=1)).to_be_visible()
    expect(page.get_by_role("textbox", name="Code editor")).to_contain_text("twoSum")


def write_solution(page: Page, code: str) -> None:
    editor = page.get_by_role("textbox", name="Code editor")
    editor.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)  # as typed text arrives: one input, no auto-indent on top
    expect(editor).to_contain_text(code.splitlines()[-1].strip())


def test_the_list_filters_by_search(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    rows = page.get_by_role("row")
    everything = rows.count()
    page.get_by_role("searchbox", name="Search problems").fill("two sum")
    expect(page.get_by_role("link", name="Two Sum")).to_be_visible()
    expect(rows).not_to_have_count(everything)
    page.get_by_role("searchbox", name="Search problems").fill("no such problem at all")
    expect(rows).to_have_count(1)  # the header only
    page.screenshot(path=tmp_path / "list-search.png", full_page=True)


def test_a_correct_solution_is_accepted_live_and_the_draft_is_kept(
    page: Page, tmp_path: Path
) -> None:
    open_two_sum(page, tmp_path)
    page.get_by_role("combobox", name="Language").select_option("python")
    write_solution(page, CORRECT)
    page.screenshot(path=tmp_path / "problem.png")
    page.get_by_role("button", name="Submit").click()
    result = page.get_by_role("region", name="Result")
    expect(result.get_by_role("heading", name="Accepted")).to_be_visible(timeout=JUDGED_S * 1000)
    tests = result.get_by_role("table", name="Tests").locator("tbody").get_by_role("row")
    expect(tests.first).to_contain_text("accepted")
    expect(result).to_contain_text(re.compile(r"(\d+) / \1 tests passed"))
    page.screenshot(path=tmp_path / "accepted.png")
    page.reload()
    expect(page.get_by_role("textbox", name="Code editor")).to_contain_text("seen[x] = i")


def test_a_wrong_solution_shows_expected_and_actual(page: Page, tmp_path: Path) -> None:
    open_two_sum(page, tmp_path)
    page.get_by_role("combobox", name="Language").select_option("python")
    write_solution(page, WRONG)
    page.keyboard.press("ControlOrMeta+Shift+Enter")
    result = page.get_by_role("region", name="Result")
    expect(result.get_by_role("heading", name="Wrong answer")).to_be_visible(
        timeout=JUDGED_S * 1000
    )
    expect(result.get_by_role("heading", name="Expected")).to_be_visible()
    expect(result.get_by_role("heading", name="Actual")).to_be_visible()
    expect(result).to_contain_text(re.compile(r"\[0, ?0\]"))
    page.screenshot(path=tmp_path / "wrong-answer.png")
