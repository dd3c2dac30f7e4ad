"""Judging on the caller's own input (a ``CustomInput``), as one visible test.

- An ad hoc submission (``problem == ADHOC_PROBLEM``: the Judge0 face's) is a stdio program with
  no problem: ``adhoc_problem`` makes one of its input, with its own limits (default
  ``Limits()``), judged like Judge0 CE judges: with an expected output, the ``lines`` checker
  (Judge0's comparison: each line's trailing whitespace and the trailing blank lines ignored);
  without one, the ``any`` checker (any output: a clean exit is accepted, as Judge0 does).
- A run on a problem with custom input (``judge_custom_run``): the input read in the problem's
  test format (``problems.custom_input``), the expected output (when the caller gave none) the
  output of the problem's reference solution on it (``reference_solutions``: an accepted one,
  run first in the same sandbox under the problem's limits), then the code judged with the
  problem's checker, as LeetCode's "Run" with custom input does. A reference that fails on the
  input (out of time, a crash: an input the problem's constraints do not rule out but its
  solution cannot take) is said in the row, which then has no expected output, and the code is
  judged on how it ran alone: never an internal error, never the user's wrong answer.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from codejudge.exceptions import CodejudgeError
from codejudge.judging import grading
from codejudge.languages import LANGUAGES, language_of_file
from codejudge.models import (
    ADHOC_PROBLEM,
    CheckerSpec,
    CustomInput,
    FailingTest,
    JudgeResult,
    Limits,
    Problem,
    ProblemKind,
    TestCase,
    TestResult,
    Verdict,
)
from codejudge.problems import natural_key, solutions
from codejudge.problems.custom_input import CUSTOM_TEST_NAME, custom_test
from codejudge.sandbox import Sandbox

log = logging.getLogger(__name__)

# Which accepted solution computes a custom input's expected output: the first language of
# this list the package has one in (then by file name), so the choice is deterministic and
# native code, fast on large inputs, comes first; the next one is tried when one cannot run
# here (its toolchain broken on this worker).
REFERENCE_LANGUAGES = ("cpp", "c", "rust", "go", "java", "python", "javascript", "typescript")
ADHOC_TITLE = "ad hoc"
LINES, ANY = CheckerSpec("lines"), CheckerSpec("any")

OnTest = Callable[[TestResult], None]


def adhoc_problem(custom: CustomInput) -> Problem:
    """The stdio problem an ad hoc submission is judged as: one visible test (stdin
    ``custom.input``, expected ``custom.expected``), ``custom.limits`` (default ``Limits()``),
    Judge0's comparison (``lines``), or none (``any``) without an expected output."""
    test = TestCase(1, custom.input, custom.expected or "", sample=True, name=CUSTOM_TEST_NAME)
    return Problem(
        slug=ADHOC_PROBLEM,
        title=ADHOC_TITLE,
        kind=ProblemKind.STDIO,
        statement="",
        limits=custom.limits or Limits(),
        tests=(test,),
        checker=ANY if custom.expected is None else LINES,
    )


def judge_adhoc(
    language: str,
    code: str,
    custom: CustomInput,
    *,
    sandbox: Sandbox | None = None,
    on_test: OnTest | None = None,
) -> JudgeResult:
    """Judge an ad hoc submission (``adhoc_problem``). Its one row carries what Judge0
    reports: ``actual`` (stdout), ``stderr``, ``exit_code``, ``signal``, ``time_ms``,
    ``memory_kb`` (and ``expected`` = ``custom.expected``, None when none was given)."""
    problem = adhoc_problem(custom)
    if custom.expected is not None:
        return grading.judge(problem, language, code, sandbox=sandbox, on_test=on_test)
    return _judged_alone(problem, language, code, sandbox, on_test, note=None)


def reference_solutions(folder: Path) -> list[tuple[str, Path]]:
    """The package's accepted solutions in languages this judge has, as (language id, file),
    in the order they are tried as the reference (``REFERENCE_LANGUAGES``, then file name)."""
    found = [
        (language, file)
        for verdict, file in solutions(folder)
        if verdict is Verdict.ACCEPTED and (language := language_of_file(file.name)) in LANGUAGES
    ]

    def rank(item: tuple[str, Path]) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        language, file = item
        order = REFERENCE_LANGUAGES.index(language) if language in REFERENCE_LANGUAGES else 99
        return order, natural_key(file.name)

    return sorted(found, key=rank)


