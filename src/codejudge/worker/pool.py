"""The worker supervisor: N slots, each a thread feeding one judging child, plus maintenance.

Used by ``codejudge worker`` (foreground, signal-driven) and embedded in ``codejudge serve``.
On stop it claims nothing more, lets running jobs finish for ``drain_seconds``, then releases
what is left back to the queue and kills its children.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codejudge import metrics
from codejudge.models import Priority, Submission
from codejudge.queue import JobState, Lease, Queue
from codejudge.store import Store
from codejudge.store.problem_jobs import is_problem_job
from codejudge.store.schedules import is_fire_job
from codejudge.worker.child_process import JudgeChild
from codejudge.worker.job import JobRunner, Timing
from codejudge.worker.schedule_job import requeue_lost_fires, run_fire_job
from codejudge.worker.stuck import Budgets, recycle_stuck

log = logging.getLogger("codejudge.worker")


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_name(slot: int | str) -> str:
    return f"{process_name()}:{slot}"


@dataclass(eq=False)
class _Slot:
    """One judging slot: a thread claiming jobs one at a time for its own child. ``retiring``
    set: it claims nothing more, finishes the job it has, closes its child and exits."""

    index: int
    runner: JobRunner
    retiring: threading.Event = field(default_factory=threading.Event)
    busy: bool = False  # holding a delivery now
    thread: threading.Thread | None = None

    @property
    def name(self) -> str:
        return worker_name(self.index)


class _Mean:
    """An exponentially weighted mean of recent deliveries' wall time (seconds), thread-safe."""

    def __init__(self, weight: float = 0.2) -> None:
        self._weight = weight
        self._value: float | None = None
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            old = self._value
            self._value = seconds if old is None else old + self._weight * (seconds - old)

    @property
    def value(self) -> float | None:
        return self._value


