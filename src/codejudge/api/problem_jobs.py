"""Problem measurement jobs, API side: the job as JSON, waiting for its end, and serving what
workers published. Staging an upload and queueing its measurement is ``codejudge.problem_intake``.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from codejudge.api.services import Services, services_of
from codejudge.store.problem_jobs import TERMINAL, JobStatus, ProblemJob

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
