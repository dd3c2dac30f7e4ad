"""The distributed queue on Redis, the BullMQ way: sorted sets and hashes changed only by Lua.

Keys (all in ``keys.py``, all under one ``{hash tag}`` so a queue lives in one cluster slot):
a ready ZSET scored ``priority * 2**44 + seq`` (lowest value first, FIFO within a priority), a
delayed ZSET scored by due time, a leases ZSET scored by deadline, a dead-letter ZSET scored by
time of death, a hash per job (state, priority, seq, token, deliveries, deadline, worker,
claimed_at, error, died_at), an events Stream (MAXLEN ~) with a per-job index of seqs, and a
wake LIST.

Every step that changes more than one key is one Lua script in ``lua/`` (enqueue and
enqueue_many, claim with promotion of due delayed jobs, heartbeat, ack and ack_many,
fail/retry, release, reap, revoke, redrive, delete_dead, publish), and so is every read that
needs one consistent view of several keys (dead, running, events, idle). They are loaded once with
``register_script`` and run with EVALSHA (redis-py reloads a script the server forgot after a
restart). ``lua/_lib.lua`` is prepended to each: Lua has no imports.

Time. Scripts read the server's clock (``TIME``, in integer microseconds) for every deadline,
due time, claim time and death time, so workers on hosts whose clocks disagree still agree on
when a lease expires; a client's clock only converts the returned times to unix seconds.
Redis 7 replicates a script's effects, not the script, so ``TIME`` inside a script is safe.

Fencing tokens come from one counter per queue: strictly increasing across all jobs, checked by
every heartbeat, ack, fail and release. The store refuses a result whose token is not above the
last one it saw, so the counter must not restart if Redis loses its data (FLUSHDB, a restart
without AOF): a missing counter is seeded from the server time in microseconds. Event seqs use
the same scheme, so a client resuming ``events(after=)`` never misses new events.

Idle workers block in ``wait`` on BLPOP of the wake list, to which every step that makes a job
ready pushes a marker (bounded), and so does a delayed job that becomes the earliest due; the
BLPOP timeout is the time until the earliest delayed job is due. Redis resolves blocking
timeouts at its ``hz`` (10 by default: within ~100 ms).

Deployment: Redis >= 7 (``ZRANGE … BYSCORE``, ``ZPOPMIN``), ``appendonly yes`` (with
``appendfsync everysec`` a crash loses at most the last second, which the store's reconciler
re-enqueues) and ``maxmemory-policy noeviction`` (an evicted job hash or lease is a lost job).
Done jobs are remembered for ``done_ttl`` seconds, a job's event index for as long after its
last event; the stream keeps about ``max_events`` events.

Concurrency. One instance is shared by threads through redis-py's connection pool (which also
starts afresh in a forked child). Commands are retried on connection errors (a restarted Redis
leaves dead sockets in the pool); a retried ack or fail whose first attempt did land raises
``LeaseLost`` (``ack_many`` answers False), which is safe: the worker has written the fenced
result to the store before. Likewise a retried ``enqueue``/``enqueue_many`` may answer False
for jobs its first attempt added: they are in the queue either way.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from importlib import resources
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode

import redis
from redis.backoff import ExponentialBackoff
from redis.commands.core import Script
from redis.retry import Retry

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
from codejudge.queue.keys import QueueKeys

US = 1_000_000  # microseconds per second: the scripts' unit of time
PRIORITY_SHIFT = 2**44  # the ready score is priority * 2**44 + seq (mirrors lua/_lib.lua)
EXPIRED_ERROR = "lease expired"
# Items per script run: ids enqueued, leases acked, delayed jobs promoted or leases reaped. A
# script blocks the server while it runs, so a huge batch is split (bounded work).
SCRIPT_BATCH = 500
SCRIPTS = (
    "enqueue",
    "enqueue_many",
    "claim",
    "heartbeat",
    "ack",
    "ack_many",
    "fail",
    "release",
    "reap",
    "redrive",
    "publish",
    "events",
    "idle",
    "dead",
    "delete_dead",
    "running",
    "revoke",
)
RETRIES = 3


def split_url(url: str) -> tuple[str, str | None]:
    """``redis://host/0?queue=name`` -> (``redis://host/0``, ``name``): the ``queue`` query
    parameter names the queue; everything else is redis-py's."""
    scheme = url.partition("://")[0]
    if scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"not a Redis URL: {url!r} (use redis://HOST:PORT/DB)")
    # Split by hand: urlunsplit would turn unix:///path into unix:/path.
    base, _, query = url.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    names = [value for key, value in pairs if key == "queue"]
    rest = urlencode([(key, value) for key, value in pairs if key != "queue"])
    return base + (f"?{rest}" if rest else ""), (names[-1] if names else None)


def load_scripts(client: redis.Redis) -> dict[str, Script]:
    folder = resources.files("codejudge.queue") / "lua"
    lib = (folder / "_lib.lua").read_text()
    return {
        name: client.register_script(lib + (folder / f"{name}.lua").read_text()) for name in SCRIPTS
    }


