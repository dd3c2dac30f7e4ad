"""The operator dashboard's API: one live snapshot, the history it charts, dead-letter actions
(one and in bulk). (The submission list it shows is ``listing``'s.)

Every route reads the queue and joins what it lists with the store (problem, language,
status); the admin ones are behind ``auth.require_admin``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from codejudge.api.auth import require_admin
from codejudge.api.schemas import (
    BULK_ALL_CAP,
    MAX_BULK,
    RUNNING_CAP,
    BulkFailure,
    BulkIn,
    BulkOut,
    CurrentJob,
    DashboardOut,
    ErrorOut,
    HistoryOut,
    HistoryPoint,
    QueueDepth,
    RunningOut,
    WorkerOut,
)
from codejudge.api.schemas import (
    DeadLetterOut as DeadLetterOut,  # re-exported: routes lists dead letters with it
)
from codejudge.api.services import Services, services_of
from codejudge.api.stuck import budgets, is_stuck
from codejudge.exceptions import CodejudgeError, Conflict, NotFound
from codejudge.models import (
    JudgeResult,
    Priority,
    Verdict,
    WorkerInfo,
)
from codejudge.queue import JobState, RunningJob
from codejudge.store.metrics import HistoryBucket
from codejudge.store.problem_jobs import PENDING_DIR, PREFIX, is_problem_job
from codejudge.store.schedules import is_fire_job
from codejudge.store.store import MAX_LIST, Store
from codejudge.submissions import WORKER_MAX_AGE

admin = APIRouter(prefix="/api/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])

_DELETED = "an operator deleted this job from the dead letters"
_FIRE_REDRIVE = "a schedule fire: trigger the schedule (codejudge schedules trigger NAME) instead"
_PROBLEM_JOB = re.compile(rf"^{PREFIX}[0-9a-f-]{{36}}$")
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "no or wrong admin token"},
    403: {"model": ErrorOut, "description": "no token configured and not a local client"},
}


def _name(priority: Priority) -> str:
    return priority.name.lower()


# -- joins with the store --------------------------------------------------------------------

# job id -> (problem, language, status) as the store has it
JobInfo = dict[str, tuple[str, str | None, str]]


def job_info(services: Services, job_ids: list[str]) -> JobInfo:
    """What the store says of each job: a submission's problem, language and status; a problem
    measurement job's slug and status (no language). Unknown ids are left out."""
    info: JobInfo = {}
    subs = [i for i in dict.fromkeys(job_ids) if not is_problem_job(i)]
    for start in range(0, len(subs), MAX_LIST):
        chunk = subs[start : start + MAX_LIST]
        for sub in services.store.list(ids=chunk, limit=len(chunk)):
            info[sub.id] = (sub.problem, sub.language, str(sub.status))
    for job_id in dict.fromkeys(i for i in job_ids if is_problem_job(i)):
        try:
            job = services.store.problem_jobs.get(job_id)
        except NotFound:
            continue
        info[job_id] = (job.slug, None, str(job.status))
    return info


def dead_letter_items(services: Services, limit: int) -> list[DeadLetterOut]:
    """The dead letters, newest first, with their job's problem, language and store status
    (what ``GET /api/v1/admin/dead-letters`` lists)."""
    dead = services.queue.dead_letters(limit)
    info = job_info(services, [d.job_id for d in dead])
    return [
        DeadLetterOut(
            id=d.job_id,
            deliveries=d.deliveries,
            error=d.error,
            died_at=datetime.fromtimestamp(d.died_at, UTC),
            problem=info[d.job_id][0] if d.job_id in info else None,
            language=info[d.job_id][1] if d.job_id in info else None,
            submission_status=info[d.job_id][2] if d.job_id in info else None,
        )
        for d in dead
    ]


def _running_out(job: RunningJob, info: JobInfo, budget: float, now: float) -> RunningOut:
    problem, language, _ = info.get(job.job_id, (None, None, ""))
    return RunningOut(
        job_id=job.job_id,
        worker=job.worker,
        priority=_name(job.priority),
        delivery=job.delivery,
        claimed_at=datetime.fromtimestamp(job.claimed_at, UTC),
        elapsed_ms=max(0, int((now - job.claimed_at) * 1000)),
        problem=problem,
        language=language,
        budget_ms=int(budget * 1000),
        stuck=is_stuck(job, budget, now),
    )


