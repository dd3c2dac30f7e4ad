"""The Judge0 face's translation tables and formats, without a server: status ids from
verdicts and signals, Ruby's Base64, Rails' times and decimals, ``?fields=``, and a request's
checks with Judge0's messages (Judge0 CE 1.13.1's source is where each expected value comes
from: app/enumerations/status.rb, app/models/submission.rb, its API docs' examples)."""

from __future__ import annotations

import base64
import dataclasses
import signal
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from codejudge.api.app import build_app
from codejudge.api.judge0.config import judge0_config
from codejudge.api.judge0.intake import Judge0SubmissionIn, new_submission, parse_item
from codejudge.api.judge0.render import (
    AVAILABLE_FIELDS,
    DEFAULT_FIELDS,
    render,
    requested_fields,
)
from codejudge.api.judge0.vocabulary import (
    BY_ID,
    JUDGE0_LANGUAGES,
    PRIMARY_ID,
    Judge0Status,
    decode64,
    encode64,
    message_of,
    seconds,
    status_of,
    timestamp,
)
from codejudge.languages import LANGUAGES
from codejudge.models import (
    ADHOC_PROBLEM,
    CustomInput,
    JudgeResult,
    Limits,
    NewSubmission,
    Priority,
    Status,
    Submission,
    Verdict,
)
from codejudge.models import (
    TestResult as Row,
)
from codejudge.settings import Settings

SETTINGS = Settings()
CONFIG = judge0_config(SETTINGS)
AT = datetime(2024, 4, 3, 5, 40, 51, 306_789, tzinfo=UTC)


def finished(verdict: Verdict, row: Row | None = None, **result: object) -> Submission:
    """A finished ad hoc submission with ``verdict`` and its one test row."""
    return Submission(
        id="0190f0aa-0000-7000-8000-000000000001",
        problem=ADHOC_PROBLEM,
        language="python",
        code="print(input())",
        status=Status.FINISHED,
        priority=Priority.SUBMIT,
        queued_at=AT,
        started_at=AT + timedelta(seconds=1),
        finished_at=AT + timedelta(seconds=2),
        verdict=verdict,
        result=JudgeResult(verdict, tests=(row,) if row else (), **result),  # type: ignore[arg-type]
        custom=CustomInput("Judge0\n", "Judge0", Limits(1500, 125, 1024)),
    )


def ran(verdict: Verdict, **facts: object) -> Row:
    return Row(1, verdict, time_ms=42, memory_kb=380, **facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("verdict", "facts", "status"),
    [
        (Verdict.ACCEPTED, {"exit_code": 0}, Judge0Status.ACCEPTED),
        (Verdict.WRONG_ANSWER, {"exit_code": 0}, Judge0Status.WRONG_ANSWER),
        (Verdict.TIME_LIMIT_EXCEEDED, {"signal": 9}, Judge0Status.TIME_LIMIT_EXCEEDED),
        (Verdict.RUNTIME_ERROR, {"signal": signal.SIGSEGV}, Judge0Status.RUNTIME_ERROR_SIGSEGV),
        (Verdict.RUNTIME_ERROR, {"signal": signal.SIGXFSZ}, Judge0Status.RUNTIME_ERROR_SIGXFSZ),
        (Verdict.RUNTIME_ERROR, {"signal": signal.SIGFPE}, Judge0Status.RUNTIME_ERROR_SIGFPE),
        (Verdict.RUNTIME_ERROR, {"signal": signal.SIGABRT}, Judge0Status.RUNTIME_ERROR_SIGABRT),
        (Verdict.RUNTIME_ERROR, {"signal": signal.SIGKILL}, Judge0Status.RUNTIME_ERROR_OTHER),
        (Verdict.RUNTIME_ERROR, {"exit_code": 1}, Judge0Status.RUNTIME_ERROR_NZEC),
        (Verdict.MEMORY_LIMIT_EXCEEDED, {"signal": 9}, Judge0Status.RUNTIME_ERROR_OTHER),
        (Verdict.OUTPUT_LIMIT_EXCEEDED, {}, Judge0Status.RUNTIME_ERROR_SIGXFSZ),
        (Verdict.INTERNAL_ERROR, {}, Judge0Status.INTERNAL_ERROR),
    ],
)
def test_a_verdict_has_judge0s_status(
    verdict: Verdict, facts: dict[str, object], status: Judge0Status
) -> None:
    """Judge0's status of each verdict; a runtime error by its signal as Judge0's
    ``find_runtime_error_by_status_code`` (11, 25, 8, 6; else Other), NZEC without one."""
    assert status_of(finished(verdict, ran(verdict, **facts))) is status


