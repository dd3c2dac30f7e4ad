"""Which running jobs are stuck: past their budget (``problems/budget.py``), for the dashboard's
``stuck`` flag and the ``codejudge_jobs_stuck`` gauge (``StuckCollector``, registered by
``/metrics``).

A stuck job is flagged from the moment it passes its budget; its holder recycles it then, and
any worker's maintenance pass takes it away ``stuck_grace_seconds`` later (worker/stuck.py).
So a job that stays flagged for more than the grace means no worker is running maintenance.
The API reads the same settings and problems as the workers, so both agree on the budget of a
job (an API process with other ``CODEJUDGE_STUCK_*`` settings than its workers would not).
Only submissions can be stuck (``store.jobs.is_submission_job``): a problem measurement job and
a schedule's fire job have their own deadline and heartbeat, and are never flagged (nor
recycled).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from codejudge.api.services import Services
from codejudge.exceptions import NotFound, Unavailable
from codejudge.languages import LANGUAGES
from codejudge.models import Submission
from codejudge.problems.budget import BudgetRule, job_budget
from codejudge.queue import RunningJob
from codejudge.store.jobs import is_submission_job
from codejudge.store.store import MAX_LIST

STUCK_CAP = 1000  # leases looked at in one scrape (as a maintenance pass does)
GAUGE = "codejudge_jobs_stuck"
HELP = "Jobs leased to a worker now and running past their budget (stuck), cluster-wide."


def budgets(services: Services, jobs: Sequence[RunningJob]) -> dict[str, float]:
    """Each running job's budget, seconds, by job id. A job without one (not a submission), or
    a job the store does not know, gets the cap (``job_deadline_seconds``)."""
    rule = BudgetRule.of(services.settings)
    ids = [job.job_id for job in jobs if is_submission_job(job.job_id)]
    found: dict[str, Submission] = {}
    for start in range(0, len(ids), MAX_LIST):
        chunk = ids[start : start + MAX_LIST]
        found.update((s.id, s) for s in services.store.list(ids=chunk, limit=len(chunk)))
    out = {}
    for job in jobs:
        submission = found.get(job.job_id)
        out[job.job_id] = (
            rule.cap_seconds if submission is None else _budget(services, rule, submission)
        )
    return out


def _budget(services: Services, rule: BudgetRule, submission: Submission) -> float:
    try:
        problem = services.problems.get(submission.problem)
    except NotFound:
        problem = None  # ad hoc, or deleted since
    return job_budget(rule, submission, problem, LANGUAGES.get(submission.language))


def is_stuck(job: RunningJob, budget: float, now: float) -> bool:
    """Past its budget, measured from this delivery's claim (``now``: unix seconds); never
    for a job without a budget (``is_submission_job``)."""
    return is_submission_job(job.job_id) and now - job.claimed_at > budget


def stuck_count(services: Services) -> int:
    """How many running jobs are stuck now, cluster-wide (at most ``STUCK_CAP`` looked at)."""
    now = time.time()
    shortest = BudgetRule.of(services.settings).shortest  # younger jobs need no store read
    jobs = [
        j
        for j in services.queue.running(STUCK_CAP)
        if is_submission_job(j.job_id) and now - j.claimed_at > shortest
    ]
    limits = budgets(services, jobs)
    return sum(is_stuck(job, limits[job.job_id], now) for job in jobs)


class StuckCollector(Collector):
    """The ``codejudge_jobs_stuck`` gauge, computed from the queue and the store at scrape
    time, so any API process answers it the same. Register it on the registry ``/metrics``
    serves: ``registry.register(StuckCollector(services))``."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def describe(self) -> Iterable[GaugeMetricFamily]:
        # Without this, registering would call ``collect`` (a queue and store read) at once.
        return [GaugeMetricFamily(GAUGE, HELP)]

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            count = stuck_count(self.services)
        except Unavailable:
            return  # the queue or store is away: ``codejudge_cluster_up 0`` says so
        yield GaugeMetricFamily(GAUGE, HELP, value=count)
