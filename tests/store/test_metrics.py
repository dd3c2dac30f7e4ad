"""Depth samples and the per-minute history, against real SQLite and PostgreSQL."""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from codejudge.models import JudgeResult, NewSubmission, Priority, Verdict
from codejudge.store import Store
from codejudge.store.metrics import P50, P95, floor_time, nearest_rank, percentile
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
    store: Store,
    queued: datetime,
    started: datetime,
    finished: datetime,
    verdict: Verdict,
    priority: Priority = Priority.SUBMIT,
) -> str:
    """A submission (a run at ``Priority.RUN``) finished with ``verdict``, its three times
    set to the given ones."""
    sub = store.insert(NewSubmission("two-sum", "python", "x", priority))
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
    assert (percentile(values, P50), percentile(values, P95)) == (50.0, 95.0)
    assert percentile([7.0], P95) == 7.0
    # ceil(n * p) exactly: 0.95 * 20 is 19, never a float's 19.000000000000004 -> 20.
    assert [nearest_rank(n, P95) for n in (1, 2, 19, 20, 21, 40)] == [1, 2, 19, 19, 20, 38]
    assert [nearest_rank(n, P50) for n in (1, 2, 3, 4)] == [1, 1, 2, 2]


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
    assert first.peak[Priority.SUBMIT] == 7  # the burst's top, gone by the last sample
    assert (second.finished, second.verdicts, second.wait_p50_ms) == (0, {}, 3000.0)
    assert second.sample is None and second.peak == {}
    assert (third.finished, third.verdicts) == (1, {Verdict.ACCEPTED: 1})
    assert third.wait_p50_ms is None and third.wait_p95_ms is None
    assert (fourth.finished, fourth.sample, fourth.wait_p50_ms) == (0, None, None)
    assert [b.runs for b in buckets] == [0, 0, 0, 0]


def test_history_counts_runs_apart_from_the_verdict_mix(store: Store) -> None:
    """Runs count in the throughput (``finished``) and in ``runs``, not in the verdicts;
    their queue wait counts with everyone's. Rejudges are submissions."""
    second = timedelta(seconds=1)
    judged(store, T0, T0 + 0.1 * second, T0 + 2 * second, Verdict.ACCEPTED)
    judged(store, T0, T0 + 0.5 * second, T0 + 3 * second, Verdict.WRONG_ANSWER, Priority.RUN)
    judged(store, T0, T0 + 2 * second, T0 + 4 * second, Verdict.ACCEPTED, Priority.RUN)
    judged(store, T0, T0 + 3 * second, T0 + 5 * second, Verdict.WRONG_ANSWER, Priority.REJUDGE)
    (bucket,) = store.history(T0, 60, until=T0 + 59 * second)
    assert (bucket.finished, bucket.runs) == (4, 2)
    assert bucket.verdicts == {Verdict.ACCEPTED: 1, Verdict.WRONG_ANSWER: 1}
    assert (bucket.wait_p50_ms, bucket.wait_p95_ms) == (500.0, 3000.0)


def test_history_ignores_unfinished_and_reaches_now(store: Store) -> None:
    store.insert(NewSubmission(problem="two-sum", language="python", code="x"))  # queued only
    now = datetime.now(UTC)
    buckets = store.history(now - timedelta(minutes=59), until=now)  # one now: no minute roll
    assert len(buckets) == 60 and buckets[-1].at == floor_time(now, 60)
    assert buckets[-1].at >= floor_time(datetime.now(UTC), 60) - timedelta(minutes=1)
    assert all(b.finished == 0 and b.wait_p50_ms is None for b in buckets)
    with pytest.raises(ValueError):
        store.history(now, bucket_s=0)
    with pytest.raises(ValueError):
        store.history(now - timedelta(days=30), bucket_s=60)


def test_history_percentiles_and_counts_come_from_the_database(store: Store) -> None:
    """Many jobs over a few buckets: the counts (GROUP BY) and the nearest-rank p50/p95 (window
    functions) the database computes equal the Python reference, bucket by bucket."""
    rng = random.Random(12)
    minute = timedelta(minutes=1)
    waits: dict[int, list[float]] = {0: [], 2: [], 3: []}
    verdicts: dict[int, Counter[Verdict]] = {i: Counter() for i in range(5)}
    rows = []
    for bucket, n in ((0, 23), (2, 1), (3, 40)):
        for _ in range(n):
            started = T0 + bucket * minute + timedelta(milliseconds=rng.randrange(60_000))
            wait = timedelta(milliseconds=rng.randrange(0, 5_000))
            verdict = rng.choice([Verdict.ACCEPTED, Verdict.WRONG_ANSWER])
            priority = rng.choice([Priority.SUBMIT, Priority.RUN])
            rows.append((started - wait, started, verdict, priority))
            waits[bucket].append(wait / timedelta(milliseconds=1))
    # Finished in the bucket they started in, unless past its end (then the next one).
    for queued, started, verdict, priority in rows:
        finished = started + timedelta(milliseconds=10)
        judged(store, queued, started, finished, verdict, priority)
        if priority is Priority.SUBMIT:
            verdicts[int((finished - T0) // minute)][verdict] += 1
    buckets = store.history(T0, 60, until=T0 + 4 * minute)
    assert len(buckets) == 5 and buckets[1].wait_p50_ms is None and buckets[4].wait_p50_ms is None
    assert sum(b.finished for b in buckets) == len(rows)
    assert sum(b.runs for b in buckets) == sum(p is Priority.RUN for *_, p in rows)
    for i, expected in waits.items():
        ordered = sorted(expected)
        assert buckets[i].wait_p50_ms == percentile(ordered, P50), i
        assert buckets[i].wait_p95_ms == percentile(ordered, P95), i
    for i, got in enumerate(buckets):
        assert got.verdicts == {v: n for v, n in verdicts[i].items() if n}, i
