"""Depth samples and the per-minute history, against real SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from codejudge.models import JudgeResult, NewSubmission, Priority, Verdict
from codejudge.store import Store
from codejudge.store.metrics import floor_time, percentile
from codejudge.store.schema import submissions

pytestmark = pytest.mark.timeout(60)

T0 = datetime(2027, 1, 10, 12, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Stats:
    """Shaped like ``queue.QueueStats`` (what ``record_sample`` reads)."""

    ready: dict[Priority, int] = field(default_factory=dict)
    delayed: int = 0
    leased: int = 0
    dead: int = 0


def judged(
    store: Store, queued: datetime, started: datetime, finished: datetime, verdict: Verdict
) -> str:
    """A submission finished with ``verdict``, its three times set to the given ones."""
    sub = store.insert(NewSubmission(problem="two-sum", language="python", code="x"))
    assert store.start(sub.id, 1)
    assert store.finish(sub.id, 1, JudgeResult(verdict))
    with store.engine.begin() as conn:
        conn.execute(
            submissions.update()
            .where(submissions.c.id == sub.id)
            .values(queued_at=queued, started_at=started, finished_at=finished)
        )
    return sub.id


def test_floor_time_and_percentile() -> None:
    assert floor_time(T0 + timedelta(seconds=19.9), 10) == T0 + timedelta(seconds=10)
    assert floor_time(T0 + timedelta(seconds=59), 60) == T0
    with pytest.raises(ValueError):
        floor_time(T0, 0)
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95)) == (50.0, 95.0)
    assert percentile([7.0], 0.95) == 7.0


def test_a_sample_round_trips_with_every_priority(store: Store) -> None:
    stats = Stats({Priority.SUBMIT: 4, Priority.RUN: 1}, delayed=2, leased=3, dead=5)
    assert store.record_sample(T0 + timedelta(seconds=3), stats)
    (sample,) = store.samples(T0)
    assert sample.at == T0  # rounded down to the 10-s period
    assert sample.ready == {Priority.RUN: 1, Priority.SUBMIT: 4, Priority.REJUDGE: 0}
    assert (sample.running, sample.delayed, sample.dead) == (3, 2, 5)
    assert store.samples(T0 + timedelta(seconds=10)) == []
    assert store.samples(T0 - timedelta(hours=1), until=T0) == []


def test_one_sample_per_period_whoever_records_it(store: Store, url: str) -> None:
    """Processes sampling the same period write once; the first sample stays."""
    assert store.record_sample(T0 + timedelta(seconds=1), Stats({Priority.SUBMIT: 1}))
    assert not store.record_sample(T0 + timedelta(seconds=9), Stats({Priority.SUBMIT: 99}))
    others = [Store(url) for _ in range(4)]
    won: list[bool] = []
    barrier = threading.Barrier(len(others))

    def sample(other: Store) -> None:
        barrier.wait(timeout=10)
        won.append(other.record_sample(T0 + timedelta(seconds=12), Stats({Priority.RUN: 2})))

    threads = [threading.Thread(target=sample, args=(other,)) for other in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in others:
        other.close()
    assert sorted(won) == [False, False, False, True]
    first, second = store.samples(T0)
    assert first.ready[Priority.SUBMIT] == 1
    assert second.at == T0 + timedelta(seconds=10) and second.ready[Priority.RUN] == 2


def test_old_samples_are_purged(store: Store) -> None:
    now = datetime.now(UTC)
    store.record_sample(now - timedelta(days=8), Stats({Priority.SUBMIT: 1}))
    store.record_sample(now - timedelta(days=6), Stats({Priority.SUBMIT: 2}))
    assert store.purge_samples() == len(Priority)  # one row per priority
    assert [s.ready[Priority.SUBMIT] for s in store.samples(now - timedelta(days=30))] == [2]


def test_history_buckets_throughput_verdicts_and_waits(store: Store) -> None:
    minute = timedelta(minutes=1)
    # Minute 0: two finished (one accepted, one wrong answer); waits 100 ms and 2 s.
    judged(store, T0, T0 + timedelta(seconds=0.1), T0 + timedelta(seconds=5), Verdict.ACCEPTED)
    judged(store, T0, T0 + timedelta(seconds=2), T0 + timedelta(seconds=30), Verdict.WRONG_ANSWER)
    # Started in minute 1, finished in minute 2; waited 3 s.
    judged(
        store,
        T0 + minute,
        T0 + minute + timedelta(seconds=3),
        T0 + 2 * minute + timedelta(seconds=1),
        Verdict.ACCEPTED,
    )
    store.record_sample(T0 + timedelta(seconds=10), Stats({Priority.SUBMIT: 7}, leased=1))
    store.record_sample(T0 + timedelta(seconds=50), Stats({Priority.SUBMIT: 3}, leased=2))
    until = T0 + 3 * minute + timedelta(seconds=59)
    buckets = store.history(T0 + timedelta(seconds=30), 60, until=until)
    assert [b.at for b in buckets] == [T0 + i * minute for i in range(4)]
    first, second, third, fourth = buckets
    assert first.finished == 2
    assert first.verdicts == {Verdict.ACCEPTED: 1, Verdict.WRONG_ANSWER: 1}
    assert (first.wait_p50_ms, first.wait_p95_ms) == (100.0, 2000.0)
    assert first.sample is not None and first.sample.ready[Priority.SUBMIT] == 3  # the last
    assert first.sample.running == 2
    assert (second.finished, second.verdicts, second.wait_p50_ms) == (0, {}, 3000.0)
    assert second.sample is None
    assert (third.finished, third.verdicts) == (1, {Verdict.ACCEPTED: 1})
    assert third.wait_p50_ms is None and third.wait_p95_ms is None
    assert (fourth.finished, fourth.sample, fourth.wait_p50_ms) == (0, None, None)


def test_history_ignores_unfinished_and_reaches_now(store: Store) -> None:
    store.insert(NewSubmission(problem="two-sum", language="python", code="x"))  # queued only
    now = datetime.now(UTC)
    buckets = store.history(now - timedelta(minutes=59))
    assert len(buckets) == 60 and buckets[-1].at == floor_time(now, 60)
    assert all(b.finished == 0 and b.wait_p50_ms is None for b in buckets)
    with pytest.raises(ValueError):
        store.history(now, bucket_s=0)
    with pytest.raises(ValueError):
        store.history(now - timedelta(days=30), bucket_s=60)
