"""The operator dashboard in a real Chromium against a real ``codejudge serve``: the token form,
a queued submission counted live, a running job, dead letters re-driven and bulk-deleted from
the UI behind the confirmation dialog, a burst of submissions draining to an empty queue, the
filters of the recent submissions, and the light/dark theme. Controls are found by role and
accessible name; every state looked at is saved as a screenshot under ``tmp_path``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from codejudge.queue import Queue, open_queue
from codejudge.queue.base import JobState
from tests.conftest import Server
from tests.solutions import PYTHON_TWO_SUM
from tests.web.conftest import Screenshot

pytestmark = pytest.mark.timeout(420)

TOKEN = "dash-s3cret"
LIVE_MS = 15_000  # a 2 s poll, on 2 busy cores
HISTORY_MS = 45_000  # history is polled every 30 s
DRAINED_MS = 300_000  # a burst judged by one worker on a loaded machine
BURST = 50  # the burst: the dashboard shows the queue move while it drains
MAX_LOOKS = 60  # looks at the live Ready count, one a second, while the burst drains
PAGE = 50  # recent submissions per page (dashboard_subs.js)
WORKER = "crashing-worker:0"
# Accepted too, but each submission takes a visible moment (one 0.6 s nap, far within the wall
# limit), so a burst drains over several 2 s polls and a running job is seen in one of them.
SLOW_TWO_SUM = """import time

class Solution:
    napped = False

    def twoSum(self, nums, target):
        if not Solution.napped:
            Solution.napped = True
            time.sleep(0.6)
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""


@pytest.fixture
def open_page(chromium_browser: Browser) -> Iterator[Callable[..., Page]]:
    contexts = []

    def make(server: Server, **options: object) -> Page:
        context = chromium_browser.new_context(
            base_url=server.url,
            viewport=options.pop("viewport", {"width": 1400, "height": 1000}),  # type: ignore[arg-type]
            **options,  # type: ignore[arg-type]
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def stat(page: Page, name: str) -> Locator:
    """One number of the Queue section (Ready, Run, Submit, Rejudge, Running, Dead, ...): the
    definition after its term (ARIA gives a definition no name of its own)."""
    term = page.get_by_role("region", name="Queue").get_by_role("term")
    return term.filter(has_text=re.compile(f"^{name}$")).locator("xpath=following-sibling::dd[1]")


def submit(client: httpx.Client, code: str = PYTHON_TWO_SUM) -> str:
    body = {"problem": "two-sum", "language": "python", "code": code}
    r = client.post("/api/v1/submissions", json=body)
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def sqlite_queue(server: Server) -> Queue:
    """The server's own queue (SQLite in its data dir), as a worker process would open it;
    two deliveries at most and no back-off, so two failed deliveries make a dead letter."""
    url = f"sqlite:///{server.data_dir / 'codejudge.db'}"
    return open_queue(url, max_deliveries=2, retry_base=0)


def fail_delivery(queue: Queue, job_id: str, delivery: int) -> JobState:
    """Claim ``job_id`` (its ``delivery``-th delivery) and fail it, as a worker whose judge
    crashed would."""
    (lease,) = queue.claim(WORKER, 1, 300)
    assert (lease.job_id, lease.delivery) == (job_id, delivery)
    return queue.fail(lease, f"judge crashed (delivery {delivery})")


def fail_every_delivery(queue: Queue, job_id: str) -> None:
    """Fail each delivery of ``job_id`` until the queue gives up on it: a dead letter."""
    assert fail_delivery(queue, job_id, 1) == JobState.DELAYED  # retried at once (no back-off)
    assert fail_delivery(queue, job_id, 2) == JobState.DEAD


def dead_row(page: Page, job_id: str) -> Locator:
    box = page.get_by_role("checkbox", name=f"Select {job_id}")
    return page.get_by_role("table", name="Dead letters").get_by_role("row").filter(has=box)


def confirm(page: Page, action: str) -> None:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name=action).click()
    expect(dialog).to_be_hidden()


