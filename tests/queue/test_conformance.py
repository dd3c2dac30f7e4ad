"""The queue contract (``queue.base.Queue``), checked against every backend in ``BACKENDS``.

Real time throughout, kept tiny: leases of 0.2-0.5 s, backoff base 0.2 s.
"""

from __future__ import annotations

import threading
import time

import pytest

from codejudge.exceptions import LeaseLost
from codejudge.models import Priority
from codejudge.queue import JobState, Lease, Queue, Reaped

from .conftest import QueueFactory

pytestmark = pytest.mark.timeout(10)


def ids(leases: list[Lease]) -> list[str]:
    return [lease.job_id for lease in leases]


def claim_one(queue: Queue, lease_seconds: float = 30.0) -> Lease:
    [lease] = queue.claim("w", lease_seconds=lease_seconds)
    return lease


# -- enqueue ---------------------------------------------------------------------------------


def test_enqueue_is_idempotent_while_the_job_is_active(queue: Queue) -> None:
    """A job that is ready, delayed or leased is not enqueued twice."""
    assert queue.enqueue("a")
    assert not queue.enqueue("a")
    assert not queue.enqueue("a", Priority.RUN)  # not even to change its priority
    assert queue.enqueue("later", delay=60)
    assert not queue.enqueue("later")
    lease = claim_one(queue)
    assert lease.job_id == "a"
    assert not queue.enqueue("a")
    assert queue.claim("w") == []  # still one copy, and it is leased
    assert queue.state("a") is JobState.LEASED


def test_done_and_dead_jobs_are_enqueued_afresh(queue: Queue) -> None:
    """Re-enqueueing (a rejudge) restarts the delivery count; tokens keep increasing."""
    queue.enqueue("a")
    first = claim_one(queue)
    queue.ack(first)
    assert queue.state("a") is JobState.DONE
    assert queue.enqueue("a")
    second = claim_one(queue)
    assert (second.delivery, second.token > first.token) == (1, True)
    assert queue.fail(second, "boom", retry=False) is JobState.DEAD
    assert queue.enqueue("a", Priority.REJUDGE)
    third = claim_one(queue)
    assert (third.delivery, third.priority, third.token > second.token) == (
        1,
        Priority.REJUDGE,
        True,
    )


def test_unknown_job_has_no_state(queue: Queue) -> None:
    assert queue.state("nope") is None


# -- claim -----------------------------------------------------------------------------------


def test_claim_takes_lower_priority_values_first_and_fifo_within_one(queue: Queue) -> None:
    order = [
        ("s1", Priority.SUBMIT),
        ("j1", Priority.REJUDGE),
        ("r1", Priority.RUN),
        ("s2", Priority.SUBMIT),
        ("r2", Priority.RUN),
        ("j2", Priority.REJUDGE),
        ("s3", Priority.SUBMIT),
    ]
    for job_id, priority in order:
        queue.enqueue(job_id, priority)
    got = [claim_one(queue) for _ in order]
    assert ids(got) == ["r1", "r2", "s1", "s2", "s3", "j1", "j2"]
    assert [lease.priority for lease in got] == sorted(p for _, p in order)
    assert queue.claim("w") == []


def test_batched_claim_takes_up_to_n_in_order_with_distinct_tokens(queue: Queue) -> None:
    for i in range(5):
        queue.enqueue(f"j{i}")
    before = time.time()
    batch = queue.claim("w", n=3, lease_seconds=10)
    assert ids(batch) == ["j0", "j1", "j2"]
    tokens = [lease.token for lease in batch]
    assert tokens == sorted(set(tokens))
    assert all(lease.delivery == 1 for lease in batch)
    assert all(before + 9 < lease.deadline < time.time() + 11 for lease in batch)
    assert ids(queue.claim("w", n=10)) == ["j3", "j4"]
    assert queue.claim("w", n=10) == []


