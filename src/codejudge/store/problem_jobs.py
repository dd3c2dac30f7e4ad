"""Problem measurement jobs in the store: the source of truth for an uploaded package whose time
limit a worker measures (``worker.problem_job``), with the same fencing as submissions.

queued -> running -> finished (the limit set and the problem published) or failed (no limit
could be derived, the slug was taken, or the job died). The queue holds the job under its id,
which starts with ``PREFIX``: that is how a worker tells it from a submission.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa

from codejudge.exceptions import NotFound, unavailable_on
from codejudge.store.ids import new_id
from codejudge.store.schema import problem_jobs as t

PREFIX = "problem-"
# Where a job's package waits, inside the problems dir: a dot-folder, which the loader ignores.
PENDING_DIR = ".pending"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


TERMINAL = (JobStatus.FINISHED, JobStatus.FAILED)


@dataclass(frozen=True, slots=True)
class ProblemJob:
    """One measurement. ``package`` is relative to the problems dir (a dot-folder the loader
    ignores); ``report`` is ``{"time_limit_from", "runs": [...], "warnings": [...]}``."""

    id: str
    slug: str
    package: str
    replace: bool
    status: JobStatus
    queued_at: datetime
    token: int | None = None
    time_ms: int | None = None
    report: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


def is_problem_job(job_id: str) -> bool:
    return job_id.startswith(PREFIX)


def new_job_id() -> str:
    return PREFIX + new_id()


def pending_package(job_id: str, slug: str) -> str:
    """The job's package folder, relative to the problems dir: ``.pending/<job id>/<slug>``."""
    return f"{PENDING_DIR}/{job_id}/{slug}"


class _Writes(Protocol):
    def __call__(self) -> Any: ...


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class ProblemJobs:
    """The ``problem_jobs`` table (``Store.problem_jobs``). Every state change is one
    conditional UPDATE, fenced by the queue's token, as for submissions."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write

    def insert(
        self, job_id: str, slug: str, package: str, replace: bool, report: dict[str, Any]
    ) -> ProblemJob:
        """A new ``queued`` job; ``report`` holds what the upload found (its ``warnings``)."""
        job = ProblemJob(job_id, slug, package, replace, JobStatus.QUEUED, _now(), report=report)
        with self._write() as conn:
            conn.execute(
                t.insert().values(
                    id=job.id, slug=slug, package=package, replace=replace,
                    status=job.status.value, queued_at=job.queued_at, attempts=0,
                    report=json.dumps(report),
                )
            )  # fmt: skip
        return job

    def get(self, job_id: str) -> ProblemJob:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == job_id)).first()
        if row is None:
            raise NotFound(f"problem job {job_id!r} not found")
        return _to_job(row)

    def queued_ids(self, older_than: float = 0.0, limit: int = 100) -> list[str]:
        """Jobs ``queued`` for at least ``older_than`` seconds, oldest first (the reconciler)."""
        cutoff = _now() - timedelta(seconds=older_than)
        query = (
            sa.select(t.c.id)
            .where(t.c.status == JobStatus.QUEUED.value, t.c.queued_at <= cutoff)
            .order_by(t.c.queued_at, t.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [str(i) for i in conn.execute(query).scalars()]

    def last_published(self) -> datetime | None:
        """When the most recent job published its problem (None: none has): an API process
        that has seen an older value reloads its problem set."""
        query = sa.select(sa.func.max(t.c.finished_at)).where(
            t.c.status == JobStatus.FINISHED.value
        )
        with self._engine.connect() as conn:
            value: datetime | None = conn.execute(query).scalar()  # max() keeps the UTC type
        return value

    def start(self, job_id: str, token: int) -> bool:
        """The delivery holding ``token`` starts: only from queued/running, only with a token
        newer than any seen before."""
        return self._update(
            job_id,
            sa.and_(
                t.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
                sa.or_(t.c.token.is_(None), t.c.token < token),
            ),
            status=JobStatus.RUNNING.value,
            started_at=_now(),
            token=token,
            attempts=t.c.attempts + 1,
        )

    def finish(
        self,
        job_id: str,
        token: int,
        *,
        time_ms: int | None,
        report: dict[str, Any],
        error: str | None = None,
    ) -> bool:
        """The one final write (``finished`` with a limit, ``failed`` with an error), only
        while ``running`` under ``token``."""
        return self._update(
            job_id,
            sa.and_(t.c.status == JobStatus.RUNNING.value, t.c.token == token),
            status=(JobStatus.FAILED if error else JobStatus.FINISHED).value,
            time_ms=time_ms,
            report=json.dumps(report),
            error=error,
            finished_at=_now(),
        )

    def requeue(self, job_id: str, token: int) -> bool:
        """A released or retried delivery gives the job back (``running`` -> ``queued``)."""
        return self._update(
            job_id,
            sa.and_(t.c.status == JobStatus.RUNNING.value, t.c.token == token),
            status=JobStatus.QUEUED.value,
            started_at=None,
        )

    def reopen(self, job_id: str, token: int | None) -> bool:
        """An operator's re-drive of a dead job (``Store.reopen``'s twin): back to ``queued``
        with its error, limit and end cleared, whatever its death left (``failed``, or
        ``queued``/``running`` if no delivery could start or finish it), provided no
        delivery started it since the caller read ``token`` (None: never started). The
        token is kept; the report keeps what the upload found (its warnings)."""
        fence = t.c.token.is_(None) if token is None else t.c.token == token
        return self._update(
            job_id,
            fence,
            status=JobStatus.QUEUED.value,
            time_ms=None,
            error=None,
            queued_at=_now(),
            started_at=None,
            finished_at=None,
        )

    def abandon(self, job_id: str, error: str) -> bool:
        """``queued``/``running`` -> ``failed`` with ``error`` whatever the token: its queue
        job was deleted for good (``Store.abandon``). False if it had already ended."""
        return self._update(
            job_id,
            t.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
            status=JobStatus.FAILED.value,
            error=error,
            finished_at=_now(),
        )

    def _update(self, job_id: str, condition: Any, **values: Any) -> bool:
        query = t.update().where(t.c.id == job_id, condition).values(**values)
        with self._write() as conn:
            return bool(conn.execute(query).rowcount == 1)


def _now() -> datetime:
    return datetime.now(UTC)


def _to_job(row: sa.Row[Any]) -> ProblemJob:
    m = row._mapping
    return ProblemJob(
        id=m["id"],
        slug=m["slug"],
        package=m["package"],
        replace=bool(m["replace"]),
        status=JobStatus(m["status"]),
        queued_at=m["queued_at"],
        token=m["token"],
        time_ms=m["time_ms"],
        report=json.loads(m["report"]) if m["report"] else {},
        error=m["error"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
    )