def test_token_form_then_a_job_queued_running_dead_and_redriven_live(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],
    screenshot: Screenshot,
) -> None:
    """No worker, an admin token: the dashboard asks for the token, then counts a queued
    submission, shows it running when claimed, lists it dead once every delivery failed, and
    re-drives it from its row; the re-driven job is then judged."""
    server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    page = open_page(server)
    page.goto("/dashboard")
    form = page.get_by_role("form", name="Admin token required")
    expect(form.get_by_role("alert")).to_contain_text("401")
    form.get_by_label("Admin token", exact=True).fill("wrong")
    form.get_by_role("button", name="Use token").click()
    expect(page.get_by_role("form", name="Admin token required")).to_be_visible()
    screenshot(page, "dashboard-token")
    page.get_by_label("Admin token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Use token").click()
    expect(stat(page, "Submit")).to_have_text("0", timeout=LIVE_MS)
    page.reload()  # the token is kept for the tab (sessionStorage): no form again
    expect(stat(page, "Submit")).to_have_text("0", timeout=LIVE_MS)
    expect(page.get_by_role("form", name="Admin token required")).to_have_count(0)

    queue = sqlite_queue(server)
    with server.client() as client:
        job = submit(client)
        expect(stat(page, "Submit")).to_have_text("1", timeout=LIVE_MS)
        expect(stat(page, "Ready")).to_have_text("1")
        subs = page.get_by_role("table", name="Recent submissions")
        expect(subs.get_by_role("row").filter(has_text=job)).to_contain_text("Queued")
        (lease,) = queue.claim(WORKER, 1, 300)
        running = page.get_by_role("table", name="Running jobs")
        expect(running.get_by_role("row").filter(has_text=job)).to_contain_text(WORKER)
        expect(running).to_contain_text("two-sum")
        expect(stat(page, "Running")).to_have_text("1")
        expect(stat(page, "Submit")).to_have_text("0")
        screenshot(page, "dashboard-running")
        assert queue.fail(lease, "judge crashed (delivery 1)") == JobState.DELAYED
        assert fail_delivery(queue, job, 2) == JobState.DEAD
        expect(stat(page, "Dead")).to_have_text("1", timeout=LIVE_MS)
        row = dead_row(page, job)
        expect(row).to_contain_text("judge crashed (delivery 2)")
        expect(row).to_contain_text("two-sum")
        screenshot(page, "dashboard-dead")

        row.get_by_role("button", name=f"Re-drive {job}").click()
        confirm(page, "Re-drive 1 job")
        expect(page.get_by_role("region", name="Dead letters").get_by_role("status")).to_have_text(
            "Re-drove 1 dead letter."
        )
        expect(stat(page, "Dead")).to_have_text("0", timeout=LIVE_MS)
        expect(stat(page, "Submit")).to_have_text("1")
        assert client.get("/worker").json()["processed"]["id"] == job  # judged now, here
    expect(subs.get_by_role("row").filter(has_text=job)).to_contain_text("Accepted")
    expect(stat(page, "Submit")).to_have_text("0")
    queue.close()