def test_claim_on_an_empty_queue_returns_an_empty_list_at_once(queue: Queue) -> None:
    start = time.monotonic()
    assert queue.claim("w") == []
    assert queue.claim("w", n=16) == []
    assert time.monotonic() - start < 0.5


def test_delayed_job_is_claimable_only_when_due(queue: Queue) -> None:
    queue.enqueue("late", delay=0.3)
    queue.enqueue("now")
    assert queue.state("late") is JobState.DELAYED
    assert ids(queue.claim("w", n=5)) == ["now"]
    assert queue.claim("w") == []
    time.sleep(0.35)
    lease = claim_one(queue)
    assert (lease.job_id, lease.delivery) == ("late", 1)


def test_due_delayed_jobs_are_promoted_in_due_order(queue: Queue) -> None:
    queue.enqueue("second", delay=0.2)
    queue.enqueue("first", delay=0.1)
    time.sleep(0.25)
    assert ids(queue.claim("w", n=5)) == ["first", "second"]


# -- leases ----------------------------------------------------------------------------------


def test_heartbeat_keeps_the_lease_past_its_original_deadline(queue: Queue) -> None:
    queue.enqueue("a")
    lease = claim_one(queue, lease_seconds=0.3)
    time.sleep(0.15)
    renewed = queue.heartbeat(lease, lease_seconds=0.6)
    assert renewed.deadline > lease.deadline
    assert (renewed.job_id, renewed.token, renewed.delivery) == ("a", lease.token, 1)
    time.sleep(0.3)  # past the original deadline, not the renewed one
    assert queue.reap() == (0, 0)
    assert queue.state("a") is JobState.LEASED
    queue.ack(renewed)
    assert queue.state("a") is JobState.DONE


def test_reap_leaves_live_leases_alone(queue: Queue) -> None:
    queue.enqueue("a")
    claim_one(queue, lease_seconds=30)
    assert queue.reap() == (0, 0)
    assert queue.state("a") is JobState.LEASED


def test_expired_lease_is_redelivered_with_a_higher_token(queue: Queue) -> None:
    """After the reap, the old holder can neither renew, finish, fail nor release the job."""
    queue.enqueue("a")
    stale = claim_one(queue, lease_seconds=0.2)
    time.sleep(0.3)
    assert queue.reap() == Reaped(retried=1, dead=0)
    assert queue.state("a") is JobState.READY
    fresh = claim_one(queue)
    assert fresh.token > stale.token
    assert fresh.delivery == 2
    with pytest.raises(LeaseLost):
        queue.heartbeat(stale)
    with pytest.raises(LeaseLost):
        queue.ack(stale)
    with pytest.raises(LeaseLost):
        queue.fail(stale, "late")
    with pytest.raises(LeaseLost):
        queue.release(stale)
    assert queue.state("a") is JobState.LEASED  # the stale calls changed nothing
    queue.ack(fresh)
    assert queue.state("a") is JobState.DONE


def test_a_lease_past_its_deadline_is_current_until_reaped(queue: Queue) -> None:
    queue.enqueue("a")
    lease = claim_one(queue, lease_seconds=0.1)
    time.sleep(0.15)
    queue.ack(lease)
    assert queue.reap() == (0, 0)


def test_forged_tokens_are_refused(queue: Queue) -> None:
    queue.enqueue("a")
    lease = claim_one(queue)
    forged = Lease(lease.job_id, lease.token + 1, lease.delivery, lease.priority, lease.deadline)
    unknown = Lease("ghost", lease.token, 1, lease.priority, lease.deadline)
    for bad in (forged, unknown):
        with pytest.raises(LeaseLost):
            queue.heartbeat(bad)
        with pytest.raises(LeaseLost):
            queue.ack(bad)
        with pytest.raises(LeaseLost):
            queue.fail(bad, "x")
        with pytest.raises(LeaseLost):
            queue.release(bad)
    queue.ack(lease)


