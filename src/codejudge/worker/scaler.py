"""The autoscaler of one worker pool: every ``interval`` seconds it observes the pool, the
queue and the registry of workers, asks the policy (``worker/autoscale.py``) how many slots
to run, and resizes the pool. One per autoscaled process (``codejudge worker --autoscale``,
``serve`` with ``CODEJUDGE_AUTOSCALE``); processes scale independently and see each other only
through the registry (each one's slot count), so there is no leader to lose.
"""

from __future__ import annotations

import logging
import socket
import time

from codejudge.periodic import Periodic
from codejudge.worker.autoscale import Memory, Observation, Policy, decide
from codejudge.worker.pool import WorkerPool, process_name

log = logging.getLogger("codejudge.worker")

REGISTRY_MAX_AGE = 15.0  # a registration older than this is a worker that died (seconds)


class Autoscaler(Periodic):
    """Resizes ``pool`` by ``policy`` every ``interval`` seconds on a daemon thread; ``start``
    and ``stop`` (before the pool's own stop, so nothing resizes a stopping pool). A failed
    pass (the queue or the store briefly away) keeps the slots the pool has."""

    def __init__(self, pool: WorkerPool, policy: Policy, interval: float) -> None:
        super().__init__("codejudge-autoscale", interval)
        self.pool = pool
        self.policy = policy
        self.interval = interval
        self.memory = Memory()

    def observe(self) -> Observation:
        """The pool, the queue (``stats``), the other live workers' slots (the registry) and
        whether a queued submission has waited longer than the target (the store)."""
        pool = self.pool
        stats = pool.queue.stats()
        me = process_name()
        others = [w for w in pool.store.live_workers(REGISTRY_MAX_AGE) if w.id != me]
        overdue = pool.store.queued_ids(older_than=self.policy.target_wait_seconds, limit=1)
        return Observation(
            slots=pool.concurrency,
            busy=pool.busy,
            ready=sum(stats.ready.values()),
            leased=stats.leased,
            other_slots=sum(w.concurrency for w in others),
            host_slots=sum(w.concurrency for w in others if w.host == socket.gethostname()),
            mean_judge_seconds=pool.judged.value,
            overdue=bool(overdue),
            other_pools=len(others),
        )

    def step(self) -> int:
        """One tick: observe, decide, resize; returns the slot count decided."""
        seen = self.observe()
        slots, self.memory = decide(self.policy, self.memory, seen, time.monotonic())
        if slots != seen.slots:
            log.info(
                "autoscale: %d -> %d slot(s) (ready %d, leased %d, other slots %d, mean %s s)",
                seen.slots,
                slots,
                seen.ready,
                seen.leased,
                seen.other_slots,
                "?" if seen.mean_judge_seconds is None else f"{seen.mean_judge_seconds:.2f}",
            )
            self.pool.resize(slots)
        return slots

    def tick(self) -> None:
        self.step()
