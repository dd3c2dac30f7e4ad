"""The queue contract, shared by every backend (SQLite now, Redis next).

At-least-once delivery made safe by leases and fencing tokens: every claim gets a deadline and a
fresh token that is strictly greater than any token issued before for that job; heartbeat, ack and
fail succeed only for the holder of the current token. Expired leases are reaped back to ready
(and a stuck delivery, whose holder keeps its lease alive, can be revoked the same way); a job
delivered ``max_deliveries`` times goes to the dead-letter set with its last error. Retries
(with exponential backoff) are for internal errors only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from codejudge.models import Priority


class JobState(StrEnum):
    READY = "ready"
    DELAYED = "delayed"
    LEASED = "leased"
    DONE = "done"
    DEAD = "dead"


@dataclass(frozen=True, slots=True)
class Lease:
    """One delivery of a job to one worker."""

    job_id: str
    token: int
    delivery: int  # 1 for the first delivery, 2 for the first redelivery, ...
    priority: Priority
    deadline: float  # unix time at which the lease expires unless renewed


@dataclass(frozen=True, slots=True)
class DeadLetter:
    job_id: str
    deliveries: int
    error: str
    died_at: float


@dataclass(frozen=True, slots=True)
class RunningJob:
    """A job leased right now (``Queue.running``): who holds it, since when, until when."""

    job_id: str
    worker: str  # the name passed to ``claim(worker, ...)``
    priority: Priority
    delivery: int  # 1 for the first delivery, 2 for the first redelivery, ...
    claimed_at: float  # unix time of this delivery's claim
    deadline: float  # unix time at which the lease expires unless renewed
    token: int  # the delivery's fencing token: what ``revoke`` takes to name this delivery


class Reaped(NamedTuple):
    """What one ``reap`` did with the expired leases: ``retried`` went back to ready for
    another delivery, ``dead`` had had ``max_deliveries`` and went to the dead letters.
    ``sum(reaped)`` is how many were reaped."""

    retried: int
    dead: int


@dataclass(frozen=True, slots=True)
class QueueStats:
    ready: dict[Priority, int]
    delayed: int
    leased: int
    dead: int


@dataclass(frozen=True, slots=True)
class Event:
    """A progress event for one job (queued, running, test, finished)."""

    job_id: str
    seq: int  # increasing per queue; pass the last seen one to ``events(after=)``
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


def batch_of_ids(job_ids: Sequence[str]) -> int:
    """How many ids ``enqueue_many`` got; a lone id is refused (a ``str`` is a ``Sequence[str]``
    too: it would enqueue one job per character)."""
    if isinstance(job_ids, str):
        raise TypeError("enqueue_many takes a sequence of job ids, not one id")
    return len(job_ids)


class Queue(Protocol):
    """Every backend implements exactly this. All methods are safe to call from many
    processes at once, and from many threads on one instance. Times are seconds (floats).

    A lease stays current until it is acked, failed, released, reaped or revoked, even past
    its deadline: only ``reap`` (an expired lease) and ``revoke`` (a stuck delivery) take a job
    away from its holder, and ``claim`` never reaps, so workers call ``reap`` periodically."""

    def enqueue(
        self, job_id: str, priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> bool:
        """Add a job. Idempotent on ``job_id``: returns False (and changes nothing) if the job
        is already ready, delayed or leased. A job that is done or dead is enqueued afresh."""
        ...

    def enqueue_many(
        self, job_ids: Sequence[str], priority: Priority = Priority.SUBMIT, delay: float = 0.0
    ) -> list[bool]:
        """``enqueue`` each id, in order, in one round trip (Redis) or transaction (SQLite),
        atomically: per id, whether it was added (an id repeated in the batch is added at most
        once). The jobs join the line in the order given (FIFO), or, delayed, fall due in it.
        A backend may split a large batch into atomic steps (Redis: 500 ids per script, so that
        no batch holds the server up for long)."""
        ...

    def claim(self, worker: str, n: int = 1, lease_seconds: float = 30.0) -> list[Lease]:
        """Lease up to ``n`` ready jobs (promoting due delayed jobs first): lowest priority
        value first, FIFO within a priority by when each job last became ready (enqueued,
        promoted in due order, released, reaped or redriven). Leases come back in that order,
        their tokens increasing along it. Never blocks; returns [] when none is ready."""
        ...

    def wait(self, timeout: float) -> None:
        """Block until a job may be ready (one is ready, or a delayed one falls due) or
        ``timeout`` passes (idle workers; no busy polling where the backend allows it). Other
        writes, such as events or delayed jobs not yet due, do not end the wait."""
        ...

    def heartbeat(self, lease: Lease, lease_seconds: float = 30.0) -> Lease:
        """Extend the lease. Raises ``LeaseLost`` if the token is no longer current."""
        ...

    def ack(self, lease: Lease) -> None:
        """The job is done. Raises ``LeaseLost`` if the token is no longer current."""
        ...

    def ack_many(self, leases: Sequence[Lease]) -> list[bool]:
        """``ack`` each lease, in order, in one round trip (Redis) or transaction (SQLite),
        atomically: per lease, True if it was acked, False if its token was no longer current
        (including a lease acked earlier in the same batch). Unlike ``ack`` it never raises
        ``LeaseLost``: one stale lease must not keep the others of the batch from being acked,
        so the caller checks the flags."""
        ...

    def fail(self, lease: Lease, error: str, retry: bool = True) -> JobState:
        """An attempt failed with an internal error. With ``retry`` and deliveries left, the job
        is delayed by ``retry_base * 2**(delivery-1)`` and returns DELAYED; otherwise it goes to
        the dead-letter set and returns DEAD. Raises ``LeaseLost`` for a stale token."""
        ...

    def release(self, lease: Lease) -> None:
        """Give the job back at once (graceful shutdown) without counting a delivery against
        it. Raises ``LeaseLost`` for a stale token."""
        ...

    def reap(self) -> Reaped:
        """Move every expired lease back to ready (or to dead when out of deliveries). Returns
        how many went each way."""
        ...

    def revoke(self, job_id: str, token: int, error: str) -> JobState | None:
        """Take a leased job away from its holder now, whatever its deadline (a stuck job: its
        holder keeps the lease alive without making progress), but only while ``token`` is its
        current delivery (the ``RunningJob.token`` seen by ``running``), so a job that moved on
        meanwhile is left alone. As ``reap`` does with an expired lease, the delivery counts:
        the job goes back to ready (at the back of its priority's line), or to the dead-letter
        set with ``error`` when it has had ``max_deliveries``. The old holder's heartbeat, ack,
        fail and release raise ``LeaseLost`` from then on, and its next claim of the job gets a
        fresh token. Returns READY or DEAD, or None (and changes nothing) if ``token`` is not
        the job's current delivery (not leased, or leased again since)."""
        ...

    def state(self, job_id: str) -> JobState | None:
        """Where the job is now, or None if the queue does not know it."""
        ...

    def stats(self) -> QueueStats:
        """Counts by state; ``ready`` has a key for every ``Priority``. Delayed jobs count as
        delayed until a claim promotes them."""
        ...

    def dead_letters(self, limit: int = 100) -> list[DeadLetter]:
        """The dead jobs, most recently died first."""
        ...

    def redrive(self, job_id: str) -> bool:
        """Move a dead job back to ready with a fresh delivery count. Returns False (and
        changes nothing) if the job is not dead."""
        ...

    def delete_dead(self, job_id: str) -> bool:
        """Forget a dead job for good, its events too: afterwards ``state`` is None and
        ``redrive`` returns False (``enqueue`` would add it afresh). Returns False (and changes
        nothing) if the job is not dead (unknown, ready, delayed, leased or done)."""
        ...

    def running(self, limit: int = 100) -> list[RunningJob]:
        """The jobs leased right now, at most ``limit``, oldest claim first (ties: claim
        order), whether or not their deadline has passed (see ``reap``). ``claimed_at`` is
        when the current delivery was claimed; a heartbeat moves ``deadline``, not it."""
        ...

    def publish(self, job_id: str, kind: str, data: dict[str, Any] | None = None) -> None:
        """Append a progress event for ``job_id``."""
        ...

    def events(self, job_id: str, after: int = 0) -> list[Event]:
        """Events of ``job_id`` with ``seq > after``, oldest first."""
        ...

    def last_event_seq(self) -> int:
        """The seq of the newest event of any job (0 when there is none): where a ``tail``
        that wants only what comes next starts."""
        ...

    def tail(self, after: int, timeout: float, limit: int = 1000) -> list[Event]:
        """Events of every job with ``seq > after``, oldest first, at most ``limit``; blocks up
        to ``timeout`` until there is one (no busy polling where the backend allows it). For
        one listener per process that wakes whoever waits on a job (the API's ``?wait`` and
        event streams), instead of each of them polling. Events trimmed away are skipped."""
        ...

    def close(self) -> None: ...
