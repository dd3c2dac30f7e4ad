"""Stuck jobs, with real processes, in both modes (SQLite store + queue; PostgreSQL + Redis).

- A judging child wedged by SIGSTOP while its supervisor keeps renewing the lease: the
  supervisor kills it at the job's budget and the job is judged again (a retry).
- A holder that keeps its lease alive and makes no progress (a worker with a wedged child
  that does not recycle it): it is flagged stuck (dashboard, ``codejudge_jobs_stuck``), and
  another worker's maintenance pass takes the job away (revoke); the holder gets
  ``LeaseLost`` and kills its child; the job is judged once.

Budgets are made small through the ``CODEJUDGE_STUCK_*`` settings (a floor of a few seconds
over a tiny per-test share), never by waiting out the defaults.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, CollectorRegistry

from codejudge.api.dashboard import snapshot
from codejudge.api.stuck import StuckCollector, stuck_count
from codejudge.models import NewSubmission, Priority, Status, Verdict
from codejudge.problems.budget import BudgetRule
from codejudge.queue import JobState
from codejudge.runtime import Runtime, api_services
from codejudge.settings import Settings
from codejudge.worker.stuck import Budgets, recycle_stuck
from tests import modes
from tests.conftest import codejudge_env
from tests.modes import MODES
from tests.worker.test_worker import (
    FAST_TIMING,
    SLOW,
    judging_children_of,
    wait_for,
    write_echo_problem,
)

pytestmark = pytest.mark.timeout(120)

BUDGET = 5.0  # s: every job's budget here (the floor over a negligible per-test share)
STUCK = {
    "CODEJUDGE_STUCK_FACTOR": "0.001",
    "CODEJUDGE_STUCK_COMPILE_SECONDS": "0",
    "CODEJUDGE_STUCK_TEST_OVERHEAD_SECONDS": "0",
    "CODEJUDGE_STUCK_MIN_SECONDS": str(BUDGET),
}


@pytest.fixture(params=MODES)
def mode_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The store and queue settings of one mode (a fresh PG database and Redis queue)."""
    with modes.mode_env(request.param) as env:
        yield env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_echo_problem(tmp_path)
    return tmp_path


@pytest.fixture
def services(data_dir: Path, mode_env: dict[str, str]) -> Iterator[Runtime]:
    """This test's view of the store and queue, with the workers' stuck settings."""
    env = {k.removeprefix("CODEJUDGE_").lower(): v for k, v in {**STUCK, **mode_env}.items()}
    settings = Settings.model_validate({"data_dir": data_dir, "max_deliveries": 5, **env})
    runtime = Runtime(settings, workers=0)
    yield runtime
    runtime.close()


@pytest.fixture
def spawn(
    data_dir: Path, mode_env: dict[str, str]
) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts a ``codejudge worker`` (one slot) with the test's environment and ``extra``;
    its output goes to ``proc<N>.log`` in the data dir."""
    procs: list[subprocess.Popen[str]] = []

    def start(**extra: str) -> subprocess.Popen[str]:
        env = {**FAST_TIMING, "CODEJUDGE_MAX_DELIVERIES": "5", **STUCK, **mode_env, **extra}
        log = (data_dir / f"proc{len(procs)}.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "codejudge.cli", "worker", "--concurrency", "1"],
            env=codejudge_env(data_dir, **env),
            stdout=log,
            stderr=log,
            text=True,
            start_new_session=True,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def submit(services: Runtime, seconds: float) -> str:
    new = NewSubmission("slow-echo", "python", SLOW.format(seconds=seconds))
    return services.submissions.submit(new).id


def recycled() -> float:
    """This process's ``codejudge_jobs_recycled_total``."""
    return REGISTRY.get_sample_value("codejudge_jobs_recycled_total") or 0.0


def events_once_finished(services: Runtime, sub_id: str) -> list[str]:
    """The job's event kinds once its ``finished`` event is out: the store's final result is
    written before the event is published, so a reader that saw the result may be early."""
    deadline = time.monotonic() + 30
    while "finished" not in (kinds := [e.kind for e in services.queue.events(sub_id)]):
        assert time.monotonic() < deadline, f"no finished event: {kinds}"
        time.sleep(0.05)
    return kinds


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_wedged_child_is_killed_by_its_worker_and_the_job_judged_again(
    services: Runtime, spawn: Callable[..., subprocess.Popen[str]]
) -> None:
    """SIGSTOP freezes the child mid-job; its supervisor goes on heartbeating (the lease never
    expires), so only the budget can end the delivery. No other worker's maintenance helps
    here: the grace is long."""
    sub_id = submit(services, 0.5)
    worker = spawn(CODEJUDGE_STUCK_GRACE_SECONDS="600")
    wait_for(services, sub_id, Status.RUNNING)
    (child,) = judging_children_of(worker.pid)
    os.kill(child, signal.SIGSTOP)
    done = wait_for(services, sub_id, Status.FINISHED)
    assert done.verdict is Verdict.ACCEPTED  # the second delivery judged it
    assert gone(child)  # killed with its process group, not left stopped
    events_once_finished(services, sub_id)
    events = services.queue.events(sub_id)
    # (On a very loaded machine the second delivery may outlast the budget too: more retries.)
    assert [e.kind for e in events].count("running") >= 2
    retry = next(e for e in events if e.kind == "queued" and e.data.get("retry"))
    assert f"stuck: judging ran past its budget of {BUDGET:g} s" in retry.data["error"]
    assert [e.kind for e in events].count("finished") == 1
    assert services.queue.state(sub_id) is JobState.DONE
    assert worker.poll() is None  # the supervisor lives on