def test_ack_takes_the_job_out_of_the_queue(queue: Queue) -> None:
    queue.enqueue("a")
    lease = claim_one(queue)
    queue.ack(lease)
    assert queue.state("a") is JobState.DONE
    assert queue.claim("w") == []
    assert queue.stats().leased == 0
    with pytest.raises(LeaseLost):
        queue.ack(lease)  # a second ack of the same delivery


def test_release_gives_the_job_back_without_counting_a_delivery(
    queue_factory: QueueFactory,
) -> None:
    queue = queue_factory(max_deliveries=1)
    queue.enqueue("a")
    queue.enqueue("b")
    first = claim_one(queue)
    queue.release(first)
    assert queue.state("a") is JobState.READY
    assert ids(queue.claim("w", n=2)) == ["b", "a"]  # back of the line
    queue.enqueue("c")
    again = claim_one(queue)
    assert again.job_id == "c"
    with pytest.raises(LeaseLost):
        queue.release(first)


def test_reap_says_how_many_it_retried_and_how_many_it_buried(
    queue_factory: QueueFactory,
) -> None:
    """One reap of three expired leases: two with a delivery left go back to ready, one on
    its last delivery goes to the dead letters (``codejudge_jobs_retried_total`` counts the
    two only)."""
    queue = queue_factory(max_deliveries=2)
    queue.enqueue_many(["last", "a", "b"])
    assert claim_one(queue, lease_seconds=0.1).job_id == "last"
    time.sleep(0.15)
    assert queue.reap() == Reaped(retried=1, dead=0)  # "last" had its first delivery
    leases = queue.claim("w", n=3, lease_seconds=0.1)
    assert sorted(lease.job_id for lease in leases) == ["a", "b", "last"]
    time.sleep(0.15)
    assert queue.reap() == Reaped(retried=2, dead=1)
    assert queue.state("last") is JobState.DEAD
    assert queue.state("a") is JobState.READY and queue.state("b") is JobState.READY


def test_released_job_keeps_its_delivery_number(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=1)
    queue.enqueue("a")
    first = claim_one(queue, lease_seconds=0.2)
    queue.release(first)
    second = claim_one(queue, lease_seconds=0.2)
    assert (second.delivery, second.token > first.token) == (1, True)
    time.sleep(0.3)
    assert queue.reap() == Reaped(retried=0, dead=1)  # only now is the delivery used up
    assert queue.state("a") is JobState.DEAD


# -- failures, retries and dead letters ------------------------------------------------------


def test_fail_with_retry_backs_off_exponentially(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=3, retry_base=0.2)
    queue.enqueue("a")
    first = claim_one(queue)
    assert queue.fail(first, "flaky") is JobState.DELAYED
    assert queue.state("a") is JobState.DELAYED
    assert queue.claim("w") == []
    time.sleep(0.25)  # retry_base * 2**0
    second = claim_one(queue)
    assert (second.delivery, second.token > first.token) == (2, True)
    assert queue.fail(second, "flaky again") is JobState.DELAYED
    failed_at = time.monotonic()
    time.sleep(0.1)
    assert queue.claim("w") == []  # not yet: retry_base * 2**1 = 0.4
    time.sleep(max(0.0, failed_at + 0.45 - time.monotonic()))
    assert claim_one(queue).delivery == 3


def test_delivery_limit_sends_the_job_to_dead_letters_with_its_last_error(
    queue_factory: QueueFactory,
) -> None:
    queue = queue_factory(max_deliveries=2, retry_base=0.05)
    queue.enqueue("a")
    assert queue.fail(claim_one(queue), "first error") is JobState.DELAYED
    time.sleep(0.1)
    before = time.time()
    assert queue.fail(claim_one(queue), "last error") is JobState.DEAD
    assert queue.state("a") is JobState.DEAD
    [letter] = queue.dead_letters()
    assert (letter.job_id, letter.deliveries, letter.error) == ("a", 2, "last error")
    assert before - 1 < letter.died_at < time.time() + 1
    time.sleep(0.1)
    assert queue.claim("w") == []
    assert queue.stats().dead == 1


