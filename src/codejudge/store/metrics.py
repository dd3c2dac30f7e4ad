"""What the operator dashboard charts, kept in the store so it survives a restart.

- Queue depth samples (``depth_samples``): whoever samples (``runtime.Sampler``, in API and
  worker processes alike) records ``queue.stats()`` every few seconds under a time rounded down
  to the sampling period, so processes sampling at once write one row per priority, not one
  each (the primary key drops the others: ``ON CONFLICT DO NOTHING``).
- The history: per time bucket, the last depth sample, how many jobs finished (submissions and
  runs alike: the judges' throughput) and how many of them were runs, the verdicts of the
  submissions among them (a run's verdict on the samples says little about the judge), and the
  queue wait (``started_at - queued_at``) of the jobs that started, as nearest-rank
  percentiles. Computed from the submissions table by the database (GROUP BY a bucket
  expression, window functions for the ranks) with exact integer ranks, so SQLite and
  PostgreSQL give the same numbers (to the millisecond: SQLite reads its times so).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from codejudge.exceptions import unavailable_on
from codejudge.models import Priority, Verdict
from codejudge.store.schema import depth_samples as d
from codejudge.store.schema import submissions as t

SAMPLE_RETENTION = timedelta(days=7)
MAX_BUCKETS = 10_000  # one history call: a week of minutes fits
P50, P95 = (1, 2), (19, 20)  # the percentiles charted, as exact fractions
_UNIX_JD = 2440587.5  # the Julian day of 1970-01-01T00:00Z
_DAY_MS = 86_400_000
_N = TypeVar("_N", int, sa.ColumnElement[Any])


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
    """One bucket ``[at, at + bucket_s)``: its last depth sample (None: nobody sampled) and
    the most ready jobs any of its samples saw per priority (``peak``: a burst that rose and
    drained within the bucket shows there, not in the last sample), the
    jobs that finished in it (``finished``: submissions and runs; ``runs``: the runs among
    them; ``verdicts``: ``{verdict: count}`` of the submissions among them, runs left out)
    and the queue wait, in milliseconds, of the jobs (runs too) that started in it (None when
    none did)."""

    at: datetime
    sample: Sample | None = None
    peak: dict[Priority, int] = field(default_factory=dict)  # the most ready, of every sample
    finished: int = 0
    verdicts: dict[Verdict, int] = field(default_factory=dict)
    runs: int = 0
    wait_p50_ms: float | None = None
    wait_p95_ms: float | None = None


class _Writes(Protocol):
    def __call__(self) -> AbstractContextManager[sa.Connection]: ...


def floor_time(at: datetime, period_s: float) -> datetime:
    """``at`` rounded down to a multiple of ``period_s`` seconds since the epoch (UTC)."""
    if period_s <= 0:
        raise ValueError(f"period must be > 0 seconds, got {period_s}")
    return datetime.fromtimestamp(math.floor(at.timestamp() / period_s) * period_s, UTC)


def nearest_rank(n: _N, p: tuple[int, int]) -> _N:
    """The 1-based nearest rank of the ``p`` (a fraction ``(num, den)``) percentile among
    ``n >= 1`` sorted values: ``ceil(n * num / den)`` in integers, so Python and SQL (where
    ``n`` is a column) agree exactly."""
    num, den = p
    return (n * num + den - 1) // den


def percentile(values: list[float], p: tuple[int, int]) -> float:
    """The nearest-rank ``p`` percentile of sorted, non-empty ``values``."""
    return values[nearest_rank(len(values), p) - 1]


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
        (default now; its bucket included), oldest first, empty ones too. The database does
        the counting (GROUP BY bucket) and picks the percentiles (window functions): a day's
        window reads a few rows per bucket, not every submission in it."""
        if bucket_s < 1:
            raise ValueError(f"bucket_s must be >= 1, got {bucket_s}")
        start = floor_time(since, bucket_s)
        end_ts = floor_time(until or datetime.now(UTC), bucket_s).timestamp() + bucket_s
        count = round((end_ts - start.timestamp()) / bucket_s)
        if not 0 < count <= MAX_BUCKETS:
            raise ValueError(f"{count} buckets of {bucket_s} s: at most {MAX_BUCKETS}, at least 1")
        window = _Window(start, datetime.fromtimestamp(end_ts, UTC), bucket_s, count)
        finished: dict[int, Counter[Verdict | None]] = {}  # None: runs
        waits: dict[int, dict[tuple[int, int], float]] = {}  # {percentile: ms}
        with self._engine.connect() as conn:
            dialect = conn.dialect.name
            for i, verdict, run, n in conn.execute(_finished_query(window, dialect)):
                key = None if run else Verdict(verdict)
                finished.setdefault(window.clamp(i), Counter())[key] += n
            for i, wait_ms, rank, n in conn.execute(_waits_query(window, dialect)):
                for p in (P50, P95):
                    if rank == nearest_rank(n, p):
                        waits.setdefault(window.clamp(i), {})[p] = max(0.0, float(wait_ms))
            rows = conn.execute(_last_samples_query(window, dialect)).all()
            peaks: dict[int, dict[Priority, int]] = {}
            for i, priority, most in conn.execute(_peaks_query(window, dialect)):
                peaks.setdefault(window.clamp(i), {})[Priority(priority)] = most
        last = {window.clamp(window.index(s.at)): s for s in _samples_of(rows)}
        return [replace(_bucket(window.at(i), last.get(i), finished.get(i), waits.get(i, {})),
                        peak=peaks.get(i, {}))
                for i in range(count)]  # fmt: skip


