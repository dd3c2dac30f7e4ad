"""The budget rule (``problems/budget.py``): how long one delivery may run before it is stuck.
Pure: tables, no processes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from codejudge.languages import LANGUAGES
from codejudge.languages.base import Language
from codejudge.models import (
    CheckerSpec,
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
from codejudge.problems.budget import BudgetRule, job_budget, startup_seconds
from codejudge.settings import Settings
from codejudge.worker.stuck import Budgets

RULE = BudgetRule(
    factor=2.0,
    compile_seconds=10.0,
    test_overhead_seconds=0.5,
    checker_seconds=4.0,
    floor_seconds=5.0,
    cap_seconds=300,
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


def problem(
    tests: int, samples: int, time_ms: int = 1000, checker: CheckerSpec | None = None
) -> Problem:
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
        checker=checker or CheckerSpec(),
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
        factor=4,
        compile_seconds=7,
        test_overhead_seconds=0.25,
        checker_seconds=20,
        floor_seconds=3,
        cap_seconds=90,
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
    # python: each run after its interpreter's start-up (1 s of CPU, times the factor)
    assert budgets.of(submission()) == pytest.approx(10 + 3 * (PER_RUN + 2.0))
    (folder / "problem.toml").write_text("not = [toml")
    assert budgets.of(submission()) == RULE.cap_seconds


@pytest.mark.parametrize(
    ("language", "seconds"),
    [
        ("python", 1.0),  # an interpreter behind a launcher: its start-up is not the test's
        ("java", 3.0),  # the JVM
        ("javascript", 1.0),
        ("typescript", 1.0),  # node
        ("cpp", 0.0),  # native code: timed from its box's start, start-up included
        ("go", 0.0),
        (None, 0.0),  # a language this host does not know: none
    ],
)
def test_the_start_up_allowance_is_the_languages(language: str | None, seconds: float) -> None:
    assert startup_seconds(LANGUAGES[language] if language else None) == seconds


CUSTOM = CheckerSpec("custom", {"program": "validate.py"})
JAVA, CPP = LANGUAGES["java"], LANGUAGES["cpp"]
JAVA_RUN = PER_RUN + 2.0 * 3.0  # factor x (1 s + the JVM's 3 s) + overhead


@pytest.mark.parametrize(
    ("sub", "prob", "language", "seconds"),
    [
        # a runtime's start-up per run, times the factor
        (submission(), problem(20, 2), JAVA, 10 + 20 * JAVA_RUN),
        (submission(Priority.RUN), problem(20, 2), JAVA, 10 + 2 * JAVA_RUN),
        (submission(), problem(20, 2), CPP, 10 + 20 * PER_RUN),  # native: none
        (submission(), None, JAVA, 10 + 2 * (2.0 + 3.0) + 0.5),  # unknown problem: one run
        # a custom validator: its build (one compile) and a run per checked test
        (submission(), problem(20, 2, checker=CUSTOM), CPP, 2 * 10 + 20 * (PER_RUN + 4.0)),
        (submission(Priority.RUN), problem(20, 2, checker=CUSTOM), CPP, 20 + 2 * (PER_RUN + 4)),
        # custom input without expected output: two runs (the reference's), one checked
        (
            submission(Priority.RUN, CustomInput("1")),
            problem(20, 2, checker=CUSTOM),
            JAVA,
            3 * 10 + 2 * JAVA_RUN + 4.0,
        ),
        # multi-pass: the program and the validator once per pass
        (
            submission(Priority.RUN),
            problem(20, 2, checker=CheckerSpec("custom", {"program": "v.py", "passes": 3})),
            CPP,
            20 + 6 * (PER_RUN + 4.0),
        ),
        # a built-in checker costs nothing extra
        (submission(), problem(20, 2, checker=CheckerSpec("exact")), CPP, 10 + 20 * PER_RUN),
        # Java, 20 tests, a custom validator: past the cap, the cap
        (submission(), problem(40, 2, checker=CUSTOM), JAVA, 300.0),
    ],
)
def test_start_up_and_custom_checker_allowances(
    sub: Submission, prob: Problem | None, language: Language, seconds: float
) -> None:
    assert job_budget(RULE, sub, prob, language) == pytest.approx(seconds)


def test_default_budgets_leave_room_for_a_jvm_and_a_validator() -> None:
    """With the default settings, a Java submission on a problem of 10 tests of 1 s, or a
    custom-checked problem of 10 tests, was budgeted below what it may legitimately take."""
    rule = BudgetRule.of(Settings())
    java = job_budget(rule, submission(), problem(10, 2), JAVA)
    assert java == 30 + 10 * (3 * (1 + 3) + 1)  # compile + 10 x (3 x (1 s + JVM 3 s) + 1 s)
    assert java > job_budget(rule, submission(), problem(10, 2), None)
    checked = job_budget(rule, submission(), problem(10, 2, checker=CUSTOM), CPP)
    assert checked >= 10 * 20  # each validator run may take its box's 20 s
