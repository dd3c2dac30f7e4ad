"""What a queue job id names: a submission (a run, a submission, a rejudge), a problem
measurement job (``problem_jobs``) or a schedule's fire job (``schedules``)."""

from __future__ import annotations

from codejudge.store.problem_jobs import is_problem_job
from codejudge.store.schedules import is_fire_job


def is_submission_job(job_id: str) -> bool:
    """True for a submission's job: the only kind with a judging budget (a measurement job
    judges a whole package, a fire job purges or self-tests: each has its own deadline)."""
    return not (is_problem_job(job_id) or is_fire_job(job_id))