def test_dead_letters_deleted_in_bulk_after_a_confirmation(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],
    screenshot: Screenshot,
) -> None:
    """Two dead letters, all selected, "Delete selected": the dialog lists them and Cancel
    does nothing; confirmed, both are gone from the queue for good."""
    server = server_factory(workers=0)
    queue = sqlite_queue(server)
    with server.client() as client:
        dead = []
        for _ in range(2):  # one at a time: a failed job goes to the back of the line
            dead.append(submit(client))
            fail_every_delivery(queue, dead[-1])
    page = open_page(server)
    page.goto("/dashboard")
    expect(stat(page, "Dead")).to_have_text("2", timeout=LIVE_MS)
    expect(dead_row(page, dead[1])).to_contain_text("judge crashed (delivery 2)")
    page.get_by_role("checkbox", name="Select all dead letters").check()
    expect(page.get_by_role("region", name="Dead letters")).to_contain_text("2 selected")
    page.get_by_role("button", name="Delete selected").click()
    dialog = page.get_by_role("dialog", name="Delete 2 dead letters?")
    expect(dialog).to_contain_text(dead[0])
    expect(dialog).to_contain_text(dead[1])
    screenshot(page, "dashboard-confirm")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    delete = page.get_by_role("button", name="Delete selected")
    expect(delete).to_be_focused()  # back where the person was
    page.keyboard.press("Enter")  # by keyboard: Escape cancels too
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(dead_row(page, dead[0])).to_be_visible()
    assert len(queue.dead_letters(10)) == 2
    delete.click()
    confirm(page, "Delete 2 jobs")
    expect(page.get_by_role("region", name="Dead letters").get_by_role("status")).to_have_text(
        "Deleted 2 dead letters."
    )
    expect(stat(page, "Dead")).to_have_text("0", timeout=LIVE_MS)
    expect(page.get_by_role("table", name="Dead letters")).to_contain_text("No dead letters.")
    assert queue.dead_letters(10) == []
    screenshot(page, "dashboard-deleted")
    queue.close()


def test_a_burst_drains_to_an_empty_queue(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],
    screenshot: Screenshot,
) -> None:
    """One worker, no token (a loopback client may read the admin API): a burst of
    submissions shows up in the queue, drains to 0, lands in the history (throughput and the
    verdict mix) and in the recent submissions, whose filters and search narrow the list."""
    server = server_factory(workers=1)
    page = open_page(server)
    page.goto("/dashboard")
    expect(stat(page, "Ready")).to_have_text("0", timeout=LIVE_MS)
    workers = page.get_by_role("table", name="Workers")
    expect(workers.get_by_role("row")).to_have_count(2, timeout=LIVE_MS)  # header + the pool
    with server.client() as client:
        ids = [submit(client, SLOW_TWO_SUM) for _ in range(BURST)]
    queued = page.locator("#q-ready, #q-running")
    expect(stat(page, "Ready")).not_to_have_text("0", timeout=LIVE_MS)
    for _ in range(2):  # a snapshot asked for during the burst may show it half sent
        updated = page.locator("#live-status").inner_text()
        expect(page.locator("#live-status")).not_to_have_text(updated, timeout=LIVE_MS)
    screenshot(page, "dashboard-burst")
    seen = [int(stat(page, "Ready").inner_text())]
    for _ in range(MAX_LOOKS):  # the live count moves down, poll by poll
        if seen[-1] == 0 or len(set(seen)) >= 4:
            break
        page.wait_for_timeout(1000)
        seen.append(int(stat(page, "Ready").inner_text()))
    assert len(set(seen)) >= 3, seen  # 50 jobs of >= 0.6 s each take far more than 3 polls
    assert seen == sorted(seen, reverse=True), seen
    running = page.get_by_role("table", name="Running jobs")
    expect(running).to_contain_text("two-sum", timeout=LIVE_MS)
    expect(queued).to_have_text(["0", "0"], timeout=DRAINED_MS)
    subs = page.get_by_role("table", name="Recent submissions")
    accepted = subs.get_by_role("row").filter(has_text="Accepted")
    expect(accepted).to_have_count(BURST, timeout=LIVE_MS)
    summary = page.locator("#history-summary")
    expect(summary).to_contain_text(f"Finished in the last hour: {BURST}", timeout=HISTORY_MS)
    mix = page.get_by_role("figure", name="Verdict mix")
    expect(mix).to_contain_text(f"Accepted {BURST} (100%)")
    page.get_by_role("combobox", name="History window").select_option(label="Last 15 minutes")
    expect(summary).to_contain_text(f"Finished in the last 15 minutes: {BURST}", timeout=LIVE_MS)
    screenshot(page, "dashboard", readme=True)

    page.get_by_role("combobox", name="Verdict").select_option("wrong_answer")
    expect(subs).to_contain_text("No submissions match.", timeout=LIVE_MS)
    page.get_by_role("combobox", name="Verdict").select_option("accepted")
    page.get_by_role("combobox", name="Language").select_option("python")
    expect(accepted).to_have_count(BURST, timeout=LIVE_MS)
    page.get_by_role("searchbox", name="Search submissions by id").fill(ids[3])
    expect(subs.locator("tbody").get_by_role("row")).to_have_count(1, timeout=LIVE_MS)
    expect(subs.get_by_role("link", name=ids[3])).to_be_visible()