def _worker_out(worker: WorkerInfo, running: list[RunningOut]) -> WorkerOut:
    mine = [r for r in running if r.worker.rpartition(":")[0] == worker.id]
    return WorkerOut(
        id=worker.id,
        host=worker.host,
        pid=worker.pid,
        concurrency=worker.concurrency,
        languages=sorted(lang for lang, why in worker.languages.items() if why is None),
        started_at=worker.started_at,
        last_seen=worker.last_seen,
        current_jobs=[
            CurrentJob(
                job_id=r.job_id,
                slot=r.worker.rpartition(":")[2],
                elapsed_ms=r.elapsed_ms,
                problem=r.problem,
                language=r.language,
                stuck=r.stuck,
            )
            for r in mine
        ],
    )


def snapshot(services: Services) -> DashboardOut:
    """Queue depth, live workers with their current jobs, and the running jobs, now."""
    stats = services.queue.stats()
    jobs = services.queue.running(RUNNING_CAP)
    workers = services.store.live_workers(WORKER_MAX_AGE)
    info = job_info(services, [j.job_id for j in jobs])
    now = datetime.now(UTC)
    limits = budgets(services, jobs)
    running = [_running_out(j, info, limits[j.job_id], now.timestamp()) for j in jobs]
    return DashboardOut(
        at=now,
        queue=QueueDepth(
            ready={_name(p): stats.ready.get(p, 0) for p in Priority},
            delayed=stats.delayed,
            running=stats.leased,
            dead=stats.dead,
        ),
        workers=[_worker_out(w, running) for w in workers],
        running=running,
    )


def _point(bucket: HistoryBucket) -> HistoryPoint:
    sample = bucket.sample
    return HistoryPoint(
        at=bucket.at,
        depth={_name(p): n for p, n in sample.ready.items()} if sample else None,
        depth_peak={_name(p): bucket.peak.get(p, 0) for p in sample.ready} if sample else None,
        running=sample.running if sample else None,
        delayed=sample.delayed if sample else None,
        dead=sample.dead if sample else None,
        finished=bucket.finished,
        runs=bucket.runs,
        verdicts={str(v): n for v, n in bucket.verdicts.items()},
        wait_p50_ms=bucket.wait_p50_ms,
        wait_p95_ms=bucket.wait_p95_ms,
    )


# -- routes ----------------------------------------------------------------------------------


@admin.get("/dashboard", response_model=DashboardOut, responses=_ERRORS)
async def dashboard(request: Request) -> DashboardOut:
    """One snapshot for the dashboard to poll (every ~2 s): queue depth per priority, live
    workers with their current jobs, and the running jobs (problem and language joined from
    the store; elapsed times in ms since the delivery's claim; each with its budget and
    whether it is stuck past it)."""
    return await run_in_threadpool(snapshot, services_of(request))


@admin.get("/history", response_model=HistoryOut, responses=_ERRORS)
async def history(
    request: Request,
    minutes: Annotated[int, Query(ge=1, le=1440, description="window, ending now")] = 60,
) -> HistoryOut:
    """Per minute, oldest first, ``minutes`` points ending with the current minute: queue
    depth (last sample in the minute, null when none), jobs finished (submissions and runs)
    and how many were runs, the verdicts of the submissions among them, and the queue wait
    p50/p95 (ms) of the jobs started. Kept in the store: it survives a restart."""
    return await run_in_threadpool(history_out, services_of(request).store, minutes)


def history_out(store: Store, minutes: int, now: datetime | None = None) -> HistoryOut:
    """``minutes`` points ending with ``now``'s minute (default: now). One ``now`` bounds both
    ends: read twice, a minute could roll between the reads and add a point."""
    now = now or datetime.now(UTC)
    since = now - timedelta(minutes=minutes - 1)
    buckets = store.history(since, 60, until=now)
    return HistoryOut(bucket_s=60, points=[_point(b) for b in buckets])


@admin.delete(
    "/dead-letters/{job_id}",
    status_code=204,
    responses={**_ERRORS, 404: {"model": ErrorOut, "description": "not a dead letter"}},
)
async def delete_dead_letter(request: Request, job_id: str) -> Response:
    """Forget a dead job for good (its queue record and events). Its submission ends as every
    dead job's does, ``finished`` with ``internal_error``: one its death left ``queued`` or
    ``running`` is finished so now, with a note. A problem measurement job ends ``failed``
    and its staged package is removed."""
    await run_in_threadpool(_delete_dead, services_of(request), job_id)
    return Response(status_code=204)


