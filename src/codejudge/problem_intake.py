"""Problem intake: a package given as its files or uploaded as a zip (native or Kattis) is
staged, checked and installed into the data dir, or staged and its measurement queued.
Domain logic, not HTTP (the admin routes call it, then reload the served problem set).

The API never judges (an API host has no toolchains, no sandbox): a package whose time limit
must be derived from its accepted submissions is converted into ``<problems dir>/.pending/
<job id>/<slug>`` (not served), recorded in the store and queued; a worker measures it and
publishes it (``worker.problem_job``). Until then the problem is not served: a submission to it
is 404, never judged against a provisional limit.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from codejudge.exceptions import ProblemFormatError
from codejudge.models import Priority
from codejudge.problems import install, kattis, text, validate_problem
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


@dataclass(frozen=True, slots=True)
class Installed:
    """A package now in the data dir (served once the problem set is reloaded)."""

    slug: str
    warnings: list[str] = field(default_factory=list)


def save_files(problems_dir: Path, slug: str, files: dict[str, str]) -> Installed:
    """Install the native package given as its files (relative path -> text) as ``slug``,
    replacing a data-dir problem of that name. Every name (the slug, the files') is checked
    before the disk is touched; what the disk refuses is a domain error
    (``install.disk_errors``: 422, 413 or 503), never an ``OSError``."""
    install.check_slug(slug)
    with install.disk_errors(), install.staging(problems_dir) as stage:
        install.write_files(files, stage / slug)
        warnings = text.normalise_tests(stage / slug) + _warnings(stage / slug)
        folder = install.install(stage / slug, problems_dir, slug, replace=True)
    return Installed(folder.name, warnings)


def import_zip(
    problems_dir: Path, backends: Backends, archive: Path, slug: str | None, replace: bool
) -> Installed | ProblemJob:
    """Import the zip ``archive`` of a native or a Kattis package, as ``slug`` (default: its
    folder's name, else the archive's). A Kattis package without a time limit of its own is
    staged and its measurement queued (``ProblemJob``); anything else is installed now. Names
    are checked (and errors of the disk mapped) as in ``save_files``."""
    if slug is not None:
        install.check_slug(slug)
    with install.disk_errors(), tempfile.TemporaryDirectory(prefix="unzip-") as tmp:
        install.extract_zip(archive, Path(tmp))
        try:
            root = install.package_root(Path(tmp), "problem.toml")
        except ProblemFormatError:
            root = install.package_root(Path(tmp), "problem.yaml")
        name = root.name if root != Path(tmp) else archive.stem
        if kattis.is_kattis_package(root):
            staged = stage_kattis(
                problems_dir, backends, root, slug or kattis.slug_of(name), replace
            )
            if isinstance(staged, kattis.Imported):
                return Installed(staged.slug, staged.warnings)
            return staged
        target = slug or name
        install.check_slug(target)
        with install.staging(problems_dir) as stage:
            shutil.copytree(root, stage / target)
            warnings = text.normalise_tests(stage / target) + _warnings(stage / target)
            install.install(stage / target, problems_dir, target, replace=replace)
        return Installed(target, warnings)


def _warnings(folder: Path) -> list[str]:
    """What ``problems check`` would flag beyond loading (e.g. no accepted solution): saved,
    but reported."""
    return validate_problem(folder)


@install.disk_errors()
def stage_kattis(
    problems_dir: Path, backends: Backends, root: Path, slug: str, replace: bool
) -> kattis.Imported | ProblemJob:
    """Convert the Kattis package ``root``. With a time limit of its own it is installed at
    once (``Imported``); without, it is staged and its measurement stored and queued
    (``ProblemJob``). The slug is checked first; the disk's errors are domain errors."""
    install.check_slug(slug)
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
