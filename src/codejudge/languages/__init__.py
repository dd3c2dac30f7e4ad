"""The language registry: one small declarative module per language."""

from __future__ import annotations

import subprocess
from functools import cache

from codejudge.checkers import canonical_json
from codejudge.exceptions import InvalidInput
from codejudge.languages.base import Language, SelfTest
from codejudge.languages.c import C
from codejudge.languages.cpp import CPP
from codejudge.languages.go import GO
from codejudge.languages.java import JAVA
from codejudge.languages.javascript import JAVASCRIPT
from codejudge.languages.python import PYTHON
from codejudge.languages.runner import (
    FunctionSession,
    compile_function,
    compile_source,
    run_stdio,
)
from codejudge.languages.rust import RUST
from codejudge.languages.typescript import TYPESCRIPT
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, TestCase
from codejudge.sandbox import Sandbox

LANGUAGES: dict[str, Language] = {
    language.id: language for language in (PYTHON, C, CPP, JAVA, JAVASCRIPT, TYPESCRIPT, GO, RUST)
}

__all__ = [
    "EXTENSIONS",
    "LANGUAGES",
    "Language",
    "SelfTest",
    "compile_function",
    "compile_source",
    "get_language",
    "language_version",
    "selftest",
    "starter_code",
]


def starter_code(problem: Problem, language: str) -> str:
    """The code a user starts from: LeetCode's template for a function problem, else ""."""
    lang = get_language(language)
    if problem.kind != ProblemKind.FUNCTION or problem.signature is None:
        return ""
    if lang.starter is None:
        raise ValueError(f"{lang.name} has no starter code")
    return lang.starter(problem.signature)


def get_language(language_id: str) -> Language:
    try:
        return LANGUAGES[language_id]
    except KeyError:
        supported = ", ".join(sorted(LANGUAGES))
        raise InvalidInput(f"unknown language {language_id!r}; supported: {supported}") from None


@cache
def language_version(language: Language) -> str | None:
    """The toolchain's version line (e.g. ``Python 3.11.2``), or None if it does not run.

    Run on the host, not in a box: it is our own trusted binary, and this is called per API
    request (once per process, thanks to the cache).
    """
    try:
        done = subprocess.run(language.version, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout or done.stderr).decode(errors="replace").strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else None


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
        if attempt.internal_error or attempt.crashed or attempt.time_limit_hit:
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
    if attempt.internal_error or attempt.crashed or attempt.time_limit_hit:
        why = attempt.internal_error or attempt.message
        return f"{language.name}: function self-test failed: {why}"
    if attempt.actual != canonical_json(5):
        return f"{language.name}: function self-test returned {attempt.actual!r}"
    return None


# Source file extensions -> language id, for `codejudge submit FILE` and `problems check`.
EXTENSIONS: dict[str, str] = {
    ".py": "python",
    ".c": "c",
    ".cpp": "cpp",
    ".cc": "cpp",
    ".cxx": "cpp",
    ".java": "java",
    ".js": "javascript",
    ".mjs": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
}