def test_a_holder_without_progress_is_flagged_and_its_job_taken_away(
    services: Runtime, spawn: Callable[..., subprocess.Popen[str]], data_dir: Path
) -> None:
    """The holder is a real worker whose child is wedged (SIGSTOP) and which does not recycle
    it (as an older version would not: here its budgets are far longer). The job is flagged
    stuck; another worker's maintenance takes it away; the holder's next heartbeat gets
    ``LeaseLost``, and it kills its child."""
    sub_id = submit(services, 0.5)
    holder = spawn(CODEJUDGE_STUCK_MIN_SECONDS="600", CODEJUDGE_STUCK_GRACE_SECONDS="600")
    wait_for(services, sub_id, Status.RUNNING)
    (child,) = judging_children_of(holder.pid)
    os.kill(child, signal.SIGSTOP)
    api = api_services(services)
    registry = CollectorRegistry()
    registry.register(StuckCollector(api))
    [running] = snapshot(api).running
    assert (running.job_id, running.budget_ms) == (sub_id, BUDGET * 1000)
    assert running.worker.split(":")[1:] == [str(holder.pid), "0"]
    deadline = time.monotonic() + 3 * BUDGET
    while not snapshot(api).running[0].stuck:  # the holder heartbeats all along
        assert time.monotonic() < deadline, "never flagged stuck"
        time.sleep(0.2)
    assert stuck_count(api) == 1
    assert registry.get_sample_value("codejudge_jobs_stuck") == 1
    assert services.queue.state(sub_id) is JobState.LEASED  # nobody took it yet

    spawn(CODEJUDGE_STUCK_GRACE_SECONDS="0")  # its maintenance pass revokes at once
    done = wait_for(services, sub_id, Status.FINISHED)
    assert done.verdict is Verdict.ACCEPTED
    events_once_finished(services, sub_id)
    events = services.queue.events(sub_id)
    retry = next(e for e in events if e.kind == "queued" and e.data.get("retry"))
    assert retry.data["error"].startswith(f"stuck: delivery 1 on {running.worker} ran past")
    assert [e.kind for e in events].count("finished") == 1
    assert registry.get_sample_value("codejudge_jobs_stuck") == 0
    end = time.monotonic() + 30  # the holder's next heartbeat (0.2 s) finds the lease lost
    while not gone(child):
        assert time.monotonic() < end, "the holder never killed its wedged child"
        time.sleep(0.1)
    assert holder.poll() is None
    assert "lease lost" in (data_dir / "proc0.log").read_text()


def test_recycle_takes_each_stuck_delivery_once_and_counts_it(services: Runtime) -> None:
    """The maintenance step itself, in this process: a delivery past budget + grace is
    revoked once (a second pass finds nothing), the submission queued again, the recycle
    counted; one within its budget is left alone; on its last delivery, an internal error."""
    fresh = Budgets(BudgetRule(floor_seconds=60, cap_seconds=60), services.problem_dirs)
    tight = Budgets(BudgetRule(floor_seconds=0, factor=0, compile_seconds=0,
                               test_overhead_seconds=0), services.problem_dirs)  # fmt: skip
    sub_id = submit(services, 0)
    [lease] = services.queue.claim("w", 1, 30)
    assert services.store.start(sub_id, lease.token)
    before = recycled()
    assert recycle_stuck(services.store, services.queue, fresh, 0) == 0
    assert services.queue.state(sub_id) is JobState.LEASED
    assert recycle_stuck(services.store, services.queue, tight, 0) == 1
    assert recycle_stuck(services.store, services.queue, tight, 0) == 0
    assert recycled() == before + 1
    assert services.queue.state(sub_id) is JobState.READY
    assert services.store.get(sub_id).status is Status.QUEUED
    for _ in range(4):  # deliveries 2..5 (max_deliveries=5): the last one dies
        [lease] = services.queue.claim("w", 1, 30)
        assert services.store.start(sub_id, lease.token)
        assert recycle_stuck(services.store, services.queue, tight, 0) == 1
    assert services.queue.state(sub_id) is JobState.DEAD
    dead = services.store.get(sub_id)
    assert (dead.status, dead.verdict) == (Status.FINISHED, Verdict.INTERNAL_ERROR)
    assert dead.result is not None and "ran past its budget" in (dead.result.error or "")


def test_measurement_and_fire_jobs_are_never_stuck(services: Runtime) -> None:
    """A problem measurement job and a schedule's fire job run past any submission's budget
    by design (their own deadline and heartbeat bound them): neither is revoked by the
    maintenance pass nor flagged (dashboard, gauge), even with every budget at ~0; the
    submission beside them is."""
    tight = Budgets(BudgetRule(floor_seconds=0, factor=0, compile_seconds=0,
                               test_overhead_seconds=0, cap_seconds=0.001),
                    services.problem_dirs)  # fmt: skip
    sub_id = submit(services, 0)
    others = ["problem-0123456789abcdef", "fire-0123456789abcdef-1767225600000"]
    for job_id in others:
        assert services.queue.enqueue(job_id, Priority.SUBMIT)
    leases = services.queue.claim("w", 3, 30)
    assert sorted(lease.job_id for lease in leases) == sorted([sub_id, *others])
    assert services.store.start(sub_id, next(le for le in leases if le.job_id == sub_id).token)
    time.sleep(0.05)  # past the 1 ms cap
    api = api_services(services)
    api = dataclasses.replace(
        api, settings=api.settings.model_copy(update={"job_deadline_seconds": 0.001})
    )
    assert stuck_count(api) == 1
    flags = {r.job_id: r.stuck for r in snapshot(api).running}
    assert flags == {sub_id: True, others[0]: False, others[1]: False}
    assert recycle_stuck(services.store, services.queue, tight, 0) == 1
    assert services.queue.state(sub_id) is JobState.READY
    for job_id in others:
        assert services.queue.state(job_id) is JobState.LEASED
