"""Real servers and workers for the metrics tests, and reading what they expose.

``distributed``: ``serve --workers 0`` on a fresh PostgreSQL database and Redis queue, with
workers started on demand (``start_worker``, optionally with ``--metrics-port``), so a test can
look at the queue before anything judges it. ``serve_processes``: ``serve --processes K``.
Everything is stopped (and dropped) on exit.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import (
    Server,
    codejudge_env,
    free_port,
    start_server,
    stop_process,
    stop_server,
)
from tests.modes import distributed_env
from tests.solutions import PYTHON_TWO_SUM, PYTHON_TWO_SUM_WRONG

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    """Every sample of a Prometheus text exposition, by (name, labels)."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value; 0 when absent (a counter nobody incremented yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name`` over the series whose labels include ``labels``."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def submit(client: httpx.Client, accepted: bool = True) -> str:
    code = PYTHON_TWO_SUM if accepted else PYTHON_TWO_SUM_WRONG
    body = {"problem": "two-sum", "language": "python", "code": code}
    answer = client.post("/api/v1/submissions", json=body)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def finished(client: httpx.Client, sub_id: str, within: float = 120) -> dict[str, object]:
    """The submission once finished (``?wait=`` long polls)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        sub: dict[str, object] = client.get(f"/api/v1/submissions/{sub_id}?wait=20").json()
        if sub["status"] == "finished":
            return sub
    raise AssertionError(f"submission {sub_id} did not finish within {within} s")


@dataclass
class Cluster:
    server: Server
    env: dict[str, str]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, metrics_port: int | None = None) -> None:
        """One ``codejudge worker --concurrency 1`` (with ``--metrics-port``, bound to
        loopback); returns once its metrics endpoint answers, if it has one."""
        args = ["worker", "--concurrency", "1"]
        if metrics_port is not None:
            args += ["--metrics-port", str(metrics_port), "--metrics-host", "127.0.0.1"]
        log = (self.server.data_dir / f"worker-{len(self.workers)}.log").open("wb")
        self.workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "codejudge.cli", *args],
                env=codejudge_env(self.server.data_dir, **self.env),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
        if metrics_port is not None:
            wait_http(f"http://127.0.0.1:{metrics_port}/metrics", self.workers[-1])


def wait_http(url: str, proc: subprocess.Popen[bytes], within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"{proc.args!r} exited with {proc.returncode}"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {within} s")


@contextmanager
def distributed(root: Path, **extra: str) -> Iterator[Cluster]:
    """``serve --workers 0`` on PostgreSQL + Redis; no worker until the test starts one."""
    with distributed_env() as env:
        env.update(extra)
        server = start_server(root / "data", 0, **env)
        cluster = Cluster(server, env)
        try:
            yield cluster
        finally:
            for worker in cluster.workers:
                stop_process(worker)
            stop_server(server)


@contextmanager
def serve_processes(root: Path, processes: int, workers: int, **env: str) -> Iterator[Server]:
    """``codejudge serve --processes K --workers N`` (N embedded slots in each process)."""
    port = free_port()
    data_dir = root / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "serve.log"
    args = ["serve", "--port", str(port), "--processes", str(processes), "--workers", str(workers)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "codejudge.cli", *args],
        env=codejudge_env(data_dir, **env),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", data_dir, proc, log)
    try:
        wait_http(f"{server.url}/healthz", proc, within=120)
        yield server
    finally:
        stop_process(proc)
