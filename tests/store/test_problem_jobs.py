"""Problem measurement jobs in the store, on SQLite and PostgreSQL: one final report, fenced by
the queue's token, as for submissions (issue 10 class 12)."""

from __future__ import annotations

import pytest

from codejudge.exceptions import NotFound
from codejudge.store import Store
from codejudge.store.problem_jobs import JobStatus, new_job_id, pending_package


def test_round_trip_and_fenced_final_write(store: Store) -> None:
    jobs = store.problem_jobs
    job_id = new_job_id()
    package = pending_package(job_id, "different")
    created = jobs.insert(job_id, "different", package, False, {"warnings": ["w"]})
    assert jobs.get(job_id) == created and created.status is JobStatus.QUEUED
    assert jobs.queued_ids() == [job_id]
    assert jobs.start(job_id, 5)
    assert not jobs.start(job_id, 4)  # an older delivery cannot take it back
    assert not jobs.finish(job_id, 4, time_ms=1000, report={})  # nor write the report
    report = {"time_limit_from": "slowest accepted 20 ms x time_multiplier 5", "runs": []}
    assert jobs.finish(job_id, 5, time_ms=1000, report=report)
    assert not jobs.finish(job_id, 5, time_ms=2000, report={})  # one final write
    done = jobs.get(job_id)
    assert (done.status, done.time_ms, done.report, done.error) == (
        JobStatus.FINISHED, 1000, report, None
    )  # fmt: skip
    assert done.finished_at is not None and jobs.queued_ids() == []
    assert jobs.last_published() == done.finished_at  # a UTC datetime on both backends


def test_failed_and_requeued(store: Store) -> None:
    jobs = store.problem_jobs
    job_id = new_job_id()
    jobs.insert(job_id, "x", pending_package(job_id, "x"), True, {})
    assert jobs.start(job_id, 1) and jobs.requeue(job_id, 1)
    assert jobs.get(job_id).status is JobStatus.QUEUED
    assert jobs.start(job_id, 2)
    assert jobs.finish(job_id, 2, time_ms=None, report={}, error="no accepted submission")
    failed = jobs.get(job_id)
    assert failed.status is JobStatus.FAILED and failed.error == "no accepted submission"
    assert jobs.last_published() is None  # a failed job published nothing
    with pytest.raises(NotFound):
        jobs.get(new_job_id())


def test_reopen_for_redrive(store: Store) -> None:
    """A dead job goes back to ``queued`` (error and end cleared, warnings kept) only under
    the token read before the re-drive; a newer delivery's start wins."""
    jobs = store.problem_jobs
    job_id = new_job_id()
    jobs.insert(job_id, "x", pending_package(job_id, "x"), False, {"warnings": ["w"]})
    assert jobs.reopen(job_id, None)  # never started (no worker could take it)
    assert jobs.start(job_id, 3)
    assert jobs.finish(job_id, 3, time_ms=None, report={"warnings": ["w"]}, error="child died")
    before = jobs.get(job_id)
    assert not jobs.reopen(job_id, None) and not jobs.reopen(job_id, 2)  # not its token
    assert jobs.reopen(job_id, before.token)
    again = jobs.get(job_id)
    assert (again.status, again.error, again.time_ms, again.finished_at, again.started_at) == (
        JobStatus.QUEUED, None, None, None, None
    )  # fmt: skip
    assert again.report == {"warnings": ["w"]} and again.queued_at > before.queued_at
    assert again.token == 3 and jobs.queued_ids() == [job_id]
    assert jobs.start(job_id, 4)  # the re-driven delivery
    assert not jobs.reopen(job_id, 3)  # a late second re-drive changes nothing
    assert jobs.get(job_id).status is JobStatus.RUNNING
