"""One delivery of a schedule's fire job: run the schedule's action once for its tick.

The fire row (``store.schedules``) is the job's state: ``pending`` until the action's effect is
written. A rejudge and a batch write their effect in the transaction that completes the
fire, conditional on it being ``pending``, so a redelivered fire job (its worker died, its
lease expired) finds it ``done`` and does nothing: each tick's effect happens once. A purge
deletes in batches by age (idempotent: a redelivery deletes what is left), then completes it.
What a rejudge or a batch queues is enqueued after that commit; if this process dies first,
the store says ``queued`` and the reconciler enqueues it. A re-drive and the self-tests have
no such transaction: a redelivery re-runs them, which re-drives only what is dead by then and
re-runs the tests (their fire records the last run).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from codejudge.exceptions import LeaseLost, NotFound
from codejudge.models import NewSubmission, Priority
from codejudge.queue import JobState, Lease, Queue
from codejudge.store import Store
from codejudge.store.schedules import FIRE_PRIORITY, Action, Fire, FireStatus, Schedule
from codejudge.worker.job import JobRunner

log = logging.getLogger("codejudge.worker")
DEAD_LOOKUP = 1000  # dead letters read to find a dead fire job's error
PENDING_PAGE = 100  # pending fires the reconciler looks at per page
PENDING_PAGES = 10  # pages per pass, at most


def run_fire_job(runner: JobRunner, lease: Lease) -> None:
    """Take one delivery of the fire job ``lease.job_id`` to its end."""
    schedules = runner.store.schedules
    try:
        fire = schedules.fire(lease.job_id)
        schedule = schedules.get(fire.schedule_id)
    except NotFound:
        log.warning("fire job %s: its schedule or fire is gone; dropping it", lease.job_id)
        runner.ack(lease)
        return
    if fire.status is not FireStatus.PENDING:
        runner.ack(lease)  # an earlier delivery did it
        return
    try:
        with _heartbeats(runner, lease):
            result = _act(runner, schedule, fire)
    except Exception as exc:
        log.exception("fire job %s (schedule %s) failed", lease.job_id, schedule.name)
        _fail(runner, lease, f"{type(exc).__name__}: {exc}")
        return
    log.info("schedule %s fired (%s): %s", schedule.name, fire.tick.isoformat(), result)
    runner.ack(lease)


def _act(runner: JobRunner, schedule: Schedule, fire: Fire) -> dict[str, Any] | None:
    """The action's effect; its summary (None: an earlier delivery had completed it)."""
    store, queue, params = runner.store, runner.queue, schedule.params
    if schedule.action is Action.REJUDGE:
        ids = store.schedules.rejudge(fire.id, params["problem"])
        return None if ids is None else _enqueued(queue, ids, Priority.REJUDGE, "rejudged")
    if schedule.action is Action.BATCH:
        news = [NewSubmission(i["problem"], i["language"], i["code"]) for i in params["items"]]
        ids = store.schedules.submit(fire.id, news)
        return None if ids is None else _enqueued(queue, ids, Priority.SUBMIT, "submitted")
    if schedule.action is Action.PURGE:
        counts = store.schedules.purge(
            fire.id, timedelta(days=params["days"]), progress=lambda n: _purged(fire, n)
        )
        return dict(counts) if counts is not None else None
    if schedule.action is Action.REDRIVE:
        result: dict[str, Any] = {"redriven": redrive_dead(store, queue)}
    else:
        result = {"selftests": _selftests(runner)}
    store.schedules.complete(fire.id, result)
    return result


def _purged(fire: Fire, counts: dict[str, int]) -> None:
    log.info("fire %s: purged so far %s", fire.id, counts)


def _enqueued(queue: Queue, ids: list[str], priority: Priority, what: str) -> dict[str, Any]:
    queue.enqueue_many(ids, priority)
    for job_id in ids:
        queue.publish(job_id, "queued", {"scheduled": True})
    return {what: len(ids)}


def redrive_dead(store: Store, queue: Queue, limit: int = 1000) -> int:
    """Re-drive every dead-lettered submission (as ``Submissions.redrive``: the store reopened
    first, then the queue); measurement and fire jobs are left to the operator. How many."""
    count = 0
    for dead in queue.dead_letters(limit):
        try:
            before = store.get(dead.job_id)
        except NotFound:
            continue  # not a submission
        if store.reopen(dead.job_id, before.token) and queue.redrive(dead.job_id):
            queue.publish(dead.job_id, "queued", {"redriven": True})
            count += 1
    return count


def _selftests(runner: JobRunner) -> dict[str, str | None]:
    """Every language's self-test on this worker: language id -> None (passed) or why not."""
    # Imported here: an API-only process never loads judging or sandbox code.
    from codejudge.judging.selftest import selftest
    from codejudge.languages import LANGUAGES
    from codejudge.sandbox import open_sandbox

    sandbox = open_sandbox()
    results: dict[str, str | None] = {}
    for language in LANGUAGES.values():
        try:
            results[language.id] = selftest(language, sandbox)
        except Exception as exc:
            results[language.id] = f"{type(exc).__name__}: {exc}"
    return results


@contextmanager
def _heartbeats(runner: JobRunner, lease: Lease) -> Iterator[None]:
    """Renew the lease while the action runs (a purge or the self-tests may outlast it)."""
    done = threading.Event()

    def beat() -> None:
        current = lease
        while not done.wait(runner.timing.heartbeat_seconds):
            try:
                current = runner.queue.heartbeat(current, runner.timing.lease_seconds)
            except LeaseLost:
                return  # redelivered: the fire's pending check keeps the effect single
            except Exception:
                log.warning("fire job %s: heartbeat failed", lease.job_id, exc_info=True)

    thread = threading.Thread(target=beat, name="codejudge-fire-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def _fail(runner: JobRunner, lease: Lease, error: str) -> None:
    try:
        state = runner.queue.fail(lease, error, retry=True)
    except LeaseLost:
        return
    if state is JobState.DEAD:
        runner.store.schedules.complete(lease.job_id, {}, error)


def requeue_lost_fires(store: Store, queue: Queue, older_than: float = 5.0) -> int:
    """Enqueue pending fires the queue does not hold (a process died between claiming a tick
    and enqueueing its job, or Redis lost the write). How many.

    A pending fire whose job is dead (reaped, revoked or failed at its last delivery by a
    process that could not record it) is marked ``failed`` with the dead letter's error, so
    the pending ones stay the ones to heal. Re-driving that job later runs nothing: its
    delivery finds the fire ``failed`` (trigger the schedule to run it again)."""
    requeued = 0
    dead: dict[str, str] | None = None
    for _ in range(PENDING_PAGES):  # a page of dead ones failed: the next page, this pass
        page = store.schedules.pending_ids(older_than=older_than, limit=PENDING_PAGE)
        failed = 0
        for job_id in page:
            state = queue.state(job_id)
            if state is JobState.DEAD:
                if dead is None:
                    dead = {d.job_id: d.error for d in queue.dead_letters(DEAD_LOOKUP)}
                error = dead.get(job_id) or "its job went to the dead letters"
                if store.schedules.complete(job_id, {}, f"dead-lettered: {error}"):
                    log.warning("fire %s: its job is dead-lettered (%s)", job_id, error)
                    failed += 1
            elif state in (None, JobState.DONE) and queue.enqueue(job_id, FIRE_PRIORITY):
                requeued += 1
        if len(page) < PENDING_PAGE or not failed:
            break
    if requeued:
        log.warning("reconciler enqueued %d schedule fire(s) the queue did not hold", requeued)
    return requeued
