"""Judging on the caller's own input (``judging.custom``), real boxes:

- an ad hoc submission (no problem: the Judge0 face's) is a stdio program judged on its stdin
  alone, under its own limits, with Judge0's comparison when an expected output is given and
  none when not, its one row carrying what Judge0 reports (stdout, stderr, exit code, signal,
  time, memory);
- a run on a problem with custom input gets its expected output from the problem's reference
  solution, run on the same input first; a reference that fails on the input is said in the
  row, never blamed on the code.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from codejudge.judging.custom import (
    REFERENCE_LANGUAGES,
    adhoc_problem,
    judge_adhoc,
    judge_custom_run,
    reference_solutions,
)
from codejudge.languages import LANGUAGES
from codejudge.models import CustomInput, Limits, ProblemKind, TestResult, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem

pytestmark = pytest.mark.timeout(180)

V = Verdict
GREET = "import sys\nname = input()\nprint('hi', name)\nprint('said hi', file=sys.stderr)\n"


def row_of(language: str, code: str, custom: CustomInput) -> tuple[Verdict, TestResult]:
    result = judge_adhoc(language, code, custom)
    (row,) = result.tests
    assert result.total == 1 and result.verdict is row.verdict
    return result.verdict, row


def test_an_ad_hoc_row_carries_what_judge0_reports() -> None:
    verdict, row = row_of("python", GREET, CustomInput("bob\n", "hi bob  \n\n"))
    assert verdict is V.ACCEPTED  # Judge0's comparison: trailing whitespace is not compared
    assert (row.input, row.expected, row.actual) == ("bob\n", "hi bob  \n\n", "hi bob\n")
    assert (row.stderr, row.exit_code, row.signal) == ("said hi\n", 0, None)
    assert row.time_ms >= 0 and row.memory_kb > 0


@pytest.mark.parametrize(
    ("expected", "verdict"),
    [("hi bob", V.ACCEPTED), (" hi bob", V.WRONG_ANSWER), ("hi\nbob", V.WRONG_ANSWER)],
)
def test_an_expected_output_is_compared_as_judge0_compares(expected: str, verdict: Verdict) -> None:
    assert row_of("python", GREET, CustomInput("bob", expected))[0] is verdict


def test_without_an_expected_output_a_clean_exit_is_accepted() -> None:
    verdict, row = row_of("python", GREET, CustomInput("ann\n"))
    assert verdict is V.ACCEPTED and row.actual == "hi ann\n" and row.expected is None
    problem = adhoc_problem(CustomInput("x"))
    assert (problem.kind, problem.checker.name, problem.limits) == (
        ProblemKind.STDIO,
        "any",
        Limits(),
    )


def test_how_a_program_ended_is_in_its_row() -> None:
    verdict, row = row_of("python", "import sys\nprint('out')\nsys.exit(3)\n", CustomInput(""))
    assert verdict is V.RUNTIME_ERROR and (row.exit_code, row.signal, row.actual) == (
        3,
        None,
        "out\n",
    )
    crash = (
        '#include <stdio.h>\nint main(void) { puts("x"); fflush(stdout); int *p = 0; return *p; }\n'
    )
    verdict, row = row_of("c", crash, CustomInput("", "x"))
    assert verdict is V.RUNTIME_ERROR and row.exit_code is None
    assert row.signal == signal.SIGSEGV and row.actual == "x\n"


@pytest.mark.parametrize(
    ("code", "limits", "verdict"),
    [
        ("while True:\n    pass\n", Limits(time_ms=300), V.TIME_LIMIT_EXCEEDED),
        ("x = bytearray(300 << 20)\nprint(1)\n", Limits(memory_mb=32), V.MEMORY_LIMIT_EXCEEDED),
        ("print('y' * 100_000)\n", Limits(output_kb=4), V.OUTPUT_LIMIT_EXCEEDED),
        ("print('y' * 100_000)\n", Limits(output_kb=1024), V.ACCEPTED),
    ],
)  # fmt: skip
def test_an_ad_hoc_submission_runs_under_its_own_limits(
    code: str, limits: Limits, verdict: Verdict
) -> None:
    assert row_of("python", code, CustomInput("", None, limits))[0] is verdict


def test_an_ad_hoc_compile_error_has_the_compilers_words_and_no_run() -> None:
    result = judge_adhoc("c", "int main( {", CustomInput("", "x"))
    assert result.verdict is V.COMPILE_ERROR and "error" in result.compile_output
    assert [t.verdict for t in result.tests] == [V.SKIPPED]


# -- runs on a problem with custom input -------------------------------------------------------

TWO_SUM = load_problem(BUNDLED_DIR / "two-sum")
ALWAYS_01 = """
class Solution:
    def twoSum(self, nums, target):
        print("nums:", nums)
        return [0, 1]
