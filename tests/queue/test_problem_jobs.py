"""Problem measurement jobs share the queue with submissions (issue 10 class 12): the job kind
is in the id (``problem-`` + a UUIDv7), the store holds the rest, and every backend carries such
an id like any other: FIFO beside submissions, leased, fenced, redelivered, acked."""

from __future__ import annotations

from codejudge.models import Priority
from codejudge.queue import JobState, Queue
from codejudge.store.ids import new_id
from codejudge.store.problem_jobs import is_problem_job, new_job_id


def test_a_problem_job_is_queued_beside_submissions_in_order(queue: Queue) -> None:
    submission, job, later = new_id(), new_job_id(), new_id()
    assert is_problem_job(job) and not is_problem_job(submission)
    for job_id in (submission, job, later):
        assert queue.enqueue(job_id, Priority.SUBMIT)
    assert not queue.enqueue(job, Priority.SUBMIT)  # idempotent on its id, like a submission
    leases = queue.claim("w", 3)
    assert [lease.job_id for lease in leases] == [submission, job, later]
    assert queue.state(job) is JobState.LEASED


def test_a_problem_job_lease_is_fenced_and_redelivered(queue: Queue) -> None:
    job = new_job_id()
    queue.enqueue(job)
    [first] = queue.claim("w", 1, lease_seconds=30)
    queue.release(first)
    [second] = queue.claim("w", 1, lease_seconds=30)
    assert second.job_id == job and second.token > first.token
    queue.publish(job, "run", {"file": "accepted/a.py", "status": "ok"})
    assert [e.kind for e in queue.events(job)] == ["run"]
    queue.ack(second)
    assert queue.state(job) is JobState.DONE