class WorkerPool:
    """``concurrency`` slots to start with; ``resize`` changes the count while it runs (the
    autoscaler, ``worker/scaler.py``, calls it)."""

    def __init__(
        self,
        store: Store,
        queue: Queue,
        problem_dirs: list[Path],
        concurrency: int,
        timing: Timing | None = None,
        maintenance_seconds: float = 2.0,
        selftest_cache: Path | None = None,
    ) -> None:
        self.store = store
        self.queue = queue
        self.problem_dirs = problem_dirs
        self.initial = concurrency
        self.timing = timing or Timing()
        self.maintenance_seconds = maintenance_seconds
        self.selftest_cache = selftest_cache
        self.stopping = threading.Event()
        # language id -> None if its self-test passed here, else why not; {} until they ran
        self.languages: dict[str, str | None] = {}
        self.judged = _Mean()  # the autoscaler's measure of judging time
        self._threads: list[threading.Thread] = []
        self._slots: list[_Slot] = []  # running and draining slots, under ``_lock``
        self._lock = threading.Lock()
        self._started = False  # set by the first ``resize`` (``start``)

    @property
    def concurrency(self) -> int:
        """Slots running now, draining ones left out: what the registry reports (before
        ``start``: the slots it will start)."""
        with self._lock:
            if not self._started:
                return self.initial
            return sum(not slot.retiring.is_set() for slot in self._slots)

    @property
    def busy(self) -> int:
        """Slots judging a job now (draining ones included)."""
        with self._lock:
            return sum(slot.busy for slot in self._slots)

    @property
    def draining(self) -> int:
        """Slots told to retire that are still finishing their job."""
        with self._lock:
            return sum(slot.retiring.is_set() for slot in self._slots)

    def start(self) -> None:
        self._threads.append(
            threading.Thread(
                target=self._maintenance_loop, name="codejudge-maintenance", daemon=True
            )
        )
        self._threads.append(
            threading.Thread(target=self._selftest, name="codejudge-selftest", daemon=True)
        )
        self._register(self.initial)
        self.resize(self.initial)
        for thread in self._threads:
            thread.start()
        log.info("worker pool %s started: %d slot(s)", process_name(), self.initial)

    def resize(self, slots: int) -> int:
        """Run ``slots`` slots from now on; returns how many run (the same). New slots start
        at once; surplus ones retire: idle ones first, then the highest numbered, each
        finishing the job it holds before it exits (``_Slot.retiring``). Does nothing once
        the pool is stopping."""
        slots = max(slots, 0)
        with self._lock:
            if self.stopping.is_set():
                return 0
            self._started = True
            active = [slot for slot in self._slots if not slot.retiring.is_set()]
            for slot in sorted(active, key=lambda s: (not s.busy, s.index))[slots:]:
                slot.retiring.set()
                log.info("slot %s retiring (%s)", slot.name, "draining" if slot.busy else "idle")
            taken = {slot.index for slot in self._slots}
            free = (i for i in range(len(taken) + slots + 1) if i not in taken)
            for _ in range(slots - len(active)):
                self._add_slot(next(free))
        if len(active) != slots:
            log.info("worker pool %s: %d -> %d slot(s)", process_name(), len(active), slots)
            self._register(slots)
        return slots

    def _add_slot(self, index: int) -> None:
        runner = JobRunner(
            self.store,
            self.queue,
            JudgeChild(self.problem_dirs),
            self.timing,
            self.stopping,
            self.languages.get,
        )
        slot = _Slot(index, runner)
        slot.thread = threading.Thread(
            target=self._slot_loop, args=(slot,), name=f"codejudge-slot-{index}", daemon=True
        )
        self._slots.append(slot)
        slot.thread.start()

    def stop(self) -> None:
        """Stop claiming, drain (bounded by ``timing.drain_seconds``), release the rest."""
        self.stopping.set()
        with self._lock:
            slots = list(self._slots)
        for thread in [*(slot.thread for slot in slots if slot.thread), *self._threads]:
            thread.join(self.timing.drain_seconds + 10)
        for slot in slots:
            slot.runner.child.close()
        try:
            self.store.remove_worker(process_name())
        except Exception:
            log.warning("could not deregister this worker", exc_info=True)
        log.info("worker pool stopped")

    def _register(self, slots: int | None = None) -> None:
        self.store.register_worker(
            process_name(),
            socket.gethostname(),
            os.getpid(),
            self.concurrency if slots is None else slots,
            dict(self.languages) if self.languages else None,
        )

    def _selftest(self) -> None:
        """Run every language's self-test once; a language that fails is disabled here (its
        jobs are handed to other workers) and reported through the registry.

        Compiling eight self-tests costs seconds of CPU, so this thread runs at a lower
        priority (its boxes inherit it) and results are cached per toolchain version for a
        day in the data dir: a worker restarted by a supervisor does not pay them again."""
        # Imported here, when a pool runs, not when ``codejudge.runtime`` imports this module:
        # an API-only process (``serve --workers 0``) never loads judging or sandbox code
        # (tests/api/test_problem_jobs.py checks it).
        from codejudge.judging.selftest import selftest
        from codejudge.languages import LANGUAGES, language_version
        from codejudge.sandbox import open_sandbox

        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        cache = _read_cache(self.selftest_cache)
        sandbox = open_sandbox()
        for language in LANGUAGES.values():
            if self.stopping.is_set():
                return
            version = language_version(language) or ""
            hit = cache.get(language.id)
            if hit and hit["version"] == version and time.time() - hit["at"] < _SELFTEST_TTL:
                why = hit["why"]
            else:
                try:
                    why = selftest(language, sandbox)
                except Exception as exc:
                    why = f"{type(exc).__name__}: {exc}"
                cache[language.id] = {"version": version, "why": why, "at": time.time()}
            if why:
                log.error("language %s disabled on this worker: %s", language.id, why)
            self.languages[language.id] = why
        usable = sum(v is None for v in self.languages.values())
        log.info("language self-tests: %d of %d usable", usable, len(self.languages))
        _write_cache(self.selftest_cache, cache)
        try:
            self._register()
        except Exception:
            log.warning("could not report the self-tests yet", exc_info=True)

    def _slot_loop(self, slot: _Slot) -> None:
        runner = slot.runner
        try:
            runner.child.ensure_started()  # pay the child's start-up before the first job
        except Exception:
            log.exception("judging child failed to start; will retry on the first job")
        while not (self.stopping.is_set() or slot.retiring.is_set()):
            try:
                # A child is (re)started before claiming, never while holding a lease: its
                # start-up (imports, problem set) would eat into the lease unrenewed.
                runner.child.ensure_started()
                if slot.retiring.is_set():
                    break
                leases = self.queue.claim(slot.name, 1, self.timing.lease_seconds)
                if not leases:
                    self.queue.wait(0.5)
                    continue
                # A slot told to retire meanwhile still takes this delivery to its end: a
                # scale-down drains, it never hands a claimed job back.
                self._deliver(slot, leases[0])
            except Exception:
                # One bad job or a database/queue hiccup must not kill the slot; the lease, if
                # any, expires and the job is redelivered. The child may be mid-job: reset it
                # so the next job starts clean.
                log.exception("worker slot %s: unexpected error", slot.name)
                runner.child.kill()
                self.stopping.wait(1.0)
        if not self.stopping.is_set():  # retired: ``stop`` closes the children otherwise
            runner.child.close()
            with self._lock:
                self._slots.remove(slot)
            log.info("slot %s drained and closed", slot.name)

    def _deliver(self, slot: _Slot, lease: Lease) -> None:
        slot.busy = True
        began = time.monotonic()
        try:
            run_delivery(slot.runner, lease)
        finally:
            slot.busy = False
            self.judged.add(time.monotonic() - began)

    def _maintenance_loop(self) -> None:
        """Heartbeat this worker's registration, reap expired leases and, while holding the
        reconciler lock (one process at a time across all hosts), reconcile store and queue.
        Every pass also takes away jobs stuck past their budget (``stuck.recycle_stuck``)."""
        budgets = Budgets(self.timing.budget, self.problem_dirs)
        while not self.stopping.wait(self.maintenance_seconds):
            try:
                self._register()
                metrics.JOBS_RETRIED.inc(self.queue.reap().retried)  # not those it buried
                recycle_stuck(self.store, self.queue, budgets, self.timing.stuck_grace_seconds)
                if self.store.try_lock("reconciler", process_name(), 3 * self.maintenance_seconds):
                    reconcile(self.store, self.queue)
                    self.store.sweep_workers(_WORKER_SWEEP_AGE)
            except Exception:
                log.exception("maintenance pass failed")


