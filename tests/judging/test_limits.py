"""Limits that follow a problem's memory limit (issue 10, classes 5-7): the stack, the memory
verdict, the compile box. Pure tables first, then real judging where a limit is the point.
The per-language golden cases (tests/golden: memory, stack, depth, static) cover all eight
languages; these pin the rules and the messages."""

from __future__ import annotations

import dataclasses
import signal

import pytest

from codejudge.judging.grading import judge
from codejudge.judging.limits import compile_failure, compile_limits, excerpt, run_limits, size
from codejudge.languages import LANGUAGES
from codejudge.languages.base import (
    MEMORY_ALLOWANCE_KB,
    checked_stack_kb,
    stack_kb,
)
from codejudge.models import Limits, Param, Problem, ProblemKind, Signature, Verdict
from codejudge.models import TestCase as Case
from codejudge.models.run import InputFile
from codejudge.sandbox import RunFacts, RunLimits, Sandbox, open_sandbox
from codejudge.sandbox.bwrap import files_kb

MIB = 1024


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()
    return box


# -- pure -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("memory_mb", "cgroup", "expected_kb"),
    [
        (256, True, 240 * MIB),  # the limit less 16 MiB for code, libraries and heap
        (1024, True, 1008 * MIB),
        (16, True, 8 * MIB),  # never less than half the limit
        (4096, True, 1024 * MIB),  # at most 1 GiB (the JVM's largest -Xss, Go's default)
        (256, False, 64 * MIB),  # without a memory cgroup every thread stack is reserved
    ],
)
def test_the_stack_follows_the_memory_limit(memory_mb: int, cgroup: bool, expected_kb: int) -> None:
    assert stack_kb(memory_mb, cgroup) == expected_kb


def test_runtimes_are_told_a_stack_inside_the_real_one() -> None:
    """V8 checks its depth against --stack-size on the main thread's stack (RLIMIT_STACK):
    below it, so its RangeError comes before a SIGSEGV. The JVM's -Xss, native code, Go and
    Python use the stack as it is."""
    run = 240 * MIB
    assert checked_stack_kb(run) == 210 * MIB
    assert (
        LANGUAGES["javascript"].stack_kb(run) == LANGUAGES["typescript"].stack_kb(run) == 210 * MIB
    )
    for name in ("c", "cpp", "rust", "go", "python", "java"):
        assert LANGUAGES[name].stack_kb(run) == run, name


def test_every_language_names_its_stack_overflow() -> None:
    for language in LANGUAGES.values():
        assert language.stack_errors, language.id


def test_run_limits_give_the_stack_and_the_measured_memory(sandbox: Sandbox) -> None:
    """Memory: the problem's limit + the runtime's own + a small allowance (the peak over it
    is memory_limit_exceeded); the stack is part of it, not extra."""
    limits = Limits(time_ms=1000, memory_mb=256)
    for language in LANGUAGES.values():
        run = run_limits(language, limits, sandbox)
        assert run.stack_kb == 240 * MIB
        assert run.memory_kb == 256 * MIB + language.memory_overhead_kb + MEMORY_ALLOWANCE_KB
    assert MEMORY_ALLOWANCE_KB <= 512  # the Kattis program 928 KiB over 512 MiB is MLE


def test_compile_box_holds_the_problems_memory_limit_of_static_data() -> None:
    base = RunLimits(cpu_ms=15_000, wall_ms=30_000, memory_kb=1024 * MIB, processes=64,
                     stdout_bytes=64 << 20, file_size_bytes=64 << 20)  # fmt: skip
    small = compile_limits(base, 16)
    assert small.memory_kb == base.memory_kb + 2 * 80 * MIB and small.stdout_bytes == 80 << 20
    big = compile_limits(base, 512)
    assert big.stdout_bytes == big.file_size_bytes == (512 + 64) << 20
    assert big.memory_kb >= 1024 * MIB + 2 * (512 + 64) * MIB  # the object and the program
    assert (big.cpu_ms, big.wall_ms, big.processes) == (15_000, 30_000, 64)
    # A 2 GiB limit (Kattis's default) still holds the program to 1 GiB + code: it passes
    # through the judge's memory and into every run box.
    assert compile_limits(base, 2048).stdout_bytes == (1024 + 64) << 20


def _facts(**kw: object) -> RunFacts:
    values: dict[str, object] = dict(
        exit_code=1, signal=None, cpu_ms=10, wall_ms=10, memory_kb=1, cpu_limit_hit=False,
        wall_limit_hit=False, memory_limit_hit=False, output_limit_hit=False, stdout=b"",
        stderr=b"",
    )  # fmt: skip
    values.update(kw)
    return RunFacts(**values)  # type: ignore[arg-type]


LIMITS = compile_limits(RunLimits(cpu_ms=15_000, wall_ms=30_000, memory_kb=1024 * MIB), 256)


@pytest.mark.parametrize(
    ("facts", "output", "message"),
    [
        (_facts(cpu_limit_hit=True), "", "compilation exceeded the 15 s CPU time limit"),
        (_facts(wall_limit_hit=True), "", "compilation exceeded the 30 s wall-time limit"),
        (_facts(memory_limit_hit=True), "", "compilation exceeded the 1664 MiB memory limit"),
        (
            _facts(output_limit_hit=True, stdout=b"x" * LIMITS.stdout_bytes),
            "",
            "the compiled program exceeds the 320 MiB limit",
        ),
        (_facts(output_limit_hit=True), "", "the compiler's messages exceed the 64 KiB limit"),
        (
            _facts(signal=signal.SIGXFSZ),
            "",
            "a compiler's file exceeds the 320 MiB file size limit",
        ),
        (
            _facts(),
            "ld: final link failed: No space left on device",
            "the compiler's files exceed the 640 MiB of scratch space (/tmp)",
        ),
        (_facts(), "solution.c:1: error: expected ';'", None),
    ],
)
def test_a_compile_limit_hit_is_named_with_its_size(
    facts: RunFacts, output: str, message: str | None
) -> None:
    assert compile_failure(facts, LIMITS, output) == message


