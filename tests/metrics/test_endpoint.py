"""``GET /metrics`` of an embedded server (SQLite store and queue, one judging slot in
``serve``): access, what a judged submission adds, HTTP metrics, the cluster gauges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from codejudge.models import Priority
from tests.conftest import Server, start_server, stop_server
from tests.metrics.live import Samples, finished, parse, submit, total, value
from tests.solutions import PYTHON_TWO_SUM

pytestmark = pytest.mark.timeout(240)

TOKEN = "metrics-test-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
PRIS = ("run", "submit", "rejudge")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("metrics"), 1, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    yield srv
    stop_server(srv)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def scrape(client: httpx.Client) -> Samples:
    answer = client.get("/metrics", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return parse(answer.text)


def test_admin_access_only(client: httpx.Client) -> None:
    """Like the admin API: with a token set, no credential or a wrong one is a 401."""
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers=ADMIN).status_code == 200


def test_judged_submissions_are_counted(client: httpx.Client) -> None:
    before = scrape(client)
    ids = [submit(client), submit(client), submit(client, accepted=False)]
    verdicts = sorted(str(finished(client, i)["verdict"]) for i in ids)
    assert verdicts == ["accepted", "accepted", "wrong_answer"]
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"language": "python", "verdict": "accepted"}
    assert grew("codejudge_submissions_total", **ok) == 2
    assert grew("codejudge_submissions_total", language="python", verdict="wrong_answer") == 1
    assert grew("codejudge_queue_wait_seconds_count", priority="submit") == 3
    assert grew("codejudge_queue_wait_seconds_count", priority="run") == 0
    assert grew("codejudge_judge_duration_seconds_count", language="python") == 3
    assert value(after, "codejudge_judge_duration_seconds_sum", language="python") > 0
    # each judging ran at least one box, timed in the child and recorded by its supervisor
    assert grew("codejudge_sandbox_start_seconds_count") >= 3
    assert grew("codejudge_sandbox_start_seconds_sum") > 0
    posted = {"handler": "/api/v1/submissions", "method": "POST", "status": "2xx"}
    assert grew("codejudge_http_requests_total", **posted) == 3


def test_queue_wait_by_priority(client: httpx.Client) -> None:
    """A run's wait is recorded under ``priority="run"``, apart from submissions' (an alert
    on the interactive priorities ignores a rejudge backlog); every priority's series exists
    before its first job."""
    before = scrape(client)
    for priority in PRIS:
        assert ("codejudge_queue_wait_seconds_count", frozenset({("priority", priority)})) in before
    body = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM}
    answer = client.post("/api/v1/runs", json=body)
    assert answer.status_code == 202, answer.text
    finished(client, answer.json()["id"])
    after = scrape(client)
    count = "codejudge_queue_wait_seconds_count"
    grown = {p: value(after, count, priority=p) - value(before, count, priority=p) for p in PRIS}
    assert grown == {"run": 1, "submit": 0, "rejudge": 0}


def test_http_metrics_name_the_route_not_the_path(client: httpx.Client) -> None:
    before = scrape(client)
    assert client.get("/api/v1/problems/two-sum").status_code == 200
    assert client.get("/api/v1/problems/no-such-problem").status_code == 404
    after = scrape(client)
    route = {"handler": "/api/v1/problems/{slug}", "method": "GET"}
    ok = total(after, "codejudge_http_requests_total", status="2xx", **route)
    missing = total(after, "codejudge_http_requests_total", status="4xx", **route)
    assert ok - total(before, "codejudge_http_requests_total", status="2xx", **route) == 1
    assert missing - total(before, "codejudge_http_requests_total", status="4xx", **route) == 1
    assert total(after, "codejudge_http_request_duration_seconds_count", **route) >= 2
    # /metrics itself is not instrumented
    assert total(after, "codejudge_http_requests_total", handler="/metrics") == 0


def test_cluster_gauges(client: httpx.Client) -> None:
    samples = scrape(client)
    assert value(samples, "codejudge_cluster_up") == 1
    for priority in Priority:
        assert value(samples, "codejudge_queue_depth", priority=priority.name.lower()) == 0
    assert value(samples, "codejudge_dead_letters") == 0
    assert value(samples, "codejudge_queue_delayed") == 0
    states = {s: value(samples, "codejudge_workers", state=s) for s in ("busy", "idle")}
    assert sum(states.values()) == 1  # this server's embedded pool
    assert value(samples, "codejudge_worker_slots") == 1
    assert ("codejudge_desired_workers", frozenset()) in samples


def test_desired_workers_follow_the_backlog(tmp_path: Path) -> None:
    """With no worker, n queued jobs and nothing judged lately: n slots wanted (one per job,
    ``scaling.desired_workers`` without a measured judging time)."""
    srv = start_server(tmp_path / "data", 0)
    try:
        with srv.client() as c:
            for _ in range(3):
                submit(c)
            samples = parse(c.get("/metrics").text)  # a local client, no token set: allowed
    finally:
        stop_server(srv)
    assert value(samples, "codejudge_queue_depth", priority="submit") == 3
    assert value(samples, "codejudge_desired_workers") == 3
    assert value(samples, "codejudge_arrivals_per_second") == pytest.approx(3 / 300)
    assert value(samples, "codejudge_workers", state="idle") == 0
    assert value(samples, "codejudge_worker_slots") == 0