_SELFTEST_TTL = 24 * 3600.0
_WORKER_SWEEP_AGE = 3600.0  # registrations this stale belong to workers that died


def _read_cache(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(path: Path | None, cache: dict[str, Any]) -> None:
    if path is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(cache))
        tmp.replace(path)  # atomic: concurrent workers never read half a file
    except OSError:
        log.warning("could not write the self-test cache %s", path, exc_info=True)


def run_delivery(runner: JobRunner, lease: Lease) -> None:
    """Take one delivery to its end with the handler of its kind of job."""
    if is_fire_job(lease.job_id):  # a schedule's tick (worker/schedule_job.py)
        run_fire_job(runner, lease)
        return
    if not is_problem_job(lease.job_id):
        runner.run(lease)
        return
    # An uploaded package to measure. Imported when one is, not when ``codejudge.runtime``
    # imports this module: it loads judging code, which an API-only process (``serve
    # --workers 0``) never does (tests/api/test_problem_jobs.py checks it).
    from codejudge.worker.problem_job import run_problem_job

    run_problem_job(runner, lease)


def reconcile(store: Store, queue: Queue, older_than: float = 5.0) -> int:
    """Re-enqueue submissions the store says are queued but the queue does not hold (the store
    is the source of truth), each at its stored priority: a lost run goes back ahead of the
    submissions, a lost rejudge behind them. Returns how many were re-enqueued. Expired
    leases are reaped by every worker's maintenance pass, not here."""
    requeued = 0
    queued = store.queued_ids(older_than=older_than)
    # Measurement jobs too, at the priority ``problem_intake`` gives them.
    for job_id in store.problem_jobs.queued_ids(older_than=older_than):
        queued.setdefault(job_id, Priority.SUBMIT)
    for job_id, priority in queued.items():
        if queue.state(job_id) in (None, JobState.DONE) and queue.enqueue(job_id, priority):
            requeued += 1
    if requeued:
        log.warning("reconciler re-enqueued %d submission(s) the queue had lost", requeued)
    return requeued + requeue_lost_fires(store, queue, older_than)


def process_one(
    store: Store, queue: Queue, problem_dirs: list[Path], timing: Timing | None = None
) -> Submission | None:
    """Claim one job and judge it now, in the caller's thread (the seed's ``GET /worker``)."""
    leases = queue.claim(worker_name("http"), 1, (timing or Timing()).lease_seconds)
    if not leases:
        return None
    child = JudgeChild(problem_dirs)
    try:
        run_delivery(JobRunner(store, queue, child, timing or Timing()), leases[0])
    finally:
        child.close()
    if is_problem_job(leases[0].job_id) or is_fire_job(leases[0].job_id):
        return None  # a problem measurement or a schedule's fire, done: no submission to show
    return store.get(leases[0].job_id)
