"""The cluster's recent throughput, read from the submissions table: what
``codejudge_desired_workers`` (``api/metrics.py``) feeds to ``scaling.desired_workers``.

Both numbers cover every kind of job in the table (submissions, runs, rejudges: each takes a
slot) over a window ending now, and are the same whichever process asks (the store is shared).
Every query is served by an index: ``started_at``, ``finished_at`` and the
``(status, priority, queued_at)`` one.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from codejudge.exceptions import unavailable_on
from codejudge.models import Status
from codejudge.store.schema import submissions as t

WINDOW_SECONDS = 300.0  # five minutes: a few scrapes, short enough to follow a burst
_MAX_ROWS = 10_000  # judge times averaged at most (the most recent in the window)


@dataclass(frozen=True, slots=True)
class Throughput:
    """Over the last ``window_seconds``: jobs queued per second (``arrivals_per_second``) and
    the mean judging time, seconds from start to finish, of the jobs that finished in it
    (``mean_judge_seconds``; None when none did)."""

    window_seconds: float
    arrivals_per_second: float
    mean_judge_seconds: float | None
    finished: int


# As ``Store``: the database away, or no pooled connection free within the pool's timeout,
# is ``Unavailable`` (``/metrics`` then reports ``codejudge_cluster_up 0``, not a 500).
@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
class ThroughputStore:
    """``Store.throughput``: the recent arrival rate and mean judging time. Raises
    ``Unavailable`` when the database cannot be reached."""

    def __init__(
        self, engine: sa.Engine, write: Callable[[], AbstractContextManager[sa.Connection]]
    ) -> None:
        self._engine = engine
        del write  # a read-only view: the signature every store part shares

    def recent(
        self, window_seconds: float = WINDOW_SECONDS, now: datetime | None = None
    ) -> Throughput:
        """Arrivals and judging times over ``[now - window_seconds, now]`` (seconds).

        A job queued in the window is either still queued, or it started after it was queued
        (so in the window too): counting the two sets apart keeps both on an index and counts
        a job once (a retried job back in ``queued`` is counted in the first set only)."""
        since = (now or datetime.now(UTC)) - timedelta(seconds=window_seconds)
        waiting = sa.select(sa.func.count()).where(
            t.c.status == Status.QUEUED.value, t.c.queued_at >= since
        )
        started = sa.select(sa.func.count()).where(
            t.c.started_at >= since, t.c.queued_at >= since, t.c.status != Status.QUEUED.value
        )
        times = (
            sa.select(t.c.started_at, t.c.finished_at)
            .where(t.c.finished_at >= since, t.c.started_at.is_not(None))
            .order_by(t.c.finished_at.desc())
            .limit(_MAX_ROWS)
        )
        with self._engine.connect() as conn:
            arrived = int(conn.execute(waiting).scalar_one()) + int(
                conn.execute(started).scalar_one()
            )
            rows = conn.execute(times).all()
        spans = [max((f - s).total_seconds(), 0.0) for s, f in rows]
        return Throughput(
            window_seconds=window_seconds,
            arrivals_per_second=arrived / window_seconds,
            mean_judge_seconds=sum(spans) / len(spans) if spans else None,
            finished=len(spans),
        )
