"""The queue across real processes (``spawn``): contention, a SIGKILLed holder, cross-process wake.

The process bodies live in ``procs.py`` so the spawned interpreters import nothing heavy.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from codejudge.exceptions import LeaseLost
from codejudge.models import Priority
from codejudge.queue import JobState, Lease, Queue

from . import procs

CTX = multiprocessing.get_context("spawn")


def read_when_written(path: Path, timeout: float) -> Any:
    end = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < end, f"{path.name} was never written"
        time.sleep(0.01)
    return json.loads(path.read_text())


def join_all(processes: list[Any], timeout: float) -> None:
    for process in processes:
        process.join(timeout)
        assert process.exitcode == 0, f"{process.name} exited with {process.exitcode}"


@pytest.mark.timeout(60)
def test_competing_processes_deliver_every_job_exactly_once(
    queue: Queue, queue_url: str, tmp_path: Path
) -> None:
    jobs = [f"job{i}" for i in range(400)]
    for i, job_id in enumerate(jobs):
        queue.enqueue(job_id, Priority(i % 3))
    start = CTX.Barrier(4)
    outs = [tmp_path / f"drain{i}.json" for i in range(4)]
    workers = [
        CTX.Process(target=procs.drain, args=(queue_url, start, str(out), batch), name=out.stem)
        for batch, out in zip((1, 2, 4, 16), outs, strict=True)
    ]
    for worker in workers:
        worker.start()
    join_all(workers, timeout=50)
    acked = Counter(job_id for out in outs for job_id in json.loads(out.read_text()))
    assert sorted(acked) == sorted(jobs)  # none lost
    assert set(acked.values()) == {1}  # none twice
    assert all(queue.state(job_id) is JobState.DONE for job_id in jobs)
    stats = queue.stats()
    assert (sum(stats.ready.values()), stats.delayed, stats.leased, stats.dead) == (0, 0, 0, 0)


@pytest.mark.timeout(60)
def test_a_job_held_by_a_killed_process_is_redelivered_to_another(
    queue: Queue, queue_url: str, tmp_path: Path
) -> None:
    """The holder is SIGKILLed mid-job; after its lease expires a rescuer reaps and finishes
    the job, and the dead holder's token can no longer finish it."""
    queue.enqueue("a")
    claimed = tmp_path / "claimed.json"
    doomed = CTX.Process(target=procs.claim_and_hang, args=(queue_url, str(claimed), 1.0))
    doomed.start()
    first = read_when_written(claimed, timeout=30)
    assert doomed.pid is not None
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(10)
    assert doomed.exitcode == -signal.SIGKILL
    assert queue.state("a") is JobState.LEASED  # a dead holder's lease lives until it expires

    rescued = tmp_path / "rescued.json"
    rescuer = CTX.Process(target=procs.rescue, args=(queue_url, str(rescued), 20.0))
    rescuer.start()
    join_all([rescuer], timeout=30)
    second = json.loads(rescued.read_text())
    assert second["job_id"] == "a"
    assert second["token"] > first["token"]
    assert (first["delivery"], second["delivery"]) == (1, 2)
    assert queue.state("a") is JobState.DONE
    stale = Lease("a", first["token"], first["delivery"], Priority.SUBMIT, 0.0)
    with pytest.raises(LeaseLost):
        queue.ack(stale)


@pytest.mark.timeout(60)
def test_wait_wakes_promptly_when_another_process_enqueues(
    queue: Queue, queue_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "enqueued.json"
    producer = CTX.Process(target=procs.enqueue_later, args=(queue_url, "a", 0.3, str(out)))
    producer.start()
    try:
        woke = None
        end = time.monotonic() + 30
        while time.monotonic() < end:  # the child takes a while to start: wait in slices
            queue.wait(2.0)
            if queue.state("a") is not None:
                woke = time.time()
                break
        assert woke is not None, "wait never saw the job"
    finally:
        join_all([producer], timeout=30)
    enqueued_at = json.loads(out.read_text())
    assert woke - enqueued_at < 0.5  # polling every few tens of ms, not once per slice
    assert [lease.job_id for lease in queue.claim("w")] == ["a"]
