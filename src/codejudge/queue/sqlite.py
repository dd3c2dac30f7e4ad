"""The embedded queue: one ``queue_jobs`` table in a SQLite file (WAL), beside the store's tables.

A job row moves between the states of ``JobState``; ``seq`` orders the ready jobs (FIFO within a
priority, by when the job last became ready) and ``token`` is the fencing token of its current
delivery. Both come from counters in ``queue_meta``, so a token is never issued twice on a file.
A leased row also says who holds it and since when (``worker``, ``claimed_at``: ``running``).
The tables are defined by Alembic revisions (``queue/migrations``, run by ``queue.schema.migrate``
when a queue is opened), with their own version table, whether the file is the store's or its own.

Concurrency. Each instance owns one connection, guarded by a lock, so threads of one process
(the API's threadpool, a worker's heartbeat thread) take turns on it; SQLite serialises writers
anyway, and every call is a few index lookups. Processes each open their own instance on the same
file: every multi-statement step is one ``BEGIN IMMEDIATE`` transaction, which takes the write lock
up front (waiting up to ``busy_timeout``), so concurrent claims can never hand out the same job.
After ``fork`` the inherited connection is abandoned and a new one opened (a SQLite connection must
not cross a fork).

Growth. Events beyond the newest ``max_events`` are trimmed; done jobs are deleted by ``reap``
once they have been done for ``done_ttl`` (a day), as the Redis backend expires them. Dead jobs
stay until re-driven or deleted (``delete_dead``, which takes their events with them).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from codejudge.exceptions import LeaseLost, unavailable_on
from codejudge.models import Priority
from codejudge.queue.base import (
    DeadLetter,
    Event,
    JobState,
    Lease,
    QueueStats,
    Reaped,
    RunningJob,
    batch_of_ids,
)
from codejudge.queue.schema import migrate
from codejudge.sqlite_wal import enable_wal

BUSY_TIMEOUT_MS = 30_000
POLL_SECONDS = 0.025  # how often ``wait`` looks for commits made by other processes
EXPIRED_ERROR = "lease expired"

# Ready jobs get consecutive ``seq`` values (``base + rn``) in the order they became ready.
PROMOTE = """
UPDATE queue_jobs SET state = 'ready', seq = :base + due.rn
FROM (SELECT id, row_number() OVER (ORDER BY ready_at, seq) AS rn
      FROM queue_jobs WHERE state = 'delayed' AND ready_at <= :now) AS due
WHERE queue_jobs.id = due.id
"""

# Each leased job gets its own fresh token (``base + rn``), greater than every earlier one.
CLAIM = """
UPDATE queue_jobs
SET state = 'leased', token = :base + picked.rn, deliveries = deliveries + 1,
    deadline = :deadline, worker = :worker, claimed_at = :now
FROM (SELECT id, row_number() OVER (ORDER BY priority, seq) AS rn
      FROM (SELECT id, priority, seq FROM queue_jobs WHERE state = 'ready'
            ORDER BY priority, seq LIMIT :n)) AS picked
WHERE queue_jobs.id = picked.id
RETURNING queue_jobs.id, queue_jobs.token, queue_jobs.deliveries, queue_jobs.priority
"""

REAP_DEAD = """
UPDATE queue_jobs SET state = 'dead', error = :error, died_at = :now, deadline = NULL,
    worker = NULL, claimed_at = NULL
WHERE state = 'leased' AND deadline <= :now AND deliveries >= :max
"""

REAP_READY = """
UPDATE queue_jobs SET state = 'ready', seq = :base + expired.rn, deadline = NULL, worker = NULL,
    claimed_at = NULL
FROM (SELECT id, row_number() OVER (ORDER BY deadline, token) AS rn
      FROM queue_jobs WHERE state = 'leased' AND deadline <= :now) AS expired