def test_queued_running_cancelled_and_compile_error() -> None:
    base = finished(Verdict.ACCEPTED)
    queued = dataclasses.replace(base, status=Status.QUEUED, verdict=None)
    running = dataclasses.replace(base, status=Status.RUNNING, verdict=None)
    cancelled = dataclasses.replace(base, status=Status.CANCELLED, verdict=None)
    assert status_of(queued) is Judge0Status.IN_QUEUE
    assert status_of(running) is Judge0Status.PROCESSING
    assert status_of(cancelled) is Judge0Status.INTERNAL_ERROR
    assert status_of(finished(Verdict.COMPILE_ERROR)) is Judge0Status.COMPILATION_ERROR
    assert Judge0Status(14).description == "Exec Format Error"
    assert [s.value for s in Judge0Status] == list(range(1, 15))


def test_messages_are_isolates_words() -> None:
    assert message_of(finished(Verdict.ACCEPTED, ran(Verdict.ACCEPTED, exit_code=0))) is None
    nzec = finished(Verdict.RUNTIME_ERROR, ran(Verdict.RUNTIME_ERROR, exit_code=3))
    assert message_of(nzec) == "Exited with error status 3"
    segv = finished(Verdict.RUNTIME_ERROR, ran(Verdict.RUNTIME_ERROR, signal=11))
    assert message_of(segv) == "Caught fatal signal 11"
    tle = finished(Verdict.TIME_LIMIT_EXCEEDED, ran(Verdict.TIME_LIMIT_EXCEEDED, signal=9))
    assert message_of(tle) == "Time limit exceeded"
    assert message_of(finished(Verdict.MEMORY_LIMIT_EXCEEDED)) == "Memory limit exceeded"


def test_base64_is_rubys() -> None:
    """Ruby's ``Base64.encode64``: 60 characters a line, every line ending in a newline (the
    example in Judge0's docs: ``"aGVsbG8sIEp1ZGdlMAo=\\n"``); ``decode64`` skips what is
    not in the alphabet and does without padding."""
    assert encode64("hello, Judge0\n") == "aGVsbG8sIEp1ZGdlMAo=\n"
    long = encode64("x" * 100)
    assert long is not None
    assert [len(line) for line in long.splitlines()] == [60, 60, 16]
    assert encode64(None) is None and encode64("") == ""
    assert decode64("aGVsbG8sIEp1ZGdlMAo=\n") == b"hello, Judge0\n"
    assert decode64("aGVs\nbG8s IEp1ZGdlMAo") == b"hello, Judge0\n"
    assert decode64("!!!") == b""


@given(st.text())
def test_base64_round_trip(text: str) -> None:
    encoded = encode64(text)
    assert encoded is not None
    assert decode64(encoded) == text.encode("utf-8", "surrogateescape")
    assert base64.b64decode(encoded.replace("\n", "")) == decode64(encoded)


def test_times_and_decimals_as_rails_writes_them() -> None:
    """The SDK parses times with ``%Y-%m-%dT%H:%M:%S.%fZ``; Judge0 writes decimals as strings."""
    assert timestamp(AT) == "2024-04-03T05:40:51.306Z"
    plus2 = AT.astimezone(timezone(timedelta(hours=2)))
    assert timestamp(plus2) == "2024-04-03T05:40:51.306Z"
    assert datetime.strptime(timestamp(AT) or "", "%Y-%m-%dT%H:%M:%S.%fZ")
    assert timestamp(None) is None
    assert seconds(42) == "0.042" and seconds(1500) == "1.500" and seconds(None) is None


