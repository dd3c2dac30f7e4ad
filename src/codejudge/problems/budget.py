"""How long one delivery of a job may run before it counts as stuck (pure; table-tested in
tests/worker/test_stuck_budget.py).

A healthy delivery compiles once (twice when a run's expected output comes from the problem's
reference solution), then runs each test, and each run is bounded by the sandbox: CPU time by
the problem's ``time_ms`` and wall time by a small multiple of it, after the language's
runtime has started (a JVM, node, the Python interpreter: up to its ``startup_cpu_ms`` of CPU,
untimed by the test's limit). A problem with a custom output validator also runs the validator
on each checked run (its box allows 20 s of wall time) and builds it once. So the budget is

    compiles * compile_seconds
    + runs * (factor * (time_ms + startup_ms) / 1000 + test_overhead_seconds)
    + checks * checker_seconds (+ one more compile_seconds: the validator's build)

held between ``floor_seconds`` and ``cap_seconds`` (``Settings.job_deadline_seconds``, the cap
on any one attempt). ``startup_ms`` is the language's (``Runtime``: the caller looks it up; this
module reads no languages), 0 for native code, which is timed from its box's start. A multi-pass
problem runs the program and the validator once per pass. A delivery that runs past the budget
is stuck: a wedged judging child, or a worker host that keeps its lease alive and makes no
progress. The numbers come from settings (``stuck_*``, docs/operations.md); ``factor`` leaves
room for a loaded host, as the sandbox's own wall-clock limit does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from codejudge.checkers import CUSTOM
from codejudge.models import Limits, Problem, Submission, SubmissionKind


class Runtime(Protocol):
    """What the rule reads of a submission's language (``languages.Language`` has it)."""

    @property
    def startup_cpu_ms(self) -> int: ...
    @property
    def native(self) -> bool: ...


def startup_seconds(language: Runtime | None) -> float:
    """CPU seconds the language's runtime takes to start before each run's clock starts: its
    ``startup_cpu_ms``; 0 for native code (timed from its box's start) and an unknown one."""
    if language is None or language.native:
        return 0.0
    return language.startup_cpu_ms / 1000


class StuckSettings(Protocol):
    """The settings the rule reads (``Settings`` has them; problems read no settings module)."""

    @property
    def stuck_factor(self) -> float: ...
    @property
    def stuck_compile_seconds(self) -> float: ...
    @property
    def stuck_test_overhead_seconds(self) -> float: ...
    @property
    def stuck_checker_seconds(self) -> float: ...
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
    checker_seconds: float = 20.0  # a custom validator's run (its box's wall-clock limit)
    floor_seconds: float = 60.0
    cap_seconds: float = 300.0

    @classmethod
    def of(cls, settings: StuckSettings) -> BudgetRule:
        return cls(
            factor=settings.stuck_factor,
            compile_seconds=settings.stuck_compile_seconds,
            test_overhead_seconds=settings.stuck_test_overhead_seconds,
            checker_seconds=settings.stuck_checker_seconds,
            floor_seconds=settings.stuck_min_seconds,
            cap_seconds=settings.job_deadline_seconds,
        )

    @property
    def shortest(self) -> float:
        """No budget is shorter: a job running for less is not stuck, whatever its problem."""
        return min(self.floor_seconds, self.cap_seconds)

    def seconds(
        self,
        limits: Limits,
        runs: int,
        compiles: int = 1,
        *,
        startup_seconds: float = 0.0,
        checks: int = 0,
    ) -> float:
        """The budget of ``runs`` test runs under ``limits`` after ``compiles`` compilations,
        each run after a runtime start of ``startup_seconds`` of CPU, ``checks`` of them
        judged by a custom validator (which is built once)."""
        cpu = limits.time_ms / 1000 + startup_seconds
        per_run = self.factor * cpu + self.test_overhead_seconds
        budget = compiles * self.compile_seconds + max(runs, 1) * per_run
        if checks > 0:
            budget += self.compile_seconds + checks * self.checker_seconds
        return min(self.cap_seconds, max(self.floor_seconds, budget))


def job_budget(
    rule: BudgetRule,
    submission: Submission,
    problem: Problem | None,
    language: Runtime | None = None,
) -> float:
    """The budget of one delivery of ``submission``, seconds. ``problem`` is None when the
    problem is not known here (deleted, an ad hoc submission): the custom input's limits, or
    the defaults, for one run. ``language`` is the submission's (None: unknown here, no
    start-up allowance). What runs follows ``JobRunner.run``: a run with custom input is one
    test (plus the reference solution's run when it has no expected output), a run without
    one the problem's samples, a submission every test; each test once per pass of a
    multi-pass problem, and checked by its custom validator if it has one."""
    custom = submission.custom
    startup = startup_seconds(language)
    if problem is None:
        limits = custom.limits if custom is not None and custom.limits else Limits()
        return rule.seconds(limits, 1, startup_seconds=startup)
    if custom is not None:
        reference = custom.expected is None
        tests, compiles = 1, 1 + reference
    else:
        tests = len(problem.samples if submission.kind is SubmissionKind.RUN else problem.tests)
        compiles, reference = 1, False
    passes, checked = 1, problem.checker.name == CUSTOM
    if checked:
        passes = max(1, int(problem.checker.options.get("passes", 1)))
    return rule.seconds(
        problem.limits,
        tests * passes + reference,
        compiles,
        startup_seconds=startup,
        checks=tests * passes if checked else 0,
    )