def judge_custom_run(
    problem: Problem,
    folder: Path,
    language: str,
    code: str,
    custom: CustomInput,
    *,
    sandbox: Sandbox | None = None,
    on_test: OnTest | None = None,
) -> JudgeResult:
    """Judge ``code`` on ``custom.input`` as ``problem``'s one visible test (the problem as
    served; its own tests are not read), the expected output ``custom.expected`` or else the
    reference solution's (from the package at ``folder``). Never raises for anything the
    code or the input does."""
    try:
        test = custom_test(problem, custom.input, custom.expected)
    except CodejudgeError as e:  # checked at intake: the problem has changed since
        return JudgeResult(Verdict.INTERNAL_ERROR, total=1, error=f"the input no longer fits: {e}")
    single = dataclasses.replace(problem, tests=(test,), run_all_tests=True)
    if custom.expected is not None:
        return grading.judge(single, language, code, sandbox=sandbox, on_test=on_test)
    reference, name = _reference_answer(single, folder, sandbox)
    if reference.verdict is Verdict.ACCEPTED and reference.actual is not None:
        expected = dataclasses.replace(test, expected=reference.actual)
        return grading.judge(
            dataclasses.replace(single, tests=(expected,)),
            language,
            code,
            sandbox=sandbox,
            on_test=on_test,
        )
    note = _reference_note(reference, name)
    return _judged_alone(single, language, code, sandbox, on_test, note)


# An expected output that the "any" checker never reads, but that a function problem's value
# comparison can parse.
_NOTHING = {ProblemKind.FUNCTION: "null", ProblemKind.STDIO: ""}


def _judged_alone(
    problem: Problem,
    language: str,
    code: str,
    sandbox: Sandbox | None,
    on_test: OnTest | None,
    note: str | None,
) -> JudgeResult:
    """Judge ``problem``'s one test with nothing expected: how the code ran decides (the
    ``any`` checker), its row shows no expected output and says ``note`` (why none)."""
    test = dataclasses.replace(problem.tests[0], expected=_NOTHING[problem.kind])
    blind = dataclasses.replace(problem, tests=(test,), checker=ANY)

    def shown(row: TestResult) -> None:
        if on_test is not None:
            on_test(_row_without_expected(row, note))

    result = grading.judge(blind, language, code, sandbox=sandbox, on_test=shown)
    return _without_expected(result, note)


def _reference_answer(
    problem: Problem, folder: Path, sandbox: Sandbox | None
) -> tuple[grading.Answer, str]:
    """The first reference solution's answer that ran (its output, or how it failed on the
    input) and its language's name; one that cannot run here (a compile error, the judge's
    failure) passes the turn to the next. ``internal_error`` when none could run."""
    tried: list[str] = []
    for language, file in reference_solutions(folder):
        code = file.read_text(errors="replace")
        found = grading.answer(problem, language, code, sandbox=sandbox)
        if found.verdict not in (Verdict.COMPILE_ERROR, Verdict.INTERNAL_ERROR):
            return found, LANGUAGES[language].name
        log.warning("reference %s of %s cannot run: %s", file, problem.slug, found.message)
        tried.append(f"{file.name}: {found.verdict}")
    why = ", ".join(tried) or "the package has none"
    return grading.Answer(Verdict.INTERNAL_ERROR, message=f"no reference solution ran ({why})"), ""


def _reference_note(reference: grading.Answer, name: str) -> str:
    if reference.verdict is Verdict.INTERNAL_ERROR:
        why = f"the problem's reference solution could not run here: {reference.message}"
    else:
        failed = str(reference.verdict).replace("_", " ")
        why = f"the problem's reference solution ({name}) failed on this input: {failed}"
    return (
        f"No expected output: {why}. Your output was not compared; the input may be beyond "
        "what the problem allows."
    )


def _row_without_expected(row: TestResult, note: str | None) -> TestResult:
    return dataclasses.replace(row, expected=None, message=_noted(note, row.message))


def _noted(note: str | None, message: str | None) -> str | None:
    """``note`` in front of ``message`` (either may be None)."""
    if note is None or message is None:
        return note or message
    return f"{note}\n{message}"


def _without_expected(result: JudgeResult, note: str | None) -> JudgeResult:
    """``result`` with no expected output shown (nothing was expected), and ``note`` (why
    not) in front of its row's and its failing test's message."""
    failing: FailingTest | None = result.failing_test
    if failing is not None and not failing.hidden:
        message = _noted(note, failing.message)
        failing = dataclasses.replace(failing, expected=None, message=message)
    rows = tuple(
        row if row.verdict is Verdict.SKIPPED else _row_without_expected(row, note)
        for row in result.tests
    )
    return dataclasses.replace(result, tests=rows, failing_test=failing)