WHERE queue_jobs.id = expired.id
"""

ENQUEUE = """
INSERT INTO queue_jobs (id, state, priority, seq, ready_at)
VALUES (:id, :state, :priority, :seq, :ready_at)
ON CONFLICT (id) DO UPDATE SET
    state = excluded.state, priority = excluded.priority, seq = excluded.seq,
    ready_at = excluded.ready_at, deadline = NULL, deliveries = 0, worker = NULL, error = NULL,
    died_at = NULL, claimed_at = NULL
WHERE queue_jobs.state IN ('done', 'dead')
"""

ACK = """
UPDATE queue_jobs SET state = 'done', deadline = NULL, worker = NULL, claimed_at = NULL, done_at = ?
WHERE id = ? AND token = ? AND state = 'leased'
"""

# Done jobs are remembered for ``done_ttl`` (as the Redis backend expires its done-job hashes):
# long enough to answer ``state`` and keep enqueue idempotent, not forever.
PURGE_DONE = "DELETE FROM queue_jobs WHERE state = 'done' AND done_at < ?"

NEXT_READY_AT = """
SELECT CASE WHEN EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'ready') THEN 0.0
            ELSE (SELECT min(ready_at) FROM queue_jobs WHERE state = 'delayed') END
"""


def sqlite_path(url: str) -> str:
    """The file path of ``sqlite:///relative.db`` or ``sqlite:////absolute.db``."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        raise ValueError(f"not a SQLite URL: {url!r} (use sqlite:///PATH)")
    path = rest[1:].split("?")[0]
    if not path or path == ":memory:":
        # Every process must see the same queue, so it has to live in a file.
        raise ValueError(f"the SQLite queue needs a file path, not {url!r}")
    return path


