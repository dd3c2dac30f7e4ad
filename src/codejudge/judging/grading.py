"""Judging one submission: compile → run the tests → check → verdict. No queue, HTTP or DB."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import cache
from typing import TypedDict

from codejudge import verdict as verdicts
from codejudge.checkers import CUSTOM, canonical_json, check_output
from codejudge.exceptions import CodejudgeError
from codejudge.judging.compile import (
    CompileResult,
    compile_function,
    compile_source,
    unchecked_function_program,
)
from codejudge.judging.custom_checker import check_custom
from codejudge.judging.function_session import FunctionSession
from codejudge.judging.interactive import is_interactive
from codejudge.judging.interactive import run_test as run_interactive_test
from codejudge.judging.stdio import StdioRunner
from codejudge.languages import get_language
from codejudge.languages.base import Language
from codejudge.languages.signatures import signature_refusal
from codejudge.models import (
    CompileDiagnostic,
    FailingTest,
    JudgeResult,
    Problem,
    ProblemKind,
    TestCase,
    TestResult,
    Verdict,
)
from codejudge.models.run import Attempt, CompileFacts
from codejudge.sandbox import Sandbox, open_sandbox

log = logging.getLogger(__name__)
_SHOWN_CHARS = 16 * 1024  # of a failing test's actual output and stdout


class _InternalError(CodejudgeError):
    """The judge (or the problem's data), not the submission, is at fault."""


def judge(
    problem: Problem,
    language: str,
    code: str,
    *,
    sandbox: Sandbox | None = None,
    on_test: Callable[[TestResult], None] | None = None,
) -> JudgeResult:
    """Judge ``code`` against ``problem``'s tests, calling ``on_test`` as each test finishes.

    Never raises for anything the submission does. A language that does not exist (or cannot
    solve this kind of problem, or this signature) is a compile error; a judge-side failure
    (sandbox unavailable, a broken driver, malformed test data) is an internal_error with
    ``error`` set.
    """
    try:
        lang = get_language(language)
    except CodejudgeError as e:
        return _not_compiled(problem, _UNSUPPORTED, str(e))
    if problem.kind not in lang.kinds:
        return _not_compiled(
            problem, _UNSUPPORTED, f"{lang.name} cannot solve {problem.kind} problems"
        )
    try:
        return _judge(problem, lang, code, sandbox or _default_sandbox(), on_test)
    except Exception as e:  # the boundary: whatever went wrong, it is a result, not a crash
        log.exception("internal error judging %s in %s", problem.slug, language)
        return _not_run(problem, Verdict.INTERNAL_ERROR, error=f"{type(e).__name__}: {e}")


def _judge(
    problem: Problem,
    language: Language,
    code: str,
    sandbox: Sandbox,
    on_test: Callable[[TestResult], None] | None,
) -> JudgeResult:
    if not problem.tests:
        raise _InternalError(f"problem {problem.slug} has no tests")
    if problem.kind == ProblemKind.FUNCTION:
        if problem.signature is None:
            raise _InternalError(f"function problem {problem.slug} has no signature")
        refusal = signature_refusal(language, problem.signature)
        if refusal is not None:
            return _not_compiled(problem, _UNSUPPORTED, refusal)
    sandbox.check()
    compiled, early = _compile(problem, language, code, sandbox)
    if not compiled.ok:
        return _not_compiled(problem, compiled.facts, compiled.output, compiled.diagnostics)
    rows: list[TestResult] = []
    failing: FailingTest | None = None
    attempts = _attempts(problem, language, compiled, sandbox, early)
    try:
        for test in problem.tests:
            if failing is not None and not problem.run_all_tests:
                rows.append(TestResult(test.index, Verdict.SKIPPED))
                continue
            attempt = next(attempts)
            if attempt.internal_error:
                raise _InternalError(attempt.internal_error)
            row = _row(problem, test, attempt, _verdict(problem, test, attempt, sandbox))
            rows.append(row)
            if on_test is not None:
                on_test(row)
            if failing is None and verdicts.is_failure(row.verdict):
                failing = _failing_test(problem, test, attempt)
    finally:
        attempts.close()  # stops (kills) a driver that still runs the remaining tests
        if early is not None:
            early.__exit__(None, None, None)  # if judging ended before it was used
    return JudgeResult(
        verdict=verdicts.worst(row.verdict for row in rows),
        passed=sum(row.verdict == Verdict.ACCEPTED for row in rows),
        total=len(rows),
        time_ms=max(row.time_ms for row in rows),
        memory_kb=max(row.memory_kb for row in rows),
        compile_output=compiled.output,
        compile_errors=compiled.diagnostics,
        failing_test=failing,
        tests=tuple(rows),
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """What a program answered on a problem's first test, unchecked. ``verdict``: accepted
    when it ran cleanly (its answer is then ``actual``), else how it failed (a compile error:
    ``message`` is the compiler's output; an internal error: the judge's failure)."""

    verdict: Verdict
    actual: str | None = None
    message: str | None = None


def answer(problem: Problem, language: str, code: str, *, sandbox: Sandbox | None = None) -> Answer:
    """Run ``code`` on ``problem``'s first test (only) and take its answer as it is, under the
    problem's limits: how a reference solution's output becomes the expected output of a
    custom input (``judging.custom``). Never raises."""
    try:
        lang = get_language(language)
    except CodejudgeError as e:
        return Answer(Verdict.COMPILE_ERROR, message=str(e))
    try:
        return _answer(problem, lang, code, sandbox or _default_sandbox())
    except Exception as e:  # the boundary, as in judge()
        log.exception("internal error running %s in %s", problem.slug, language)
        return Answer(Verdict.INTERNAL_ERROR, message=f"{type(e).__name__}: {e}")


def _answer(problem: Problem, language: Language, code: str, sandbox: Sandbox) -> Answer:
    if problem.kind not in language.kinds:
        return Answer(Verdict.COMPILE_ERROR, message=f"{language.name} cannot solve it")
    if problem.signature is not None and problem.kind == ProblemKind.FUNCTION:
        refusal = signature_refusal(language, problem.signature)
        if refusal is not None:
            return Answer(Verdict.COMPILE_ERROR, message=refusal)
    sandbox.check()
    compiled, early = _compile(problem, language, code, sandbox)
    if not compiled.ok:
        return Answer(verdicts.judge_compile(compiled.facts), message=compiled.output)
    attempts = _attempts(problem, language, compiled, sandbox, early)
    try:
        attempt = next(attempts)
    finally:
        attempts.close()
        if early is not None:
            early.__exit__(None, None, None)
    if attempt.internal_error:
        raise _InternalError(attempt.internal_error)
    verdict = verdicts.judge_test(dataclasses.replace(attempt, answer_ok=True))
    actual = attempt.actual if verdict is Verdict.ACCEPTED else None
    return Answer(verdict, actual, attempt.message)


@cache
def _default_sandbox() -> Sandbox:
    # One per process, so its availability check runs once, not per submission.
    return open_sandbox()


def _compile(
    problem: Problem, language: Language, code: str, sandbox: Sandbox
) -> tuple[CompileResult, FunctionSession | None]:
    """Compile (or check) the submission. For a function problem in a language whose compile
    step only checks the sources, the driver starts (interpreter, imports) meanwhile: the
    session is returned to run the tests, or taken down if the check failed."""
    if problem.signature is None or problem.kind != ProblemKind.FUNCTION:
        return compile_source(language, sandbox, code, memory_mb=problem.limits.memory_mb), None
    unchecked = unchecked_function_program(language, code, problem.signature)
    early = None
    if unchecked is not None:
        early = FunctionSession(sandbox, language, unchecked, problem, problem.tests)
        early.__enter__()
    try:
        compiled = compile_function(
            language, sandbox, code, problem.signature, memory_mb=problem.limits.memory_mb
        )
    except BaseException:
        if early is not None:
            early.__exit__(None, None, None)
        raise
    if not compiled.ok and early is not None:
        early.__exit__(None, None, None)
        early = None
    return compiled, early


def _attempts(
    problem: Problem,
    language: Language,
    program: CompileResult,
    sandbox: Sandbox,
    early: FunctionSession | None = None,
) -> Generator[Attempt, None, None]:
    if problem.kind == ProblemKind.STDIO and is_interactive(problem):
        for test in problem.tests:
            yield run_interactive_test(language, sandbox, program, problem, test)
        return
    if problem.kind == ProblemKind.STDIO:
        with StdioRunner(language, sandbox, program, problem.limits) as runner:
            for n, test in enumerate(problem.tests, 1):
                yield runner.run(test, more=n < len(problem.tests))
        return
    remaining = list(problem.tests)
    while remaining:
        # A new driver process whenever the last one died (only reached with run_all_tests);
        # the first may have been started during the compile step.
        session, early = (
            early or FunctionSession(sandbox, language, program, problem, remaining),
            None,
        )
        with session:
            failed_start = session.start()
            if failed_start is not None:
                remaining.pop(0)
                yield failed_start
                continue
            while remaining and not session.dead:
                yield session.run(remaining.pop(0))


def _verdict(problem: Problem, test: TestCase, attempt: Attempt, sandbox: Sandbox) -> Verdict:
    """The test's verdict, once the answer of a clean run is checked (an interactive
    validator's word, ``answer_ok``, is already there)."""
    if attempt.answer_ok is None and attempt.actual is not None and verdicts.ran_cleanly(attempt):
        # A failing custom validator raises CheckerError: the problem's fault, an internal
        # error (see judge()).
        if problem.kind is ProblemKind.STDIO and problem.checker.name == CUSTOM:
            checked = check_custom(problem, test, attempt.actual, sandbox)
        else:
            checked = check_output(problem, test, attempt.actual)
        attempt = dataclasses.replace(attempt, answer_ok=checked.ok)
    return verdicts.judge_test(attempt)


def _row(problem: Problem, test: TestCase, attempt: Attempt, verdict: Verdict) -> TestResult:
    """A test's row; a sample's shows its input, expected and actual output too, and a stdio
    sample how the program ended (its stderr, exit code, signal: what Judge0 reports)."""
    row = TestResult(test.index, verdict, attempt.time_ms, attempt.memory_kb)
    if not test.sample:
        return row
    row = dataclasses.replace(row, **_shown(problem, test, attempt))
    if problem.kind is ProblemKind.STDIO:
        row = dataclasses.replace(
            row, stderr=_clip(attempt.stderr), exit_code=attempt.exit_code, signal=attempt.signal
        )
    return row


def _failing_test(problem: Problem, test: TestCase, attempt: Attempt) -> FailingTest:
    if not test.sample:
        return FailingTest(index=test.index, hidden=True)
    return FailingTest(index=test.index, hidden=False, **_shown(problem, test, attempt))


class _Shown(TypedDict):
    input: str
    expected: str
    actual: str | None
    stdout: str | None
    message: str | None


def _shown(problem: Problem, test: TestCase, attempt: Attempt) -> _Shown:
    """What a visible (sample) test shows: input, expected, actual, stdout, message."""
    function = problem.kind == ProblemKind.FUNCTION
    return _Shown(
        input=_show_arguments(test.input) if function else test.input,
        expected=test.expected,
        actual=_clip(attempt.actual),
        stdout=_clip(attempt.stdout) if function else None,  # for stdio, stdout *is* actual
        message=attempt.message,
    )


def _clip(text: str | None) -> str | None:
    """Enough of an output to show; the whole of a flood would be stored with every result."""
    if text is None or len(text) <= _SHOWN_CHARS:
        return text
    return text[:_SHOWN_CHARS] + f"\n… ({len(text) - _SHOWN_CHARS} more characters)"


def _show_arguments(test_input: str) -> str:
    """LeetCode shows a function's input as each argument's JSON on its own line."""
    try:
        args = json.loads(test_input)
    except ValueError:
        return test_input
    return "\n".join(canonical_json(arg) for arg in args) if isinstance(args, list) else test_input


_UNSUPPORTED = CompileFacts(unsupported=True)


def _not_compiled(
    problem: Problem,
    facts: CompileFacts,
    output: str,
    diagnostics: tuple[CompileDiagnostic, ...] = (),
) -> JudgeResult:
    """No program to run: the verdict is the compile's (``verdict.judge_compile``), with the
    compiler's messages and those at places in the submitted source."""
    result = _not_run(problem, verdicts.judge_compile(facts), compile_output=output)
    return dataclasses.replace(result, compile_errors=diagnostics)


def _not_run(
    problem: Problem, verdict: Verdict, *, compile_output: str = "", error: str | None = None
) -> JudgeResult:
    return JudgeResult(
        verdict=verdict,
        total=len(problem.tests),
        compile_output=compile_output,
        tests=tuple(TestResult(t.index, Verdict.SKIPPED) for t in problem.tests),
        error=error,
    )
