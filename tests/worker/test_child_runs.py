"""The judging child judges a run on the problem's samples only, every one of them, and a
sample's row (result and ``test`` message) shows its input, expected and actual output.

The real child loop (``child.serve``) in this process, over files as its pipes, with the real
sandbox; the problems are copies of bundled ones.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from codejudge.models import ADHOC_PROBLEM, CustomInput, JudgeResult, Limits, Verdict
from codejudge.problems import BUNDLED_DIR
from codejudge.worker import child, protocol

pytestmark = pytest.mark.timeout(180)

V = Verdict
# Right on two-sum's first and third samples ([0,1]), wrong on the second (its answer is [1,2]).
ALWAYS_01 = """
class Solution:
    def twoSum(self, nums, target):
        print("looking at", nums)
        return [0, 1]
"""
# a-plus-b: right for a >= 0 (sample 1: "1 2"), a runtime error for sample 2 ("-7 5").
NO_NEGATIVES = """
a, b = map(int, input().split())
if a < 0:
    raise ValueError(f"negative a: {a}")
print(a + b)
"""


def judge(
    tmp_path: Path, dirs: list[Path], request: protocol.JobRequest
) -> tuple[list[dict[str, Any]], JudgeResult]:
    """Feed ``request`` to ``child.serve``; its ``test`` rows and its result."""
    (tmp_path / "in").write_bytes(request.encode())
    inp = os.open(tmp_path / "in", os.O_RDONLY)
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        child.serve(dirs, inp=inp, out=out)
    finally:
        os.close(inp)
        os.close(out)
    messages = [json.loads(line) for line in (tmp_path / "out").read_text().splitlines()]
    assert messages[0] == {"type": "ready"} and messages[-1]["type"] == "result"
    tests = [m["test"] for m in messages if m["type"] == "test"]
    return tests, JudgeResult.from_dict(messages[-1]["result"])


@pytest.fixture
def broken_two_sum(tmp_path: Path) -> Path:
    """two-sum with one hidden test that cannot be read: judging that reads it fails."""
    problems = tmp_path / "problems"
    shutil.copytree(BUNDLED_DIR / "two-sum", problems / "two-sum")
    (problems / "two-sum" / "tests" / "zeros.json").write_text("{this is not json")
    return problems


def test_a_run_judges_every_sample_and_never_reads_a_hidden_test(
    tmp_path: Path, broken_two_sum: Path
) -> None:
    run = protocol.JobRequest("r1", "two-sum", "python", ALWAYS_01, samples_only=True)
    events, result = judge(tmp_path, [broken_two_sum], run)
    assert result.verdict is V.WRONG_ANSWER, result
    # The second sample failed and the third still ran: a run runs every sample.
    assert [(t.index, t.verdict) for t in result.tests] == [
        (1, V.ACCEPTED),
        (2, V.WRONG_ANSWER),
        (3, V.ACCEPTED),
    ]
    assert (result.passed, result.total) == (2, 3)
    first, second, third = result.tests
    assert (second.input, second.expected, second.actual) == ("[3,2,4]\n6", "[1,2]", "[0,1]")
    assert (first.input, first.actual) == ("[2,7,11,15]\n9", "[0,1]")
    assert third.stdout == "looking at [3, 3]\n"
    assert result.failing_test is not None and result.failing_test.index == 2
    # The live rows are the result's rows.
    assert [protocol.parse_test(e) for e in events] == list(result.tests)
    # A submission of the same code reads every test, the broken hidden one too.
    submission = protocol.JobRequest("s1", "two-sum", "python", ALWAYS_01)
    _, judged = judge(tmp_path, [broken_two_sum], submission)
    assert judged.verdict is V.INTERNAL_ERROR and "zeros" in (judged.error or ""), judged


def test_a_stdio_run_shows_each_samples_output_or_error(tmp_path: Path) -> None:
    run = protocol.JobRequest("r2", "a-plus-b", "python", NO_NEGATIVES, samples_only=True)
    events, result = judge(tmp_path, [BUNDLED_DIR], run)
    ok, crashed = result.tests
    assert (ok.verdict, ok.input, ok.expected, ok.actual) == (V.ACCEPTED, "1 2\n", "3\n", "3\n")
    assert crashed.verdict is V.RUNTIME_ERROR and crashed.input == "-7 5\n"
    assert "ValueError: negative a: -7" in (crashed.message or "")
    assert ok.stdout is None  # for stdio, stdout is the actual output
    assert len(events) == 2 and events[1]["message"] == crashed.message


def test_a_submission_shows_its_samples_but_nothing_of_a_hidden_test(tmp_path: Path) -> None:
    code = "a, b = map(int, input().split())\nprint(a + b)\n"
    request = protocol.JobRequest("s2", "a-plus-b", "python", code)
    _, result = judge(tmp_path, [BUNDLED_DIR], request)
    assert result.verdict is V.ACCEPTED and result.total > 2
    samples, hidden = result.tests[:2], result.tests[2:]
    assert all(t.input and t.expected and t.actual == t.expected for t in samples)
    texts = [
        (t.input, t.expected, t.actual, t.stdout, t.message, t.stderr, t.exit_code, t.signal)
        for t in hidden
    ]
    assert texts == [(None,) * 8] * len(hidden)
    assert [(t.stderr, t.exit_code, t.signal) for t in samples] == [("", 0, None)] * 2


def test_an_ad_hoc_submission_is_judged_on_its_stdin_alone(tmp_path: Path) -> None:
    """No problem is read (there is none): the program runs on the stdin it came with."""
    code = "import sys\nprint(input()[::-1])\nprint('warn', file=sys.stderr)\nsys.exit(2)\n"
    custom = CustomInput("abc\n", "cba", Limits(time_ms=1000, memory_mb=64, output_kb=64))
    request = protocol.JobRequest("a1", ADHOC_PROBLEM, "python", code, custom=custom)
    events, result = judge(tmp_path, [tmp_path / "no-problems"], request)
    (row,) = result.tests
    assert result.verdict is V.RUNTIME_ERROR and (result.passed, result.total) == (0, 1)
    assert (row.input, row.expected, row.actual) == ("abc\n", "cba", "cba\n")
    assert (row.stderr, row.exit_code, row.signal) == ("warn\n", 2, None)
    assert [protocol.parse_test(e) for e in events] == [row]


def test_a_custom_run_never_reads_a_hidden_test(tmp_path: Path, broken_two_sum: Path) -> None:
    """Its expected output is the reference solution's on the input (the package's, from the
    folder the problem is served from); the broken hidden test is never read."""
    custom = CustomInput("[3,2,4]\n6")
    run = protocol.JobRequest(
        "c1", "two-sum", "python", ALWAYS_01, samples_only=True, custom=custom
    )
    events, result = judge(tmp_path, [broken_two_sum], run)
    (row,) = result.tests
    assert result.verdict is V.WRONG_ANSWER, result
    assert (row.input, row.expected, row.actual) == ("[3,2,4]\n6", "[1,2]", "[0,1]")
    assert [protocol.parse_test(e) for e in events] == [row]
