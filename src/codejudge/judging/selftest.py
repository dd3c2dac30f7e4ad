"""A language's self-test: compile and run its tiny programs in the sandbox, as a worker does at
start to find out which toolchains work here."""

from __future__ import annotations

from codejudge import verdict as verdicts
from codejudge.checkers import canonical_json
from codejudge.judging.compile import compile_function, compile_source
from codejudge.judging.function_session import FunctionSession
from codejudge.judging.stdio import run_stdio
from codejudge.languages import Language
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, TestCase
from codejudge.models.run import Attempt
from codejudge.sandbox import Sandbox


def selftest(language: Language, sandbox: Sandbox) -> str | None:
    """Compile and run the language's self-test programs: None if the toolchain works, else why.

    The worker runs this at start and disables a language that fails it.
    """
    test = language.selftest
    limits = Limits(time_ms=2000, memory_mb=128, output_kb=64)
    if ProblemKind.STDIO in language.kinds:
        compiled = compile_source(language, sandbox, test.stdio_code)
        if not compiled.ok:
            return f"{language.name}: self-test does not compile: {compiled.output.strip()}"
        attempt = run_stdio(language, sandbox, compiled, TestCase(0, test.stdio_input, ""), limits)
        if attempt.internal_error or _failed(attempt):
            return f"{language.name}: stdio self-test failed: {attempt.message}"
        if (attempt.actual or "").split() != test.stdio_output.split():
            return f"{language.name}: stdio self-test printed {attempt.actual!r}"
    if ProblemKind.FUNCTION in language.kinds:
        return _function_selftest(language, sandbox, limits)
    return None


def _function_selftest(language: Language, sandbox: Sandbox, limits: Limits) -> str | None:
    signature = Signature("add", (Param("a", "integer"), Param("b", "integer")), "integer")
    test = TestCase(0, "[2, 3]", "5")
    problem = Problem(
        "selftest", "", ProblemKind.FUNCTION, "", limits, (test,), signature=signature
    )
    compiled = compile_function(language, sandbox, language.selftest.function_code, signature)
    if not compiled.ok:
        return f"{language.name}: function self-test does not compile: {compiled.output.strip()}"
    with FunctionSession(sandbox, language, compiled, problem, (test,)) as run:
        attempt = run.start() or run.run(test)
    if attempt.internal_error or _failed(attempt):
        why = attempt.internal_error or attempt.message
        return f"{language.name}: function self-test failed: {why}"
    if attempt.actual != canonical_json(5):
        return f"{language.name}: function self-test returned {attempt.actual!r}"
    return None


def _failed(attempt: Attempt) -> bool:
    """Whether the program crashed or ran out of time (a verdict of its own, not its answer)."""
    facts = verdicts.facts_of(attempt)
    return facts.crashed or facts.time_limit_hit