def _bucket(
    at: datetime,
    sample: Sample | None,
    finished: Counter[Verdict | None] | None,
    waits: dict[tuple[int, int], float],
) -> HistoryBucket:
    ended = finished or Counter()
    p50, p95 = waits.get(P50), waits.get(P95)
    return HistoryBucket(
        at=at,
        sample=sample,
        finished=ended.total(),
        verdicts={v: n for v, n in ended.items() if v is not None},
        runs=ended[None],
        wait_p50_ms=round(p50, 1) if p50 is not None else None,
        wait_p95_ms=round(p95, 1) if p95 is not None else None,
    )


@dataclass(frozen=True, slots=True)
class _Window:
    """``count`` buckets of ``bucket_s`` seconds from ``start`` to ``end``."""

    start: datetime
    end: datetime
    bucket_s: int
    count: int

    def at(self, i: int) -> datetime:
        return self.start + timedelta(seconds=i * self.bucket_s)

    def index(self, at: datetime) -> int:
        return int((at.timestamp() - self.start.timestamp()) // self.bucket_s)

    def clamp(self, i: int) -> int:
        # SQLite keeps times to the millisecond: a time within half a millisecond of the
        # window's end can round onto it.
        return min(max(int(i), 0), self.count - 1)

    def bucket_of(self, column: Any, dialect: str) -> sa.ColumnElement[int]:
        """The bucket index of a ``UTCDateTime`` column's value, in SQL."""
        start_s = int(self.start.timestamp())  # a whole multiple of bucket_s
        if dialect == "sqlite":  # integer division of integers: floor, as the values are >= 0
            since_start = _epoch_ms(column, dialect) - sa.literal(start_s * 1000, sa.BigInteger)
            return since_start // sa.literal(self.bucket_s * 1000, sa.BigInteger)
        since_start = sa.extract("epoch", column) - sa.literal(start_s, sa.BigInteger)
        return sa.cast(sa.func.floor(since_start / self.bucket_s), sa.BigInteger)


def _epoch_ms(column: Any, dialect: str) -> sa.ColumnElement[Any]:
    """Milliseconds since the epoch of a ``UTCDateTime`` column, in SQL. SQLite keeps the
    time as text (naive UTC) and reads it to the millisecond; ``julianday`` is a float, so
    the product is rounded back to the integer it stands for."""
    if dialect == "sqlite":
        return sa.cast(
            sa.func.round((sa.func.julianday(column) - _UNIX_JD) * _DAY_MS), sa.BigInteger
        )
    return sa.extract("epoch", column) * 1000


def _finished_query(window: _Window, dialect: str) -> sa.Select[Any]:
    """(bucket, verdict, 1 if a run else 0, count) of the jobs that finished in the window."""
    jobs = (
        sa.select(
            window.bucket_of(t.c.finished_at, dialect).label("bucket"),
            t.c.verdict,
            sa.case((t.c.priority == int(Priority.RUN), 1), else_=0).label("run"),
        )
        .where(
            t.c.finished_at >= window.start,
            t.c.finished_at < window.end,
            t.c.verdict.is_not(None),
        )
        .subquery()
    )
    return sa.select(jobs.c.bucket, jobs.c.verdict, jobs.c.run, sa.func.count()).group_by(
        jobs.c.bucket, jobs.c.verdict, jobs.c.run
    )


def _waits_query(window: _Window, dialect: str) -> sa.Select[Any]:
    """(bucket, wait ms, its rank, how many) of the p50 and p95 queue waits of the jobs that
    started in each bucket: nearest rank over the bucket's waits, sorted."""
    wait_ms = _epoch_ms(t.c.started_at, dialect) - _epoch_ms(t.c.queued_at, dialect)
    waits = (
        sa.select(window.bucket_of(t.c.started_at, dialect).label("bucket"), wait_ms.label("ms"))
        .where(t.c.started_at >= window.start, t.c.started_at < window.end)
        .subquery()
    )
    ranked = sa.select(
        waits.c.bucket,
        waits.c.ms,
        sa.func.row_number().over(partition_by=waits.c.bucket, order_by=waits.c.ms).label("rank"),
        sa.func.count().over(partition_by=waits.c.bucket).label("n"),
    ).subquery()
    wanted = [ranked.c.rank == nearest_rank(ranked.c.n, p) for p in (P50, P95)]
    return sa.select(ranked.c.bucket, ranked.c.ms, ranked.c.rank, ranked.c.n).where(sa.or_(*wanted))


def _last_samples_query(window: _Window, dialect: str) -> sa.Select[Any]:
    """The rows of each bucket's last depth sample, oldest first."""
    in_window = sa.and_(d.c.at >= window.start, d.c.at < window.end)
    per_bucket = (
        sa.select(window.bucket_of(d.c.at, dialect).label("bucket"), d.c.at)
        .where(in_window)
        .subquery()
    )
    last = sa.select(sa.func.max(per_bucket.c.at)).group_by(per_bucket.c.bucket)
    return sa.select(d).where(in_window, d.c.at.in_(last)).order_by(d.c.at, d.c.priority)


def _peaks_query(window: _Window, dialect: str) -> sa.Select[Any]:
    """Per bucket and priority, the most ready jobs of any sample in it."""
    bucket = window.bucket_of(d.c.at, dialect).label("bucket")
    return (
        sa.select(bucket, d.c.priority, sa.func.max(d.c.ready))
        .where(d.c.at >= window.start, d.c.at < window.end)
        .group_by(bucket, d.c.priority)
    )


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
