"""Interactive and multi-pass problems (Kattis ``type: interactive`` / ``multi-pass``): the
validator talks to the program through two pipes, in two boxes, and problemtools' precedence
decides the verdict. Every case here is a real program in a real sandbox."""

from __future__ import annotations

import dataclasses

import pytest

from codejudge.checkers import CUSTOM
from codejudge.checkers.program import ValidatorProgram
from codejudge.judging.grading import judge
from codejudge.models import CheckerSpec, Limits, Problem, ProblemKind, TestCase, Verdict
from codejudge.sandbox import Sandbox, open_sandbox

# Guess the number in 1..100: the program prints a guess per line, the validator answers
# "lower", "higher" or "correct"; more than 10 guesses is wrong.
GUESS_VALIDATOR = """\
import sys
secret = int(open(sys.argv[1]).read())
feedback = open(sys.argv[3] + "judgemessage.txt", "w")
for guess_number in range(1, 11):
    line = sys.stdin.readline()
    if not line:
        feedback.write("the program stopped guessing")
        sys.exit(43)
    guess = int(line)
    if guess == secret:
        print("correct", flush=True)
        feedback.write(f"found in {guess_number} guesses")
        sys.exit(42)
    print("lower" if guess > secret else "higher", flush=True)
feedback.write("too many guesses")
sys.exit(43)
"""

BINARY_SEARCH = """\
lo, hi = 1, 100
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    answer = input()
    if answer == "correct":
        break
    if answer == "lower":
        hi = mid - 1
    else:
        lo = mid + 1
"""

BINARY_SEARCH_C = """\
#include <stdio.h>
#include <string.h>
int main(void) {
    int lo = 1, hi = 100;
    char answer[32];
    for (;;) {
        int mid = (lo + hi) / 2;
        printf("%d\\n", mid);
        fflush(stdout);
        if (scanf("%31s", answer) != 1) return 1;
        if (!strcmp(answer, "correct")) return 0;
        if (!strcmp(answer, "lower")) hi = mid - 1; else lo = mid + 1;
    }
}
"""

ALWAYS_ONE = "while True:\n    print(1, flush=True)\n    input()\n"
SPIN = "while True:\n    pass\n"
NO_FLUSH = "import sys\nsys.stdout.write('50\\n')\nsys.stdin.readline()\n"
AC, WA, TLE, RTE = (Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.TIME_LIMIT_EXCEEDED,
                    Verdict.RUNTIME_ERROR)  # fmt: skip
PROGRAMS = {
    "binary_search": ("python", BINARY_SEARCH, AC),
    "binary_search_c": ("c", BINARY_SEARCH_C, AC),
    # Always 1: the validator gives up after 10 guesses (it rejects first: the program's
    # crash on the closed pipe afterwards is not its verdict).
    "always_one": ("python", ALWAYS_ONE, WA),
    # Never flushes (input() would): both sides wait for each other until the wall clock ends it.
    "no_flush": ("python", NO_FLUSH, TLE),
    "crash_after_correct": ("python", BINARY_SEARCH + "raise SystemExit(3)\n", RTE),
    "spin_after_correct": ("python", BINARY_SEARCH + SPIN, TLE),
    "silent": ("python", "pass\n", WA),
}


def guess_problem(**options: object) -> Problem:
    program = ValidatorProgram.of({"validate.py": GUESS_VALIDATOR.encode()})
    return Problem(
        slug="guess", title="Guess", kind=ProblemKind.STDIO, statement="x",
        limits=Limits(time_ms=1000, memory_mb=64),
        tests=(TestCase(1, "37\n", "", sample=True), TestCase(2, "100\n", "")),
        checker=CheckerSpec(CUSTOM, {"validator": program, "interactive": True, **options}),
    )  # fmt: skip


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = open_sandbox()
    box.check()  # fails, saying what to install, rather than skipping
    return box


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_an_interactive_program_gets_problemtools_verdict(sandbox: Sandbox, name: str) -> None:
    language, code, expected = PROGRAMS[name]
    result = judge(guess_problem(), language, code, sandbox=sandbox)
    assert result.verdict == expected, result
    assert result.error is None


def test_the_validator_message_is_shown_for_a_failing_sample(sandbox: Sandbox) -> None:
    result = judge(guess_problem(), "python", "pass\n", sandbox=sandbox)
    assert result.failing_test is not None
    assert result.failing_test.message == "the program stopped guessing"


