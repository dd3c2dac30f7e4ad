"""Autoscaled worker pools with real processes, in both modes (embedded: SQLite store and
queue; distributed: PostgreSQL + Redis): a burst grows the pool, idleness shrinks it, and a
scale-down drains (each job judged exactly once, the retired slots' children closed).

Real judging children judge a sleeping Python solution; nothing is mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codejudge.models import Status, Verdict
from codejudge.queue import JobState
from codejudge.runtime import Runtime
from codejudge.settings import Settings
from tests.conftest import codejudge_env, free_port, stop_process
from tests.modes import MODES, mode_env
from tests.worker.test_worker import (
    FAST_TIMING,
    judging_children_of,
    submit_slow,
    wait_for,
    write_echo_problem,
)

pytestmark = pytest.mark.timeout(240)

SCALING = {
    # 2 CPUs on the test machine: a factor of 2 lets the pool reach 3 slots.
    "CODEJUDGE_AUTOSCALE_CPU_FACTOR": "2",
    "CODEJUDGE_AUTOSCALE_INTERVAL_SECONDS": "0.3",
    "CODEJUDGE_AUTOSCALE_DOWN_SECONDS": "3",
    "CODEJUDGE_TARGET_QUEUE_WAIT_SECONDS": "1",
}


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The store and queue URLs of a mode ({}: SQLite in the data dir), fresh per test."""
    with mode_env(request.param) as env:
        yield env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_echo_problem(tmp_path)
    return tmp_path


def settings_of(data_dir: Path, mode: dict[str, str], **extra: object) -> Settings:
    urls = {k.removeprefix("CODEJUDGE_").lower(): v for k, v in mode.items()}
    timing = {k.removeprefix("CODEJUDGE_").lower(): v for k, v in FAST_TIMING.items()}
    return Settings(data_dir=data_dir, max_deliveries=5, **urls, **timing, **extra)  # type: ignore[arg-type]


@pytest.fixture
def intake(data_dir: Path, mode: dict[str, str]) -> Iterator[Runtime]:
    """The test's own handle on the mode's store and queue: submits, reads, no pool."""
    runtime = Runtime(settings_of(data_dir, mode), workers=0)
    yield runtime
    runtime.close()


def slots_of(runtime: Runtime, pid: int) -> int | None:
    """The slot count the registry has for the worker process ``pid``, if registered."""
    counts = [w.concurrency for w in runtime.store.live_workers(30) if w.pid == pid]
    return counts[0] if counts else None


def judged_exactly_once(runtime: Runtime, ids: list[str]) -> None:
    """Each job finished accepted by its first delivery: one run, one result, no retry."""
    for sub_id in ids:
        done = runtime.store.get(sub_id)
        assert done.status is Status.FINISHED and done.verdict is Verdict.ACCEPTED, done
        kinds = [e.kind for e in runtime.queue.events(sub_id)]
        assert kinds.count("running") == 1 and kinds.count("finished") == 1, kinds
        assert runtime.queue.state(sub_id) is JobState.DONE


def until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:g} s")


def test_a_scale_down_drains_running_jobs(
    data_dir: Path, mode: dict[str, str], intake: Runtime
) -> None:
    """Three slots judging, resized to one: the two retired slots finish their jobs (no
    release, no redelivery), then close their children; the registry says one slot."""
    runtime = Runtime(settings_of(data_dir, mode), workers=3)
    pool = runtime.pool
    assert pool is not None
    runtime.start()
    try:
        ids = [submit_slow(intake, 2.5) for _ in range(3)]
        for sub_id in ids:
            wait_for(intake, sub_id, Status.RUNNING)
        children = judging_children_of(os.getpid())
        assert len(children) == 3
        assert pool.resize(1) == 1
        assert (pool.concurrency, pool.draining, pool.busy) == (1, 2, 3)
        assert slots_of(intake, os.getpid()) == 1
        for sub_id in ids:
            wait_for(intake, sub_id, Status.FINISHED)
        judged_exactly_once(intake, ids)
        until(lambda: pool.draining == 0, 10, "the retired slots exit")
        alive = [pid for pid in children if Path(f"/proc/{pid}").exists()]
        assert len(alive) == 1  # the two retired slots' children are closed
        assert judging_children_of(os.getpid()) == alive
        again = submit_slow(intake, 0.1)  # the slot left still judges
        assert wait_for(intake, again, Status.FINISHED).verdict is Verdict.ACCEPTED
    finally:
        runtime.close()


@pytest.fixture
def autoscaled(data_dir: Path, mode: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """An autoscaled pool, 1 to 3 slots, in a real process: ``serve --autoscale 1:3``
    (embedded: the pool is serve's own) or ``worker --autoscale 1:3`` (distributed)."""
    if mode:
        argv = ["worker", "--autoscale", "1:3"]
    else:
        argv = ["serve", "--port", str(free_port()), "--autoscale", "1:3"]
    log = (data_dir / "autoscaled.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "codejudge.cli", *argv],
        env=codejudge_env(data_dir, **FAST_TIMING, **SCALING, **mode),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    yield proc
    stop_process(proc)
    log.close()


def test_a_burst_grows_the_pool_and_idleness_shrinks_it(
    intake: Runtime, autoscaled: subprocess.Popen[bytes], data_dir: Path
) -> None:
    pid = autoscaled.pid
    until(lambda: slots_of(intake, pid) == 1, 60, "the pool registers with MIN slots")
    ids = [submit_slow(intake, 2) for _ in range(6)]
    seen: set[int] = set()

    def all_finished() -> bool:
        seen.add(slots_of(intake, pid) or 0)
        return all(intake.store.get(i).status is Status.FINISHED for i in ids)

    until(all_finished, 120, "the burst is judged")
    log = (data_dir / "autoscaled.log").read_text()
    assert max(seen) == 3, (seen, log[-3000:])  # grew to MAX, never above
    judged_exactly_once(intake, ids)
    # Idle: after the 3 s window the pool is back to MIN and the retired children are gone.
    until(lambda: slots_of(intake, pid) == 1, 30, "the idle pool shrinks to MIN")
    until(lambda: len(judging_children_of(pid)) == 1, 15, "retired children close")
    assert autoscaled.poll() is None
