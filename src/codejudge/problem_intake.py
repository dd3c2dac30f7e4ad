"""Problem measurement jobs, intake side: stage an uploaded Kattis package and queue its
measurement. Domain logic, not HTTP (the admin upload route calls it).

The API never judges (an API host has no toolchains, no sandbox): a package whose time limit
must be derived from its accepted submissions is converted into ``<problems dir>/.pending/
<job id>/<slug>`` (not served), recorded in the store and queued; a worker measures it and
publishes it (``worker.problem_job``). Until then the problem is not served: a submission to it
is 404, never judged against a provisional limit.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Protocol

from codejudge.exceptions import ProblemFormatError
from codejudge.models import Priority
from codejudge.problems import install, kattis
from codejudge.queue import Queue
from codejudge.store import Store
from codejudge.store.problem_jobs import PENDING_DIR, ProblemJob, new_job_id, pending_package

log = logging.getLogger("codejudge.problem_intake")


class Backends(Protocol):
    """Where a staged measurement is recorded and queued; asked for only when one is."""

    @property
    def store(self) -> Store: ...

    @property
    def queue(self) -> Queue: ...


def stage_kattis(
    problems_dir: Path, backends: Backends, root: Path, slug: str, replace: bool
) -> kattis.Imported | ProblemJob:
    """Convert the Kattis package ``root``. With a time limit of its own it is installed at
    once (``Imported``); without, it is staged and its measurement stored and queued
    (``ProblemJob``)."""
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
        job = backends.store.problem_jobs.insert(
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
        backends.queue.enqueue(job_id, Priority.SUBMIT)
        backends.queue.publish(job_id, "queued", {})
    except Exception:
        log.warning("enqueue of %s failed; the reconciler will retry", job_id, exc_info=True)
    return job