def test_load_older_keeps_every_row_as_new_submissions_arrive(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],
    screenshot: Screenshot,
) -> None:
    """More submissions than a page, "Load older" shows them all; newer ones arriving then
    push rows out of the live first page, and those rows stay listed (no hole between the
    first page and the older ones)."""
    server = server_factory(workers=0)  # nothing is judged: every submission stays queued
    with server.client() as client:
        first = [submit(client) for _ in range(PAGE + 1)]
        page = open_page(server)
        page.goto("/dashboard")
        subs = page.get_by_role("table", name="Recent submissions")
        rows = subs.locator("tbody").get_by_role("row")
        expect(rows).to_have_count(PAGE, timeout=LIVE_MS)
        page.get_by_role("button", name="Load older").click()
        expect(rows).to_have_count(PAGE + 1)
        expect(page.get_by_role("button", name="Load older")).to_be_hidden()
        newer = [submit(client) for _ in range(3)]
    expect(subs.get_by_role("link", name=newer[-1])).to_be_visible(timeout=LIVE_MS)
    expect(rows).to_have_count(PAGE + 4)
    shown = [row.get_attribute("data-key") for row in rows.all()]
    assert shown == sorted(first + newer, reverse=True)  # newest first (ids), none missing
    screenshot(page, "dashboard-older")


# WCAG 2.x contrast of every visible text node against the background it is drawn on
# (the first opaque one up the tree); disabled controls are exempt. Returns the failures.
CONTRAST_JS = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    if (el.closest("[disabled], [aria-hidden=true], option, .sr-only")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    const [a, b] = [lum(rgb(style.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(`${node.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)}`);
    }
  }
  return failures;
}"""


def test_theme_follows_the_system_and_the_practice_pages_choice(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],
    screenshot: Screenshot,
) -> None:
    """Dark when the system prefers it; the choice stored by the practice page (or this page's
    toggle) wins, in every tab; the chart is drawn in both, and all text has AA contrast."""
    server = server_factory(workers=0)
    queue = sqlite_queue(server)
    with server.client() as client:
        fail_every_delivery(queue, submit(client))  # a dead letter: its alert colours
        submit(client)
    queue.close()
    page = open_page(server, color_scheme="dark")
    page.goto("/dashboard")
    html = page.locator("html")
    expect(html).to_have_attribute("data-theme", "dark")
    expect(page.locator("#chart-depth-caption + .plot canvas")).to_have_count(1, timeout=LIVE_MS)
    expect(stat(page, "Dead")).to_have_text("1", timeout=LIVE_MS)
    expect(page.get_by_role("table", name="Recent submissions")).to_contain_text("Queued")
    screenshot(page, "dashboard-dark")
    assert page.evaluate(CONTRAST_JS) == []
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(html).to_have_attribute("data-theme", "light")
    assert page.evaluate("localStorage.getItem('codejudge:theme')") == "light"
    page.reload()  # the stored choice wins over the system's
    expect(html).to_have_attribute("data-theme", "light")
    expect(page.locator("#chart-depth-caption + .plot canvas")).to_have_count(1, timeout=LIVE_MS)
    expect(stat(page, "Dead")).to_have_text("1", timeout=LIVE_MS)
    screenshot(page, "dashboard-light")
    assert page.evaluate(CONTRAST_JS) == []
    other = page.context.new_page()  # the practice page's toggle, in another tab
    other.goto("/")
    other.evaluate("localStorage.setItem('codejudge:theme', 'dark')")
    expect(html).to_have_attribute("data-theme", "dark")