def test_sizes_and_excerpts() -> None:
    assert [size(k) for k in (256 * MIB, 1024 * MIB, 12, 1536)] == [
        "256 MiB",
        "1 GiB",
        "12 KiB",
        "1536 KiB",
    ]
    text = "head " + "x" * 10_000 + " tail"
    cut = excerpt(text, 400)
    assert cut.startswith("head ") and cut.endswith(" tail") and len(cut) <= 400
    assert files_kb([InputFile("/box/a", b"x"), InputFile("/box/b", b"x" * 8193)]) == 4 + 12


# -- real ---------------------------------------------------------------------------------------


def _stdio(memory_mb: int, stdin: str, expected: str) -> Problem:
    limits = Limits(time_ms=5000, memory_mb=memory_mb, output_kb=64)
    return Problem(
        "p", "p", ProblemKind.STDIO, "", limits, (Case(1, stdin, expected, sample=True),)
    )


# Kattis problemtools' hello/submissions/run_time_error/memory_limit.cc, in its own words: a
# buffer of exactly the limit, every byte written, then C++ iostreams on top.
_AT_THE_LIMIT = """#include <iostream>
int main() {
    int mib; std::cin >> mib;
    char *buf = new char[(size_t)mib << 20];
    buf[0] = 0;
    for (size_t i = 1; i < ((size_t)mib << 20); ++i) buf[i] = 23 * buf[i - 1] + 42;
    std::cout << "Hello World!" << std::endl;
}
"""


@pytest.mark.timeout(180)
def test_a_buffer_of_the_whole_limit_plus_the_runtime_is_over_it(sandbox: Sandbox) -> None:
    """Kattis's memory_limit.cc peaked at 525,216 KB under 512 MiB and was accepted: the
    cgroup had slack above the limit and only an OOM kill counted. Its buffer is the whole
    limit, and the program needs its page tables, libraries' data and stack beside it (here
    about 0.9 MiB at 512 MiB, more than the 0.5 MiB allowance). Kattis expects a run-time
    error (from its address-space limit); here it is memory_limit_exceeded
    (docs/languages.md). 500 MiB of the same fits."""
    result = judge(_stdio(512, "512\n", "Hello World!\n"), "cpp", _AT_THE_LIMIT, sandbox=sandbox)
    assert result.verdict is Verdict.MEMORY_LIMIT_EXCEEDED, result
    assert result.memory_kb > 512 * MIB + MEMORY_ALLOWANCE_KB
    fits = judge(_stdio(512, "500\n", "Hello World!\n"), "cpp", _AT_THE_LIMIT, sandbox=sandbox)
    assert fits.verdict is Verdict.ACCEPTED and fits.memory_kb >= 500 * MIB, fits


@pytest.mark.timeout(120)
def test_static_data_over_the_compile_limits_is_a_compile_error_naming_the_limit(
    sandbox: Sandbox,
) -> None:
    """Static data of the memory limit compiles (tests/golden static); far beyond it, the
    compile box's limits stop the compiler, and the message says which limit and its size."""
    code = "char t[400 << 20] = {1};\nint main(void) { return t[0] - 1; }\n"
    result = judge(_stdio(16, "", ""), "c", code, sandbox=sandbox)
    assert result.verdict is Verdict.COMPILE_ERROR, result
    assert "80 MiB" in result.compile_output and "limit" in result.compile_output, result
    small = "char t[8 << 20] = {1};\nint main(void) { return t[0] - 1; }\n"
    assert judge(_stdio(16, "", ""), "c", small, sandbox=sandbox).verdict is Verdict.ACCEPTED


_ALLOC = Signature("alloc", (Param("mib", "integer"),), "integer")
_ALLOC_CODE = {
    # Allocates and touches ``mib`` MiB and keeps it while the driver goes on to the next test.
    "python": "class Solution:\n    def alloc(self, mib: int) -> int:\n"
    "        global keep\n        keep = b'x' * (mib << 20)\n        return mib\n",
    "go": "var keep []byte\n\nfunc alloc(mib int) int {\n\tkeep = make([]byte, mib<<20)\n"
    "\tfor i := range keep {\n\t\tkeep[i] = 1\n\t}\n\treturn mib\n}\n",
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("language", sorted(_ALLOC_CODE))
def test_a_function_problems_memory_is_the_driver_boxs_real_peak(
    sandbox: Sandbox, language: str
) -> None:
    """All tests of a function problem run in one driver process: each test's memory is the
    box's real peak so far (the cgroup's), and going over the limit is that test's
    memory_limit_exceeded."""
    limits = Limits(time_ms=5000, memory_mb=256, output_kb=64)
    tests = (Case(1, "[200]", "200", sample=True), Case(2, "[300]", "300", sample=True))
    problem = Problem("p", "p", ProblemKind.FUNCTION, "", limits, tests, signature=_ALLOC)
    problem = dataclasses.replace(problem, run_all_tests=True)
    result = judge(problem, language, _ALLOC_CODE[language], sandbox=sandbox)
    first, second = result.tests
    assert first.verdict is Verdict.ACCEPTED and first.memory_kb >= 200 * MIB, result
    assert second.verdict is Verdict.MEMORY_LIMIT_EXCEEDED, result
