"""``codejudge problems check``: validate packages and judge every reference solution.

The one module of ``problems`` that sits above ``grading`` (it runs solutions); nothing in the
pure core imports it. Solutions are judged in a small thread pool: each judge mostly waits on
its sandboxed processes, whose CPU time the sandbox measures per box.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from codejudge.checkers import CUSTOM
from codejudge.exceptions import CodejudgeError, ProblemFormatError
from codejudge.judging import custom_checker, grading, measurement
from codejudge.judging.measurement import Measurement, Run
from codejudge.models import JudgeResult, Problem, Verdict
from codejudge.problems import kattis, text
from codejudge.problems.loader import BUNDLED_DIR, load_problem, problem_dirs, solutions
from codejudge.problems.validate import validate_problem
from codejudge.sandbox import open_sandbox


@dataclass(frozen=True, slots=True)
class Outcome:
    """One solution: the verdict its folder names and the one it got (None: not judged)."""

    slug: str
    file: Path
    language: str | None
    expected: Verdict
    actual: Verdict | None
    time_ms: int = 0
    note: str = ""

    @property
    def status(self) -> str:
        if self.actual is None:
            return "skipped"
        return "ok" if self.actual is self.expected else "MISMATCH"


@dataclass
class Report:
    """One package: what is wrong with it, and how each of its solutions fared."""

    path: Path
    slug: str
    issues: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # reported, but the package is fine

    @property
    def ok(self) -> bool:
        return not self.issues and all(o.status != "MISMATCH" for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class _Job:
    report: Report
    problem: Problem
    expected: Verdict
    file: Path


language_of = measurement.language_of


def default_paths() -> list[Path]:
    return problem_dirs(BUNDLED_DIR)


def check_packages(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    on_total: Callable[[int], None] = lambda n: None,
    on_outcome: Callable[[Outcome], None] = lambda o: None,
) -> list[Report]:
    """Validate every package in ``paths`` (native or Kattis) and judge its solutions, ``jobs``
    at a time (default: one per CPU). Callbacks report progress."""
    with ExitStack() as stack:
        reports, work = [], []
        for path in paths:
            report, job_list = _plan(Path(path), stack)
            reports.append(report)
            work += job_list
        on_total(len(work))
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            for job, outcome in zip(work, pool.map(_run, work), strict=True):
                job.report.outcomes.append(outcome)
                on_outcome(outcome)
        return reports


def judge_here(folder: Path, language: str, code: str) -> JudgeResult:
    """Judge ``code`` against the package at ``folder`` in this process (``measurement.Judge``
    on the operator's machine; a server measures in a worker's queued job instead)."""
    return grading.judge(load_problem(folder), language, code)


def measure_here(
    folder: Path,
    *,
    on_run: Callable[[Run], None] = lambda run: None,
    on_total: Callable[[int], None] = lambda n: None,
) -> Measurement:
    """``measurement.measure`` with ``judge_here``: judge the imported package's submissions,
    write the limit derived from the accepted ones (a ``kattis.Measure``). Raises
    ``MeasurementFailed`` when none of them was accepted."""
    return measurement.measure(folder, judge_here, on_run=on_run, on_total=on_total)


def _plan(path: Path, stack: ExitStack) -> tuple[Report, list[_Job]]:
    report = Report(path, path.name)
    report.warnings += text.tests_to_normalise(path)
    try:
        folder = stack.enter_context(_native(path))
    except CodejudgeError as e:
        report.issues.append(str(e))
        return report, []
    report.issues += validate_problem(folder)
    try:
        problem = load_problem(folder)
        found = solutions(folder)
    except ProblemFormatError:
        return report, []  # already among the issues
    report.slug = problem.slug
    report.issues += _checker_issues(problem)
    return report, [_Job(report, problem, verdict, file) for verdict, file in found]


@contextmanager
def _native(path: Path) -> Iterator[Path]:
    """The package as a native folder: itself, or a Kattis package converted into a temp dir."""
    if not kattis.is_kattis_package(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="check-") as tmp:
        slug = kattis.slug_of(path.name)
        yield kattis.convert(path, Path(tmp) / slug, slug, measure_here).folder


def _checker_issues(problem: Problem) -> list[str]:
    """A custom checker must build before any solution can be judged with it."""
    if problem.checker.name != CUSTOM:
        return []
    try:
        custom_checker.build(problem.checker.options["validator"], open_sandbox())
    except CodejudgeError as e:
        return [f"{problem.slug}: {e}"]
    return []


def _run(job: _Job) -> Outcome:
    slug, file = job.problem.slug, job.file
    language = language_of(file)
    why = measurement.skip_reason(file, language)
    if why is not None or language is None:
        return Outcome(slug, file, language, job.expected, None, note=why or "")
    result = grading.judge(job.problem, language, file.read_text(errors="replace"))
    note = result.error or ""
    if result.verdict is Verdict.COMPILE_ERROR:
        note = result.compile_output.strip()[-300:]
    return Outcome(slug, file, language, job.expected, result.verdict, result.time_ms, note)