"""


def test_the_reference_is_chosen_deterministically_native_first() -> None:
    found = reference_solutions(BUNDLED_DIR / "two-sum")
    assert [(lang, f.name) for lang, f in found] == [
        ("cpp", "hash_map.cpp"),
        ("java", "hash_map.java"),
        ("python", "hash_map.py"),
        ("python", "sort_two_pointers.py"),
    ]
    assert set(REFERENCE_LANGUAGES) == set(LANGUAGES)


def test_the_expected_output_of_a_custom_input_is_the_reference_solutions() -> None:
    folder = BUNDLED_DIR / "two-sum"
    wrong = judge_custom_run(TWO_SUM, folder, "python", ALWAYS_01, CustomInput("[3,2,4]\n6"))
    (row,) = wrong.tests
    assert wrong.verdict is V.WRONG_ANSWER and (wrong.passed, wrong.total) == (0, 1)
    assert (row.input, row.expected, row.actual, row.stdout) == (
        "[3,2,4]\n6",
        "[1,2]",
        "[0,1]",
        "nums: [3, 2, 4]\n",
    )
    assert wrong.failing_test is not None and wrong.failing_test.expected == "[1,2]"
    right = judge_custom_run(TWO_SUM, folder, "python", ALWAYS_01, CustomInput("[1,5]\n6"))
    assert right.verdict is V.ACCEPTED and right.tests[0].expected == "[0,1]"


def test_an_expected_output_given_is_used_as_is() -> None:
    folder = Path("/nonexistent")  # no reference is needed, so none is looked for
    result = judge_custom_run(
        TWO_SUM, folder, "python", ALWAYS_01, CustomInput("[3,2,4]\n6", "[1,0]")
    )
    assert result.verdict is V.ACCEPTED and result.tests[0].expected == "[1,0]"  # unordered


SLOW_SQUARE_REFERENCE = """
n = int(input())
while n > 1000:  # the reference cannot take large inputs: the problem says nothing of them
    pass
print(n * n)
"""


@pytest.fixture
def slow_square(tmp_path: Path) -> Path:
    """A stdio problem without constraints whose only usable reference solution (Python; a
    C++ one does not compile) loops forever on n > 1000."""
    folder = tmp_path / "slow-square"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text(
        'slug = "slow-square"\ntitle = "Square"\nkind = "stdio"\n\n[limits]\ntime_ms = 500\n'
    )
    (folder / "statement.md").write_text("Print n squared.\n")
    (folder / "tests" / "sample-1.in").write_text("3\n")
    (folder / "tests" / "sample-1.ans").write_text("9\n")
    accepted = folder / "solutions" / "accepted"
    accepted.mkdir(parents=True)
    (accepted / "broken.cpp").write_text("int main( {\n")
    (accepted / "square.py").write_text(SLOW_SQUARE_REFERENCE)
    return folder


def test_a_reference_that_cannot_compile_passes_the_turn(slow_square: Path) -> None:
    problem = load_problem(slow_square)
    user = "print(int(input()) ** 2 + 1)\n"
    result = judge_custom_run(problem, slow_square, "python", user, CustomInput("12"))
    (row,) = result.tests
    assert result.verdict is V.WRONG_ANSWER and (row.input, row.expected, row.actual) == (
        "12\n",
        "144\n",
        "145\n",
    )


def test_a_reference_that_fails_on_the_input_is_said_not_blamed(slow_square: Path) -> None:
    problem = load_problem(slow_square)
    user = "n = int(input())\nprint(n * n)\n"
    result = judge_custom_run(problem, slow_square, "python", user, CustomInput("5000"))
    (row,) = result.tests
    assert result.verdict is V.ACCEPTED and result.error is None
    assert (row.input, row.expected, row.actual) == ("5000\n", None, "25000000\n")
    assert row.message is not None and row.message.startswith(
        "No expected output: the problem's reference solution (Python 3) failed on this input: "
        "time limit exceeded. Your output was not compared"
    )
    crashing = "raise SystemExit(4)\n"
    result = judge_custom_run(problem, slow_square, "python", crashing, CustomInput("5000"))
    (row,) = result.tests
    assert result.verdict is V.RUNTIME_ERROR and row.expected is None and row.exit_code == 4
    assert result.failing_test is not None and result.failing_test.expected is None
    assert row.message is not None and row.message.startswith("No expected output")
    assert result.failing_test.message == row.message


def test_with_no_reference_that_runs_the_row_says_so(slow_square: Path) -> None:
    shutil.rmtree(slow_square / "solutions")
    problem = load_problem(slow_square)
    result = judge_custom_run(problem, slow_square, "python", "print(1)\n", CustomInput("2"))
    assert result.verdict is V.ACCEPTED and result.tests[0].expected is None
    assert "could not run here: no reference solution ran (the package has none)" in str(
        result.tests[0].message
    )


def test_a_large_reference_answer_is_compared_whole_and_shown_clipped(tmp_path: Path) -> None:
    """The reference's whole answer is the expected output; the row shows 16 KiB of it, as it
    shows of the actual output."""
    folder = tmp_path / "repeat"
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text('slug = "repeat"\ntitle = "Repeat"\nkind = "stdio"\n')
    (folder / "statement.md").write_text("Print n x's.\n")
    (folder / "tests" / "sample-1.in").write_text("2\n")
    (folder / "tests" / "sample-1.ans").write_text("xx\n")
    (folder / "solutions" / "accepted").mkdir(parents=True)
    (folder / "solutions" / "accepted" / "repeat.py").write_text("print('x' * int(input()))\n")
    problem, n = load_problem(folder), CustomInput("20000")
    right = judge_custom_run(problem, folder, "python", "print('x' * 20000)\n", n)
    (row,) = right.tests
    assert right.verdict is V.ACCEPTED and row.expected == row.actual
    assert row.expected is not None and row.expected.startswith("x" * 16384 + "\n… (3617 more")
    wrong = judge_custom_run(problem, folder, "python", "print('x' * 19999)\n", n)
    assert wrong.verdict is V.WRONG_ANSWER
