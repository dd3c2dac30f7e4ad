"""The wiring: from one ``Settings`` (built once, at the edge: a CLI command or the ASGI
factory) open the store, the queue, the problem set and the worker pool, and hand the HTTP API
what it needs. Nothing else in the package builds these.

- ``codejudge serve``: ``create_app(settings)``, an API with an embedded worker pool.
- ``codejudge worker``: ``running(settings, workers)``, a pool with no HTTP at all.
- ``uvicorn codejudge.runtime:asgi_app --factory``: the app of one uvicorn worker process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from fastapi import FastAPI
from limits.storage import RedisStorage, Storage

from codejudge.api import build_app
from codejudge.api.services import Services
from codejudge.models import Submission
from codejudge.periodic import Periodic
from codejudge.problems import BUNDLED_DIR, ProblemSet, load_problem_set
from codejudge.problems.budget import BudgetRule
from codejudge.queue import Queue, open_queue
from codejudge.queue.ratelimit import redis_rate_storage
from codejudge.scheduling import Scheduler
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.submissions import Submissions
from codejudge.webhooks import Dispatcher
from codejudge.worker import Timing, WorkerPool, process_one
from codejudge.worker.autoscale import Bounds, Policy, cpu_cap
from codejudge.worker.cpus import available_cpus
from codejudge.worker.scaler import Autoscaler

log = logging.getLogger("codejudge.runtime")
_PURGE_SECONDS = 3600.0  # how often a sampler deletes samples past their retention


class Sampler(Periodic):
    """Samples the queue's depth into the store for the dashboard's history: every
    ``period`` seconds (on the period's boundaries) ``queue.stats()`` goes to
    ``store.record_sample``, and once an hour samples older than a week are purged. Every
    process may run one (API and worker processes alike): the store keeps one sample per
    period whoever writes it first. A failed sample is a gap in the chart, nothing worse."""

    def __init__(self, store: Store, queue: Queue, period: float) -> None:
        super().__init__("codejudge-sampler", period, aligned=True)
        self.store = store
        self.queue = queue
        self._next_purge = 0.0

    def sample(self) -> bool:
        """Record one sample now; False if another process already sampled this period."""
        return self.store.record_sample(datetime.now(UTC), self.queue.stats(), self.period)

    def tick(self) -> None:
        self.sample()
        if time.monotonic() >= self._next_purge:
            self.store.purge_samples()
            self._next_purge = time.monotonic() + _PURGE_SECONDS


class Runtime:
    """The opened program: store (migrated), queue, a depth sampler and a worker pool of
    ``workers`` slots (default: autoscaled if ``settings.autoscale`` is set, else
    ``settings.worker_count`` slots; 0: none). ``start`` runs the sampler, the pool and its
    autoscaler, ``close`` stops the sampler, drains the pool and closes the rest."""

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.problem_dirs: list[Path] = [BUNDLED_DIR, settings.problems_dir]
        self.store = Store(settings.resolved_database_url)
        self.store.migrate()
        self.queue: Queue = open_queue(
            settings.resolved_queue_url,
            max_deliveries=settings.max_deliveries,
            retry_base=settings.retry_base_seconds,
        )
        self.sampler = Sampler(self.store, self.queue, settings.sample_seconds)
        # Every serve and worker process sends due webhooks (the store's leases share them).
        self.webhooks = Dispatcher(settings, self.store)
        # Every serve and worker process claims due schedule ticks (no leader: scheduling.py).
        self.scheduler = Scheduler(self.store, self.queue, settings.schedule_poll_seconds)
        self.pool: WorkerPool | None = None
        self.autoscaler: Autoscaler | None = None
        self._open_pool(workers)

    def _open_pool(self, workers: int | None) -> None:
        """``workers`` slots (0: no pool); None: ``CODEJUDGE_AUTOSCALE``'s autoscaled pool,
        starting at its MIN, if set, else ``settings.worker_count`` slots."""
        settings = self.settings
        bounds = Bounds.parse(settings.autoscale) if settings.autoscale else None
        # A slot count given explicitly (an argument, or CODEJUDGE_WORKERS, which is how
        # ``serve --processes K --workers N`` reaches its processes) wins over the autoscaler.
        fixed = workers is not None or settings.workers is not None
        policy = policy_of(settings, bounds) if bounds and not fixed else None
        count = settings.worker_count if workers is None else workers
        if policy is None and count <= 0:
            return
        self.pool = WorkerPool(
            self.store,
            self.queue,
            self.problem_dirs,
            policy.bounds.low if policy else count,
            timing_of(settings),
            selftest_cache=settings.data_dir / "selftests.json",
        )
        if policy:
            self.autoscaler = Autoscaler(self.pool, policy, settings.autoscale_interval_seconds)

    @cached_property
    def problems(self) -> ProblemSet:
        """The problems served (loaded on first use: a worker alone never needs them)."""
        return load_problem_set(*self.problem_dirs)

    @cached_property
    def submissions(self) -> Submissions:
        return Submissions(self.settings, self.problems, self.store, self.queue)

    @cached_property
    def rates(self) -> Storage | None:
        """Where the API's rate-limit counters live: beside a Redis queue (distributed mode);
        None: in the store (``Services`` then uses its ``rate_counters`` table)."""
        return redis_rate_storage(self.settings.resolved_queue_url)

    @property
    def workers(self) -> int:
        return self.pool.concurrency if self.pool else 0

    def process_one(self) -> Submission | None:
        """Claim one queued job and judge it now, in the caller's thread (the seed's
        ``GET /worker``)."""
        return process_one(self.store, self.queue, self.problem_dirs)

    def start(self) -> None:
        self.sampler.start()
        self.webhooks.start()
        self.scheduler.start()
        if self.pool:
            self.pool.start()
        if self.autoscaler:
            self.autoscaler.start()

    def close(self) -> None:
        self.sampler.stop()
        self.webhooks.stop()
        self.scheduler.stop()
        if self.autoscaler:
            self.autoscaler.stop()  # before the pool: nothing resizes a draining pool
        if self.pool:
            self.pool.stop()
        self.queue.close()
        self.store.close()
        rates = self.__dict__.get("rates")
        if isinstance(rates, RedisStorage):
            rates.storage.close()


@contextmanager
def running(settings: Settings, workers: int | None = None) -> Iterator[Runtime]:
    """The runtime, started; drained and closed on exit."""
    runtime = Runtime(settings, workers)
    try:
        runtime.start()
        yield runtime
    finally:
        runtime.close()


def timing_of(settings: Settings) -> Timing:
    return Timing(
        lease_seconds=settings.lease_seconds,
        heartbeat_seconds=settings.heartbeat_seconds,
        deadline_seconds=settings.job_deadline_seconds,
        drain_seconds=settings.drain_seconds,
        budget=BudgetRule.of(settings),
        stuck_grace_seconds=settings.stuck_grace_seconds,
    )


def policy_of(settings: Settings, bounds: Bounds, cpus: int | None = None) -> Policy:
    """The autoscaling policy for ``bounds`` (``--autoscale MIN:MAX``), its MAX capped at
    ``cpus`` (default: the CPUs this process may use, ``worker.cpus.available_cpus``: its
    affinity and its cgroup's CPU quota, not the host's count) times
    ``settings.autoscale_cpu_factor``."""
    cpus = cpus or available_cpus()
    capped = bounds.capped(cpus, settings.autoscale_cpu_factor)
    if capped != bounds:
        log.warning(
            "autoscale %s capped to %s: %d CPU(s) x factor %g",
            bounds,
            capped,
            cpus,
            settings.autoscale_cpu_factor,
        )
    return Policy(
        capped,
        host_cap=cpu_cap(cpus, settings.autoscale_cpu_factor),
        target_wait_seconds=settings.target_queue_wait_seconds,
        down_seconds=settings.autoscale_down_seconds,
    )


def api_services(runtime: Runtime) -> Services:
    """What the HTTP API is given: no pool, no worker, only a way to judge one job now."""
    return Services(
        settings=runtime.settings,
        problems=runtime.problems,
        problem_dirs=runtime.problem_dirs,
        store=runtime.store,
        queue=runtime.queue,
        submissions=runtime.submissions,
        process_one=runtime.process_one,
        workers=runtime.workers,
        rates=runtime.rates,
    )


def create_app(settings: Settings, workers: int | None = None) -> FastAPI:
    """The HTTP API over a runtime opened at start-up, from the edge's ``settings``.
    ``workers`` overrides the embedded pool size (0 = API only)."""

    @contextmanager
    def open_services() -> Iterator[Services]:
        runtime = Runtime(settings, workers)
        try:
            services = api_services(runtime)  # loads the problems: a broken one stops us here
            runtime.start()
            yield services
        finally:
            runtime.close()

    return build_app(settings, open_services)


def asgi_app() -> FastAPI:
    """The factory uvicorn imports in each of its worker processes (``serve --processes K``):
    such a process is an edge, so its settings come from its environment (``CODEJUDGE_*``)."""
    return create_app(Settings())
