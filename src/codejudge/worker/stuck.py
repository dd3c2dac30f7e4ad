"""Stuck jobs: a delivery running past its budget (``problems/budget.py``) is recycled.

Two lines of defence. The holder's runner kills its own child when the delivery it judges
runs past its budget and gives the job back as a retry (``job.JobRunner.judge``): that covers
a wedged child whose supervisor keeps renewing the lease. When the holder does not (its host
keeps the lease alive and makes no progress, or it runs an older version), the maintenance pass
of any worker takes the job away once it is ``grace`` seconds past its budget
(``recycle_stuck``, ``Queue.revoke``); the holder's next heartbeat then gets ``LeaseLost`` and
it kills its child. Both count in ``codejudge_jobs_recycled_total``.

Only submissions have a budget (``store.jobs.is_submission_job``). A problem measurement job
(one delivery judges every submission of an uploaded package) and a schedule's fire job (a
purge, the self-tests) can run far longer than any submission, bounded by their own deadline
and kept by their own heartbeat: they are never recycled here (nor flagged stuck,
``api/stuck.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from codejudge import metrics
from codejudge.exceptions import NotFound
from codejudge.languages import LANGUAGES
from codejudge.models import JudgeResult, Submission, Verdict
from codejudge.problems.budget import BudgetRule, job_budget
from codejudge.problems.problem_set import ProblemSet
from codejudge.queue import JobState, Queue, RunningJob
from codejudge.store import Store
from codejudge.store.jobs import is_submission_job
from codejudge.store.problem_jobs import is_problem_job

log = logging.getLogger("codejudge.worker")

RECYCLE_CAP = 1000  # leases looked at in one maintenance pass


class Budgets:
    """The budget of a job, seconds, with problems read as the judging child reads them: from
    disk, again only when their files changed (``ProblemSet.fresh``), so an imported or updated
    problem counts at once."""

    def __init__(self, rule: BudgetRule, problem_dirs: Sequence[Path]) -> None:
        self.rule = rule
        self._dirs = tuple(problem_dirs)
        self._problems = ProblemSet({})

    def of(self, submission: Submission) -> float:
        """The budget of one delivery of ``submission``; never above ``rule.cap_seconds``,
        which a problem that cannot be read (a broken package) gets: judging reports why."""
        try:
            problem = self._problems.fresh(submission.problem, *self._dirs)
        except NotFound:
            problem = None  # an ad hoc submission, or a problem deleted since
        except Exception:
            log.warning("job %s: problem unreadable; budget = cap", submission.id, exc_info=True)
            return self.rule.cap_seconds
        return job_budget(self.rule, submission, problem, LANGUAGES.get(submission.language))

    def of_job(self, store: Store, job_id: str) -> tuple[float, Submission | None]:
        """The budget of ``job_id`` and its submission (None for a problem measurement job,
        whose budget is the cap, or a job the store does not know)."""
        if is_problem_job(job_id):
            return self.rule.cap_seconds, None
        try:
            submission = store.get(job_id)
        except NotFound:
            return self.rule.cap_seconds, None
        return self.of(submission), submission


def recycle_stuck(store: Store, queue: Queue, budgets: Budgets, grace: float) -> int:
    """Revoke every delivery more than ``grace`` seconds past its budget (measured from its
    claim; the server's clock on Redis, this host's on SQLite: the same host's file). A
    revoked submission goes back to ``queued``, or, on its last delivery, is finished as an
    internal error, as the runner does with a failed attempt. Problem measurement and
    fire jobs are left alone (not submissions). Returns how many were revoked. Safe in every
    worker at once: ``revoke`` names the delivery by its token, so a second pass (or one
    racing the holder's own recycling) changes nothing."""
    recycled = 0
    now = time.time()
    for job in queue.running(RECYCLE_CAP):
        if not is_submission_job(job.job_id):
            continue  # its own deadline and heartbeat bound it
        if now - job.claimed_at <= budgets.rule.shortest + grace:
            continue  # no budget is shorter: not stuck, and no store read to find out
        budget, submission = budgets.of_job(store, job.job_id)
        if now - job.claimed_at <= budget + grace:
            continue
        if _revoke(store, queue, job, budget, submission):
            recycled += 1
    return recycled


def _revoke(
    store: Store, queue: Queue, job: RunningJob, budget: float, submission: Submission | None
) -> bool:
    error = (
        f"stuck: delivery {job.delivery} on {job.worker} ran past its budget of {budget:g} s; "
        "taken away"
    )
    state = queue.revoke(job.job_id, job.token, error)
    if state is None:
        return False  # finished, recycled or claimed again meanwhile
    metrics.JOBS_RECYCLED.inc()
    log.warning("job %s: %s (%s)", job.job_id, error, state)
    if submission is None:
        return True  # a problem measurement job: its next delivery starts it afresh
    # Both writes are fenced by the token: a holder that finished first keeps its result.
    if state is JobState.DEAD:
        final = JudgeResult(verdict=Verdict.INTERNAL_ERROR, error=error)
        if store.finish(job.job_id, job.token, final):
            metrics.SUBMISSIONS.labels(submission.language, str(final.verdict)).inc()
            _publish(queue, job.job_id, "finished", {"verdict": str(final.verdict)})
    elif store.requeue(job.job_id, job.token):  # else the holder had finished: no retry
        metrics.JOBS_RETRIED.inc()
        _publish(queue, job.job_id, "queued", {"retry": True, "error": error})
    return True


def _publish(queue: Queue, job_id: str, kind: str, data: dict[str, object]) -> None:
    try:
        queue.publish(job_id, kind, data)
    except Exception:
        log.warning("job %s: could not publish %r event", job_id, kind, exc_info=True)