def test_fail_without_retry_is_dead_at_once(queue: Queue) -> None:
    queue.enqueue("a")
    assert queue.fail(claim_one(queue), "broken for good", retry=False) is JobState.DEAD
    assert [(d.job_id, d.deliveries, d.error) for d in queue.dead_letters()] == [
        ("a", 1, "broken for good")
    ]


def test_an_expired_lease_counts_as_a_failed_delivery(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=2)
    queue.enqueue("a")
    claim_one(queue, lease_seconds=0.1)
    time.sleep(0.15)
    assert queue.reap() == Reaped(retried=1, dead=0)
    assert queue.state("a") is JobState.READY
    assert claim_one(queue, lease_seconds=0.1).delivery == 2
    time.sleep(0.15)
    assert queue.reap() == Reaped(retried=0, dead=1)
    assert queue.state("a") is JobState.DEAD
    [letter] = queue.dead_letters()
    assert (letter.deliveries, letter.error) == (2, "lease expired")


def test_dead_letters_are_listed_newest_first_up_to_the_limit(queue: Queue) -> None:
    for job_id in ("a", "b", "c"):
        queue.enqueue(job_id)
        queue.fail(claim_one(queue), f"error {job_id}", retry=False)
        time.sleep(0.01)
    assert [d.job_id for d in queue.dead_letters()] == ["c", "b", "a"]
    assert [d.job_id for d in queue.dead_letters(limit=2)] == ["c", "b"]


def test_redrive_gives_a_dead_job_a_fresh_delivery_count(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=1)
    queue.enqueue("a")
    dead = claim_one(queue)
    assert queue.fail(dead, "boom") is JobState.DEAD
    assert queue.redrive("a")
    assert queue.state("a") is JobState.READY
    assert queue.dead_letters() == []
    again = claim_one(queue)
    assert (again.delivery, again.token > dead.token) == (1, True)
    assert not queue.redrive("a")  # leased, not dead
    assert not queue.redrive("ghost")
    queue.ack(again)
    assert not queue.redrive("a")  # done, not dead


# -- inspection ------------------------------------------------------------------------------


def test_stats_count_jobs_by_state(queue_factory: QueueFactory) -> None:
    queue = queue_factory(max_deliveries=1)
    empty = queue.stats()
    assert empty.ready == dict.fromkeys(Priority, 0)
    assert (empty.delayed, empty.leased, empty.dead) == (0, 0, 0)
    for job_id, priority in [("r", Priority.RUN), ("s1", Priority.SUBMIT), ("s2", Priority.SUBMIT)]:
        queue.enqueue(job_id, priority)
    queue.enqueue("later", delay=60)
    queue.enqueue("x", Priority.REJUDGE)
    queue.enqueue("y", Priority.REJUDGE)
    queue.enqueue("z", Priority.REJUDGE)
    [r, s1, s2] = queue.claim("w", n=3)
    queue.fail(r, "boom")
    queue.ack(s1)
    stats = queue.stats()
    assert stats.ready == {Priority.RUN: 0, Priority.SUBMIT: 0, Priority.REJUDGE: 3}
    assert (stats.delayed, stats.leased, stats.dead) == (1, 1, 1)
    assert s2.job_id == "s2"


def test_events_are_ordered_per_job_and_resume_after_a_seq(queue: Queue) -> None:
    queue.publish("a", "queued")
    queue.publish("b", "queued")
    queue.publish("a", "running", {"delivery": 1})
    queue.publish("a", "test", {"index": 0, "verdict": "accepted", "time_ms": 3})
    queue.publish("b", "running")
    events = queue.events("a")
    assert [(e.job_id, e.kind, e.data) for e in events] == [
        ("a", "queued", {}),
        ("a", "running", {"delivery": 1}),
        ("a", "test", {"index": 0, "verdict": "accepted", "time_ms": 3}),
    ]
    seqs = [e.seq for e in events]
    assert seqs == sorted(set(seqs))
    assert [e.kind for e in queue.events("a", after=seqs[0])] == ["running", "test"]
    assert queue.events("a", after=seqs[-1]) == []
    queue.publish("a", "finished", {"verdict": "accepted"})
    [latest] = queue.events("a", after=seqs[-1])
    assert (latest.kind, latest.seq > seqs[-1]) == ("finished", True)
    assert [e.kind for e in queue.events("b")] == ["queued", "running"]
    assert queue.events("nobody") == []


