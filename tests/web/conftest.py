"""Shared browser fixtures for the UI tests: Debian's Chromium (never a downloaded one), driven
headless by Playwright, and a screenshot saver.

``chromium_browser`` is one browser per test process (each test opens its own context);
``screenshot(page, name)`` writes ``tmp_path/<name>.png`` for the person reading the test run,
and with ``readme=True`` also ``$CODEJUDGE_SCREENSHOTS/<name>.png`` when that variable is set
(``make screenshots`` sets it to ``docs/screenshots``: the README's pictures)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]


class Screenshot(Protocol):
    def __call__(self, page: Page, name: str, *, readme: bool = False) -> Path: ...


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """Debian's headless Chromium, shared by the tests of this process."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def screenshot(tmp_path: Path) -> Screenshot:
    """Save a full-page PNG of ``page`` under ``tmp_path`` (and the README's folder if asked)."""

    def save(page: Page, name: str, *, readme: bool = False) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        folder = os.environ.get("CODEJUDGE_SCREENSHOTS")
        if readme and folder:
            target = Path(folder) if Path(folder).is_absolute() else ROOT / folder
            target.mkdir(parents=True, exist_ok=True)
            (target / f"{name}.png").write_bytes(path.read_bytes())
        return path

    return save
