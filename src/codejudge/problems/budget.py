"""How long one delivery of a job may run before it counts as stuck (pure; table-tested in
tests/worker/test_stuck_budget.py).

A healthy delivery compiles once (twice when a run's expected output comes from the problem's
reference solution), then runs each test, and each run is bounded by the sandbox: CPU time by
the problem's ``time_ms`` and wall time by a small multiple of it. So the budget is

    compiles * compile_seconds + runs * (factor * time_ms / 1000 + test_overhead_seconds)

held between ``floor_seconds`` and ``cap_seconds`` (``Settings.job_deadline_seconds``, the cap
on any one attempt). A delivery that runs past it is stuck: a wedged judging child, or a
worker host that keeps its lease alive and makes no progress. The numbers come from settings
(``stuck_*``, docs/operations.md); ``factor`` leaves room for a loaded host, as the sandbox's
own wall-clock limit does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from codejudge.models import Limits, Problem, Submission, SubmissionKind


class StuckSettings(Protocol):
    """The settings the rule reads (``Settings`` has them; problems read no settings module)."""

    @property
    def stuck_factor(self) -> float: ...
    @property
    def stuck_compile_seconds(self) -> float: ...
    @property
    def stuck_test_overhead_seconds(self) -> float: ...
    @property
    def stuck_min_seconds(self) -> float: ...
    @property
    def job_deadline_seconds(self) -> float: ...


@dataclass(frozen=True, slots=True)
class BudgetRule:
    """The numbers of the rule, seconds (``factor`` is a multiple of a test's CPU time limit)."""

    factor: float = 3.0
    compile_seconds: float = 30.0
    test_overhead_seconds: float = 1.0
    floor_seconds: float = 60.0
    cap_seconds: float = 300.0

    @classmethod
    def of(cls, settings: StuckSettings) -> BudgetRule:
        return cls(
            factor=settings.stuck_factor,
            compile_seconds=settings.stuck_compile_seconds,
            test_overhead_seconds=settings.stuck_test_overhead_seconds,
            floor_seconds=settings.stuck_min_seconds,
            cap_seconds=settings.job_deadline_seconds,
        )

    @property
    def shortest(self) -> float:
        """No budget is shorter: a job running for less is not stuck, whatever its problem."""
        return min(self.floor_seconds, self.cap_seconds)

    def seconds(self, limits: Limits, runs: int, compiles: int = 1) -> float:
        """The budget of ``runs`` test runs under ``limits`` after ``compiles`` compilations."""
        per_run = self.factor * limits.time_ms / 1000 + self.test_overhead_seconds
        budget = compiles * self.compile_seconds + max(runs, 1) * per_run
        return min(self.cap_seconds, max(self.floor_seconds, budget))


def job_budget(rule: BudgetRule, submission: Submission, problem: Problem | None) -> float:
    """The budget of one delivery of ``submission``, seconds. ``problem`` is None when the
    problem is not known here (deleted, an ad hoc submission): the custom input's limits, or
    the defaults, for one run. What runs follows ``JobRunner.run``: a run with custom input is
    one test (plus the reference solution's run when it has no expected output), a run without
    one the problem's samples, a submission every test."""
    custom = submission.custom
    if problem is None:
        limits = custom.limits if custom is not None and custom.limits else Limits()
        return rule.seconds(limits, 1)
    if custom is not None:
        reference = custom.expected is None
        return rule.seconds(problem.limits, 1 + reference, compiles=1 + reference)
    if submission.kind is SubmissionKind.RUN:
        return rule.seconds(problem.limits, len(problem.samples))
    return rule.seconds(problem.limits, len(problem.tests))