def test_events_are_shared_between_instances(queue_factory: QueueFactory) -> None:
    writer, reader = queue_factory(), queue_factory()
    writer.publish("a", "queued")
    assert [e.kind for e in reader.events("a")] == ["queued"]


def test_tail_returns_every_jobs_events_after_a_seq_in_order(queue: Queue) -> None:
    assert queue.last_event_seq() == 0
    queue.publish("a", "queued")
    start = queue.last_event_seq()
    queue.publish("b", "running", {"delivery": 1})
    queue.publish("a", "test", {"index": 1})
    events = queue.tail(start, timeout=1.0)
    assert [(e.job_id, e.kind, e.data) for e in events] == [
        ("b", "running", {"delivery": 1}),
        ("a", "test", {"index": 1}),
    ]
    assert events[0].seq > start and events[1].seq > events[0].seq
    assert events[-1].seq == queue.last_event_seq()
    assert [e.kind for e in queue.tail(start, timeout=1.0, limit=1)] == ["running"]


def test_tail_blocks_until_an_event_or_the_timeout(queue_factory: QueueFactory) -> None:
    """A listener is woken by another instance's publish, not by its own polling loop alone."""
    listener, publisher = queue_factory(), queue_factory()
    after = listener.last_event_seq()
    started = time.monotonic()
    assert listener.tail(after, timeout=0.3) == []
    assert 0.25 <= time.monotonic() - started < 2.0
    timer = threading.Timer(0.2, publisher.publish, ("x", "finished", {"verdict": "accepted"}))
    timer.start()
    started = time.monotonic()
    events = listener.tail(after, timeout=5.0)
    woke = time.monotonic() - started
    timer.join()
    assert [(e.job_id, e.kind) for e in events] == [("x", "finished")]
    assert woke < 1.0


# -- batches: enqueue_many and ack_many ------------------------------------------------------


def test_enqueue_many_is_idempotent_per_id(queue: Queue) -> None:
    """Each id is treated as ``enqueue`` would: active jobs (ready, delayed, leased) are left
    alone, done and dead ones start afresh, and a repeated id is added once."""
    assert queue.enqueue_many(["done", "dead", "leased"]) == [True, True, True]
    done, dead, leased = queue.claim("w", n=3)
    queue.ack(done)
    assert queue.fail(dead, "boom", retry=False) is JobState.DEAD
    queue.enqueue("ready")
    queue.enqueue("delayed", delay=60)
    batch = ["new", "ready", "leased", "done", "delayed", "dead", "new"]
    assert queue.enqueue_many(batch) == [True, False, False, True, False, True, False]
    assert queue.dead_letters() == []
    assert [queue.state(job_id) for job_id in ("leased", "delayed")] == [
        JobState.LEASED,
        JobState.DELAYED,
    ]
    again = queue.claim("w", n=10)
    assert ids(again) == ["ready", "new", "done", "dead"]  # one copy each, in line order
    assert all(lease.delivery == 1 for lease in again)  # done and dead restarted their count
    assert min(lease.token for lease in again) > max(done.token, dead.token)
    assert queue.claim("w") == []
    queue.ack(leased)  # the leased job's delivery was not disturbed
    stats = queue.stats()
    assert (stats.delayed, stats.leased, stats.dead) == (1, 4, 0)


