"""HTTP request and response bodies. Domain types stay in ``models``; these are the wire format."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from codejudge.models import Problem, Status, Submission, SubmissionKind, Verdict


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    problem: str = Field(description="problem slug, e.g. two-sum", examples=["two-sum"])
    language: str = Field(description="language id, see GET /api/v1/languages", examples=["python"])
    code: str = Field(description="the source code")


class RunIn(SubmissionIn):
    """``POST /api/v1/runs``: judge ``code`` on the problem's sample tests only."""

    # Custom input (issue 13) joins here as an optional field: the caller's own tests.


class LegacySubmitIn(BaseModel):
    """The seed's ``POST /submit`` body."""

    problemId: str
    code: str
    language: str = "python"


class Accepted(BaseModel):
    id: str
    status: Status
    links: dict[str, str]


_SHOWN = "only for a visible (sample) test"


class TestOut(BaseModel):
    """One test's row. A sample test that ran also shows its input, the expected and the
    actual output (and stdout, message where there is one); a hidden test's row never does."""

    index: int = Field(description="1-based, in judging order (samples first)")
    verdict: Verdict = Field(description="'skipped': not run, judging stopped earlier")
    time_ms: int = Field(description="CPU time, milliseconds")
    memory_kb: int = Field(description="peak memory, KiB")
    input: str | None = Field(
        default=None,
        description=f"stdin, or a function's arguments' JSON one per line; {_SHOWN}",
    )
    expected: str | None = Field(default=None, description=f"the expected output; {_SHOWN}")
    actual: str | None = Field(
        default=None,
        description=f"the program's output (a function's: its value's JSON), clipped to 16 KiB; "
        f"null if it produced none; {_SHOWN}",
    )
    stdout: str | None = Field(
        default=None, description=f"what a function solution printed; {_SHOWN}"
    )
    message: str | None = Field(
        default=None, description=f"e.g. a runtime error's traceback; {_SHOWN}"
    )


class FailingTestOut(BaseModel):
    """The first failing test; a hidden one gives its index only."""

    index: int
    hidden: bool
    input: str | None = None
    expected: str | None = None
    actual: str | None = None
    stdout: str | None = None
    message: str | None = None


class CompileErrorOut(BaseModel):
    """One compiler diagnostic, at a line of the submitted source."""

    line: int = Field(description="1-based line in the submitted code")
    column: int | None = Field(description="1-based column, if the compiler says")
    message: str
    severity: Literal["error", "warning"]


class ResultOut(BaseModel):
    """What judging found. Fields may be added; clients should ignore what they do not know."""

    model_config = ConfigDict(extra="allow")

    verdict: Verdict
    passed: int = Field(description="tests accepted")
    total: int = Field(description="tests judged (a run: the problem's samples)")
    time_ms: int = Field(description="the slowest test's CPU time, milliseconds")
    memory_kb: int = Field(description="the largest peak memory, KiB")
    compile_output: str = Field(description="the compiler's output, as it printed it")
    compile_errors: list[CompileErrorOut] = Field(
        default_factory=list, description="compile_output parsed; lines of the submitted code"
    )
    failing_test: FailingTestOut | None
    tests: list[TestOut] = Field(description="one row per test, in judging order")
    error: str | None = Field(default=None, description="an internal error's detail")


class SubmissionOut(BaseModel):
    id: str
    kind: SubmissionKind = Field(
        description="'run': judged on the sample tests only (POST /api/v1/runs), not a "
        "submission of the problem; 'submission': judged on every test"
    )
    problem: str
    language: str
    code: str = Field(description="the source code as submitted")
    status: Status
    verdict: Verdict | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: ResultOut | None = Field(description="once finished")

    @classmethod
    def of(cls, sub: Submission) -> SubmissionOut:
        return cls(
            id=sub.id,
            kind=sub.kind,
            problem=sub.problem,
            language=sub.language,
            code=sub.code,
            status=sub.status,
            verdict=sub.verdict,
            queued_at=sub.queued_at,
            started_at=sub.started_at,
            finished_at=sub.finished_at,
            result=ResultOut.model_validate(sub.result.to_dict()) if sub.result else None,
        )


class LanguageOut(BaseModel):
    id: str
    name: str
    version: str | None
    kinds: list[str]
    available: bool | None = Field(
        default=None, description="a live worker passed its self-test; null: none reported yet"
    )
    problem: str | None = Field(default=None, description="why no worker can run it")


class ProblemSummary(BaseModel):
    slug: str
    title: str
    kind: str
    difficulty: str
    tags: list[str]

    @classmethod
    def of(cls, p: Problem) -> ProblemSummary:
        return cls(
            slug=p.slug, title=p.title, kind=str(p.kind), difficulty=p.difficulty, tags=list(p.tags)
        )


class ProblemDetail(ProblemSummary):
    statement: str
    limits: dict[str, int]
    signature: dict[str, Any] | None
    checker: str
    samples: list[dict[str, str]]
    test_count: int

    @classmethod
    def of(cls, p: Problem) -> ProblemDetail:
        signature = None
        if p.signature:
            signature = {
                "function": p.signature.function,
                "params": [{"name": x.name, "type": x.type} for x in p.signature.params],
                "returns": p.signature.returns,
                "inplace": p.signature.inplace,
            }
        return cls(
            **ProblemSummary.of(p).model_dump(),
            statement=p.statement,
            limits={
                "time_ms": p.limits.time_ms,
                "memory_mb": p.limits.memory_mb,
                "output_kb": p.limits.output_kb,
            },
            signature=signature,
            checker=p.checker.name,
            samples=[{"input": t.input, "expected": t.expected} for t in p.samples],
            test_count=len(p.tests),
        )


class ErrorOut(BaseModel):
    error: str
    detail: str | list[str]
