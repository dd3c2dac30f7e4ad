"""``Queue.running`` (the leases held right now) and ``Queue.delete_dead``, on every backend.

Real time, kept tiny as in ``test_conformance``: leases of 0.2 s where one must expire.
"""

from __future__ import annotations

import time

import pytest

from codejudge.models import Priority
from codejudge.queue import JobState, Lease, Queue, RunningJob

from .conftest import QueueFactory

pytestmark = pytest.mark.timeout(10)

CLOCK_SLACK = 0.05  # s: Redis stamps claims with the server's clock, the test reads its own


def running_ids(queue: Queue) -> list[str]:
    return [job.job_id for job in queue.running()]


def claim_one(queue: Queue, worker: str = "w", lease_seconds: float = 30.0) -> Lease:
    [lease] = queue.claim(worker, lease_seconds=lease_seconds)
    return lease


def bury(queue: Queue, job_id: str, *events: str) -> None:
    """Make ``job_id`` a dead letter that published ``events`` while it ran."""
    assert queue.enqueue(job_id)
    lease = claim_one(queue)
    assert lease.job_id == job_id
    for kind in events:
        queue.publish(job_id, kind, {"job": job_id})
    assert queue.fail(lease, "boom", retry=False) is JobState.DEAD


# -- running ---------------------------------------------------------------------------------


def test_a_claimed_job_runs_with_its_worker_claim_time_and_deadline(queue: Queue) -> None:
    queue.enqueue("s", Priority.SUBMIT)
    queue.enqueue("r", Priority.RUN)
    queue.enqueue("later", delay=60)
    queue.enqueue("waiting", Priority.REJUDGE)
    assert queue.running() == []  # ready and delayed jobs are not running
    before = time.time()
    run = claim_one(queue, "host-1:0", lease_seconds=10)
    submit = claim_one(queue, "host-2:3", lease_seconds=20)
    after = time.time()
    first, second = queue.running()
    assert (first.job_id, first.worker, first.priority, first.delivery) == (
        "r",
        "host-1:0",
        Priority.RUN,
        1,
    )
    assert (second.job_id, second.worker, second.priority, second.delivery) == (
        "s",
        "host-2:3",
        Priority.SUBMIT,
        1,
    )
    for job, lease, seconds in ((first, run, 10), (second, submit, 20)):
        assert isinstance(job, RunningJob)
        assert before - CLOCK_SLACK <= job.claimed_at <= after + CLOCK_SLACK
        assert job.deadline == pytest.approx(lease.deadline, abs=1e-6)
        assert job.deadline - job.claimed_at == pytest.approx(seconds, abs=1e-3)
    assert first.claimed_at <= second.claimed_at


def test_running_is_oldest_claim_first_up_to_the_limit(queue: Queue) -> None:
    """Claim order, batched claims included; a heartbeat moves the deadline, not the claim."""
    queue.enqueue_many(["a", "b", "c", "d", "e"])
    a = claim_one(queue)
    batch = queue.claim("w", n=3)
    assert [lease.job_id for lease in batch] == ["b", "c", "d"]
    assert running_ids(queue) == ["a", "b", "c", "d"]
    claimed_at = queue.running()[0].claimed_at
    renewed = queue.heartbeat(a, lease_seconds=60)
    [job, *_] = queue.running()
    assert (job.job_id, job.claimed_at) == ("a", claimed_at)
    assert job.deadline == pytest.approx(renewed.deadline, abs=1e-6)
    assert [job.job_id for job in queue.running(limit=2)] == ["a", "b"]
    assert queue.running(limit=0) == []
    claim_one(queue)
    assert running_ids(queue) == ["a", "b", "c", "d", "e"]


def test_a_job_stops_running_when_acked_failed_or_released(queue: Queue) -> None:
    queue.enqueue_many(["acked", "retried", "buried", "released", "many"])
    leases = {lease.job_id: lease for lease in queue.claim("w", n=5)}
    assert running_ids(queue) == ["acked", "retried", "buried", "released", "many"]
    queue.ack(leases["acked"])
    assert queue.fail(leases["retried"], "oops") is JobState.DELAYED
    assert queue.fail(leases["buried"], "oops", retry=False) is JobState.DEAD
    queue.release(leases["released"])
    assert running_ids(queue) == ["many"]
    assert queue.ack_many([leases["many"]]) == [True]
    assert queue.running() == []


