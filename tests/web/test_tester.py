"""The tester view (/tester) in Debian's Chromium against a real ``codejudge serve --workers 0``:
a raw job posted to the seed's ``POST /submit`` waits in the queue until ``GET /worker``
judges it in the request; the raw JSON responses and the live log (requests, responses and the
job's server-sent events) show each step. A malformed raw body shows the server's 400, an
incomplete one its 422."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Server
from tests.solutions import PYTHON_TWO_SUM
from tests.web import support
from tests.web.support import JUDGED_MS, JUDGED_S, new_page, shot

browser = support.browser  # the fixture
pytestmark = pytest.mark.timeout(JUDGED_S + 60)


def response_json(page: Page, status: int) -> dict[str, object]:
    """The raw response shown: "HTTP <status>" on the first line, then the JSON body."""
    first, _, body = page.get_by_label("Response").inner_text().partition("\n")
    assert first == f"HTTP {status}"
    parsed = json.loads(body)
    assert isinstance(parsed, dict)
    return parsed


def open_tester(browser: Browser, server: Server) -> Page:
    page = new_page(browser, server)
    page.goto("/tester")
    expect(page.get_by_role("button", name="POST /submit")).to_be_visible()
    return page


def test_a_raw_job_is_posted_then_judged_by_get_worker(
    browser: Browser, server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    page = open_tester(browser, server_factory(workers=0))
    try:
        page.get_by_label("Problem id").select_option("two-sum")
        page.get_by_label("Language").select_option("python")
        page.get_by_label("Code", exact=True).fill(PYTHON_TWO_SUM)
        raw = json.loads(page.get_by_label("Raw body (JSON, sent as typed)").input_value())
        assert raw == {"problemId": "two-sum", "code": PYTHON_TWO_SUM, "language": "python"}
        page.get_by_role("button", name="POST /submit").click()
        expect(page.get_by_label("Response")).to_contain_text("HTTP 202")
        posted = response_json(page, 202)
        assert posted["status"] == "queued" and posted["links"]
        log = page.get_by_role("log", name="Log")
        expect(log).to_contain_text("POST /submit")
        expect(log).to_contain_text("202 POST /submit")
        expect(page.get_by_label("Submission id")).to_have_value(str(posted["id"]))
        expect(log).to_contain_text(re.compile(r"event.*queued"))  # the job's own events
        page.get_by_role("button", name="GET /worker").click()
        response = page.get_by_label("Response")
        expect(response).to_contain_text('"verdict": "accepted"', timeout=JUDGED_MS)
        processed = response_json(page, 200)["processed"]
        assert isinstance(processed, dict) and processed["id"] == posted["id"]
        expect(log).to_contain_text("200 GET /worker")
        expect(log).to_contain_text(re.compile(r"event.*finished verdict=accepted"))
        page.get_by_role("button", name="GET /worker").click()  # nothing left
        expect(page.get_by_label("Response")).to_contain_text("the queue is empty")
        page.get_by_role("button", name="GET submission").click()
        expect(page.get_by_label("Response")).to_contain_text(f'"id": "{posted["id"]}"')
        shot(page, tmp_path, "tester.png", readme="tester.png", full_page=True)
    finally:
        page.context.close()


def test_a_malformed_raw_body_shows_the_servers_answer(browser: Browser, server: Server) -> None:
    page = open_tester(browser, server)
    try:
        raw = page.get_by_label("Raw body (JSON, sent as typed)")
        raw.fill('{"problemId": "two-sum"')
        page.get_by_role("button", name="POST /submit").click()
        expect(page.get_by_label("Response")).to_contain_text("HTTP 400")
        expect(page.get_by_label("Response")).to_contain_text("malformed_json")
        raw.fill('{"problemId": "two-sum"}')  # no code
        page.get_by_role("button", name="POST /submit").click()
        expect(page.get_by_label("Response")).to_contain_text("HTTP 422")
        expect(page.get_by_role("log", name="Log")).to_contain_text("422 POST /submit")
        page.get_by_role("button", name="Clear log").click()
        expect(page.get_by_role("log", name="Log").locator("li")).to_have_count(0)
    finally:
        page.context.close()
