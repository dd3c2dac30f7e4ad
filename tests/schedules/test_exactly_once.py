"""Exactly once across processes, with real ones: two ``codejudge worker`` processes and an
API-only ``serve --workers 0`` all run the scheduler on one store and queue. Over two ticks of
``* * * * *`` each tick fires once (one fire row, one batch submitted), even with one worker
SIGKILLed in the middle of the second tick, and a tick whose claimer died between claiming and
enqueueing (the test claims it itself and enqueues nothing) is healed by the reconciler.
Both modes: SQLite store and queue; PostgreSQL and Redis."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from codejudge.scheduling import new_schedule
from codejudge.store import Store
from codejudge.store.schedules import Action, Fire, FireStatus, Schedule
from tests.faults.cluster import Cluster, PgDatabase, RedisServer, cluster_env

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

ITEM = {"problem": "two-sum", "language": "python", "code": "print(1)\n"}
FAST = {
    "CODEJUDGE_LEASE_SECONDS": "5",
    "CODEJUDGE_HEARTBEAT_SECONDS": "1",
    "CODEJUDGE_SCHEDULE_POLL_SECONDS": "1",
}


@pytest.fixture(params=["embedded", "distributed"])
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Cluster, str]]:
    """Three processes running the scheduler, and the store's URL."""
    if request.param == "embedded":
        url = f"sqlite:///{tmp_path / 'codejudge.db'}"
        env = cluster_env(tmp_path, url, url, **FAST)
        cleanup = []
    else:
        (tmp_path / "redis").mkdir()
        db, redis_server = PgDatabase(), RedisServer(tmp_path / "redis")
        url = db.url
        env = cluster_env(tmp_path, db.url, redis_server.url, **FAST)
        cleanup = [redis_server.stop, db.drop]
    Store(url).migrate()  # before the processes race to do it
    c = Cluster(tmp_path, env)
    try:
        c.start_worker()
        c.start_worker()
        c.start_api()
        yield c, url
    finally:
        c.stop()
        for undo in cleanup:
            undo()


def _wait_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()))


def _fires(store: Store, schedule: Schedule, until: datetime) -> list[Fire]:
    return [f for f in store.schedules.fires(schedule.id) if f.tick <= until]


def _wait_done(store: Store, schedule: Schedule, ticks: list[datetime], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fires = _fires(store, schedule, ticks[-1])
        if len(fires) >= len(ticks) and all(f.status is not FireStatus.PENDING for f in fires):
            return
        time.sleep(0.5)


def test_each_tick_fires_once(cluster: tuple[Cluster, str]) -> None:
    """Two ticks → exactly two fires and two batch submissions, a worker killed mid-tick."""
    c, url = cluster
    store = Store(url)
    batch = new_schedule("batch", "* * * * *", "UTC", Action.BATCH, {"items": [ITEM]}, 300)
    healed = new_schedule("healed", "* * * * *", "UTC", Action.PURGE, {"days": 30}, 300)
    store.schedules.create(batch)
    store.schedules.create(healed)
    assert batch.next_fire_at is not None
    first, second = batch.next_fire_at, batch.next_fire_at + timedelta(minutes=1)
    # A process that claimed the second tick of "healed" and died before enqueueing its job.
    _wait_until(second - timedelta(seconds=3))
    assert store.schedules.claim(healed.id, second) is not None
    # SIGKILL one worker in the middle of the second tick's pass (they wake at +10 ms).
    _wait_until(second + timedelta(milliseconds=12))
    os.killpg(c.workers[0].pid, signal.SIGKILL)
    for schedule in (batch, healed):
        _wait_done(store, schedule, [first, second], timeout=60)

    for schedule in (batch, healed):
        fires = _fires(store, schedule, second)
        assert sorted(f.tick for f in fires) == [first, second], schedule.name
        assert [f.status for f in fires] == [FireStatus.DONE] * 2, [f.error for f in fires]
        assert not any(f.manual for f in fires)
    made = [f.result["submitted"] for f in _fires(store, batch, second)]
    assert all(len(ids) == 1 for ids in made)
    submitted = store.list(problem="two-sum", limit=100)
    assert sorted(s.id for s in submitted) == sorted(i for ids in made for i in ids)
    assert store.schedules.get(batch.id).last_fire_at is not None
    store.close()
