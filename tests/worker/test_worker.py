"""Worker processes under faults: SIGKILL mid-job, a crashed judging child, SIGTERM drain.

Real ``codejudge worker`` processes share a SQLite store and queue with this test process; no
part of the queue, store or sandbox is mocked.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codejudge.models import NewSubmission, Status, Submission, Verdict
from codejudge.queue import JobState
from codejudge.runtime import Runtime
from codejudge.settings import Settings
from codejudge.worker import reconcile
from tests.conftest import codejudge_env

pytestmark = pytest.mark.timeout(120)

SLOW = "import time\ntime.sleep({seconds})\nprint(input())\n"
FAST_TIMING = {
    "CODEJUDGE_LEASE_SECONDS": "2",
    "CODEJUDGE_HEARTBEAT_SECONDS": "0.2",
    "CODEJUDGE_RETRY_BASE_SECONDS": "0.1",
}


def write_echo_problem(data_dir: Path) -> None:
    """A one-test stdio problem with room for a slow (sleeping) solution."""
    folder = data_dir / "problems" / "slow-echo"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text(
        'slug = "slow-echo"\ntitle = "Slow echo"\nkind = "stdio"\n\n'
        # 3 s of CPU: a wall limit of 4.5 s (docs/languages.md) holds the 3.5 s sleeper below.
        "[limits]\ntime_ms = 3000\nmemory_mb = 256\n"
    )
    (folder / "statement.md").write_text("Print the line you read.\n")
    (folder / "tests" / "sample-1.in").write_text("hello\n")
    (folder / "tests" / "sample-1.ans").write_text("hello\n")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_echo_problem(tmp_path)
    return tmp_path


@pytest.fixture
def services(data_dir: Path) -> Iterator[Runtime]:
    svc = Runtime(Settings(data_dir=data_dir, max_deliveries=5), workers=0)
    yield svc
    svc.close()


@pytest.fixture
def start_worker(data_dir: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(**extra: str) -> subprocess.Popen[bytes]:
        env = codejudge_env(data_dir, **{**FAST_TIMING, "CODEJUDGE_MAX_DELIVERIES": "5", **extra})
        log = (data_dir / f"worker{len(procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "codejudge.cli", "worker", "--concurrency", "1"],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_for(services: Runtime, sub_id: str, status: Status, timeout: float = 60) -> Submission:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sub = services.store.get(sub_id)
        if sub.status is status:
            return sub
        time.sleep(0.05)
    raise AssertionError(f"{sub_id} never became {status}; now {services.store.get(sub_id)}")


def judging_children_of(pid: int) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-P", str(pid), "-f", "codejudge.worker.child"], capture_output=True, text=True
    ).stdout
    return [int(x) for x in out.split()]


def submit_slow(services: Runtime, seconds: float) -> str:
    sub = services.submissions.submit(
        NewSubmission("slow-echo", "python", SLOW.format(seconds=seconds))
    )
    return sub.id


def test_worker_sigkilled_mid_job_still_gives_exactly_one_verdict(
    services: Runtime, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    sub_id = submit_slow(services, 1.5)
    first = start_worker()
    running = wait_for(services, sub_id, Status.RUNNING)
    os.killpg(first.pid, signal.SIGKILL)  # the supervisor, its child and the box, at once
    first.wait()
    assert services.store.get(sub_id).status is Status.RUNNING  # nobody finished it
    start_worker()
    done = wait_for(services, sub_id, Status.FINISHED)
    assert done.verdict is Verdict.ACCEPTED
    assert done.token is not None and running.token is not None and done.token > running.token
    assert services.queue.state(sub_id) is JobState.DONE
    finished_events = [e for e in services.queue.events(sub_id) if e.kind == "finished"]
    assert len(finished_events) == 1


def test_crashed_child_is_an_internal_error_attempt_not_a_lost_job(
    services: Runtime, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    sub_id = submit_slow(services, 1.5)
    worker = start_worker()
    wait_for(services, sub_id, Status.RUNNING)
    (child,) = judging_children_of(worker.pid)
    os.kill(child, signal.SIGKILL)
    done = wait_for(services, sub_id, Status.FINISHED)
    assert done.verdict is Verdict.ACCEPTED  # the retry judged it
    kinds = [e.kind for e in services.queue.events(sub_id)]
    assert kinds.count("running") == 2
    assert any(e.kind == "queued" and e.data.get("retry") for e in services.queue.events(sub_id))
    assert worker.poll() is None  # the supervisor survived


def test_sigterm_releases_the_running_job_and_exits_cleanly(
    services: Runtime, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    sub_id = submit_slow(services, 3.5)
    worker = start_worker(CODEJUDGE_DRAIN_SECONDS="0.3")
    wait_for(services, sub_id, Status.RUNNING)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    assert services.store.get(sub_id).status is Status.QUEUED
    assert services.queue.state(sub_id) is JobState.READY
    start_worker()
    assert wait_for(services, sub_id, Status.FINISHED).verdict is Verdict.ACCEPTED


def test_sigterm_lets_a_short_job_finish(
    services: Runtime, start_worker: Callable[..., subprocess.Popen[bytes]]
) -> None:
    sub_id = submit_slow(services, 1)
    worker = start_worker(CODEJUDGE_DRAIN_SECONDS="20")
    wait_for(services, sub_id, Status.RUNNING)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(30) == 0
    assert services.store.get(sub_id).verdict is Verdict.ACCEPTED


def test_reconciler_reenqueues_what_the_queue_lost(services: Runtime) -> None:
    """The store is the source of truth: a queued submission the queue never got is re-enqueued."""
    sub = services.store.insert(NewSubmission("slow-echo", "python", "print(input())"))
    assert services.queue.state(sub.id) is None
    assert reconcile(services.store, services.queue, older_than=0) == 1
    assert services.queue.state(sub.id) is JobState.READY
    assert reconcile(services.store, services.queue, older_than=0) == 0
