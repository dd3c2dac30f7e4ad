"""Bodies of the worker processes the concurrency tests start (``spawn``: importable, light).

Each writes what it did as JSON to ``out`` so the test can check it after the process is gone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from codejudge.queue import open_queue


def write(out: str, data: Any) -> None:
    tmp = Path(out + ".tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(out)  # atomic: the test never reads half a file


def drain(url: str, start: Any, out: str, batch: int) -> None:
    """Claim and ack until the queue is empty; record every acked job id."""
    queue = open_queue(url)
    acked: list[str] = []
    start.wait()  # all drainers begin together, so they really contend
    while leases := queue.claim(f"drain-{batch}", n=batch, lease_seconds=30):
        for lease in leases:
            queue.ack(lease)
            acked.append(lease.job_id)
    queue.close()
    write(out, acked)


def claim_and_hang(url: str, out: str, lease_seconds: float) -> None:
    """Take one job, say so, then hang until killed (a worker that dies mid-job)."""
    queue = open_queue(url)
    [lease] = queue.claim("doomed", lease_seconds=lease_seconds)
    write(out, {"job_id": lease.job_id, "token": lease.token, "delivery": lease.delivery})
    time.sleep(3600)


def rescue(url: str, out: str, patience: float) -> None:
    """What a surviving worker does: reap, claim, finish the job exactly once."""
    queue = open_queue(url)
    end = time.monotonic() + patience
    while time.monotonic() < end:
        queue.reap()
        if leases := queue.claim("rescuer", lease_seconds=30):
            [lease] = leases
            queue.ack(lease)
            write(out, {"job_id": lease.job_id, "token": lease.token, "delivery": lease.delivery})
            return
        queue.wait(0.05)
    write(out, None)


def enqueue_later(url: str, job_id: str, delay: float, out: str) -> None:
    """Enqueue ``job_id`` after ``delay`` seconds and record when it was committed."""
    queue = open_queue(url)
    time.sleep(delay)
    queue.enqueue(job_id)
    write(out, time.time())