def _delete_dead(services: Services, job_id: str) -> None:
    """Delete the dead letter; a submission (or problem job) the worker could not even start
    (still ``queued``) is finished as ``internal_error`` (``failed``) like every other dead
    job's, or the reconciler would enqueue it again now that the queue forgets it."""
    if not services.queue.delete_dead(job_id):
        raise NotFound(f"job {job_id!r} is not in the dead letters")
    if is_problem_job(job_id):
        services.store.problem_jobs.abandon(job_id, _DELETED)
        if _PROBLEM_JOB.match(job_id):  # a path component, nothing else
            pending = services.settings.problems_dir / PENDING_DIR / job_id
            shutil.rmtree(pending, ignore_errors=True)
    else:
        services.store.abandon(job_id, JudgeResult(Verdict.INTERNAL_ERROR, error=_DELETED))


def redrive_dead(services: Services, job_id: str) -> None:
    """Send the dead job ``job_id`` back to the queue with a fresh delivery count and its
    record (a submission's, ``Submissions.redrive``, or a problem measurement's) ``queued``
    again. ``NotFound``: unknown id; ``Conflict``: not a dead letter, or a measurement whose
    uploaded package is gone, or a schedule's fire job (trigger the schedule instead)."""
    if is_fire_job(job_id):
        raise Conflict(_FIRE_REDRIVE)
    if is_problem_job(job_id):
        _redrive_problem_job(services, job_id)
    else:
        services.submissions.redrive(job_id)


def _redrive_problem_job(services: Services, job_id: str) -> None:
    jobs = services.store.problem_jobs
    before = jobs.get(job_id)  # NotFound for an unknown id
    if services.queue.state(job_id) is not JobState.DEAD:
        raise Conflict(f"job {job_id!r} is not in the dead letters")
    if not (services.settings.problems_dir / before.package / "problem.toml").is_file():
        raise Conflict(
            f"problem job {job_id!r} cannot be measured again: its uploaded package is no "
            f"longer staged at {before.package!r}; upload the package again"
        )
    # The store first: a worker the re-drive wakes must find the job queued. Found failed, it
    # would count it done and ack it. Fenced by the token read above (Store.reopen).
    jobs.reopen(job_id, before.token)
    if not services.queue.redrive(job_id):  # re-driven or deleted meanwhile
        raise Conflict(f"job {job_id!r} is not in the dead letters")
    services.queue.publish(job_id, "queued", {"redriven": True})


def _bulk(services: Services, body: BulkIn, action: Callable[[Services, str], None]) -> BulkOut:
    """``action`` on each id (or each dead letter, for ``all``); per id, done or why not."""
    done: list[str] = []
    failed: list[BulkFailure] = []
    tried: set[str] = set()
    while len(tried) < BULK_ALL_CAP:
        if body.ids is not None:
            targets = list(dict.fromkeys(body.ids))
        else:
            # Those that failed stay dead: look past them.
            batch = services.queue.dead_letters(len(failed) + MAX_BULK)
            targets = [d.job_id for d in batch if d.job_id not in tried]
            targets = targets[: BULK_ALL_CAP - len(tried)]
        for job_id in targets:
            tried.add(job_id)
            try:
                action(services, job_id)
                done.append(job_id)
            except CodejudgeError as exc:  # not dead, unknown, or the backend briefly away
                failed.append(BulkFailure(id=job_id, detail=str(exc)))
        if body.ids is not None or not targets:
            break
    return BulkOut(done=done, failed=failed)


@admin.post("/dead-letters/redrive", response_model=BulkOut, responses=_ERRORS)
async def redrive_many(request: Request, body: BulkIn) -> BulkOut:
    """Re-drive the dead letters named by ``ids``, or all of them: each goes back to the
    queue with a fresh delivery count and its submission (or problem measurement job) is
    queued again."""
    return await run_in_threadpool(_bulk, services_of(request), body, redrive_dead)


@admin.post("/dead-letters/delete", response_model=BulkOut, responses=_ERRORS)
async def delete_many(request: Request, body: BulkIn) -> BulkOut:
    """Delete the dead letters named by ``ids``, or all of them (``DELETE`` one by one)."""
    return await run_in_threadpool(_bulk, services_of(request), body, _delete_dead)