def test_a_released_job_claimed_again_runs_from_its_new_claim(queue: Queue) -> None:
    queue.enqueue_many(["a", "b"])
    a = claim_one(queue, "w1")
    claim_one(queue, "w1")
    queue.release(a)
    again = claim_one(queue, "w2")
    assert again.job_id == "a"
    assert running_ids(queue) == ["b", "a"]
    job = queue.running()[1]
    assert (job.worker, job.delivery) == ("w2", 1)  # a release is not a delivery


def test_an_expired_lease_runs_until_reaped_and_its_redelivery_is_delivery_2(
    queue: Queue,
) -> None:
    queue.enqueue("a")
    claim_one(queue, "gone:0", lease_seconds=0.2)
    time.sleep(0.3)
    [job] = queue.running()  # past its deadline, but nobody has taken it away yet
    assert (job.job_id, job.worker, job.delivery) == ("a", "gone:0", 1)
    assert job.deadline < time.time() + CLOCK_SLACK
    assert queue.reap() == (1, 0)
    assert queue.running() == []
    before = time.time()
    claim_one(queue, "alive:1")
    [job] = queue.running()
    assert (job.job_id, job.worker, job.delivery) == ("a", "alive:1", 2)
    assert job.claimed_at >= before - CLOCK_SLACK


def test_a_retried_job_runs_again_as_delivery_2(queue: Queue) -> None:
    queue.enqueue("a")
    assert queue.fail(claim_one(queue), "oops") is JobState.DELAYED
    assert queue.running() == []
    time.sleep(0.25)  # the retry's backoff: retry_base (0.2 s)
    claim_one(queue, "w2")
    [job] = queue.running()
    assert (job.job_id, job.worker, job.delivery) == ("a", "w2", 2)


def test_every_instance_sees_the_same_running_jobs(queue_factory: QueueFactory) -> None:
    producer, worker = queue_factory(), queue_factory()
    producer.enqueue("a")
    claim_one(worker, "elsewhere:7")
    assert producer.running() == worker.running()
    assert [(job.job_id, job.worker) for job in producer.running()] == [("a", "elsewhere:7")]


# -- delete_dead -----------------------------------------------------------------------------


def test_delete_dead_forgets_a_dead_letter_and_its_events(queue: Queue) -> None:
    bury(queue, "dead", "running", "test")
    bury(queue, "other", "running")
    queue.enqueue("alive")
    queue.publish("alive", "queued")
    assert queue.delete_dead("dead")
    assert queue.state("dead") is None
    assert [letter.job_id for letter in queue.dead_letters()] == ["other"]
    assert queue.stats().dead == 1
    assert queue.events("dead") == []
    assert [(e.job_id, e.kind) for e in queue.tail(0, timeout=0.1)] == [
        ("other", "running"),
        ("alive", "queued"),
    ]
    assert [e.kind for e in queue.events("other")] == ["running"]
    assert not queue.delete_dead("dead")  # only once


def test_a_deleted_dead_letter_cannot_be_redriven_but_may_be_enqueued_afresh(
    queue: Queue,
) -> None:
    bury(queue, "a")
    assert queue.delete_dead("a")
    assert not queue.redrive("a")
    assert queue.state("a") is None
    assert queue.claim("w") == []
    assert queue.enqueue("a")  # a new job under the same id: the store re-enqueues this way
    lease = claim_one(queue)
    assert (lease.job_id, lease.delivery) == ("a", 1)


def test_delete_dead_refuses_jobs_that_are_not_dead(queue: Queue) -> None:
    """Unknown, ready, delayed, leased and done jobs are left exactly as they were."""
    queue.enqueue_many(["leased", "done"])
    leased = claim_one(queue)
    queue.ack(claim_one(queue))
    queue.enqueue("ready")
    queue.enqueue("delayed", delay=60)
    for job_id in ("leased", "done", "ready", "delayed"):
        queue.publish(job_id, "kept")
    states = {job_id: queue.state(job_id) for job_id in ("leased", "done", "ready", "delayed")}
    assert states == {
        "leased": JobState.LEASED,
        "done": JobState.DONE,
        "ready": JobState.READY,
        "delayed": JobState.DELAYED,
    }
    for job_id in ("unknown", *states):
        assert not queue.delete_dead(job_id)
    assert {job_id: queue.state(job_id) for job_id in states} == states
    assert all([e.kind for e in queue.events(job_id)] == ["kept"] for job_id in states)
    assert running_ids(queue) == ["leased"]
    queue.ack(leased)  # its lease is still current
