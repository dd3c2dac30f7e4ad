"""Fixtures and helpers the practice-page tests share (this module has no tests of its own):
Debian's Chromium (never a downloaded one) driven by Playwright against a real ``codejudge
serve``, controls found by role and accessible name, screenshots under ``tmp_path`` (and, when
``CODEJUDGE_SCREENSHOTS`` names a folder, the README's copies there), and a WCAG contrast check
computed from the page's own computed styles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT, Server

CHROMIUM = Path("/usr/bin/chromium")
JUDGED_S = 180  # a verdict on 2 busy cores, compile and all tests included
JUDGED_MS = JUDGED_S * 1000


@pytest.fixture
def browser(chromium_browser: Browser) -> Browser:
    """The process's one Chromium (``tests/web/conftest.py``): Playwright's sync API allows
    one running instance per thread."""
    return chromium_browser


def new_page(browser: Browser, server: Server, **options: Any) -> Page:
    """A page in a fresh context (empty localStorage), light theme unless asked otherwise."""
    context = browser.new_context(
        base_url=server.url,
        viewport=options.pop("viewport", {"width": 1280, "height": 900}),
        color_scheme=options.pop("color_scheme", "light"),
        **options,
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    page = new_page(browser, server)
    yield page
    page.context.close()


def shot(
    page: Page, tmp_path: Path, name: str, *, readme: str | None = None, full_page: bool = False
) -> Path:
    """Save a screenshot as ``tmp_path/name``; with ``CODEJUDGE_SCREENSHOTS`` set, also as
    ``$CODEJUDGE_SCREENSHOTS/readme`` (a path relative to the repository's root)."""
    path = tmp_path / name
    page.screenshot(path=path, full_page=full_page)
    folder = os.environ.get("CODEJUDGE_SCREENSHOTS")
    if folder and readme:
        target = Path(folder) if Path(folder).is_absolute() else ROOT / folder
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=target / readme, full_page=full_page)
    return path


def open_problem(page: Page, slug: str = "two-sum", language: str | None = None) -> None:
    """Open a practice page and wait for its editor (and language select, if asked)."""
    page.goto(f"/problems/{slug}")
    expect(page.get_by_role("textbox", name="Code editor")).to_be_visible()
    if language:
        page.get_by_role("combobox", name="Language").select_option(language)
        expect(page.locator(".cm-content")).to_have_attribute("contenteditable", "true")


def write_solution(page: Page, code: str) -> None:
    """Replace the editor's text as a person would: select all, delete, type (one input event,
    so neither auto-indent nor bracket closing adds to it)."""
    editor = page.get_by_role("textbox", name="Code editor")
    editor.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    expect(editor).to_contain_text(code.strip().splitlines()[-1].strip())
    assert page.evaluate("window.codejudgeEditor.text").strip() == code.strip()


def result(page: Page) -> Any:
    return page.get_by_role("region", name="Result")


def wait_for_verdict(page: Page, verdict: str) -> None:
    expect(result(page).get_by_role("heading", name=verdict, exact=True)).to_be_visible(
        timeout=JUDGED_MS
    )


# WCAG 2.x contrast of every visible text node against the background it is drawn on
# (backgrounds composed up the ancestors, alpha included). AA: 4.5:1, or 3:1 for large text
# (>= 24 px, or >= 18.66 px bold). Disabled controls are exempt, as WCAG says.
CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (!a) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      layers.push(parse(getComputedStyle(e).backgroundColor));
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const exempt = "[disabled], [hidden], [aria-hidden=true], .visually-hidden, option";
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest(exempt)) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    const need = large ? 3 : 4.5;
    checked += 1;
    if (ratio < need) {
      const what = `${el.tagName.toLowerCase()}.${el.className} "${node.textContent.trim()}"`;
      const rgb = bg.slice(0, 3).map(Math.round).join(", ");
      failures.push(`${ratio.toFixed(2)} < ${need}: ${what} ${style.color} on rgb(${rgb})`);
    }
  }
  return { checked, failures: [...new Set(failures)] };
}
"""


def assert_contrast(page: Page, at_least: int = 10) -> None:
    """Every visible text on the page meets WCAG AA against its background."""
    report = page.evaluate(CONTRAST_JS)
    assert report["checked"] >= at_least, report
    assert not report["failures"], "\n".join(report["failures"])


def set_theme(page: Page, dark: bool) -> None:
    toggle = page.get_by_role("button", name="Dark theme")
    if (toggle.get_attribute("aria-pressed") == "true") != dark:
        toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark" if dark else "light")
