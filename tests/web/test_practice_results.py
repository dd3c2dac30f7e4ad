"""What the result panel and the history say beyond Accepted and a wrong answer, in Debian's
Chromium against a real ``codejudge serve`` with embedded workers: a limit verdict named with
the problem's limit and the test that hit it (not the sandbox's "killed by signal 9"), a
runtime error's message without an empty diff, and this browser's submissions told apart by
their time (their ids are not: a UUIDv7's first digits are the same for a minute)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Server
from tests.solutions import PYTHON_TWO_SUM, PYTHON_TWO_SUM_WRONG
from tests.web import support
from tests.web.support import (
    JUDGED_S,
    open_problem,
    result,
    shot,
    wait_for_verdict,
    write_solution,
)

browser = support.browser  # the fixtures
page = support.page
pytestmark = pytest.mark.timeout(JUDGED_S + 60)

LOOPS = """class Solution:
    def twoSum(self, nums, target):
        while True:
            pass
"""
CRASHES = """class Solution:
    def twoSum(self, nums, target):
        print("looking at", nums)
        raise ValueError("no pair here")
"""
DIFF = "Line diff of expected and actual output"


def test_a_time_limit_names_the_limit_and_the_test(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="python")
    limit = page.evaluate("window.codejudgeProblem.limits.time_ms")
    write_solution(page, LOOPS)
    page.get_by_role("button", name="Submit").click()
    wait_for_verdict(page, "Time limit exceeded")
    panel = result(page)
    expect(panel).to_contain_text(f"Time limit exceeded: over {limit} ms on test 1.")
    expect(panel).not_to_contain_text("killed by signal")
    failing = panel.get_by_role("region", name="Failing test")
    expect(failing.get_by_role("heading", name="Expected")).to_be_visible()
    expect(failing.get_by_role("table", name=DIFF)).to_have_count(0)  # nothing printed to diff
    expect(page.locator("#announcer")).to_have_text(re.compile("^Time limit exceeded: over"))
    shot(page, tmp_path, "time-limit.png")


def test_a_runtime_error_shows_its_message_not_an_empty_diff(page: Page, tmp_path: Path) -> None:
    open_problem(page, language="python")
    write_solution(page, CRASHES)
    page.get_by_role("button", name="Submit").click()
    wait_for_verdict(page, "Runtime error")
    failing = result(page).get_by_role("region", name="Failing test")
    expect(failing.get_by_role("heading", name="Message")).to_be_visible()
    expect(failing).to_contain_text("ValueError: no pair here")
    expect(failing.get_by_role("heading", name="Standard output")).to_be_visible()
    expect(failing).to_contain_text("looking at [2, 7, 11, 15]")
    expect(failing.get_by_role("heading", name="Expected")).to_be_visible()
    expect(result(page).get_by_role("table", name=DIFF)).to_have_count(0)
    shot(page, tmp_path, "runtime-error.png")
    page.get_by_role("button", name="Run").click()  # the samples of a run say the same
    wait_for_verdict(page, "Runtime error")
    first = result(page).get_by_role("article", name="Sample 1")
    expect(first).to_contain_text("ValueError: no pair here")
    expect(result(page).get_by_role("table", name=DIFF)).to_have_count(0)


def submit(server: Server, code: str) -> str:
    body = {"problem": "two-sum", "language": "python", "code": code}
    with server.client() as client:
        answer = client.post("/api/v1/submissions", json=body)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def test_the_history_tells_submissions_apart_by_their_time(
    page: Page, server: Server, tmp_path: Path
) -> None:
    """Three submissions in one minute (the same first 8 hex digits of their ids), two of them
    maybe in the same second: every button and message names its own."""
    ids = [submit(server, PYTHON_TWO_SUM_WRONG)]
    time.sleep(1.1)
    ids += [submit(server, PYTHON_TWO_SUM), submit(server, PYTHON_TWO_SUM)]
    open_problem(page)
    newest_first = list(reversed(ids))
    page.evaluate(
        "(ids) => localStorage.setItem('codejudge:history:two-sum', JSON.stringify(ids))",
        newest_first,
    )
    page.reload()
    page.get_by_role("tab", name="Submissions").click()
    history = page.get_by_role("table", name="Your submissions")
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(3)
    names = {}
    for row in rows.all():
        shown = row.locator("time").inner_text()
        load = row.get_by_role("button", name="Load", exact=False)
        name = load.get_attribute("aria-label") or ""
        assert name.startswith(f"Load the submission of {shown}"), (name, shown)
        assert name.endswith(" into the editor"), name
        names[row.get_attribute("data-id")] = name
    assert len(set(names.values())) == 3, names
    for kind in ("Show the result of", "Resubmit"):
        labels = history.get_by_role("button", name=re.compile(f"^{kind} the submission of"))
        assert len(set(labels.evaluate_all("(all) => all.map((b) => b.ariaLabel)"))) == 3
    chosen = names[ids[0]]
    page.get_by_role("button", name=chosen, exact=True).click()
    described = chosen.removeprefix("Load ").removesuffix(" into the editor")
    expect(result(page).get_by_role("status")).to_have_text(f"Loaded {described} into the editor.")
    assert page.evaluate("window.codejudgeEditor.text").strip() == PYTHON_TWO_SUM_WRONG.strip()
    shot(page, tmp_path, "history-names.png")
