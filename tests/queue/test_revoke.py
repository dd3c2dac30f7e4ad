"""``Queue.revoke`` (take a stuck job from its holder) on every backend.

The maintenance pass revokes a job whose holder keeps renewing its lease past the job's
budget: the delivery named by its token goes back to ready (or dead), and the old holder finds
out at its next heartbeat, ack, fail or release (``LeaseLost``).
"""

from __future__ import annotations

import threading
import time

import pytest

from codejudge.exceptions import LeaseLost
from codejudge.models import Priority
from codejudge.queue import JobState, Lease, Queue

from .conftest import QueueFactory

pytestmark = pytest.mark.timeout(10)


def claim_one(queue: Queue, worker: str = "w") -> Lease:
    [lease] = queue.claim(worker, lease_seconds=30)
    return lease


def test_running_names_each_delivery_by_its_token(queue: Queue) -> None:
    queue.enqueue_many(["a", "b"])
    a, b = claim_one(queue), claim_one(queue)
    assert [(job.job_id, job.token) for job in queue.running()] == [
        ("a", a.token),
        ("b", b.token),
    ]


def test_a_revoked_job_is_ready_again_and_its_old_holder_has_lost_it(queue: Queue) -> None:
    queue.enqueue("job")
    old = claim_one(queue, "stuck-host:0")
    assert queue.revoke("job", old.token, "stuck") is JobState.READY
    assert queue.state("job") is JobState.READY
    assert queue.running() == []
    with pytest.raises(LeaseLost):
        queue.heartbeat(old)
    with pytest.raises(LeaseLost):
        queue.ack(old)
    with pytest.raises(LeaseLost):
        queue.fail(old, "late")
    with pytest.raises(LeaseLost):
        queue.release(old)
    assert queue.ack_many([old]) == [False]
    new = claim_one(queue, "healthy-host:0")
    assert new.job_id == "job"
    assert new.token > old.token
    assert new.delivery == 2  # the revoked delivery counted, as a reaped one does
    queue.ack(new)
    assert queue.state("job") is JobState.DONE


def test_revoke_names_one_delivery_a_later_one_is_left_alone(queue: Queue) -> None:
    """A maintenance pass that saw an old delivery must not take a newer one away."""
    queue.enqueue("job")
    first = claim_one(queue)
    queue.release(first)
    second = claim_one(queue)
    assert queue.revoke("job", first.token, "stuck") is None
    assert queue.state("job") is JobState.LEASED
    assert queue.heartbeat(second).token == second.token
    queue.ack(second)
    assert queue.revoke("job", second.token, "stuck") is None  # done: nothing to take
    assert queue.state("job") is JobState.DONE


def test_revoke_of_a_job_not_leased_changes_nothing(queue: Queue) -> None:
    assert queue.revoke("unknown", 1, "stuck") is None
    assert queue.state("unknown") is None
    queue.enqueue("ready")
    queue.enqueue("later", delay=60)
    for job_id in ("ready", "later"):
        assert queue.revoke(job_id, 1, "stuck") is None
    assert queue.state("ready") is JobState.READY
    assert queue.state("later") is JobState.DELAYED


def test_a_job_revoked_on_its_last_delivery_is_a_dead_letter(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=2)
    queue.enqueue("job")
    assert queue.revoke("job", claim_one(queue).token, "stuck 1") is JobState.READY
    last = claim_one(queue)
    assert last.delivery == 2
    assert queue.revoke("job", last.token, "ran 12 s past its budget") is JobState.DEAD
    assert queue.state("job") is JobState.DEAD
    [letter] = queue.dead_letters()
    assert (letter.job_id, letter.deliveries, letter.error) == (
        "job",
        2,
        "ran 12 s past its budget",
    )
    assert queue.stats().leased == 0
    assert queue.redrive("job")
    assert claim_one(queue).delivery == 1


def test_a_revoked_job_goes_to_the_back_of_its_priority_line(queue: Queue) -> None:
    queue.enqueue("stuck", Priority.SUBMIT)
    lease = claim_one(queue)
    queue.enqueue("waiting", Priority.SUBMIT)
    queue.enqueue("rejudge", Priority.REJUDGE)
    assert queue.revoke("stuck", lease.token, "stuck") is JobState.READY
    assert queue.stats().ready[Priority.SUBMIT] == 2
    assert [claim_one(queue).job_id for _ in range(3)] == ["waiting", "stuck", "rejudge"]


def test_a_revoked_job_wakes_an_idle_worker(queue_factory: QueueFactory) -> None:
    """Revoke makes a job ready: a worker blocked in ``wait`` on another instance returns."""
    producer, consumer = queue_factory(), queue_factory()
    producer.enqueue("job")
    lease = claim_one(producer)
    woke = threading.Event()

    def idle() -> None:
        consumer.wait(5.0)
        woke.set()

    thread = threading.Thread(target=idle)
    thread.start()
    time.sleep(0.2)
    assert not woke.is_set()
    assert producer.revoke("job", lease.token, "stuck") is JobState.READY
    assert woke.wait(3.0)
    thread.join()
