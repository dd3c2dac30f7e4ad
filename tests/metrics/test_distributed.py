"""Metrics in the distributed mode (PostgreSQL + Redis): the API's ``/metrics`` has the
cluster's gauges, a ``codejudge worker --metrics-port`` has what its slots judged; and
``serve --processes 2`` answers for both its processes whichever one is scraped."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict

from codejudge.models import Priority
from codejudge.queue import JobState, open_queue
from tests.conftest import free_port
from tests.metrics.live import (
    distributed,
    finished,
    parse,
    serve_processes,
    submit,
    total,
    value,
)
from tests.modes import distributed_env

pytestmark = pytest.mark.timeout(400)


def test_api_and_worker_endpoints(tmp_path: Path) -> None:
    with distributed(tmp_path) as cluster, cluster.server.client() as c:
        ids = [submit(c), submit(c), submit(c, accepted=False)]
        queue = open_queue(cluster.env["CODEJUDGE_QUEUE_URL"], max_deliveries=1)
        try:  # a dead letter: a job (unknown to the store) that failed its one delivery
            queue.enqueue("dead-one", Priority.RUN)  # ahead of the submissions: claimed first
            (lease,) = queue.claim("test:1:0", 1)
            assert lease.job_id == "dead-one"
            assert queue.fail(lease, "boom", retry=False) is JobState.DEAD
        finally:
            queue.close()
        waiting = parse(c.get("/metrics").text)
        assert value(waiting, "codejudge_queue_depth", priority="submit") == 3
        assert value(waiting, "codejudge_dead_letters") == 1
        assert value(waiting, "codejudge_desired_workers") == 3
        assert value(waiting, "codejudge_worker_slots") == 0

        port = free_port()
        cluster.start_worker(metrics_port=port)
        verdicts = sorted(str(finished(c, i)["verdict"]) for i in ids)
        assert verdicts == ["accepted", "accepted", "wrong_answer"]
        worker = parse(httpx.get(f"http://127.0.0.1:{port}/metrics").text)
        api = parse(c.get("/metrics").text)

    ok = {"language": "python", "verdict": "accepted"}
    assert value(worker, "codejudge_submissions_total", **ok) == 2
    assert (
        value(worker, "codejudge_submissions_total", language="python", verdict="wrong_answer") == 1
    )
    assert value(worker, "codejudge_queue_wait_seconds_count", priority="submit") == 3
    assert value(worker, "codejudge_judge_duration_seconds_count", language="python") == 3
    assert ("codejudge_queue_depth", frozenset({("priority", "submit")})) not in worker
    # The API process judged nothing; it reports the cluster.
    assert total(api, "codejudge_submissions_total") == 0
    assert value(api, "codejudge_queue_depth", priority="submit") == 0
    assert value(api, "codejudge_worker_slots") == 1
    assert (
        value(api, "codejudge_workers", state="idle")
        + value(api, "codejudge_workers", state="busy")
        == 1
    )
    assert value(api, "codejudge_judge_mean_seconds") > 0
    assert value(api, "codejudge_desired_workers") == 1  # a light load: one slot is plenty


def _judged_per_process(directory: Path) -> dict[str, float]:
    """Results each process recorded, from its own file in the multiprocess directory."""
    judged: dict[str, float] = {}
    for path in directory.glob("counter_*.db"):
        pid = path.stem.removeprefix("counter_")
        for key, count, _, _ in MmapedDict.read_all_values_from_file(str(path)):  # type: ignore[no-untyped-call]
            if json.loads(key)[1] == "codejudge_submissions_total":
                judged[pid] = judged.get(pid, 0.0) + count
    return judged


def test_serve_processes_count_across_processes(tmp_path: Path) -> None:
    """``serve --processes 2 --workers 1``: two API processes each judging with one slot.
    Whichever process a scrape reaches (a new connection each), it reports the submissions
    both judged and the requests both served (multiprocess mode), not its own share. The
    multiprocess directory given is emptied at start."""
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_1.db").write_bytes(b"left by an earlier run")
    with (
        distributed_env() as env,
        serve_processes(tmp_path, 2, 1, PROMETHEUS_MULTIPROC_DIR=str(directory), **env) as server,
        server.client() as c,
    ):
        assert not (directory / "counter_1.db").exists()
        ids = [submit(c, accepted=n % 3 != 0) for n in range(10)]
        for sub_id in ids:
            finished(c, sub_id)
        scrapes = [parse(httpx.get(f"{server.url}/metrics").text) for _ in range(6)]
        workers = c.get("/api/v1/queue").json()["workers"]
        judged = _judged_per_process(directory)
    assert len({w["pid"] for w in workers}) == 2
    # Both processes judged (two slots, ten jobs): a scrape of either must merge the two.
    assert len([n for n in judged.values() if n > 0]) == 2, judged
    assert sum(judged.values()) == 10
    posted = {"handler": "/api/v1/submissions", "method": "POST", "status": "2xx"}
    for samples in scrapes:
        results = {"language": "python"}
        assert value(samples, "codejudge_submissions_total", verdict="accepted", **results) == 6
        assert value(samples, "codejudge_submissions_total", verdict="wrong_answer", **results) == 4
        assert value(samples, "codejudge_judge_duration_seconds_count", **results) == 10
        assert value(samples, "codejudge_http_requests_total", **posted) == 10
        assert value(samples, "codejudge_worker_slots") == 2
