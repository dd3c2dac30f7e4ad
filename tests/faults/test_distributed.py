"""Fault tests of distributed mode: real API and worker processes, Redis and PostgreSQL.

Jepsen's total-queue properties under SIGKILL and SIGSTOP of workers, a Redis restart and killed
PostgreSQL connections: every accepted submission (202) ends with exactly one final verdict (lost
= 0), nothing that was never accepted gets a result, duplicate deliveries are counted, and the
verdicts equal a fault-free run's.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from codejudge.judging import grading
from codejudge.models import Status, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem
from codejudge.store import Store
from tests.faults.cluster import Cluster, PgDatabase, RedisServer, cluster_env
from tests.worker.test_worker import write_echo_problem

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

SUBMISSIONS = int(os.environ.get("CODEJUDGE_FAULT_SUBMISSIONS", "500"))
LEASE = 3.0
TIMING = {
    "CODEJUDGE_LEASE_SECONDS": str(LEASE),
    "CODEJUDGE_HEARTBEAT_SECONDS": "0.5",
    "CODEJUDGE_RETRY_BASE_SECONDS": "0.2",
    "CODEJUDGE_MAX_DELIVERIES": "10",
    "CODEJUDGE_DRAIN_SECONDS": "2",
}
FIZZ_OK = (
    "def fizzBuzz(n):\n"
    "    words = ['Fizz' * (i % 3 == 0) + 'Buzz' * (i % 5 == 0) for i in range(1, n + 1)]\n"
    "    return [w or str(i) for i, w in enumerate(words, 1)]\n"
)
VARIANTS: dict[str, tuple[str, str]] = {
    "fizz-ok": ("fizz-buzz", FIZZ_OK),
    "fizz-wrong": ("fizz-buzz", "def fizzBuzz(n):\n    return [str(i) for i in range(1, n + 1)]\n"),
    "reverse-ok": (
        "reverse-string",
        "class Solution:\n    def reverseString(self, s):\n        s.reverse()\n",
    ),
    "two-sum-wrong": (
        "two-sum",
        "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n",
    ),
    "compile-error": ("fizz-buzz", "def fizzBuzz(n)\n    return []\n"),
}


@pytest.fixture
def pg() -> Iterator[PgDatabase]:
    db = PgDatabase()
    yield db
    db.drop()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def cluster(tmp_path: Path, pg: PgDatabase, redis_server: RedisServer) -> Iterator[Cluster]:
    env = cluster_env(tmp_path, pg.url, redis_server.url, **TIMING)
    c = Cluster(tmp_path, env)
    yield c
    c.stop()


def fault_free_verdicts() -> dict[str, Verdict]:
    """Each variant judged once, directly, with no faults: the reference."""
    return {
        name: grading.judge(load_problem(BUNDLED_DIR / slug), "python", code).verdict
        for name, (slug, code) in VARIANTS.items()
    }


@dataclass
class Driver:
    """Submits through both API processes, retrying what was refused (503, connection
    errors); remembers only what was accepted with 202."""

    apis: list[str]
    accepted: dict[str, str] = field(default_factory=dict)  # submission id -> variant
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(self, i: int) -> None:
        name = list(VARIANTS)[i % len(VARIANTS)]
        slug, code = VARIANTS[name]
        body = {"problem": slug, "language": "python", "code": code}
        deadline = time.monotonic() + 60
        attempt = 0
        while time.monotonic() < deadline:
            url = self.apis[(i + attempt) % len(self.apis)]
            attempt += 1
            try:
                r = httpx.post(f"{url}/api/v1/submissions", json=body, timeout=10)
            except httpx.TransportError:
                r = None
            if r is not None and r.status_code == 202:
                with self.lock:
                    self.accepted[r.json()["id"]] = name
                return
            assert r is None or r.status_code >= 500, r.text  # never a 4xx for good input
            with self.lock:
                self.refused += 1
            time.sleep(0.2)
        raise AssertionError(f"submission {i} was refused for a minute")


class Chaos(threading.Thread):
    """Kills and freezes workers every couple of seconds; restarts Redis once and kills the
    PostgreSQL connections once."""

    def __init__(self, cluster: Cluster, redis_server: RedisServer, pg: PgDatabase) -> None:
        super().__init__(daemon=True)
        self.cluster, self.redis, self.pg = cluster, redis_server, pg
        self.stop = threading.Event()
        self.log: list[str] = []
        self.rng = random.Random(7)

    def run(self) -> None:
        step = 0
        while not self.stop.wait(2.0):
            step += 1
            if step == 3:
                self.log.append(f"redis restarted ({self.redis.restart():.2f} s away)")
            elif step == 5:
                self.log.append(f"postgres: {self.pg.kill_backends()} backends terminated")
            elif step % 2 == 0:
                self._kill_worker()
            else:
                self._freeze_worker()

    def _kill_worker(self) -> None:
        victim = self.rng.choice(self.cluster.live_workers())
        os.killpg(victim.pid, signal.SIGKILL)  # the supervisor, its judging child, its box
        victim.wait()
        self.cluster.start_worker()
        self.log.append(f"SIGKILL worker {victim.pid}")

    def _freeze_worker(self) -> None:
        victim = self.rng.choice(self.cluster.live_workers())
        os.kill(victim.pid, signal.SIGSTOP)  # longer than a lease: its job is redelivered
        self.stop.wait(LEASE + 1.5)
        os.kill(victim.pid, signal.SIGCONT)
        self.log.append(f"SIGSTOP/SIGCONT worker {victim.pid}")


def wait_all_finished(store: Store, ids: list[str], timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    pending = list(ids)
    while pending and time.monotonic() < deadline:
        pending = [i for i in pending if store.get(i).status is not Status.FINISHED]
        if pending:
            time.sleep(1)
    return pending


def test_nothing_lost_under_faults(
    cluster: Cluster, redis_server: RedisServer, pg: PgDatabase
) -> None:
    reference = fault_free_verdicts()
    apis = [cluster.start_api(), cluster.start_api()]
    for _ in range(3):
        cluster.start_worker()
    driver = Driver(apis)
    chaos = Chaos(cluster, redis_server, pg)
    started = time.monotonic()
    chaos.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(driver.submit, range(SUBMISSIONS)))
    submitted = time.monotonic() - started
    # Let the faults go on while the backlog drains, then stop them and wait for the rest.
    store = Store(pg.url)
    pending = wait_all_finished(store, list(driver.accepted), timeout=30)
    chaos.stop.set()
    chaos.join()
    pending = wait_all_finished(store, pending, timeout=300)
    elapsed = time.monotonic() - started

    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, status, verdict, attempts FROM submissions")).all()
    store.close()
    by_id = {r.id: r for r in rows}
    lost = [i for i in driver.accepted if by_id.get(i) is None or by_id[i].status != "finished"]
    orphans = [i for i in by_id if i not in driver.accepted]
    wrong = [
        (i, by_id[i].verdict, reference[v])
        for i, v in driver.accepted.items()
        if i in by_id and by_id[i].verdict != reference[v]
    ]
    redelivered = sum(1 for r in rows if r.attempts > 1)
    print(
        f"\naccepted={len(driver.accepted)} refused-and-retried={driver.refused} "
        f"lost={len(lost)} orphans={len(orphans)} verdict-mismatches={len(wrong)} "
        f"redelivered={redelivered} submit-phase={submitted:.1f}s total={elapsed:.1f}s\n"
        f"faults: {'; '.join(chaos.log)}"
    )
    assert len(driver.accepted) == SUBMISSIONS
    assert not pending and not lost, f"lost {len(lost)}: {lost[:5]}"
    assert not orphans
    assert not wrong, wrong[:5]
    assert any("redis" in entry for entry in chaos.log)
    assert any("postgres" in entry for entry in chaos.log)


def test_recovery_after_a_worker_dies(cluster: Cluster, tmp_path: Path) -> None:
    """A job whose worker is SIGKILLed is judged again within lease + reap interval."""
    write_echo_problem(tmp_path)
    api = cluster.start_api()
    first = cluster.start_worker()
    code = "import time\ntime.sleep(2)\nprint(input())\n"
    r = httpx.post(f"{api}/api/v1/submissions",
                   json={"problem": "slow-echo", "language": "python", "code": code})  # fmt: skip
    sub_id = r.json()["id"]
    store = Store(cluster.env["CODEJUDGE_DATABASE_URL"])
    deadline = time.monotonic() + 60
    while store.get(sub_id).status is not Status.RUNNING:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    first_start = store.get(sub_id).started_at
    os.killpg(first.pid, signal.SIGKILL)
    killed = time.monotonic()
    cluster.start_worker()
    while store.get(sub_id).started_at in (None, first_start):
        assert time.monotonic() - killed < 60
        time.sleep(0.05)
    recovery = time.monotonic() - killed
    deadline = time.monotonic() + 60
    while store.get(sub_id).status is not Status.FINISHED:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert store.get(sub_id).verdict is Verdict.ACCEPTED
    store.close()
    print(f"\nrecovery after SIGKILL: {recovery:.2f} s (lease {LEASE} s, reap every 2 s)")
    # Lease + one maintenance interval + a new worker's start-up.
    assert recovery < LEASE + 2 + 10