def test_enqueue_many_keeps_the_batch_in_line_fifo(queue: Queue) -> None:
    queue.enqueue("first")
    assert queue.enqueue_many(("b3", "b1", "b2")) == [True, True, True]
    queue.enqueue("last")
    assert queue.enqueue_many(["r2", "r1"], Priority.RUN) == [True, True]
    assert queue.enqueue_many(["j"], Priority.REJUDGE) == [True]
    got = queue.claim("w", n=10)
    assert ids(got) == ["r2", "r1", "first", "b3", "b1", "b2", "last", "j"]
    assert [lease.priority for lease in got] == [Priority.RUN] * 2 + [Priority.SUBMIT] * 5 + [
        Priority.REJUDGE
    ]


def test_enqueue_many_with_a_delay_parks_the_batch_until_due_in_order(queue: Queue) -> None:
    assert queue.enqueue_many(["x2", "x1", "x3"], delay=0.3) == [True, True, True]
    queue.enqueue("now")
    assert queue.state("x1") is JobState.DELAYED
    assert queue.stats().delayed == 3
    assert queue.enqueue_many(["x1", "now"]) == [False, False]
    assert ids(queue.claim("w", n=5)) == ["now"]
    assert queue.claim("w") == []
    time.sleep(0.35)
    assert ids(queue.claim("w", n=5)) == ["x2", "x1", "x3"]


def test_ack_many_acks_current_leases_and_flags_stale_ones(queue: Queue) -> None:
    """Stale leases (released, reaped, forged, unknown, or acked earlier in the batch) get
    False and change nothing; the current ones are acked all the same, and nothing raises."""
    queue.enqueue_many(["a", "b", "c", "d", "e"])
    a, b, c, d = queue.claim("w", n=4)
    reaped = claim_one(queue, lease_seconds=0.1)
    queue.release(b)
    forged = Lease(c.job_id, c.token + 1, c.delivery, c.priority, c.deadline)
    ghost = Lease("ghost", d.token, 1, d.priority, d.deadline)
    time.sleep(0.15)
    assert queue.reap() == Reaped(retried=1, dead=0)
    batch = [a, b, forged, reaped, d, a, ghost]
    assert queue.ack_many(batch) == [True, False, False, False, True, False, False]
    assert [queue.state(job_id) for job_id in "abcde"] == [
        JobState.DONE,
        JobState.READY,
        JobState.LEASED,
        JobState.DONE,
        JobState.READY,
    ]
    assert queue.state("ghost") is None
    assert queue.ack_many([c]) == [True]
    assert queue.stats().leased == 0
    again = queue.claim("w", n=2)
    assert ids(again) == ["b", "e"]
    assert queue.ack_many([b, reaped, *again]) == [False, False, True, True]
    with pytest.raises(LeaseLost):
        queue.ack(a)  # ``ack`` still raises for a lease acked by ``ack_many``


def test_batches_of_nothing_do_nothing(queue: Queue) -> None:
    queue.enqueue("a")
    before = queue.stats()
    assert queue.enqueue_many([]) == []
    assert queue.ack_many([]) == []
    assert queue.enqueue_many((), Priority.RUN, delay=5) == []
    assert queue.stats() == before
    assert ids(queue.claim("w", n=5)) == ["a"]


def test_wait_wakes_one_waiter_per_job_of_a_batch(queue_factory: QueueFactory) -> None:
    """Two idle workers, a batch of two jobs from another instance: both wake at once."""
    waiters, other = [queue_factory(), queue_factory()], queue_factory()
    woke: list[float] = []
    start = time.monotonic()

    def idle(waiter: Queue) -> None:
        waiter.wait(5)
        woke.append(time.monotonic() - start)

    threads = [threading.Thread(target=idle, args=(waiter,)) for waiter in waiters]
    for thread in threads:
        thread.start()
    timer = threading.Timer(0.2, other.enqueue_many, args=(["a", "b"],))
    timer.start()
    for thread in threads:
        thread.join()
    timer.join()
    assert len(woke) == 2
    assert all(0.2 <= elapsed < 0.8 for elapsed in woke), woke
    assert sorted(ids(other.claim("w", n=5))) == ["a", "b"]