# A locked-out or unreadable database file: callers see ``Unavailable``, not sqlite3's types.
@unavailable_on(sqlite3.OperationalError)
class SqliteQueue:
    """``queue.base.Queue`` on a SQLite file. See the module docstring for the concurrency model."""

    def __init__(
        self,
        url: str,
        *,
        max_deliveries: int = 3,
        retry_base: float = 1.0,
        max_events: int = 100_000,
        done_ttl: float = 86_400.0,
    ) -> None:
        if max_deliveries < 1:
            raise ValueError("max_deliveries must be at least 1")
        self.path = sqlite_path(url)
        self.max_deliveries = max_deliveries
        self.retry_base = retry_base
        self.max_events = max_events  # events beyond the newest ``max_events`` are trimmed
        self.done_ttl = done_ttl  # done jobs older than this are forgotten by ``reap``
        self._lock = threading.Lock()
        self._changed = threading.Condition()  # notified after each local commit, for ``wait``
        self._commits = 0
        self._pid = os.getpid()
        self._closed = False
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = self._connect()
        try:
            migrate(self.path, self._db, BUSY_TIMEOUT_MS / 1000)
        except BaseException:
            self._db.close()
            raise

    # -- connection and transactions -------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        enable_wal(db, BUSY_TIMEOUT_MS / 1000)
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise RuntimeError("the queue is closed")
        if os.getpid() != self._pid:  # forked: never touch the parent's connection
            self._pid = os.getpid()
            self._db = self._connect()
        return self._db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the write lock from its first statement."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite may have rolled back already (e.g. disk full)
                    db.execute("ROLLBACK")
                raise
            self._commits += 1
        with self._changed:
            self._changed.notify_all()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn().execute(sql, params).fetchall()

    @staticmethod
    def _take(db: sqlite3.Connection, key: str, count: int) -> int:
        """Reserve ``count`` values of counter ``key``; returns the base (values are base+1…)."""
        row = db.execute(
            "UPDATE queue_meta SET value = value + ? WHERE key = ? RETURNING value", (count, key)
        ).fetchone()
        return int(row[0]) - count

    # -- producing and consuming -----------------------------------------------------------

    def enqueue(
        self, job_id: str, priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> bool:
        return self.enqueue_many([job_id], priority, delay)[0]

    def enqueue_many(
        self, job_ids: Sequence[str], priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> list[bool]:
        if not batch_of_ids(job_ids):
            return []
        now = time.time()
        delay = max(delay, 0.0)
        state = JobState.DELAYED if delay > 0 else JobState.READY
        row = {"state": state, "priority": int(priority), "ready_at": now + delay}
        with self._tx() as db:
            base = self._take(db, "seq", len(job_ids))
            # One statement per id, for its row count (executemany sums them). No row changed:
            # the job is already ready, delayed or leased (its seq is just skipped).
            return [
                db.execute(ENQUEUE, {**row, "id": job_id, "seq": base + i}).rowcount == 1
                for i, job_id in enumerate(job_ids, start=1)
            ]

    def claim(self, worker: str, n: int = 1, lease_seconds: float = 30.0) -> list[Lease]:
        if n < 1:
            return []
        with self._tx() as db:
            # The clock is read holding the write lock, so claim times follow claim order.
            now = time.time()
            deadline = now + lease_seconds
            promoted = db.execute(PROMOTE, {"base": self._peek(db, "seq"), "now": now}).rowcount
            self._take(db, "seq", promoted)
            base = self._peek(db, "token")
            params = {"base": base, "deadline": deadline, "worker": worker, "n": n, "now": now}
            rows = db.execute(CLAIM, params).fetchall()
            self._take(db, "token", len(rows))
        leases = [Lease(r[0], r[1], r[2], Priority(r[3]), deadline) for r in rows]
        return sorted(leases, key=lambda lease: lease.token)  # RETURNING order is unspecified

    @staticmethod
    def _peek(db: sqlite3.Connection, key: str) -> int:
        return int(db.execute("SELECT value FROM queue_meta WHERE key = ?", (key,)).fetchone()[0])

    def wait(self, timeout: float) -> None:
        """Sleep until a job is ready (or a delayed one falls due) or ``timeout`` passes.

        Commits by this instance wake it at once; those of other connections are noticed by
        polling ``PRAGMA data_version`` (no disk I/O) every ``POLL_SECONDS``. The ready check
        itself runs only when something changed."""
        end = time.monotonic() + timeout
        seen: tuple[int, int] | None = None
        ready_at = math.inf  # unix time at which the earliest job is (or becomes) ready
        while True:
            version = self._version()
            if version != seen:
                seen = version
                ready_at = self._next_ready_at()
            left = end - time.monotonic()
            until_ready = ready_at - time.time()
            if until_ready <= 0 or left <= 0:
                return
            with self._changed:
                if self._version() == seen:
                    self._changed.wait(min(left, until_ready, POLL_SECONDS))

    def _version(self) -> tuple[int, int]:
        with self._lock:
            data_version = self._conn().execute("PRAGMA data_version").fetchone()[0]
            return int(data_version), self._commits

    def _next_ready_at(self) -> float:
        value = self._read(NEXT_READY_AT)[0][0]
        return math.inf if value is None else float(value)

    # -- one delivery ----------------------------------------------------------------------

    def _current(self, db: sqlite3.Connection, lease: Lease) -> int:
        """The job's delivery count if ``lease`` is its current delivery; else ``LeaseLost``."""
        deliveries = self._deliveries(db, lease.job_id, lease.token)
        if deliveries is None:
            raise _lost(lease)
        return deliveries

    @staticmethod
    def _deliveries(db: sqlite3.Connection, job_id: str, token: int) -> int | None:
        """The job's delivery count if ``token`` is its current delivery; else None."""
        row = db.execute(
            "SELECT deliveries FROM queue_jobs WHERE id = ? AND token = ? AND state = 'leased'",
            (job_id, token),
        ).fetchone()
        return None if row is None else int(row[0])

    def heartbeat(self, lease: Lease, lease_seconds: float = 30.0) -> Lease:
        deadline = time.time() + lease_seconds
        with self._tx() as db:
            self._current(db, lease)
            db.execute("UPDATE queue_jobs SET deadline = ? WHERE id = ?", (deadline, lease.job_id))
        return dataclasses.replace(lease, deadline=deadline)

    def ack(self, lease: Lease) -> None:
        if not self.ack_many([lease])[0]:
            raise _lost(lease)

    def ack_many(self, leases: Sequence[Lease]) -> list[bool]:
        if not leases:
            return []
        now = time.time()
        with self._tx() as db:
            # The token check and the change in one statement: a stale lease changes no row.
            return [
                db.execute(ACK, (now, lease.job_id, lease.token)).rowcount == 1 for lease in leases
            ]

    def fail(self, lease: Lease, error: str, retry: bool = True) -> JobState:
        now = time.time()
        with self._tx() as db:
            deliveries = self._current(db, lease)
            if retry and deliveries < self.max_deliveries:
                ready_at = now + self.retry_base * 2 ** (deliveries - 1)
                db.execute(
                    "UPDATE queue_jobs SET state = 'delayed', ready_at = ?, error = ?,"
                    " deadline = NULL, worker = NULL, claimed_at = NULL WHERE id = ?",
                    (ready_at, error, lease.job_id),
                )
                return JobState.DELAYED
            self._bury(db, lease.job_id, error, now)
            return JobState.DEAD

    @staticmethod
    def _bury(db: sqlite3.Connection, job_id: str, error: str, now: float) -> None:
        db.execute(
            "UPDATE queue_jobs SET state = 'dead', error = ?, died_at = ?, deadline = NULL,"
            " worker = NULL, claimed_at = NULL WHERE id = ?",
            (error, now, job_id),
        )

    def release(self, lease: Lease) -> None:
        with self._tx() as db:
            self._current(db, lease)
            self._make_ready(db, lease.job_id, "deliveries = deliveries - 1")

    def _make_ready(self, db: sqlite3.Connection, job_id: str, extra: str, *args: Any) -> None:
        """Put one job at the back of its priority's line; ``extra`` is more SET clauses (with
        ``args`` for their placeholders)."""
        seq = self._take(db, "seq", 1) + 1
        db.execute(
            f"UPDATE queue_jobs SET state = 'ready', seq = ?, ready_at = ?, deadline = NULL,"
            f" worker = NULL, claimed_at = NULL, {extra} WHERE id = ?",
            (seq, time.time(), *args, job_id),
        )

    def reap(self) -> Reaped:
        now = time.time()
        with self._tx() as db:
            params = {"now": now, "error": EXPIRED_ERROR, "max": self.max_deliveries}
            dead = db.execute(REAP_DEAD, params).rowcount
            base = self._peek(db, "seq")
            ready = db.execute(REAP_READY, {"base": base, "now": now}).rowcount
            self._take(db, "seq", ready)
            db.execute(PURGE_DONE, (now - self.done_ttl,))
        return Reaped(retried=ready, dead=dead)

    def revoke(self, job_id: str, token: int, error: str) -> JobState | None:
        with self._tx() as db:
            deliveries = self._deliveries(db, job_id, token)
            if deliveries is None:
                return None
            if deliveries >= self.max_deliveries:
                self._bury(db, job_id, error, time.time())
                return JobState.DEAD
            self._make_ready(db, job_id, "error = ?", error)
        return JobState.READY

    # -- inspection and operations ---------------------------------------------------------

    def state(self, job_id: str) -> JobState | None:
        rows = self._read("SELECT state FROM queue_jobs WHERE id = ?", (job_id,))
        return JobState(rows[0][0]) if rows else None

    def stats(self) -> QueueStats:
        with self._lock:
            db = self._conn()
            ready = dict.fromkeys(Priority, 0)
            for priority, count in db.execute(
                "SELECT priority, count(*) FROM queue_jobs WHERE state = 'ready' GROUP BY priority"
            ):
                ready[Priority(priority)] = count
            # States are inlined, not bound: SQLite uses a partial index only for a literal match.
            counts = [
                db.execute(f"SELECT count(*) FROM queue_jobs WHERE state = '{state}'").fetchone()[0]
                for state in (JobState.DELAYED, JobState.LEASED, JobState.DEAD)
            ]
        return QueueStats(ready=ready, delayed=counts[0], leased=counts[1], dead=counts[2])

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        rows = self._read(
            "SELECT id, deliveries, error, died_at FROM queue_jobs WHERE state = 'dead'"
            " ORDER BY died_at DESC LIMIT ?",
            (limit,),
        )
        return [DeadLetter(r[0], r[1], r[2] or "", r[3]) for r in rows]

    def running(self, limit: int = 100) -> list[RunningJob]:
        if limit < 1:
            return []
        rows = self._read(
            "SELECT id, worker, priority, deliveries, claimed_at, deadline, token FROM queue_jobs"
            " WHERE state = 'leased' ORDER BY claimed_at, token LIMIT ?",
            (limit,),
        )
        return [RunningJob(r[0], r[1] or "", Priority(r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    def delete_dead(self, job_id: str) -> bool:
        with self._tx() as db:
            gone = db.execute(
                "DELETE FROM queue_jobs WHERE id = ? AND state = 'dead'", (job_id,)
            ).rowcount
            if gone:
                db.execute("DELETE FROM queue_events WHERE job_id = ?", (job_id,))
        return gone == 1

    def redrive(self, job_id: str) -> bool:
        with self._tx() as db:
            row = db.execute("SELECT state FROM queue_jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or row[0] != JobState.DEAD:
                return False
            self._make_ready(db, job_id, "deliveries = 0, error = NULL, died_at = NULL")
        return True

    # -- events ----------------------------------------------------------------------------

    def publish(self, job_id: str, kind: str, data: dict[str, Any] | None = None) -> None:
        payload = json.dumps(data or {}, separators=(",", ":"))
        with self._tx() as db:
            seq = db.execute(
                "INSERT INTO queue_events (job_id, kind, data, created_at) VALUES (?, ?, ?, ?)"
                " RETURNING seq",
                (job_id, kind, payload, time.time()),
            ).fetchone()[0]
            if seq % 64 == 0:  # trim now and then, like a capped stream (Redis MAXLEN ~)
                db.execute("DELETE FROM queue_events WHERE seq <= ?", (seq - self.max_events,))

    def events(self, job_id: str, after: int = 0) -> list[Event]:
        rows = self._read(
            "SELECT seq, kind, data FROM queue_events WHERE job_id = ? AND seq > ? ORDER BY seq",
            (job_id, after),
        )
        return [Event(job_id, seq, kind, json.loads(data)) for seq, kind, data in rows]

    def last_event_seq(self) -> int:
        rows = self._read("SELECT max(seq) FROM queue_events")
        return int(rows[0][0] or 0)

    def tail(self, after: int, timeout: float, limit: int = 1000) -> list[Event]:
        """As ``wait`` does: local commits wake it at once, other processes' are noticed by
        polling ``PRAGMA data_version`` every ``POLL_SECONDS``."""
        end = time.monotonic() + timeout
        while True:
            seen = self._version()
            rows = self._read(
                "SELECT seq, job_id, kind, data FROM queue_events WHERE seq > ? ORDER BY seq "
                "LIMIT ?",
                (after, limit),
            )
            left = end - time.monotonic()
            if rows or left <= 0:
                return [Event(job, seq, kind, json.loads(data)) for seq, job, kind, data in rows]
            with self._changed:
                if self._version() == seen:
                    self._changed.wait(min(left, POLL_SECONDS))

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                if os.getpid() == self._pid:
                    self._db.close()


def _lost(lease: Lease) -> LeaseLost:
    return LeaseLost(f"job {lease.job_id}: token {lease.token} is no longer current")
