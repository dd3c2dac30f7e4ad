"""The supervisor ↔ child messages: a run's flag and a sample's texts survive the trip."""

from __future__ import annotations

import dataclasses
import json

from codejudge import models
from codejudge.models import FailingTest, JudgeResult, Verdict
from codejudge.worker import protocol

# models.TestResult, not imported by name: pytest would take it for a test class.
SAMPLE = models.TestResult(
    index=1,
    verdict=Verdict.WRONG_ANSWER,
    time_ms=12,
    memory_kb=3000,
    input="[3,2,4]\n6",
    expected="[1,2]",
    actual="[0,1]",
    stdout="debug\n",
    message=None,
)
HIDDEN = models.TestResult(index=4, verdict=Verdict.ACCEPTED, time_ms=5, memory_kb=2900)


def test_a_run_request_round_trips_and_an_old_line_is_a_submission() -> None:
    run = protocol.JobRequest("j1", "two-sum", "python", "code", samples_only=True)
    assert protocol.JobRequest.decode(run.encode()) == run
    # A line from a supervisor that predates runs (a rolling upgrade) judges every test.
    old = b'{"job":"j2","problem":"two-sum","language":"python","code":"x"}\n'
    assert protocol.JobRequest.decode(old).samples_only is False


def test_a_test_message_carries_a_samples_texts_and_a_hidden_rows_none() -> None:
    sample = json.loads(protocol.test_message("j1", SAMPLE))
    assert sample["type"] == "test" and sample["job"] == "j1"
    assert sample["test"] == {
        "index": 1,
        "verdict": "wrong_answer",
        "time_ms": 12,
        "memory_kb": 3000,
        "input": "[3,2,4]\n6",
        "expected": "[1,2]",
        "actual": "[0,1]",
        "stdout": "debug\n",
    }
    assert protocol.parse_test(sample["test"]) == SAMPLE
    hidden = json.loads(protocol.test_message("j1", HIDDEN))["test"]
    assert set(hidden) == {"index", "verdict", "time_ms", "memory_kb"}
    assert protocol.parse_test(hidden) == HIDDEN


def test_a_result_keeps_every_samples_texts_through_json() -> None:
    """What the child sends is what the store keeps (``JudgeResult.from_json``): each sample's
    input, expected and actual output, so a run can show every sample."""
    result = JudgeResult(
        verdict=Verdict.WRONG_ANSWER,
        passed=1,
        total=2,
        failing_test=FailingTest(index=1, hidden=False, input="x", expected="y", actual="z"),
        tests=(SAMPLE, HIDDEN),
    )
    message = json.loads(protocol.result_message("j1", result))
    assert JudgeResult.from_dict(message["result"]) == result
    assert JudgeResult.from_json(result.to_json()).tests == (SAMPLE, HIDDEN)


def test_a_custom_input_and_its_limits_round_trip() -> None:
    """An ad hoc submission's stdin (NULs and all), expected output and limits, and a run's
    custom input with nothing expected, reach the child as sent."""
    adhoc = protocol.JobRequest(
        "j3",
        models.ADHOC_PROBLEM,
        "c",
        "int main(){}",
        custom=models.CustomInput("a\x00b\n é", "out\n", models.Limits(500, 64, 16)),
    )
    assert protocol.JobRequest.decode(adhoc.encode()) == adhoc
    custom = models.CustomInput("[1]\n2")
    run = protocol.JobRequest("j4", "two-sum", "python", "x", samples_only=True, custom=custom)
    assert protocol.JobRequest.decode(run.encode()) == run
    assert protocol.JobRequest.decode(SUBMISSION_LINE).custom is None


SUBMISSION_LINE = b'{"job":"j2","problem":"two-sum","language":"python","code":"x"}\n'


def test_a_stdio_rows_stderr_exit_code_and_signal_round_trip() -> None:
    row = models.TestResult(
        1, Verdict.RUNTIME_ERROR, 3, 900, "", None, "", None, "killed", "boom\n", None, 11
    )
    sent = json.loads(protocol.test_message("j1", row))["test"]
    assert (sent["stderr"], sent["signal"]) == ("boom\n", 11) and "exit_code" not in sent
    assert protocol.parse_test(sent) == row
    result = JudgeResult(Verdict.RUNTIME_ERROR, 0, 1, tests=(row,))
    assert JudgeResult.from_json(result.to_json()) == result
    clean = dataclasses.replace(row, verdict=Verdict.ACCEPTED, exit_code=0, signal=None)
    assert protocol.parse_test(json.loads(protocol.test_message("j1", clean))["test"]) == clean