def test_wait_wakes_when_a_delayed_batch_falls_due(queue_factory: QueueFactory) -> None:
    queue, other = queue_factory(), queue_factory()
    other.enqueue_many(["a", "b"], delay=0.3)
    start = time.monotonic()
    queue.wait(5)
    elapsed = time.monotonic() - start
    assert 0.25 <= elapsed < 0.7
    assert ids(queue.claim("w", n=5)) == ["a", "b"]


# -- wait ------------------------------------------------------------------------------------


def test_wait_returns_at_once_when_a_job_is_ready(queue: Queue) -> None:
    queue.enqueue("a")
    start = time.monotonic()
    queue.wait(5)
    assert time.monotonic() - start < 0.2


def test_wait_sleeps_through_unrelated_writes_until_the_timeout(
    queue_factory: QueueFactory,
) -> None:
    """Events, delayed jobs not yet due and leased jobs are no reason to wake up."""
    queue, other = queue_factory(), queue_factory()
    other.enqueue("busy")
    claim_one(other)

    def disturb() -> None:
        for i in range(5):
            other.publish("busy", "test", {"index": i})
            other.enqueue(f"later{i}", delay=60)
            time.sleep(0.05)

    thread = threading.Thread(target=disturb)
    start = time.monotonic()
    thread.start()
    queue.wait(0.5)
    elapsed = time.monotonic() - start
    thread.join()
    assert 0.5 <= elapsed < 1.0


def test_wait_wakes_when_another_instance_enqueues(queue_factory: QueueFactory) -> None:
    queue, other = queue_factory(), queue_factory()
    timer = threading.Timer(0.2, other.enqueue, args=("a",))
    start = time.monotonic()
    timer.start()
    queue.wait(5)
    elapsed = time.monotonic() - start
    timer.join()
    assert 0.2 <= elapsed < 0.6
    assert claim_one(queue).job_id == "a"


def test_wait_wakes_when_a_delayed_job_falls_due(queue: Queue) -> None:
    queue.enqueue("a", delay=0.3)
    start = time.monotonic()
    queue.wait(5)
    elapsed = time.monotonic() - start
    assert 0.25 <= elapsed < 0.7
    assert claim_one(queue).job_id == "a"


# -- threads on one instance -----------------------------------------------------------------


@pytest.mark.parametrize("batched", [False, True], ids=["single", "batched"])
def test_threads_sharing_one_instance_deliver_each_job_once(queue: Queue, batched: bool) -> None:
    """Also with ``enqueue_many`` in chunks and ``ack_many`` of each claim."""
    jobs = [f"j{i}" for i in range(200)]
    acked: list[str] = []
    lock = threading.Lock()

    def produce(part: list[str]) -> None:
        if batched:
            for i in range(0, len(part), 7):
                assert queue.enqueue_many(part[i : i + 7]) == [True] * len(part[i : i + 7])
            return
        for job_id in part:
            queue.enqueue(job_id)

    def consume() -> None:
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < 0.3:
            leases = queue.claim("t", n=3)
            if not leases:
                queue.wait(0.05)
                continue
            idle_since = time.monotonic()
            if batched:
                assert queue.ack_many(leases) == [True] * len(leases)
            else:
                for lease in leases:
                    queue.ack(lease)
            with lock:
                acked.extend(ids(leases))

    threads = [threading.Thread(target=produce, args=(jobs[i::2],)) for i in range(2)]
    threads += [threading.Thread(target=consume) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(acked) == sorted(jobs)
    assert all(queue.state(job_id) is JobState.DONE for job_id in jobs)


def test_enqueue_many_refuses_a_lone_id(queue: Queue) -> None:
    """A str is a sequence of str: without the check, "abc" would enqueue "a", "b" and "c"."""
    with pytest.raises(TypeError):
        queue.enqueue_many("abc")
    assert queue.state("a") is None
