"""The queue against a model: a Hypothesis state machine of enqueue, enqueue_many, claim, ack,
ack_many, fail, release, redrive, delete_dead, lease expiry and reap.

Time is made deterministic without faking clocks: leases are either long (60 s) or expired on
purpose by a heartbeat of 0 s, delayed jobs are either due at once (``retry_base`` 0) or far in
the future (an hour). So the model can predict every result exactly, including claim order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from codejudge.exceptions import LeaseLost
from codejudge.models import Priority
from codejudge.queue import JobState, Lease, open_queue

from .conftest import Backend

JOBS = ("a", "b", "c", "d", "e", "f")
PRIORITIES = (Priority.RUN, Priority.SUBMIT)  # two levels: ties within one are common
MAX_DELIVERIES = 2
FAR = 3600.0


@dataclass
class Job:
    """The model of one job. ``order`` sorts jobs within their state: the line position of a
    ready job, the due order of a delayed one, the expiry order of an expired lease."""

    state: JobState
    priority: Priority
    order: int
    deliveries: int = 0
    token: int = 0  # the latest token issued for it (the current one while leased)
    expired: bool = False
    due: bool = True  # a delayed job: due now (a retry) or in an hour (enqueued with a delay)
    error: str = ""


class QueueMachine(RuleBasedStateMachine):
    leases = Bundle("leases")  # as claimed; some may have been reaped since
    spent = Bundle("spent")  # acked, failed or released: every later use must raise LeaseLost

    def __init__(self, open_url: Callable[[ExitStack], str]) -> None:
        super().__init__()
        self.exits = ExitStack()
        url = open_url(self.exits)
        self.queue = open_queue(url, max_deliveries=MAX_DELIVERIES, retry_base=0.0)
        self.exits.callback(self.queue.close)
        self.jobs: dict[str, Job] = {}
        self.clock = itertools.count()

    def teardown(self) -> None:
        self.exits.close()

    # -- the model's helpers -----------------------------------------------------------------

    def current(self, lease: Lease) -> Job | None:
        job = self.jobs.get(lease.job_id)
        if job and job.state is JobState.LEASED and job.token == lease.token:
            return job
        return None

    def make_ready(self, job: Job) -> None:
        job.state, job.order, job.expired = JobState.READY, next(self.clock), False

    def in_state(self, state: JobState) -> list[tuple[str, Job]]:
        return sorted(
            ((i, j) for i, j in self.jobs.items() if j.state is state), key=lambda p: p[1].order
        )

    # -- rules -------------------------------------------------------------------------------

    @initialize(
        order=st.permutations(JOBS),
        priorities=st.lists(st.sampled_from(PRIORITIES), min_size=len(JOBS), max_size=len(JOBS)),
    )
    def fill(self, order: list[str], priorities: list[Priority]) -> None:
        """Start with every job ready, so claims and their order are tested from step one."""
        for job_id, priority in zip(order, priorities, strict=True):
            self.enqueue(job_id, priority, later=False)

    def add(self, job_id: str, priority: Priority, later: bool) -> bool:
        """Model one enqueue: whether the job is added (not already active)."""
        job = self.jobs.get(job_id)
        fresh = job is None or job.state in (JobState.DONE, JobState.DEAD)
        if fresh:
            new = Job(JobState.READY, priority, next(self.clock), token=job.token if job else 0)
            if later:
                new.state, new.due = JobState.DELAYED, False
            self.jobs[job_id] = new
        return fresh

    @rule(job_id=st.sampled_from(JOBS), priority=st.sampled_from(PRIORITIES), later=st.booleans())
    def enqueue(self, job_id: str, priority: Priority, later: bool) -> None:
        added = self.queue.enqueue(job_id, priority, delay=FAR if later else 0.0)
        assert added is self.add(job_id, priority, later)

    @rule(
        job_ids=st.lists(st.sampled_from(JOBS), max_size=4),
        priority=st.sampled_from(PRIORITIES),
        later=st.booleans(),
    )
    def enqueue_many(self, job_ids: list[str], priority: Priority, later: bool) -> None:
        """In batch order, as if enqueued one by one (a repeated id is already active)."""
        added = self.queue.enqueue_many(job_ids, priority, delay=FAR if later else 0.0)
        assert added == [self.add(job_id, priority, later) for job_id in job_ids]

    @rule(target=leases, n=st.integers(1, 3))
    def claim(self, n: int) -> object:
        for _, job in self.in_state(JobState.DELAYED):
            if job.due:
                self.make_ready(job)
        line = sorted(self.in_state(JobState.READY), key=lambda p: (p[1].priority, p[1].order))
        got = self.queue.claim("model", n=n, lease_seconds=60)
        assert [lease.job_id for lease in got] == [job_id for job_id, _ in line[:n]]
        tokens = [lease.token for lease in got]
        assert tokens == sorted(set(tokens))
        for lease in got:
            job = self.jobs[lease.job_id]
            assert lease.token > job.token
            assert lease.priority is job.priority
            job.deliveries += 1
            assert lease.delivery == job.deliveries
            job.state, job.token, job.expired = JobState.LEASED, lease.token, False
        return multiple(*got)

    @rule(target=spent, lease=consumes(leases))
    def ack(self, lease: Lease) -> Lease:
        job = self.current(lease)
        if job is None:
            self.refused(lease)
        else:
            self.queue.ack(lease)
            job.state = JobState.DONE
        return lease

    @rule(
        target=spent,
        fresh=st.lists(consumes(leases), max_size=3),
        stale=st.lists(spent, max_size=2),
        twice=st.booleans(),
        data=st.data(),
    )
    def ack_many(
        self, fresh: list[Lease], stale: list[Lease], twice: bool, data: st.DataObject
    ) -> object:
        """A batch of leases, some possibly stale or reaped, and maybe one of them twice."""
        batch = fresh + stale + fresh[:1] * twice
        batch = data.draw(st.permutations(batch))
        expected = []
        for lease in batch:
            job = self.current(lease)
            expected.append(job is not None)
            if job is not None:
                job.state = JobState.DONE
        assert self.queue.ack_many(batch) == expected
        return multiple(*fresh)

    @rule(target=spent, lease=consumes(leases), retry=st.booleans())
    def fail(self, lease: Lease, retry: bool) -> Lease:
        job = self.current(lease)
        if job is None:
            self.refused(lease)
            return lease
        error = f"error {lease.token}"
        expected = JobState.DELAYED if retry and job.deliveries < MAX_DELIVERIES else JobState.DEAD
        assert self.queue.fail(lease, error, retry) is expected
        job.state, job.order, job.due, job.error = expected, next(self.clock), True, error
        return lease

    @rule(target=spent, lease=consumes(leases))
    def release(self, lease: Lease) -> Lease:
        job = self.current(lease)
        if job is None:
            self.refused(lease)
        else:
            self.queue.release(lease)
            job.deliveries -= 1
            self.make_ready(job)
        return lease

    @rule(lease=spent)
    def refused(self, lease: Lease) -> None:
        """Once acked, failed, released or reaped, a delivery can do nothing more."""
        assert self.current(lease) is None
        for call in (
            lambda: self.queue.heartbeat(lease),
            lambda: self.queue.ack(lease),
            lambda: self.queue.fail(lease, "stale"),
            lambda: self.queue.release(lease),
        ):
            with pytest.raises(LeaseLost):
                call()

    @rule(lease=leases, expire=st.booleans())
    def heartbeat(self, lease: Lease, expire: bool) -> None:
        """A heartbeat of 0 s expires the lease now (the holder went quiet); 60 s renews it."""
        job = self.current(lease)
        seconds = 0.0 if expire else 60.0
        if job is None:
            with pytest.raises(LeaseLost):
                self.queue.heartbeat(lease, seconds)
            return
        renewed = self.queue.heartbeat(lease, seconds)
        assert (renewed.job_id, renewed.token) == (lease.job_id, lease.token)
        job.expired, job.order = expire, next(self.clock)

    @rule(lease=leases)
    def revoke(self, lease: Lease) -> None:
        """A stuck delivery taken away: only the current one, whatever its deadline."""
        job = self.current(lease)
        error = f"stuck {lease.token}"
        if job is None:
            assert self.queue.revoke(lease.job_id, lease.token, error) is None
            return
        expected = JobState.DEAD if job.deliveries >= MAX_DELIVERIES else JobState.READY
        assert self.queue.revoke(lease.job_id, lease.token, error) is expected
        if expected is JobState.DEAD:
            job.state, job.error = JobState.DEAD, error
        else:
            self.make_ready(job)

    @precondition(lambda self: self.in_state(JobState.LEASED))
    @rule()
    def reap(self) -> None:
        expired = [(i, j) for i, j in self.in_state(JobState.LEASED) if j.expired]
        dead = sum(job.deliveries >= MAX_DELIVERIES for _, job in expired)
        assert self.queue.reap() == (len(expired) - dead, dead)
        for _, job in expired:
            if job.deliveries >= MAX_DELIVERIES:
                job.state, job.error = JobState.DEAD, "lease expired"
            else:
                self.make_ready(job)

    @precondition(lambda self: self.in_state(JobState.DEAD))
    @rule(job_id=st.sampled_from(JOBS))
    def redrive(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        dead = job is not None and job.state is JobState.DEAD
        assert self.queue.redrive(job_id) is dead
        if job is not None and dead:
            job.deliveries, job.error = 0, ""
            self.make_ready(job)

    @precondition(lambda self: self.in_state(JobState.DEAD))
    @rule(job_id=st.sampled_from(JOBS))
    def delete_dead(self, job_id: str) -> None:
        """A deleted dead job is unknown again (and may be enqueued afresh)."""
        job = self.jobs.get(job_id)
        dead = job is not None and job.state is JobState.DEAD
        assert self.queue.delete_dead(job_id) is dead
        if dead:
            del self.jobs[job_id]

    # -- invariants --------------------------------------------------------------------------

    @invariant()
    def every_job_is_in_exactly_the_modelled_state(self) -> None:
        for job_id in JOBS:
            job = self.jobs.get(job_id)
            assert self.queue.state(job_id) is (job.state if job else None)

    @invariant()
    def stats_and_dead_letters_match(self) -> None:
        stats = self.queue.stats()
        ready = {p: 0 for p in Priority}
        for _, job in self.in_state(JobState.READY):
            ready[job.priority] += 1
        assert stats.ready == ready
        count = {s: len(self.in_state(s)) for s in JobState}
        assert (stats.delayed, stats.leased, stats.dead) == (
            count[JobState.DELAYED],
            count[JobState.LEASED],
            count[JobState.DEAD],
        )
        letters = {(d.job_id, d.deliveries, d.error) for d in self.queue.dead_letters()}
        assert letters == {(i, j.deliveries, j.error) for i, j in self.in_state(JobState.DEAD)}

    @invariant()
    def running_lists_the_leased_jobs_in_claim_order(self) -> None:
        """Expired leases included: they run until reaped."""
        leased = sorted(self.in_state(JobState.LEASED), key=lambda p: p[1].token)
        running = [
            (r.job_id, r.worker, r.priority, r.delivery, r.token) for r in self.queue.running()
        ]
        assert running == [(i, "model", j.priority, j.deliveries, j.token) for i, j in leased]


@pytest.mark.timeout(120)
def test_queue_behaves_like_its_model(backend: Backend, tmp_path: Path) -> None:
    examples = itertools.count()

    def open_url(exits: ExitStack) -> str:
        directory = tmp_path / f"example{next(examples)}"
        directory.mkdir()
        return exits.enter_context(backend(directory))

    # hypothesis leaves run_state_machine_as_test unannotated.
    run_state_machine_as_test(  # type: ignore[no-untyped-call]
        lambda: QueueMachine(open_url),
        settings=settings(
            max_examples=100,
            stateful_step_count=60,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
