"""What the operator dashboard charts, kept in the store so it survives a restart.

- Queue depth samples (``depth_samples``): whoever samples (``runtime.Sampler``, in API and
  worker processes alike) records ``queue.stats()`` every few seconds under a time rounded down
  to the sampling period, so processes sampling at once write one row per priority, not one
  each (the primary key drops the others: ``ON CONFLICT DO NOTHING``).
- The history: per time bucket, the last depth sample, how many submissions finished and with
  which verdicts, and the queue wait (``started_at - queued_at``) of those that started, as
  nearest-rank percentiles. Computed from the submissions table in Python, so SQLite and
  PostgreSQL give the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from codejudge.exceptions import unavailable_on
from codejudge.models import Priority, Verdict
from codejudge.store.schema import depth_samples as d
from codejudge.store.schema import submissions as t

SAMPLE_RETENTION = timedelta(days=7)
MAX_BUCKETS = 10_000  # one history call: a week of minutes fits


class DepthStats(Protocol):
    """What a sample records: ``queue.QueueStats`` has exactly these (the store does not
    import the queue: they are siblings)."""

    @property
    def ready(self) -> Mapping[Priority, int]: ...
    @property
    def delayed(self) -> int: ...
    @property
    def leased(self) -> int: ...
    @property
    def dead(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Sample:
    """The queue at ``at`` (rounded down to the sampling period): ready jobs per priority
    (every priority present), and the queue-wide running (leased), delayed and dead counts."""

    at: datetime
    ready: dict[Priority, int]
    running: int
    delayed: int
    dead: int


@dataclass(frozen=True, slots=True)
class HistoryBucket:
    """One bucket ``[at, at + bucket_s)``: its last depth sample (None: nobody sampled), the
    submissions that finished in it (count and ``{verdict: count}``) and the queue wait, in
    milliseconds, of those that started in it (None when none did)."""

    at: datetime
    sample: Sample | None = None
    finished: int = 0
    verdicts: dict[Verdict, int] = field(default_factory=dict)
    wait_p50_ms: float | None = None
    wait_p95_ms: float | None = None


class _Writes(Protocol):
    def __call__(self) -> AbstractContextManager[sa.Connection]: ...


def floor_time(at: datetime, period_s: float) -> datetime:
    """``at`` rounded down to a multiple of ``period_s`` seconds since the epoch (UTC)."""
    if period_s <= 0:
        raise ValueError(f"period must be > 0 seconds, got {period_s}")
    return datetime.fromtimestamp(math.floor(at.timestamp() / period_s) * period_s, UTC)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p`` percentile (0 < p <= 1) of sorted, non-empty ``values``."""
    return values[max(0, math.ceil(p * len(values)) - 1)]


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class Metrics:
    """The ``depth_samples`` table and the history reads (``Store`` delegates here)."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write

    def record(self, at: datetime, stats: DepthStats, period_s: float) -> bool:
        """Store ``stats`` under ``at`` rounded down to ``period_s``; False if that time was
        already sampled (by this or another process), which leaves the first sample as is."""
        key = floor_time(at, period_s)
        rows = [
            {
                "at": key,
                "priority": int(priority),
                "ready": int(stats.ready.get(priority, 0)),
                "running": stats.leased,
                "delayed": stats.delayed,
                "dead": stats.dead,
            }
            for priority in Priority
        ]
        with self._write() as conn:
            insert = postgresql.insert(d) if conn.dialect.name == "postgresql" else sqlite.insert(d)
            # RETURNING, not rowcount: psycopg reports -1 for a multi-row INSERT.
            query = insert.values(rows).on_conflict_do_nothing().returning(d.c.priority)
            return bool(conn.execute(query).all())

    def samples(self, since: datetime, until: datetime | None = None) -> list[Sample]:
        """The samples taken at ``since`` or later (and before ``until``), oldest first."""
        query = sa.select(d).where(d.c.at >= since).order_by(d.c.at, d.c.priority)
        if until is not None:
            query = query.where(d.c.at < until)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return list(_samples_of(rows))

    def purge(self, before: datetime) -> int:
        """Delete the samples taken before ``before``; how many rows went."""
        with self._write() as conn:
            return int(conn.execute(d.delete().where(d.c.at < before)).rowcount)

    def history(
        self, since: datetime, bucket_s: int = 60, until: datetime | None = None
    ) -> list[HistoryBucket]:
        """One bucket per ``bucket_s`` seconds from ``since`` (rounded down) to ``until``
        (default now; its bucket included), oldest first, empty ones too."""
        if bucket_s < 1:
            raise ValueError(f"bucket_s must be >= 1, got {bucket_s}")
        start = floor_time(since, bucket_s)
        end_ts = floor_time(until or datetime.now(UTC), bucket_s).timestamp() + bucket_s
        count = round((end_ts - start.timestamp()) / bucket_s)
        if not 0 < count <= MAX_BUCKETS:
            raise ValueError(f"{count} buckets of {bucket_s} s: at most {MAX_BUCKETS}, at least 1")
        end = datetime.fromtimestamp(end_ts, UTC)
        finished, waits = self._judged_between(start, end, bucket_s)
        # Later samples of a bucket overwrite earlier ones: the last one stays.
        last = {_index(s.at, start, bucket_s): s for s in self.samples(start, end)}
        buckets = []
        for i in range(count):
            wait = sorted(waits.get(i, []))
            buckets.append(
                HistoryBucket(
                    at=start + timedelta(seconds=i * bucket_s),
                    sample=last.get(i),
                    finished=len(finished.get(i, [])),
                    verdicts=dict(Counter(finished.get(i, []))),
                    wait_p50_ms=round(percentile(wait, 0.5), 1) if wait else None,
                    wait_p95_ms=round(percentile(wait, 0.95), 1) if wait else None,
                )
            )
        return buckets

    def _judged_between(
        self, start: datetime, end: datetime, bucket_s: int
    ) -> tuple[dict[int, list[Verdict]], dict[int, list[float]]]:
        """Per bucket index from ``start``: the verdicts of the submissions that finished in
        it, and the queue waits (ms) of those that started in it."""
        finished_q = sa.select(t.c.finished_at, t.c.verdict).where(
            t.c.finished_at >= start, t.c.finished_at < end, t.c.verdict.is_not(None)
        )
        started_q = sa.select(t.c.started_at, t.c.queued_at).where(
            t.c.started_at >= start, t.c.started_at < end
        )
        finished: dict[int, list[Verdict]] = {}
        waits: dict[int, list[float]] = {}
        with self._engine.connect() as conn:
            for finished_at, verdict in conn.execute(finished_q):
                finished.setdefault(_index(finished_at, start, bucket_s), []).append(
                    Verdict(verdict)
                )
            for started_at, queued_at in conn.execute(started_q):
                wait_ms = max(0.0, (started_at - queued_at).total_seconds() * 1000)
                waits.setdefault(_index(started_at, start, bucket_s), []).append(wait_ms)
        return finished, waits


def _index(at: datetime, start: datetime, bucket_s: float) -> int:
    return int((at.timestamp() - start.timestamp()) // bucket_s)


def _samples_of(rows: Sequence[sa.Row[Any]]) -> Iterator[Sample]:
    current: Sample | None = None
    for row in rows:
        at, priority, ready, running, delayed, dead = row
        if current is None or current.at != at:
            if current is not None:
                yield current
            current = Sample(at, dict.fromkeys(Priority, 0), running, delayed, dead)
        current.ready[Priority(priority)] = ready
    if current is not None:
        yield current