# Redis restarting or unreachable (after redis-py's own retries): callers see ``Unavailable``.
@unavailable_on(redis.ConnectionError, redis.TimeoutError)
class RedisQueue:
    """``queue.base.Queue`` on Redis. See the module docstring for keys, time and tokens."""

    def __init__(
        self,
        url: str,
        *,
        max_deliveries: int = 3,
        retry_base: float = 1.0,
        name: str = "default",
        max_events: int = 100_000,
        done_ttl: float = 86_400.0,
    ) -> None:
        if max_deliveries < 1:
            raise ValueError("max_deliveries must be at least 1")
        client_url, url_name = split_url(url)
        self.keys = QueueKeys(url_name or name)
        self.max_deliveries = max_deliveries
        self.retry_base = retry_base
        self.max_events = max_events
        self.done_ttl = done_ttl
        retry = Retry(ExponentialBackoff(cap=1.0, base=0.05), RETRIES)
        errors: list[type[Exception]] = [redis.ConnectionError, redis.TimeoutError]
        self._redis = redis.Redis.from_url(client_url, retry=retry, retry_on_error=errors)
        self._scripts = load_scripts(self._redis)
        # Pre-encoded: redis-py passes bytes through without encoding them on every call.
        self._fixed = [key.encode() for key in self.keys.fixed()]
        self._prefix = self.keys.prefix.encode()
        self._closed = False

    def _run(self, script: str, *args: Any) -> Any:
        """Run one Lua script with the queue's keys and ``args`` after the key prefix."""
        if self._closed:
            raise RuntimeError("the queue is closed")
        return self._scripts[script](keys=self._fixed, args=[self._prefix, *args])

    @property
    def client(self) -> redis.Redis:
        if self._closed:
            raise RuntimeError("the queue is closed")
        return self._redis

    # -- producing and consuming -----------------------------------------------------------

    def enqueue(
        self, job_id: str, priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> bool:
        return bool(self._run("enqueue", job_id, int(priority), _us(max(delay, 0.0))))

    def enqueue_many(
        self, job_ids: Sequence[str], priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> list[bool]:
        batch_of_ids(job_ids)
        added = []
        for start in range(0, len(job_ids), SCRIPT_BATCH):
            chunk = job_ids[start : start + SCRIPT_BATCH]
            reply = self._run("enqueue_many", int(priority), _us(max(delay, 0.0)), *chunk)
            added += [bool(one) for one in reply]
        return added

    def claim(self, worker: str, n: int = 1, lease_seconds: float = 30.0) -> list[Lease]:
        if n < 1:
            return []
        reply = self._run("claim", worker, n, _us(lease_seconds), SCRIPT_BATCH)
        deadline = int(reply[0]) / US
        rows = reply[1:]
        return [
            Lease(_text(job_id), int(token), int(delivery), Priority(priority), deadline)
            for job_id, token, delivery, priority in _rows(rows, 4)
        ]

    def wait(self, timeout: float) -> None:
        """Block until a job is ready (or a delayed one falls due) or ``timeout`` passes: BLPOP
        on the wake list, re-checking after each marker since a marker may be stale."""
        end = time.monotonic() + timeout
        while True:
            until_due = int(self._run("idle"))  # µs; 0: ready now; -1: nothing delayed
            left = end - time.monotonic()
            if until_due == 0 or left <= 0:
                return
            block = left if until_due < 0 else min(left, until_due / US)
            # redis-py types BLPOP's timeout as int, but Redis >= 6 takes (and redis-py sends)
            # a float; 0 would mean "forever".
            self.client.blpop([self.keys.wake], timeout=cast(int, max(block, 0.001)))

    # -- one delivery ----------------------------------------------------------------------

    def heartbeat(self, lease: Lease, lease_seconds: float = 30.0) -> Lease:
        deadline = int(self._run("heartbeat", lease.job_id, lease.token, _us(lease_seconds)))
        if deadline < 0:
            raise _lost(lease)
        return dataclasses.replace(lease, deadline=deadline / US)

    def ack(self, lease: Lease) -> None:
        if not self._run("ack", lease.job_id, lease.token, self._done_ttl_ms()):
            raise _lost(lease)

    def ack_many(self, leases: Sequence[Lease]) -> list[bool]:
        acked = []
        for start in range(0, len(leases), SCRIPT_BATCH):
            chunk = leases[start : start + SCRIPT_BATCH]
            pairs = [field for lease in chunk for field in (lease.job_id, lease.token)]
            acked += [bool(one) for one in self._run("ack_many", self._done_ttl_ms(), *pairs)]
        return acked

    def _done_ttl_ms(self) -> int:
        return max(int(self.done_ttl * 1000), 0)

    def fail(self, lease: Lease, error: str, retry: bool = True) -> JobState:
        reply = self._run(
            "fail",
            lease.job_id,
            lease.token,
            error,
            int(retry),
            self.max_deliveries,
            _us(self.retry_base),
        )
        if reply == 0:
            raise _lost(lease)
        return JobState(_text(reply))

    def release(self, lease: Lease) -> None:
        if not self._run("release", lease.job_id, lease.token):
            raise _lost(lease)

    def revoke(self, job_id: str, token: int, error: str) -> JobState | None:
        reply = self._run("revoke", job_id, token, self.max_deliveries, error)
        return None if reply == 0 else JobState(_text(reply))

    def reap(self) -> Reaped:
        retried = dead = 0
        while True:  # in bounded batches, so one script never stalls the server for long
            ready, buried = self._run("reap", self.max_deliveries, EXPIRED_ERROR, SCRIPT_BATCH)
            retried, dead = retried + int(ready), dead + int(buried)
            if int(ready) + int(buried) < SCRIPT_BATCH:
                return Reaped(retried, dead)

    # -- inspection and operations ---------------------------------------------------------

    def state(self, job_id: str) -> JobState | None:
        value = cast("bytes | None", self.client.hget(self.keys.job(job_id), "state"))
        return None if value is None else JobState(_text(value))

    def stats(self) -> QueueStats:
        with self.client.pipeline(transaction=True) as pipe:  # one consistent snapshot
            for priority in Priority:
                low = int(priority) * PRIORITY_SHIFT
                pipe.zcount(self.keys.ready, low, f"({low + PRIORITY_SHIFT}")
            for key in (self.keys.delayed, self.keys.leases, self.keys.dead):
                pipe.zcard(key)
            counts = [int(count) for count in pipe.execute()]
        ready = dict(zip(Priority, counts, strict=False))
        delayed, leased, dead = counts[len(Priority) :]
        return QueueStats(ready=ready, delayed=delayed, leased=leased, dead=dead)

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        if limit < 1:
            return []
        rows = self._run("dead", limit)
        return [
            DeadLetter(_text(job_id), int(deliveries), _text(error), int(died_at) / US)
            for job_id, deliveries, error, died_at in _rows(rows, 4)
        ]

    def redrive(self, job_id: str) -> bool:
        return bool(self._run("redrive", job_id))

    def delete_dead(self, job_id: str) -> bool:
        return bool(self._run("delete_dead", job_id))

    def running(self, limit: int = 100) -> list[RunningJob]:
        """One script reads every lease and sorts them by claim time (``lua/running.lua``):
        O(leased jobs), which the workers' slots bound. A lease claimed by a version that did
        not record claim times (a rolling upgrade) counts from when ``running`` first saw it."""
        if limit < 1:
            return []
        rows = self._run("running", limit)
        return [
            RunningJob(
                _text(job_id),
                _text(worker),
                Priority(int(priority)),
                int(deliveries),
                int(claimed_at) / US,
                int(deadline) / US,
                int(token),
            )
            for job_id, worker, priority, deliveries, claimed_at, deadline, token in _rows(rows, 7)
        ]

    # -- events ----------------------------------------------------------------------------

    def publish(self, job_id: str, kind: str, data: dict[str, Any] | None = None) -> None:
        payload = json.dumps(data or {}, separators=(",", ":"))
        ttl_ms = max(int(self.done_ttl * 1000), 1)
        self._run("publish", job_id, kind, payload, self.max_events, ttl_ms)

    def events(self, job_id: str, after: int = 0) -> list[Event]:
        rows = self._run("events", job_id, after)
        return [
            Event(job_id, int(seq), _text(kind), json.loads(data))
            for seq, kind, data in _rows(rows, 3)
        ]

    def last_event_seq(self) -> int:
        newest = cast("list[tuple[bytes, dict[bytes, bytes]]]",
                      self.client.xrevrange(self.keys.events, count=1))  # fmt: skip
        return _stream_seq(newest[0][0]) if newest else 0

    def tail(self, after: int, timeout: float, limit: int = 1000) -> list[Event]:
        """XREAD BLOCK on the events stream (entry ids are ``<seq>-0``)."""
        block_ms = max(int(timeout * 1000), 1)  # 0 would mean "forever"
        reply = cast(
            "list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None",
            self.client.xread({self.keys.events: f"{after}-0"}, count=limit, block=block_ms),
        )
        events = []
        for _, entries in reply or []:
            for entry_id, fields in entries:
                events.append(
                    Event(
                        _text(fields[b"job"]),
                        _stream_seq(entry_id),
                        _text(fields[b"kind"]),
                        json.loads(fields[b"data"]),
                    )
                )
        return events

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._redis.close()


def _us(seconds: float) -> int:
    return round(seconds * US)


def _stream_seq(entry_id: bytes | str) -> int:
    return int(_text(entry_id).split("-", 1)[0])


def _rows(flat: list[Any], width: int) -> list[tuple[Any, ...]]:
    """A script's flat reply ``[a1, b1, a2, b2, ...]`` as rows ``[(a1, b1), (a2, b2)]``."""
    return list(zip(*[iter(flat)] * width, strict=True))


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _lost(lease: Lease) -> LeaseLost:
    return LeaseLost(f"job {lease.job_id}: token {lease.token} is no longer current")
