"""``codejudge_jobs_retried_total`` counts deliveries that are actually tried again: a stuck
job taken away (``recycle_stuck``) whose holder had already written its result is recycled
(the queue redelivers it, and the next delivery only acks it) but not retried. A real store
(SQLite and PostgreSQL) and a real SQLite queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from codejudge.models import JudgeResult, NewSubmission, Status, Verdict
from codejudge.problems.budget import BudgetRule
from codejudge.queue import Queue, open_queue
from codejudge.store import Store
from codejudge.worker.stuck import Budgets, recycle_stuck

# Every delivery is past its budget at once (no floor, no cap, no grace).
NO_BUDGET = Budgets(BudgetRule(floor_seconds=0.0, cap_seconds=0.0), [])


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Queue]:
    q = open_queue(f"sqlite:///{tmp_path / 'queue.db'}")
    yield q
    q.close()


def _counted(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


def _claimed(store: Store, queue: Queue) -> tuple[str, int]:
    sub = store.insert(NewSubmission(problem="two-sum", language="python", code="print(1)\n"))
    queue.enqueue(sub.id)
    [lease] = queue.claim("host:1:0", lease_seconds=30)
    assert store.start(sub.id, lease.token)
    return sub.id, lease.token


@pytest.mark.parametrize("holder_finished", [False, True])
def test_a_revoked_job_counts_as_retried_only_if_it_is_tried_again(
    store: Store, queue: Queue, holder_finished: bool
) -> None:
    job_id, token = _claimed(store, queue)
    if holder_finished:  # its result is written; the revoke lands before its ack
        assert store.finish(job_id, token, JudgeResult(Verdict.ACCEPTED))
    retried = _counted("codejudge_jobs_retried_total")
    recycled = _counted("codejudge_jobs_recycled_total")
    assert recycle_stuck(store, queue, NO_BUDGET, grace=0.0) == 1
    assert _counted("codejudge_jobs_recycled_total") - recycled == 1  # taken away either way
    assert _counted("codejudge_jobs_retried_total") - retried == (0 if holder_finished else 1)
    expected = Status.FINISHED if holder_finished else Status.QUEUED
    assert store.get(job_id).status is expected
