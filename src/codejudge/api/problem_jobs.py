"""Problem measurement jobs, API side: store an uploaded Kattis package and queue its measurement.

The API never judges (an API host has no toolchains, no sandbox): a package whose time limit
must be derived from its accepted submissions is converted into ``<problems dir>/.pending/
<job id>/<slug>`` (not served), recorded in the store and queued; a worker measures it and
publishes it (``worker.problem_job``). Until then the problem is not served: a submission to it
is 404, never judged against a provisional limit.
"""

from __future__ import annotations

import logging
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from codejudge.api.services import Services, services_of
from codejudge.exceptions import ProblemFormatError
from codejudge.models import Priority
from codejudge.problems import install, kattis
from codejudge.store.problem_jobs import (
    PENDING_DIR,
    TERMINAL,
    JobStatus,
    ProblemJob,
    new_job_id,
    pending_package,
)

log = logging.getLogger("codejudge.api")
_FINISHED = frozenset({"finished"})
REFRESH_S = 1.0  # how often a request may make this process ask the store what was published


class ProblemJobOut(BaseModel):
    """A measurement job: its state, and once done the limit and every submission's verdict."""

    id: str
    slug: str
    status: JobStatus = Field(description="queued, running, finished (published) or failed")
    time_ms: int | None = Field(None, description="the derived time limit, once finished")
    time_limit_from: str | None = None
    runs: list[dict[str, Any]] = Field(
        default_factory=list,
        description="per submission: file, language, expected, actual, time_ms, status, note",
    )
    warnings: list[str] = Field(default_factory=list)
    error: str | None = Field(None, description="why no limit was set (status failed)")
    queued_at: datetime
    finished_at: datetime | None = None
    links: dict[str, str]

    @classmethod
    def of(cls, job: ProblemJob) -> ProblemJobOut:
        report = job.report
        return cls(
            id=job.id, slug=job.slug, status=job.status, time_ms=job.time_ms,
            time_limit_from=report.get("time_limit_from"), runs=report.get("runs", []),
            warnings=report.get("warnings", []), error=job.error, queued_at=job.queued_at,
            finished_at=job.finished_at, links={"self": job_url(job.id)},
        )  # fmt: skip


def job_url(job_id: str) -> str:
    return f"/api/v1/admin/problems/jobs/{job_id}"


def stage_kattis(
    services: Services, root: Path, slug: str, replace: bool
) -> kattis.Imported | ProblemJob:
    """Convert the Kattis package ``root``. With a time limit of its own it is installed at
    once (``Imported``); without, it is staged and its measurement queued (``ProblemJob``)."""
    problems_dir = services.settings.problems_dir
    if (problems_dir / slug).exists() and not replace:
        raise ProblemFormatError(f"problem {slug!r} already exists; pass replace to overwrite")
    job_id = new_job_id()
    pending = problems_dir / PENDING_DIR / job_id
    pending.mkdir(parents=True)
    try:
        imported = kattis.convert(root, pending / slug, slug, defer=True)
        if not imported.pending:
            imported.folder = install.install(pending / slug, problems_dir, slug, replace=replace)
            return imported
        package = pending_package(job_id, slug)
        job = services.store.problem_jobs.insert(
            job_id, slug, package, replace, {"warnings": imported.warnings}
        )
    except BaseException:
        shutil.rmtree(pending, ignore_errors=True)  # nothing half-staged stays behind
        raise
    finally:
        if pending.exists() and not any(pending.iterdir()):
            pending.rmdir()
    # Stored means accepted: a lost enqueue is redone by the reconciler, as for submissions.
    try:
        services.queue.enqueue(job_id, Priority.SUBMIT)
        services.queue.publish(job_id, "queued", {})
    except Exception:
        log.warning("enqueue of %s failed; the reconciler will retry", job_id, exc_info=True)
    return job


async def refresh_published(request: Request) -> None:
    """Load the problems workers published since this API process last looked, so that a
    measured upload is served by every API process, polled or not. Asks the store at most once
    per ``REFRESH_S``; reloading re-reads only changed packages."""
    state = request.app.state
    now = time.monotonic()
    if now - getattr(state, "published_checked", -REFRESH_S) < REFRESH_S:
        return
    state.published_checked = now
    services = services_of(request)
    last = await run_in_threadpool(services.store.problem_jobs.last_published)
    if last is not None and last != getattr(state, "published_seen", None):
        await run_in_threadpool(services.problems.reload, *services.problem_dirs)
        state.published_seen = last


async def wait_for(services: Services, job_id: str, wait: float) -> ProblemJob:
    """The job, after waiting up to ``wait`` seconds (capped as for submissions) for it to end.
    A finished job's problem is loaded into this API process's problem set."""
    deadline = time.monotonic() + min(wait, services.settings.max_wait_seconds)
    with services.events.watch(job_id, _FINISHED) as watch:
        job = await run_in_threadpool(services.store.problem_jobs.get, job_id)
        while job.status not in TERMINAL and (left := deadline - time.monotonic()) > 0:
            await watch.wait(left)
            job = await run_in_threadpool(services.store.problem_jobs.get, job_id)
    if job.status is JobStatus.FINISHED and job.slug not in services.problems:
        await run_in_threadpool(services.problems.reload, *services.problem_dirs)
    return job
