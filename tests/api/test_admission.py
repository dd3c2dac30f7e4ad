"""Admission over HTTP against real server processes, two API processes per mode sharing one
state: embedded (two ``serve`` on one data dir: SQLite store, queue and rate counters) and
distributed (two ``serve --workers 0`` on PostgreSQL + Redis, counters in Redis, a
``codejudge worker`` beside them). Requests come from distinct loopback addresses
(127.0.0.x), so each test has rate counters of its own: callers with no key are rated per
address. (Keys' own limits: ``test_admission_gate.py``.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from codejudge.queue.keys import QueueKeys
from codejudge.queue.redis import split_url
from tests.api.distributed import distributed_mode
from tests.conftest import Server, codejudge_env, start_server, stop_server
from tests.minute import away_from_the_turn
from tests.queue.conftest import shared_redis
from tests.solutions import PYTHON_A_PLUS_B

pytestmark = pytest.mark.timeout(300)

RATE = 3  # CODEJUDGE_RATE_PER_MINUTE of both modes
BUSY = 7  # CODEJUDGE_BUSY_RETRY_SECONDS


@dataclass
class Pair:
    """Two API processes over one state, the environment they run with, and the mode."""

    mode: str
    a: Server
    b: Server
    env: dict[str, str]

    def client(self, server: Server, address: str) -> httpx.Client:
        """A client of ``server`` whose requests come from ``address`` (127.0.0.x)."""
        transport = httpx.HTTPTransport(local_address=address)
        return httpx.Client(base_url=server.url, timeout=60, transport=transport)


def _env(mode: str) -> dict[str, str]:
    # Embedded: at most 1 ready run. Distributed: a worker drains the queue at its own pace,
    # so a cap of 0 (no runs at all) is what a test can count on there.
    depth = {"run": 1} if mode == "embedded" else {"run": 0}
    return {
        "CODEJUDGE_RATE_PER_MINUTE": str(RATE),
        "CODEJUDGE_MAX_DEPTH": json.dumps(depth),
        "CODEJUDGE_BUSY_RETRY_SECONDS": str(BUSY),
        "CODEJUDGE_MAINTENANCE_RETRY_SECONDS": "90",
    }


@pytest.fixture(scope="module", params=["embedded", "distributed"])
def pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp(f"admission-{request.param}")
    env = _env(request.param)
    if request.param == "embedded":
        a = start_server(root, workers=0, **env)
        b = start_server(root, workers=0, **env)  # the same data dir: the same SQLite file
        try:
            yield Pair("embedded", a, b, env)
        finally:
            stop_server(b)
            stop_server(a)
        return
    started: list[Server] = []

    def factory(workers: int = 1, **extra: str) -> Server:
        server = start_server(root / f"data{len(started)}", workers, **extra)
        started.append(server)
        return server

    try:
        with distributed_mode(factory, root, **env) as (a, full_env):
            try:
                b = factory(workers=0, **full_env)
                yield Pair("distributed", a, b, full_env)
            finally:  # before the context drops the database and the queue
                for server in started:
                    stop_server(server)
    finally:
        for server in started:
            stop_server(server)


def submission(code: str = "print(1)") -> dict[str, str]:
    return {"problem": "a-plus-b", "language": "python", "code": code}


def assert_refused(r: httpx.Response, status: int, error: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["error"] == error and body["detail"], body
    return body


def test_the_rate_is_counted_once_across_api_processes(pair: Pair) -> None:
    away_from_the_turn()
    with pair.client(pair.a, "127.0.0.2") as a, pair.client(pair.b, "127.0.0.2") as b:
        for client in (a, b, a):
            r = client.post("/api/v1/submissions", json=submission())
            assert r.status_code == 202, r.text
        legacy = {"problemId": "a-plus-b", "language": "python", "code": "print(1)"}
        for client, path, body in (
            (b, "/api/v1/submissions", submission()),
            (a, "/submit", legacy),
        ):  # (runs: the distributed pair takes none, see ``_env``)
            r = client.post(path, json=body)
            refusal = assert_refused(r, 429, "rate_limited")
            assert refusal["limit"] == "rate_per_minute" and "3 submissions a minute" in r.text
            assert 1 <= int(r.headers["Retry-After"]) <= 60
            assert refusal["retry_after"] == int(r.headers["Retry-After"])
    with pair.client(pair.b, "127.0.0.3") as other:  # another address: a counter of its own
        assert other.post("/api/v1/submissions", json=submission()).status_code == 202
    if pair.mode == "distributed":  # the counters are in Redis, under the queue's prefix
        _, name = split_url(pair.env["CODEJUDGE_QUEUE_URL"])
        keys = QueueKeys(name or "default")
        assert list(shared_redis().scan_iter(match=keys.rate_limits + ":*"))


def test_queue_depth_per_priority(pair: Pair) -> None:
    with pair.client(pair.a, "127.0.0.5") as a, pair.client(pair.b, "127.0.0.5") as b:
        if pair.mode == "embedded":  # no worker: the run stays ready
            assert a.post("/api/v1/runs", json=submission()).status_code == 202
            time.sleep(1.1)  # each process reads the depth at most once a second
        r = b.post("/api/v1/runs", json=submission())
        assert_refused(r, 503, "unavailable")
        assert "the queue is full" in r.text and "CODEJUDGE_MAX_DEPTH" in r.text
        assert r.headers["Retry-After"] == str(BUSY)
        assert b.post("/api/v1/submissions", json=submission()).status_code == 202  # not capped


@contextmanager
def worker_process(pair: Pair) -> Iterator[None]:
    """A judging process for the embedded pair (the distributed one has its own)."""
    if pair.mode == "distributed":
        yield
        return
    log = (pair.a.data_dir / "worker.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "codejudge.cli", "worker", "--concurrency", "1"],
        env=codejudge_env(pair.a.data_dir, **pair.env),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
        log.close()


def cli(pair: Pair, *args: str) -> str:
    """``codejudge maintenance …`` run as an operator would, against the pair's store."""
    done = subprocess.run(
        [sys.executable, "-m", "codejudge.cli", "maintenance", *args],
        env=codejudge_env(pair.a.data_dir, **pair.env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_maintenance_refuses_new_work_and_finishes_the_queued(pair: Pair) -> None:
    with pair.client(pair.a, "127.0.0.4") as a, pair.client(pair.b, "127.0.0.4") as b:
        queued = a.post("/api/v1/submissions", json=submission(PYTHON_A_PLUS_B)).json()["id"]
        try:
            assert "maintenance: on" in cli(pair, "on", "-m", "moving to a new disk")
            assert "moving to a new disk" in cli(pair, "status")
            _assert_in_maintenance(b, "moving to a new disk", retry=90)
            state = a.put(
                "/api/v1/admin/maintenance",
                json={"enabled": True, "message": "back soon", "until": _in(600)},
            ).json()
            assert state["enabled"] and 590 <= state["retry_after"] <= 600
            _assert_in_maintenance(b, "back soon", retry=state["retry_after"])
            assert b.get("/api/v1/admin/maintenance").json()["message"] == "back soon"
            with worker_process(pair):  # what was queued before is judged meanwhile
                r = b.get(f"/api/v1/submissions/{queued}", params={"wait": 120})
                assert r.status_code == 200 and r.json()["verdict"] == "accepted", r.text
        finally:
            off = b.put("/api/v1/admin/maintenance", json={"enabled": False})
        assert off.json() == {"enabled": False, "message": None, "until": None, "retry_after": None}
        assert "maintenance: off" in cli(pair, "status")
        assert a.post("/api/v1/submissions", json=submission()).status_code == 202


def _assert_in_maintenance(client: httpx.Client, message: str, retry: int) -> None:
    """Every intake path is refused with the message and Retry-After; reads still work."""
    legacy = {"problemId": "a-plus-b", "language": "python", "code": "print(1)"}
    for path, body in (
        ("/api/v1/submissions", submission()),
        ("/api/v1/runs", submission()),
        ("/submit", legacy),
    ):
        r = client.post(path, json=body)
        assert_refused(r, 503, "unavailable")
        assert "maintenance" in r.text and message in r.text
        assert abs(int(r.headers["Retry-After"]) - retry) <= 2
    r = client.post("/api/v1/submissions/batch", json={"items": [submission(), submission()]})
    assert_refused(r, 503, "unavailable")
    # The Judge0 face: Judge0's body ({"error": ...}), the same refusal and Retry-After.
    r = client.post("/judge0/submissions", json={"source_code": "print(1)", "language_id": 71})
    assert r.status_code == 503 and message in r.json()["error"], r.text
    assert abs(int(r.headers["Retry-After"]) - retry) <= 2
    assert client.get("/judge0/config_info").json()["maintenance_mode"] is True
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/problems/a-plus-b").status_code == 200


def _in(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))


def test_bad_maintenance_bodies_are_4xx(pair: Pair) -> None:
    with pair.client(pair.a, "127.0.0.6") as a:
        cases: list[tuple[Any, str]] = [
            ({"enabled": True, "message": "x" * 201}, "at most 200 characters"),
            ({"enabled": True, "message": "nul\u0000"}, "U+0000"),
            ({"enabled": True, "message": "bell\u0007"}, "U+0007"),
            ({"enabled": True, "message": "\ud800"}, "message"),
            ({"enabled": True, "until": "2030-01-01T00:00:00"}, "timezone"),
            # An end already past, or past what the store keeps, was changed silently.
            ({"enabled": True, "until": "2001-01-01T00:00:00Z"}, "already past"),
            ({"enabled": True, "until": "9999-12-31T23:59:59Z"}, "before 9999-12-31"),
            ({"enabled": True, "until": "0001-01-01T00:00:00+14:00"}, "already past"),
            ({"enabled": "maybe"}, "enabled"),
            ({"enable": True}, "enable"),
            ([], "object"),
        ]
        for body, says in cases:  # as JSON text: a lone surrogate goes as its \u escape
            r = a.put(
                "/api/v1/admin/maintenance",
                content=json.dumps(body),
                headers={"Content-Type": "application/json"},
            )
            # invalid_request: the body's shape (pydantic); invalid_input: the store's rules
            assert r.status_code == 422 and r.json()["error"].startswith("invalid_"), r.text
            assert r.json()["detail"] and says in r.text, (body, r.text)
        assert a.get("/api/v1/admin/maintenance").json()["enabled"] is False
        remote = a.get("/api/v1/admin/maintenance", headers={"X-Forwarded-For": "203.0.113.9"})
        assert remote.status_code == 403  # the admin guard covers it


def test_the_openapi_schema_documents_maintenance(pair: Pair) -> None:
    with pair.client(pair.a, "127.0.0.7") as a:
        paths = a.get("/openapi.json").json()["paths"]
    operations = paths["/api/v1/admin/maintenance"]
    assert set(operations) == {"get", "put"}
    assert {"200", "401", "403"} <= set(operations["get"]["responses"])
