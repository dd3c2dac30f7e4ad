"""The dashboard flags a stuck job: a running job past its budget (``problems/budget.py``) gets
a "stuck" badge in the Running jobs table and in its worker's current jobs, with its budget
beside it. A real ``codejudge serve`` in a real Chromium; the job is held by this test (a
claim with a long lease and no worker to recycle it), as a wedged worker host would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from codejudge.store import Store
from tests.conftest import Server
from tests.web.conftest import Screenshot
from tests.web.test_dashboard import (  # noqa: F401 (open_page is a fixture)
    LIVE_MS,
    WORKER,
    open_page,
    sqlite_queue,
    stat,
    submit,
)

pytestmark = pytest.mark.timeout(180)

BUDGET = {  # every job's budget: the 4 s floor
    "CODEJUDGE_STUCK_FACTOR": "0.001",
    "CODEJUDGE_STUCK_COMPILE_SECONDS": "0",
    "CODEJUDGE_STUCK_TEST_OVERHEAD_SECONDS": "0",
    "CODEJUDGE_STUCK_MIN_SECONDS": "4",
}


def test_a_job_past_its_budget_is_flagged_stuck(
    server_factory: Callable[..., Server],
    open_page: Callable[..., Page],  # noqa: F811
    screenshot: Screenshot,
) -> None:
    server = server_factory(workers=0, **BUDGET)
    page = open_page(server)
    page.goto("/dashboard")
    expect(stat(page, "Ready")).to_have_text("0", timeout=LIVE_MS)
    queue = sqlite_queue(server)
    store = Store(f"sqlite:///{server.data_dir / 'codejudge.db'}")
    # The holder's registration, so the Workers table lists it with its current job.
    store.register_worker(WORKER.rpartition(":")[0], "wedged-host", 4242, 1, None)
    with server.client() as client:
        job = submit(client)
        (lease,) = queue.claim(WORKER, 1, 300)
        running = page.get_by_role("table", name="Running jobs")
        row = running.get_by_role("row").filter(has_text=job)
        expect(row).to_contain_text("4.0 s", timeout=LIVE_MS)  # its budget
        badge = row.get_by_text("stuck", exact=True)
        expect(badge).to_be_hidden()
        expect(badge).to_be_visible(timeout=LIVE_MS)  # once 4 s have passed since the claim
        workers = page.get_by_role("table", name="Workers")
        expect(workers.get_by_role("listitem").filter(has_text="stuck")).to_contain_text(
            "two-sum", timeout=LIVE_MS
        )
        screenshot(page, "dashboard-stuck")
        snapshot = client.get("/api/v1/admin/dashboard").json()
        assert [(r["job_id"], r["budget_ms"], r["stuck"]) for r in snapshot["running"]] == [
            (job, 4000, True)
        ]
        queue.ack(lease)
        expect(row).to_have_count(0, timeout=LIVE_MS)
    queue.close()
    store.close()
