"""``Store.throughput``: the arrival rate and mean judging time behind
``codejudge_desired_workers``, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from codejudge.models import JudgeResult, NewSubmission, Verdict
from codejudge.store import Store


def _new() -> NewSubmission:
    return NewSubmission(problem="two-sum", language="python", code="print(42)\n")


def test_counts_each_job_queued_in_the_window_once(store: Store) -> None:
    """Three queued now: one still waiting, one finished, one retried back to ``queued``
    after it started: three arrivals (the retried one not twice), one finished."""
    waiting, done, retried = (store.insert(_new()) for _ in range(3))
    assert store.start(done.id, 1) and store.start(retried.id, 2)
    assert store.finish(done.id, 1, JudgeResult(Verdict.ACCEPTED))
    assert store.requeue(retried.id, 2)
    recent = store.throughput.recent(60)
    assert recent.window_seconds == 60
    assert recent.arrivals_per_second == 3 / 60
    assert recent.finished == 1
    assert recent.mean_judge_seconds is not None and 0 <= recent.mean_judge_seconds < 60
    del waiting


def test_mean_is_of_the_finished_jobs_start_to_finish(store: Store) -> None:
    subs = [store.insert(_new()) for _ in range(2)]
    for token, sub in enumerate(subs, 1):
        assert store.start(sub.id, token)
        assert store.finish(sub.id, token, JudgeResult(Verdict.WRONG_ANSWER))
    got = {s.id: s for s in store.list(ids=[s.id for s in subs], limit=2)}
    spans = [(got[s.id].finished_at - got[s.id].started_at).total_seconds() for s in subs]  # type: ignore[operator]
    recent = store.throughput.recent(60)
    assert recent.finished == 2
    assert recent.mean_judge_seconds is not None
    assert abs(recent.mean_judge_seconds - sum(spans) / 2) < 0.002  # SQLite keeps ms


def test_nothing_outside_the_window(store: Store) -> None:
    sub = store.insert(_new())
    assert store.start(sub.id, 1)
    assert store.finish(sub.id, 1, JudgeResult(Verdict.ACCEPTED))
    later = store.throughput.recent(60, now=datetime.now(UTC) + timedelta(hours=1))
    assert later.arrivals_per_second == 0
    assert later.finished == 0 and later.mean_judge_seconds is None
