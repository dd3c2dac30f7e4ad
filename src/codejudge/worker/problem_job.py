"""One delivery of a problem measurement job: judge an uploaded package's submissions in the
judging child, derive its time limit, publish the problem.

The API stores the converted package under ``<problems dir>/.pending/<job id>/<slug>`` (a
dot-folder: not served) and enqueues the job; this code, on a worker, judges every submission
there (``problems.measurement``: accepted ones first, under a provisional limit), writes the
derived limit, moves the package into the problems dir (served from then on) and writes the
report once, fenced by the delivery's token like a submission's result. A package with no
accepted submission that could run is a result (``failed``, with each submission's verdict),
not an internal error; a judging child that dies is (retried, then dead-lettered).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from codejudge.exceptions import LeaseLost, NotFound, ProblemFormatError
from codejudge.judging.measurement import Measurement, MeasurementFailed, Run, measure
from codejudge.models import JudgeResult, Verdict
from codejudge.problems import install
from codejudge.queue import JobState, Lease
from codejudge.store.problem_jobs import PENDING_DIR, TERMINAL, ProblemJob
from codejudge.worker import protocol
from codejudge.worker.job import JobRunner
from codejudge.worker.outcome import AttemptFailed, Released

log = logging.getLogger("codejudge.worker")


def pending_folder(problems_dir: Path, job_id: str) -> Path:
    """What the API staged for the job (``pending_package``'s parent), removed once it ends."""
    return problems_dir / PENDING_DIR / job_id


def run_problem_job(runner: JobRunner, lease: Lease) -> None:
    """Take one delivery of the measurement job ``lease.job_id`` to its end."""
    jobs = runner.store.problem_jobs
    try:
        job = jobs.get(lease.job_id)
    except NotFound:
        log.warning("problem job %s is not in the store; dropping it", lease.job_id)
        runner.ack(lease)
        return
    if job.status in TERMINAL:
        runner.ack(lease)  # an earlier delivery already wrote the report
        return
    if not jobs.start(lease.job_id, lease.token):
        _fail(runner, lease, "the store refused this delivery's token")
        return
    runner.publish(lease.job_id, "running", {"delivery": lease.delivery})
    problems_dir = runner.child.problem_dirs[-1]
    try:
        measured = _measure(runner, lease, job, problems_dir / job.package)
    except Released as why:
        log.info("problem job %s handed back: %s", lease.job_id, why)
        jobs.requeue(lease.job_id, lease.token)
        return
    except AttemptFailed as exc:
        _fail(runner, lease, str(exc))
        return
    except MeasurementFailed as exc:
        report = {"runs": [r.to_dict() for r in exc.runs], **job.report}
        _finish(runner, lease, None, report, str(exc))
        return
    except ProblemFormatError as exc:  # a broken package, or not on this worker's disk
        _finish(runner, lease, None, job.report, str(exc))
        return
    report = report_of(job, measured)
    try:
        folder = install.install(problems_dir / job.package, problems_dir, job.slug,
                                 replace=job.replace)  # fmt: skip
    except ProblemFormatError as exc:  # the slug taken meanwhile (another upload)
        _finish(runner, lease, None, report, str(exc))
        return
    log.info("problem job %s: %s published at %s with %d ms", lease.job_id, job.slug, folder,
             measured.time_ms)  # fmt: skip
    _finish(runner, lease, measured.time_ms, report, None)


def report_of(job: ProblemJob, measured: Measurement) -> dict[str, Any]:
    """What the job's poller sees: the limit's origin, every run, the upload's warnings and the
    measurement's."""
    return {
        "time_limit_from": measured.source,
        "runs": [r.to_dict() for r in measured.runs],
        "warnings": list(job.report.get("warnings", [])) + measured.warnings,
    }


def _measure(runner: JobRunner, lease: Lease, job: ProblemJob, folder: Path) -> Measurement:
    if not (folder / "problem.toml").is_file():
        raise ProblemFormatError(
            f"the uploaded package is not at {folder} on this worker: the API and the workers "
            "must share the data dir (CODEJUDGE_DATA_DIR), see docs/deployment.md"
        )

    def judge(package: Path, language: str, code: str) -> JudgeResult:
        request = protocol.JobRequest(
            job=lease.job_id, problem=job.slug, language=language, code=code, package=str(package)
        )
        result = runner.judge(lease, request)
        if result.verdict is Verdict.INTERNAL_ERROR:
            # The judge broke, not the submission: a limit measured without it could be
            # wrong, so this attempt fails and the job is retried.
            raise AttemptFailed(result.error or "internal error while measuring")
        return result

    def on_run(run: Run) -> None:
        runner.publish(lease.job_id, "run", run.to_dict())

    return measure(folder, judge, unavailable=runner.disabled, on_run=on_run)


def _finish(
    runner: JobRunner, lease: Lease, time_ms: int | None, report: dict[str, Any], error: str | None
) -> None:
    jobs = runner.store.problem_jobs
    if jobs.finish(lease.job_id, lease.token, time_ms=time_ms, report=report, error=error):
        runner.publish(lease.job_id, "finished", {"status": "failed" if error else "finished"})
    else:
        log.warning("problem job %s: report of stale delivery %d discarded", lease.job_id,
                    lease.token)  # fmt: skip
    shutil.rmtree(pending_folder(runner.child.problem_dirs[-1], lease.job_id), ignore_errors=True)
    runner.ack(lease)


def _fail(runner: JobRunner, lease: Lease, error: str) -> None:
    log.error("problem job %s delivery %d failed: %s", lease.job_id, lease.delivery, error)
    jobs = runner.store.problem_jobs
    try:
        state = runner.queue.fail(lease, error, retry=True)
    except LeaseLost:
        return
    if state is JobState.DEAD:
        if jobs.finish(lease.job_id, lease.token, time_ms=None, report={}, error=error):
            runner.publish(lease.job_id, "finished", {"status": "failed"})
        # The staged package stays: an operator may re-drive the dead letter (deleting it
        # removes the package, api/dashboard.py).
    else:
        jobs.requeue(lease.job_id, lease.token)
        runner.publish(lease.job_id, "queued", {"retry": True, "error": error})
