"""The supervisor ↔ child messages: a run's flag and a sample's texts survive the trip."""

from __future__ import annotations

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
