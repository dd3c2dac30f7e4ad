"""Domain types shared by every layer. Pure: stdlib only, no I/O.

States and verdicts are ``StrEnum``s so they go into JSON, SQL and Redis unchanged.
"""

from __future__ import annotations

import dataclasses
import json
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any, Literal, Protocol


class Status(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class Verdict(StrEnum):
    """Verdicts, declared worst first: the order *is* the precedence (see ``verdict.worst``)."""

    INTERNAL_ERROR = "internal_error"
    COMPILE_ERROR = "compile_error"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    WRONG_ANSWER = "wrong_answer"
    ACCEPTED = "accepted"
    # Only for a single test that was not run because judging stopped earlier.
    SKIPPED = "skipped"


class ProblemKind(StrEnum):
    FUNCTION = "function"  # LeetCode style: a method/function called with arguments
    STDIO = "stdio"  # classic: stdin -> stdout


class Priority(IntEnum):
    """Lower runs first: custom-input runs, then submissions, then rejudges."""

    RUN = 0
    SUBMIT = 1
    REJUDGE = 2


@dataclass(frozen=True, slots=True)
class Limits:
    time_ms: int = 2000  # CPU time per test
    memory_mb: int = 256
    output_kb: int = 8192


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # LeetCode type vocabulary: integer, integer[], string, list<list<integer>>, ...


@dataclass(frozen=True, slots=True)
class Signature:
    """A function problem's entry point, as LeetCode writes it."""

    function: str  # method name, e.g. "twoSum"
    params: tuple[Param, ...]
    returns: str  # a type, or "void" for in-place problems
    inplace: str | None = None  # with returns == "void": the parameter whose final value is judged
    class_name: str = "Solution"


@dataclass(frozen=True, slots=True)
class CheckerSpec:
    name: str = "tokens"  # exact | tokens  (more in later issues)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TestCase:
    """One test. For stdio problems ``input``/``expected`` are the stdin/stdout texts; for
    function problems ``input`` is a JSON array of the arguments in parameter order and
    ``expected`` the JSON of the expected value."""

    index: int  # 1-based, in judging order (samples first)
    input: str
    expected: str
    sample: bool = False  # samples are visible; other tests are hidden from results
    name: str = ""


class ProblemTests(Sequence[TestCase]):
    """A problem's tests whose length and samples are known without reading the hidden ones
    (``problems.lazy.LazyTests`` reads those on first use). A plain tuple of tests works too."""

    __slots__ = ()

    @property
    @abstractmethod
    def samples(self) -> tuple[TestCase, ...]: ...


class InputConstraints(Protocol):
    """A problem's ``[constraints]`` (``problems.constraints``): what a test's input may be."""

    def violation(self, test_input: str) -> str | None:
        """The first rule ``test_input`` breaks, as a message; None if it keeps them all."""
        ...


@dataclass(frozen=True, slots=True)
class Problem:
    slug: str
    title: str
    kind: ProblemKind
    statement: str
    limits: Limits
    tests: Sequence[TestCase]  # a tuple, or ProblemTests read on first use
    checker: CheckerSpec = field(default_factory=CheckerSpec)
    signature: Signature | None = None
    difficulty: str = "easy"
    tags: tuple[str, ...] = ()
    run_all_tests: bool = False  # judge every test instead of stopping at the first failure
    constraints: InputConstraints | None = None  # checked by `problems check`, not when judging

    @property
    def samples(self) -> tuple[TestCase, ...]:
        if isinstance(self.tests, ProblemTests):
            return self.tests.samples  # without reading the hidden tests
        return tuple(t for t in self.tests if t.sample)


@dataclass(frozen=True, slots=True)
class TestResult:
    """One test's row. A sample test that ran also shows what it was and what the program
    did (``input`` as ``FailingTest`` shows it, ``expected``, ``actual``, ``stdout`` and
    ``message`` where there is one; a stdio program's ``stderr``, ``exit_code`` and
    ``signal`` too), so a run can show every sample's output; a hidden test's row never
    carries any of them."""

    index: int  # 1-based, the TestCase.index
    verdict: Verdict
    time_ms: int = 0
    memory_kb: int = 0
    input: str | None = None
    expected: str | None = None
    actual: str | None = None
    stdout: str | None = None  # a function problem's printed output (stdio: it is ``actual``)
    message: str | None = None  # e.g. the runtime error's traceback
    # A visible stdio test's run as Judge0 reports it: the program's stderr (clipped to 16 KiB,
    # as ``actual``), its exit code (None when a signal ended it) and that signal's number.
    stderr: str | None = None
    exit_code: int | None = None
    signal: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestResult:
        """The inverse of ``dataclasses.asdict`` (and of the worker protocol's test rows)."""

        def text(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        def number(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else int(value)

        return cls(
            index=int(data["index"]),
            verdict=Verdict(data["verdict"]),
            time_ms=int(data.get("time_ms", 0)),
            memory_kb=int(data.get("memory_kb", 0)),
            input=text("input"),
            expected=text("expected"),
            actual=text("actual"),
            stdout=text("stdout"),
            message=text("message"),
            stderr=text("stderr"),
            exit_code=number("exit_code"),
            signal=number("signal"),
        )


@dataclass(frozen=True, slots=True)
class FailingTest:
    """The first failing test. Only filled in for visible tests (hidden tests give the index)."""

    index: int  # 1-based, the TestCase.index
    hidden: bool
    input: str | None = None
    expected: str | None = None
    actual: str | None = None
    stdout: str | None = None
    message: str | None = None  # e.g. the runtime error's traceback


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class CompileDiagnostic:
    """One compiler message at a place in the submitted source (never in a wrapper's or a
    driver's lines): ``line`` 1-based, as an editor numbers the submitted text; ``column``
    1-based, in characters (Unicode code points) of that line, or None when the compiler
    names none (or names one outside the line)."""

    line: int
    column: int | None
    message: str
    severity: Severity = "error"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompileDiagnostic:
        column = data.get("column")
        severity: Severity = "warning" if data.get("severity") == "warning" else "error"
        return cls(
            line=int(data["line"]),
            column=None if column is None else int(column),
            message=str(data.get("message", "")),
            severity=severity,
        )


@dataclass(frozen=True, slots=True)
class JudgeResult:
    verdict: Verdict
    passed: int = 0
    total: int = 0
    time_ms: int = 0
    memory_kb: int = 0
    compile_output: str = ""
    # compile_output read: the compiler's errors (and warnings) in the submitted source
    compile_errors: tuple[CompileDiagnostic, ...] = ()
    failing_test: FailingTest | None = None
    tests: tuple[TestResult, ...] = ()
    error: str | None = None  # internal_error detail, for operators

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JudgeResult:
        failing = data.get("failing_test")
        return cls(
            verdict=Verdict(data["verdict"]),
            passed=int(data.get("passed", 0)),
            total=int(data.get("total", 0)),
            time_ms=int(data.get("time_ms", 0)),
            memory_kb=int(data.get("memory_kb", 0)),
            compile_output=str(data.get("compile_output", "")),
            compile_errors=tuple(map(CompileDiagnostic.from_dict, data.get("compile_errors", ()))),
            failing_test=FailingTest(**failing) if failing else None,
            tests=tuple(TestResult.from_dict(t) for t in data.get("tests", ())),
            error=data.get("error"),
        )

    @classmethod
    def from_json(cls, text: str) -> JudgeResult:
        return cls.from_dict(json.loads(text))


class SubmissionKind(StrEnum):
    """A submission is judged on every test; a run (made at ``Priority.RUN``) on the problem's
    sample tests only, all of them, and never counts as an attempt at the problem.

    The kind is not stored: it is read from the priority (``of``), so the priority of a run
    must stay ``Priority.RUN`` for as long as it exists. Whatever queues a record again at
    another priority (a future rejudge at ``Priority.REJUDGE``) must leave runs out, or keep
    them at ``Priority.RUN``, or store the kind first: else a run would turn into a submission
    and be judged on the hidden tests."""

    SUBMISSION = "submission"
    RUN = "run"

    @classmethod
    def of(cls, priority: Priority) -> SubmissionKind:
        return cls.RUN if priority is Priority.RUN else cls.SUBMISSION


# ``problem`` of an ad hoc submission: code run on the caller's own input with no problem
# (the Judge0 face's submissions), judged as a stdio program on ``custom`` alone.
ADHOC_PROBLEM = ""


class Role(StrEnum):
    """What an API key may do. ``submit``: submissions and runs; ``read``: read one's own
    submissions (every one's with ``admin``); ``admin``: the admin API."""

    SUBMIT = "submit"
    READ = "read"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class CustomInput:
    """A run on the caller's own input instead of the problem's tests (LeetCode's "Run" with
    custom input; Judge0's ``stdin``): judged as one visible test.

    ``input``: a function problem's arguments in its tests' format (one JSON value per
    line); a stdio problem's (or an ad hoc submission's) raw stdin.
    ``expected``: the output to compare with; None on a problem: the problem's reference
    solution is run on the same input first and its output is expected (as LeetCode does);
    None on an ad hoc submission: not compared (any clean exit is accepted, as Judge0 does).
    ``limits``: an ad hoc submission's own limits (None: the defaults); a problem's runs use
    the problem's."""

    input: str
    expected: str | None = None
    limits: Limits | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input": self.input, "expected": self.expected}
        if self.limits is not None:
            out["limits"] = dataclasses.asdict(self.limits)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CustomInput:
        limits = data.get("limits")
        return cls(
            input=data["input"],
            expected=data.get("expected"),
            limits=Limits(**limits) if limits else None,
        )


@dataclass(frozen=True, slots=True)
class NewSubmission:
    """What intake takes in (``Submissions.submit``). ``kind`` derives from ``priority``:
    ``Priority.RUN`` makes a run, any other a submission (see ``SubmissionKind`` on why a run
    must keep that priority)."""

    problem: str
    language: str
    code: str
    priority: Priority = Priority.SUBMIT  # Priority.RUN: a run (see SubmissionKind)
    owner: str | None = None  # the id of the API key that made it; None: no key (open mode)
    callback_url: str | None = None  # where its result is POSTed when it finishes (webhook)
    custom: CustomInput | None = None  # a run on the caller's input, not the problem's tests

    @property
    def kind(self) -> SubmissionKind:
        return SubmissionKind.of(Priority(self.priority))


@dataclass(frozen=True, slots=True)
class Submission:
    """A stored submission or run. ``kind`` derives from ``priority``, the priority it was
    queued at: a rejudge of a run must keep ``Priority.RUN`` (or the kind must be stored
    first), else the run reads as a submission and is judged on every test
    (``SubmissionKind``)."""

    id: str
    problem: str
    language: str
    code: str
    status: Status
    priority: Priority
    queued_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    verdict: Verdict | None = None
    result: JudgeResult | None = None
    token: int | None = None  # fencing token of the delivery that owns it now
    owner: str | None = None  # the id of the API key that made it; None: no key (open mode)
    callback_url: str | None = None  # where its result is POSTed when it finishes (webhook)
    custom: CustomInput | None = None  # a run on the caller's input, not the problem's tests

    @property
    def kind(self) -> SubmissionKind:
        return SubmissionKind.of(Priority(self.priority))


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """A registered worker process, as its heartbeats last described it."""

    id: str
    host: str
    pid: int
    concurrency: int
    started_at: datetime
    last_seen: datetime
    # language id -> None when its self-test passed, else why not; empty until the tests ran
    languages: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as stored: never the key itself, only its SHA-256 (``codejudge keys
    create`` shows the key once). ``prefix``: the key's first characters, to tell keys apart
    in lists. Limits: submissions per minute and submissions queued at once (None: the
    server's defaults). ``callback_url``: the default webhook of its submissions;
    ``webhook_secret``: the HMAC key that signs its webhooks (shown once, with the key)."""

    id: str
    name: str
    prefix: str
    roles: frozenset[Role]
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    rate_per_minute: int | None = None
    max_queued: int | None = None
    callback_url: str | None = None
    webhook_secret: str = ""

    @property
    def active(self) -> bool:
        return self.revoked_at is None