def test_fields_param() -> None:
    """Judge0's ``Fields::Submission``: defaults when empty, ``*`` for all, unknown names
    reported (400), known ones kept in the order asked."""
    assert requested_fields(None) == (DEFAULT_FIELDS, [])
    assert requested_fields("") == (DEFAULT_FIELDS, [])
    assert requested_fields("*") == (AVAILABLE_FIELDS, [])
    assert requested_fields("stdout,status_id,stdout") == (("stdout", "status_id"), [])
    assert requested_fields("stdout,nope,id") == (("stdout",), ["nope", "id"])
    assert len(AVAILABLE_FIELDS) == 35 and "id" not in AVAILABLE_FIELDS


def test_every_language_has_a_judge0_id() -> None:
    """Each codejudge language has one primary Judge0 CE 1.13.1 id, and the ids the brief
    and the SDK's ``LanguageAlias`` table (1.13.1) use are ours."""
    assert set(PRIMARY_ID) == set(LANGUAGES)
    assert PRIMARY_ID == {
        "python": 71, "c": 50, "cpp": 54, "java": 62, "javascript": 63,
        "typescript": 74, "go": 60, "rust": 73,
    }  # fmt: skip
    assert len(BY_ID) == len(JUDGE0_LANGUAGES)
    assert BY_ID[52].language == "cpp" and not BY_ID[52].primary


def test_render_default_fields_and_base64() -> None:
    row = ran(Verdict.ACCEPTED, actual="Judge0\n", stdout="Judge0\n", stderr="", exit_code=0)
    sub = finished(Verdict.ACCEPTED, row)
    plain = render(sub, DEFAULT_FIELDS, False, CONFIG)
    assert plain == {
        "token": sub.id,
        "time": "0.042",
        "memory": 380,
        "stdout": "Judge0\n",
        "stderr": None,  # empty: null, as Judge0
        "compile_output": None,
        "message": None,
        "status": {"id": 3, "description": "Accepted"},
    }
    encoded = render(sub, ("stdout", "source_code", "stdin"), True, CONFIG)
    assert encoded == {
        "stdout": "SnVkZ2UwCg==\n",
        "source_code": "cHJpbnQoaW5wdXQoKSk=\n",
        "stdin": "SnVkZ2UwCg==\n",
    }
    everything = render(sub, AVAILABLE_FIELDS, False, CONFIG)
    assert list(everything) == list(AVAILABLE_FIELDS)
    assert everything["language_id"] == 71 and everything["status_id"] == 3
    assert everything["cpu_time_limit"] == "1.5" and everything["memory_limit"] == 128000
    assert everything["max_file_size"] == 1024 and everything["exit_code"] == 0
    assert everything["created_at"] == "2024-04-03T05:40:51.306Z"
    assert everything["language"] == {"id": 71, "name": "Python 3"}


def test_render_compile_error() -> None:
    sub = finished(Verdict.COMPILE_ERROR, compile_output="main.c:1: error")
    fields = ("status_id", "compile_output", "time", "stdout", "exit_code")
    shown = render(sub, fields, False, CONFIG)
    assert shown == {
        "status_id": 6, "compile_output": "main.c:1: error", "time": None, "stdout": None,
        "exit_code": None,
    }  # fmt: skip


def check(body: object, base64: bool = False) -> NewSubmission | dict[str, list[str]]:
    parsed = parse_item(body)
    if isinstance(parsed, Judge0SubmissionIn):
        return new_submission(parsed, base64, SETTINGS, CONFIG)
    return parsed


