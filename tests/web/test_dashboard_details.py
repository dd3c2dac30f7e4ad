"""The dashboard's dead letters and recent submissions at a laptop's width, in Debian's
Chromium against a real ``codejudge serve``: a dead letter's Re-drive and Delete stay whole on
screen beside a long last error; a submission's id opens its details in a dialog inside the
dashboard (verdict, tests, compile output, code, a link to the raw JSON); the filters, the
history window and the open submission live in the URL, so a reload keeps them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import Server
from tests.solutions import PYTHON_TWO_SUM_WRONG
from tests.web.conftest import Screenshot
from tests.web.support import JUDGED_S
from tests.web.test_dashboard import (
    CONTRAST_JS,
    LIVE_MS,
    WORKER,
    dead_row,
    open_page,  # noqa: F401 (the fixture)
    sqlite_queue,
    stat,
    submit,
)

pytestmark = pytest.mark.timeout(JUDGED_S + 120)

# What a crashed judge may leave: a long line, a path without spaces, a traceback's tail.
LONG_ERROR = (
    "_InternalError: the answer is over the judge's 64 MiB answer limit while reading "
    "/var/lib/codejudge/boxes/0123456789abcdef0123456789abcdef/stdout-of-the-solution "
    + "x" * 120
    + " and then the worker gave up after its last retry"
)
BROKEN_PYTHON = "class Solution:\n    def twoSum(self, nums, target)\n        return []\n"


def whole_and_on_top(page: Page, control: Locator) -> None:
    """``control`` is entirely in the viewport, not clipped, and what a click there hits."""
    expect(control).to_be_in_viewport(ratio=1)
    box = control.bounding_box()
    assert box is not None
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    on_top = "(node, [x, y]) => document.elementFromPoint(x, y)?.closest('button') === node"
    assert control.evaluate(on_top, centre)


@pytest.mark.parametrize("width", [1400, 1000])
def test_a_dead_letters_actions_stay_on_screen_beside_a_long_error(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],  # noqa: F811
    screenshot: Screenshot,
    width: int,
) -> None:
    server = server_factory(workers=0)
    queue = sqlite_queue(server)
    with server.client() as client:
        job = submit(client)
    for delivery in (1, 2):
        (lease,) = queue.claim(WORKER, 1, 300)
        assert (lease.job_id, lease.delivery) == (job, delivery)
        queue.fail(lease, LONG_ERROR)
    queue.close()
    page = open_page(server, viewport={"width": width, "height": 900})
    page.goto("/dashboard")
    expect(stat(page, "Dead")).to_have_text("1", timeout=LIVE_MS)
    row = dead_row(page, job)
    expect(row).to_contain_text("the answer is over the judge's 64 MiB")
    row.scroll_into_view_if_needed()
    for action in ("Re-drive", "Delete"):
        whole_and_on_top(page, row.get_by_role("button", name=f"{action} {job}"))
    assert row.locator("td").nth(6).get_attribute("title") == LONG_ERROR  # all of it, on hover
    screenshot(page, f"dead-letters-{width}")


def finished(server: Server, code: str) -> dict[str, Any]:
    """Submit ``code`` for two-sum in Python and wait for its verdict."""
    with server.client() as client:
        job = submit(client, code)
        deadline = time.monotonic() + JUDGED_S
        while time.monotonic() < deadline:
            body = client.get(f"/api/v1/submissions/{job}").json()
            if body["status"] == "finished":
                return dict(body)
            time.sleep(0.5)
    raise AssertionError(f"{job} was not judged in {JUDGED_S} s")


def test_a_submission_opens_in_a_dialog_and_the_url_keeps_the_view(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],  # noqa: F811
    screenshot: Screenshot,
) -> None:
    server = server_factory(workers=1)
    wrong = finished(server, PYTHON_TWO_SUM_WRONG)
    broken = finished(server, BROKEN_PYTHON)
    assert (wrong["verdict"], broken["verdict"]) == ("wrong_answer", "compile_error")
    page = open_page(server)
    page.goto("/dashboard?verdict=wrong_answer&minutes=15")
    expect(page.get_by_role("combobox", name="Verdict")).to_have_value("wrong_answer")
    expect(page.get_by_role("combobox", name="History window")).to_have_value("15")
    expect(page.locator("#history-summary")).to_contain_text("last 15 minutes", timeout=LIVE_MS)
    subs = page.get_by_role("table", name="Recent submissions")
    rows = subs.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1, timeout=LIVE_MS)  # the wrong answer only
    link = subs.get_by_role("link", name=wrong["id"])
    link.click()
    dialog = page.get_by_role("dialog", name=f"Submission {wrong['id']}")
    expect(dialog).to_be_visible()
    assert page.url.split("?")[0].endswith("/dashboard")  # still the dashboard, not JSON
    assert f"submission={wrong['id']}" in page.url
    expect(dialog.get_by_role("heading", name="Wrong answer", exact=True)).to_be_visible()
    expect(dialog.get_by_role("table", name="Tests").locator("tbody tr")).not_to_have_count(0)
    expect(dialog.get_by_role("region", name="Failing test")).to_contain_text("nums = [")
    expect(dialog.get_by_role("region", name="Code")).to_contain_text("return [0, 1]")
    expect(dialog).to_contain_text("two-sum")
    raw = dialog.get_by_role("link", name="Raw JSON")
    expect(raw).to_have_attribute("href", f"/api/v1/submissions/{wrong['id']}")
    screenshot(page, "submission-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()  # back where the person was
    # A dialog's close event is a task queued after close() (focus returns before it runs).
    expect(page).not_to_have_url(re.compile(r"[?&]submission="))

    page.get_by_role("combobox", name="Verdict").select_option("")
    page.get_by_role("combobox", name="Problem").select_option("two-sum")
    expect(rows).to_have_count(2, timeout=LIVE_MS)
    assert "problem=two-sum" in page.url and "verdict=" not in page.url
    page.goto(re.sub(r"\?.*", "", page.url) + f"?problem=two-sum&submission={broken['id']}")
    dialog = page.get_by_role("dialog", name=f"Submission {broken['id']}")
    expect(dialog.get_by_role("heading", name="Compile error", exact=True)).to_be_visible()
    expect(dialog.get_by_role("heading", name="Compile output")).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    code = dialog.get_by_role("region", name="Code")
    expect(code).to_contain_text("def twoSum")
    dialog.get_by_role("button", name=re.compile("^Go to line 2")).click()
    expect(code.locator(".line.hit")).to_have_text(re.compile("def twoSum"))
    screenshot(page, "submission-dialog-compile-error")
    page.evaluate("localStorage.setItem('codejudge:theme', 'dark')")
    page.reload()  # the URL still opens the dialog, now in the dark theme
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(dialog.get_by_role("heading", name="Compile output")).to_be_visible()
    assert page.evaluate(CONTRAST_JS) == []
    screenshot(page, "submission-dialog-dark")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("combobox", name="Problem")).to_have_value("two-sum")
    expect(rows).to_have_count(2, timeout=LIVE_MS)