def test_a_validator_that_crashes_is_an_internal_error(sandbox: Sandbox) -> None:
    broken = ValidatorProgram.of({"validate.py": b"raise SystemExit(1)\n"})
    checker = CheckerSpec(CUSTOM, {"validator": broken, "interactive": True})
    problem = dataclasses.replace(guess_problem(), checker=checker)
    result = judge(problem, "python", BINARY_SEARCH, sandbox=sandbox)
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert "validator" in (result.error or "")


# Multi-pass: pass 1 gets n and must print 2n; the validator then asks (nextpass.in) for 3 times
# that, remembering 2n in its feedback dir; pass 2 must print 6n... and so on for three passes.
MULTI_PASS_VALIDATOR = """\
import os, sys
feedback = sys.argv[3]
n = int(open(sys.argv[1]).read())
out = sys.stdin.read().split()
state = os.path.join(feedback, "state")
done = int(open(state).read()) if os.path.exists(state) else 0
factor = 2 if done == 0 else 3
if out != [str(n * factor)]:
    open(feedback + "judgemessage.txt", "w").write(f"pass {done + 1}: wanted {n * factor}")
    sys.exit(43)
if done < 2:
    open(state, "w").write(str(done + 1))
    open(os.path.join(feedback, "nextpass.in"), "w").write(f"{n * factor}\\n")
sys.exit(42)
"""


def multi_pass_problem(passes: int) -> Problem:
    program = ValidatorProgram.of({"validate.py": MULTI_PASS_VALIDATOR.encode()})
    return Problem(
        slug="multi", title="Multi", kind=ProblemKind.STDIO, statement="x",
        limits=Limits(time_ms=1000, memory_mb=64), tests=(TestCase(1, "5\n", "", sample=True),),
        checker=CheckerSpec(CUSTOM, {"validator": program, "passes": passes}),
    )  # fmt: skip


# Reads n; doubles it the first time, triples it after (it tells the passes apart by size: the
# first input is the only one below 10).
DOUBLE_THEN_TRIPLE = "n = int(input())\nprint(n * 2 if n < 10 else n * 3)\n"


def test_a_multi_pass_problem_runs_the_program_once_per_pass(sandbox: Sandbox) -> None:
    result = judge(multi_pass_problem(3), "python", DOUBLE_THEN_TRIPLE, sandbox=sandbox)
    assert result.verdict == Verdict.ACCEPTED, result


def test_a_wrong_second_pass_is_wrong_answer_with_the_validators_message(
    sandbox: Sandbox,
) -> None:
    result = judge(multi_pass_problem(3), "python", "print(int(input()) * 2)\n", sandbox=sandbox)
    assert result.verdict == Verdict.WRONG_ANSWER
    assert result.failing_test is not None
    assert result.failing_test.message == "pass 2: wanted 30"


def test_a_validator_still_asking_after_the_last_pass_is_an_internal_error(
    sandbox: Sandbox,
) -> None:
    result = judge(multi_pass_problem(2), "python", DOUBLE_THEN_TRIPLE, sandbox=sandbox)
    assert result.verdict == Verdict.INTERNAL_ERROR
    assert "2 passes" in (result.error or "")


# Speaks first, and much more than a pipe holds: a program that does not read makes it block,
# and its end makes the next write fail (EPIPE: the validator, in Python, dies of the
# BrokenPipeError instead of rejecting).
CHATTY_VALIDATOR = """\
import sys
for _ in range(10_000):
    print("x" * 100, flush=True)
sys.exit(42 if sys.stdin.readline() else 43)
"""
EARLY_ENDS = {
    "crash": ("python", "raise SystemExit(3)\n", RTE),
    "crash_c": ("c", "int main(void) { return 3; }\n", RTE),
    "clean_exit": ("python", "pass\n", WA),
    "clean_exit_c": ("c", "int main(void) { return 0; }\n", WA),
}


@pytest.mark.parametrize("name", sorted(EARLY_ENDS))
def test_a_program_that_ends_while_the_validator_speaks_gets_its_own_verdict(
    sandbox: Sandbox, name: str
) -> None:
    """Not internal_error: the validator's broken pipe follows from what the program did."""
    chatty = ValidatorProgram.of({"validate.py": CHATTY_VALIDATOR.encode()})
    checker = CheckerSpec(CUSTOM, {"validator": chatty, "interactive": True})
    problem = dataclasses.replace(guess_problem(), checker=checker)
    language, code, expected = EARLY_ENDS[name]
    result = judge(problem, language, code, sandbox=sandbox)
    assert result.verdict == expected, result
    assert result.error is None
    if expected == WA:
        assert result.failing_test is not None
        assert "ended while the validator was still writing" in (result.failing_test.message or "")