def test_a_request_becomes_an_ad_hoc_submission() -> None:
    """Units in are Judge0's: seconds and kilobytes; into ms and whole MB (rounded up)."""
    new = check(
        {"source_code": "cHJpbnQoMSk=", "language_id": "71", "stdin": "MQ==",
         "expected_output": "MQo=", "cpu_time_limit": 1.25, "memory_limit": 100_000,
         "max_file_size": 64, "unknown": "ignored, as Rails' permit does"},
        base64=True,
    )  # fmt: skip
    assert not isinstance(new, dict), new
    assert new == check(  # the same, sent as plain text
        {"source_code": "print(1)", "language_id": 71, "stdin": "1", "expected_output": "1\n",
         "cpu_time_limit": "1.25", "memory_limit": "100000", "max_file_size": 64}
    )  # fmt: skip
    assert (new.problem, new.language, new.code) == (ADHOC_PROBLEM, "python", "print(1)")
    assert new.custom == CustomInput("1", "1\n", Limits(time_ms=1250, memory_mb=98, output_kb=64))
    defaults = check({"source_code": "x", "language_id": 54})
    assert not isinstance(defaults, dict)
    assert defaults.language == "cpp" and defaults.custom == CustomInput("", None, Limits())


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"source_code": ["can't be blank"], "language_id": ["can't be blank"]}),
        ({"source_code": "  \n", "language_id": 150000},
         {"source_code": ["can't be blank"],
          "language_id": ["language with id 150000 doesn't exist"]}),
        ({"source_code": "x", "language_id": 71, "wall_time_limit": 100000},
         {"wall_time_limit": [f"must be less than or equal to {CONFIG.max_wall_time_limit}"]}),
        ({"source_code": "x", "language_id": 71, "memory_limit": 1000},
         {"memory_limit": ["must be greater than or equal to 2048"]}),
        ({"source_code": "x", "language_id": 71, "cpu_time_limit": "fast"},
         {"cpu_time_limit": ["is not a number"]}),
        ({"source_code": "x", "language_id": 71, "cpu_time_limit": 0},
         {"cpu_time_limit": ["must be greater than 0"]}),
        ({"source_code": "x", "language_id": 71, "compiler_options": "-O3",
          "command_line_arguments": "a", "enable_network": True, "number_of_runs": 3},
         {"compiler_options": ["setting compiler options is not allowed"],
          "command_line_arguments": ["setting command line arguments is not allowed"],
          "enable_network": ["enabling network is not allowed"],
          "number_of_runs": ["must be less than or equal to 1"]}),
        ({"source_code": "x", "language_id": 71,
          "stdin": "x" * (SETTINGS.custom_input_max_bytes + 1)},
         {"stdin": [f"is too long (maximum is {SETTINGS.custom_input_max_bytes} bytes)"]}),
        ([1], {"base": ["a submission is a JSON object"]}),
        ({"source_code": "x", "language_id": 71, "memory_limit": float("nan"),
          "cpu_time_limit": float("inf")},
         {"memory_limit": ["is not a number"], "cpu_time_limit": ["is not a number"]}),
        ({"source_code": "x", "language_id": 71, "callback_url": "ftp://example.com/x"},
         {"callback_url": ["is not an http:// or https:// URL"]}),
    ],
)  # fmt: skip
def test_a_bad_request_gets_judge0s_messages(body: object, errors: dict[str, list[str]]) -> None:
    assert check(body) == errors


def test_base64_that_is_not_utf8() -> None:
    not_utf8 = base64.b64encode(b"\xff\xfe").decode()
    assert check({"source_code": not_utf8, "language_id": 71}, base64=True) == {
        "source_code": ["is not UTF-8 text once decoded from Base64"]
    }


def _paths(prefix: str | None) -> set[str]:
    settings = Settings() if prefix is None else Settings(judge0_prefix=prefix)
    app = build_app(settings, lambda: pytest.fail("the app is not started here"))
    return {getattr(route, "path", "") for route in app.routes}


def test_the_prefix_mounts_it_or_not() -> None:
    """``CODEJUDGE_JUDGE0_PREFIX``: ``/judge0`` by default, another path, or empty: none."""
    assert {"/judge0/submissions", "/judge0/submissions/batch", "/judge0/about"} <= _paths(None)
    elsewhere = _paths("/compat/j0")
    assert "/compat/j0/submissions/{token}" in elsewhere and "/judge0/about" not in elsewhere
    assert not any(p.startswith("/judge0") for p in _paths(""))
    with pytest.raises(ValidationError):
        Settings(judge0_prefix="judge0/")
