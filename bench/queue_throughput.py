"""Queue benchmark: no-op jobs through enqueue -> claim -> ack, next to RQ and arq.

    .venv/bin/python bench/queue_throughput.py                # ~30-60 s
    .venv/bin/python bench/queue_throughput.py --jobs 5000 --peer-jobs 2000 --batch 16

How it measures, the same way for every row: in one process, one producer enqueues every job,
then one consumer drains them all (a burst); the figure is jobs / wall time from the first
enqueue to the last finished job.

- codejudge, "unbatched": ``enqueue`` each job, then ``claim(n=1)`` + ``ack`` until the queue
  is empty: one call per job for each step.
- codejudge, "batched n=B": ``enqueue_many`` in chunks of ``--batch`` (B), then ``claim(n=B)``
  + ``ack_many`` of each claim: three calls per B jobs.
- Redis and SQLite (a temporary file) backends.
- RQ: ``Queue.enqueue("os.getpid")`` each job, then ``SimpleWorker.work(burst=True)`` (jobs
  run in the worker process: RQ's forking ``Worker`` would measure ``fork`` per job). Also a
  row with RQ's bulk enqueue, ``Queue.enqueue_many`` in chunks of ``--batch`` (one pipeline
  each); its worker has no batched dequeue or finish, so that side stays one job at a time.
- arq: ``ArqRedis.enqueue_job("anoop")`` each job (awaited one by one), then a burst ``Worker``
  with its default concurrency (``max_jobs=10``, its normal way to run). arq 0.28 has no bulk
  enqueue, so it has no batched row.

One more row per codejudge backend, "producer ‖ consumer": the producer enqueues one call per
job in one process while a consumer process claims ``--batch`` at a time and acks each lease,
at the same time, as the API (one enqueue per submission) and the workers (one ack per finished
job) do in a deployment; the figure is jobs / wall time from the first enqueue to the last ack.

Unbatched, codejudge makes three round trips per job (enqueue, claim, ack), so on one
connection its rate is bounded by the loopback round-trip time; a shared instance used by
several threads did not go faster on a 2-CPU host (GIL, and Redis needs a CPU too). Batched,
it makes three per batch, and the rate is bounded by the work per job instead.

All Redis systems share one server and one database index (default 15), flushed before each
row and afterwards: the benchmark owns that index while it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis
from rich.console import Console
from rich.table import Table

from codejudge.queue import Queue, open_queue

console = Console()


@dataclass(frozen=True)
class Row:
    system: str
    mode: str
    jobs: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.jobs / self.seconds


# RQ refuses functions of ``__main__`` (its workers import jobs by dotted path): a builtin
# that does next to nothing stands in for a no-op.
RQ_NOOP = "os.getpid"


async def anoop(ctx: dict[str, object]) -> None:
    """The arq job."""


# -- codejudge ---------------------------------------------------------------------------------


def run_unbatched(queue: Queue, jobs: int) -> float:
    start = time.perf_counter()
    for i in range(jobs):
        queue.enqueue(f"job{i}")
    done = 0
    while leases := queue.claim("bench", n=1, lease_seconds=60):
        for lease in leases:
            queue.ack(lease)
        done += len(leases)
    elapsed = time.perf_counter() - start
    assert done == jobs, f"drained {done} of {jobs}"
    return elapsed


def run_batched(queue: Queue, jobs: int, batch: int) -> float:
    start = time.perf_counter()
    job_ids = [f"job{i}" for i in range(jobs)]
    for i in range(0, jobs, batch):
        added = queue.enqueue_many(job_ids[i : i + batch])
        assert all(added), "a job was not new"
    done = 0
    while leases := queue.claim("bench", n=batch, lease_seconds=60):
        acked = queue.ack_many(leases)
        assert all(acked), "a lease was lost"
        done += len(leases)
    elapsed = time.perf_counter() - start
    assert done == jobs, f"drained {done} of {jobs}"
    return elapsed


def _consume(url: str, jobs: int, batch: int) -> None:
    queue = open_queue(url)
    done = 0
    while done < jobs:
        leases = queue.claim("bench", n=batch, lease_seconds=60)
        if not leases:
            queue.wait(0.05)
        for lease in leases:
            queue.ack(lease)
        done += len(leases)
    queue.close()


def run_concurrent(url: str, jobs: int, batch: int) -> float:
    """Producer here, consumer in another process, both running at once."""
    ctx = multiprocessing.get_context("spawn")
    queue = open_queue(url)  # creates the schema before the consumer starts
    consumer = ctx.Process(target=_consume, args=(url, jobs, batch))
    consumer.start()
    time.sleep(1.0)  # let the consumer's interpreter start; it then waits on the empty queue
    start = time.perf_counter()
    for i in range(jobs):
        queue.enqueue(f"job{i}")
    consumer.join()
    elapsed = time.perf_counter() - start
    assert consumer.exitcode == 0, "the consumer failed"
    queue.close()
    return elapsed


def codejudge_rows(redis_url: str, jobs: int, sqlite_jobs: int, batch: int) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # A fresh queue per row: a new Redis queue name, a new SQLite file.
        backends: list[tuple[str, Callable[[int], str], int]] = [
            ("codejudge redis", lambda i: f"{redis_url}?queue=bench{i}", jobs),
            ("codejudge sqlite", lambda i: f"sqlite:///{tmp}/queue{i}.db", sqlite_jobs),
        ]
        runs: list[tuple[str, Callable[[Queue, int], float]]] = [
            ("unbatched", run_unbatched),
            (f"batched n={batch}", lambda queue, count: run_batched(queue, count, batch)),
        ]
        for system, url_for, count in backends:
            for index, (mode, run) in enumerate(runs):
                flush(redis_url)
                queue = open_queue(url_for(index))
                rows.append(Row(system, mode, count, run(queue, count)))
                queue.close()
            flush(redis_url)
            elapsed = run_concurrent(url_for(2), count, batch)
            rows.append(Row(system, f"producer ‖ consumer, n={batch}", count, elapsed))
    return rows


# -- peers -------------------------------------------------------------------------------------


def run_rq(redis_url: str, jobs: int, batch: int = 0) -> float:
    """``batch`` 0: ``enqueue`` each job; else ``enqueue_many`` in chunks of ``batch``."""
    from rq import Queue as RQQueue
    from rq import SimpleWorker

    connection = redis.Redis.from_url(redis_url)
    rq_queue = RQQueue("bench", connection=connection)
    start = time.perf_counter()
    if batch:
        for i in range(0, jobs, batch):
            chunk = min(batch, jobs - i)
            rq_queue.enqueue_many([RQQueue.prepare_data(RQ_NOOP) for _ in range(chunk)])
    else:
        for _ in range(jobs):
            rq_queue.enqueue(RQ_NOOP)
    SimpleWorker([rq_queue], connection=connection).work(burst=True, logging_level="WARNING")
    elapsed = time.perf_counter() - start
    assert rq_queue.finished_job_registry.count == jobs, "RQ did not finish every job"
    connection.close()
    return elapsed


def run_arq(redis_url: str, jobs: int) -> float:
    from arq import Worker, create_pool
    from arq.connections import RedisSettings

    settings = RedisSettings.from_dsn(redis_url)

    async def main() -> float:
        pool = await create_pool(settings)
        start = time.perf_counter()
        for _ in range(jobs):
            await pool.enqueue_job("anoop")
        worker = Worker(
            functions=[anoop], redis_pool=pool, burst=True, handle_signals=False, poll_delay=0.01
        )
        await worker.main()
        elapsed = time.perf_counter() - start
        assert worker.jobs_complete == jobs, "arq did not finish every job"
        await worker.close()
        return elapsed

    return asyncio.run(main())


def peer_rows(redis_url: str, jobs: int, batch: int) -> list[Row]:
    rows = []
    runners: list[tuple[str, str, Callable[[str, int], float]]] = [
        ("rq", "burst worker", run_rq),
        (
            "rq",
            f"enqueue_many n={batch}, burst worker",
            lambda url, count: run_rq(url, count, batch),
        ),
        ("arq", "burst worker", run_arq),  # arq has no bulk enqueue: no batched row
    ]
    for name, mode, run in runners:
        flush(redis_url)
        rows.append(Row(name, mode, jobs, run(redis_url, jobs)))
    return rows


# -- report ------------------------------------------------------------------------------------


def flush(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()


def render(rows: list[Row], baseline: Row) -> Table:
    table = Table(title="Queue throughput: no-op jobs, enqueue -> claim -> ack")
    for column in ("system", "mode", "jobs", "seconds", "jobs/s", f"x {baseline.system}"):
        table.add_column(column, justify="left" if column in ("system", "mode") else "right")
    for row in rows:
        table.add_row(
            row.system,
            row.mode,
            f"{row.jobs:,}",
            f"{row.seconds:.2f}",
            f"{row.rate:,.0f}",
            f"{row.rate / baseline.rate:.2f}",
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--jobs", type=int, default=20_000, help="per codejudge Redis row")
    parser.add_argument("--sqlite-jobs", type=int, default=10_000, help="per SQLite row")
    parser.add_argument("--peer-jobs", type=int, default=3_000, help="per RQ / arq row")
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    logging.getLogger("arq").setLevel(logging.WARNING)
    logging.getLogger("rq").setLevel(logging.WARNING)
    try:
        rows = peer_rows(args.redis_url, args.peer_jobs, args.batch)
        rows += codejudge_rows(args.redis_url, args.jobs, args.sqlite_jobs, args.batch)
    finally:
        flush(args.redis_url)
    console.print(render(rows, baseline=rows[0]))


if __name__ == "__main__":
    main()
