"""The budget rule (``problems/budget.py``): how long one delivery may run before it is stuck.
Pure: tables, no processes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from codejudge.models import (
    CustomInput,
    Limits,
    Priority,
    Problem,
    ProblemKind,
    Status,
    Submission,
)
from codejudge.models import (
    TestCase as Case,
)
from codejudge.problems.budget import BudgetRule, job_budget
from codejudge.settings import Settings
from codejudge.worker.stuck import Budgets

RULE = BudgetRule(
    factor=2.0, compile_seconds=10.0, test_overhead_seconds=0.5, floor_seconds=5.0, cap_seconds=300
)


@pytest.mark.parametrize(
    ("time_ms", "runs", "compiles", "seconds"),
    [
        (1000, 10, 1, 10 + 10 * (2.0 + 0.5)),  # the formula itself
        (2000, 3, 2, 2 * 10 + 3 * (4.0 + 0.5)),  # two compilations
        (1000, 0, 1, 10 + 1 * 2.5),  # no tests still runs (and budgets) one
        (100, 1, 0, 5.0),  # below the floor: the floor
        (10_000, 100, 1, 300.0),  # above the cap: the cap (job_deadline_seconds)
    ],
)
def test_the_budget_is_compiles_plus_runs_within_floor_and_cap(
    time_ms: int, runs: int, compiles: int, seconds: float
) -> None:
    limits = Limits(time_ms=time_ms)
    assert RULE.seconds(limits, runs, compiles) == pytest.approx(seconds)


def problem(tests: int, samples: int, time_ms: int = 1000) -> Problem:
    cases = tuple(
        Case(index=i, input="1", expected="1", sample=i <= samples) for i in range(1, tests + 1)
    )
    return Problem(
        slug="p",
        title="P",
        kind=ProblemKind.STDIO,
        statement="",
        limits=Limits(time_ms=time_ms),
        tests=cases,
    )


def submission(
    priority: Priority = Priority.SUBMIT, custom: CustomInput | None = None
) -> Submission:
    return Submission(
        id="s",
        problem="p",
        language="python",
        code="",
        status=Status.RUNNING,
        priority=priority,
        queued_at=datetime.now(UTC),
        custom=custom,
    )


PER_RUN = 2.0 + 0.5  # factor x 1 s + overhead


@pytest.mark.parametrize(
    ("sub", "known", "seconds"),
    [
        (submission(), True, 10 + 20 * PER_RUN),  # a submission: every test
        (submission(Priority.REJUDGE), True, 10 + 20 * PER_RUN),  # a rejudge too
        (submission(Priority.RUN), True, 10 + 2 * PER_RUN),  # a run: the samples
        # custom input with an expected output: one run; without: the reference solution's
        # compilation and run too
        (submission(Priority.RUN, CustomInput("1", "1")), True, 10 + PER_RUN),
        (submission(Priority.RUN, CustomInput("1")), True, 2 * 10 + 2 * PER_RUN),
        # no problem (ad hoc, or deleted): one run under the custom limits, else the defaults
        (submission(custom=CustomInput("1", limits=Limits(time_ms=20_000))), False, 10 + 40.5),
        (submission(), False, 10 + 2 * Limits().time_ms / 1000 + 0.5),
    ],
)
def test_what_runs_in_a_delivery_follows_the_kind_of_job(
    sub: Submission, known: bool, seconds: float
) -> None:
    assert job_budget(RULE, sub, problem(20, 2) if known else None) == pytest.approx(seconds)


def test_the_rule_is_read_from_the_settings_capped_by_the_job_deadline() -> None:
    settings = Settings(
        stuck_factor=4,
        stuck_compile_seconds=7,
        stuck_test_overhead_seconds=0.25,
        stuck_min_seconds=3,
        job_deadline_seconds=90,
    )
    assert BudgetRule.of(settings) == BudgetRule(
        factor=4, compile_seconds=7, test_overhead_seconds=0.25, floor_seconds=3, cap_seconds=90
    )
    assert BudgetRule.of(settings).shortest == 3
    assert BudgetRule(floor_seconds=60, cap_seconds=30).shortest == 30  # the cap wins
    defaults = BudgetRule.of(Settings())
    # A bundled-size problem (tens of tests of 1-2 s) fits well inside the default cap.
    assert defaults.seconds(Limits(time_ms=1000), 20) < defaults.cap_seconds


def test_a_worker_reads_the_problem_from_disk_and_a_broken_one_gets_the_cap(
    tmp_path: Path,
) -> None:
    """``Budgets`` (the worker's side) reads problems as the judging child does; a package it
    cannot read gets the cap instead of failing the maintenance pass."""
    folder = tmp_path / "p"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text(
        'slug = "p"\ntitle = "P"\nkind = "stdio"\n\n[limits]\ntime_ms = 1000\n'
    )
    (folder / "statement.md").write_text("Echo.\n")
    for i in (1, 2, 3):
        (folder / "tests" / f"{i}.in").write_text("1\n")
        (folder / "tests" / f"{i}.ans").write_text("1\n")
    budgets = Budgets(RULE, [tmp_path])
    assert budgets.of(submission()) == pytest.approx(10 + 3 * PER_RUN)
    (folder / "problem.toml").write_text("not = [toml")
    assert budgets.of(submission()) == RULE.cap_seconds
