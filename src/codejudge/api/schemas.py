"""HTTP request and response bodies. Domain types stay in ``models``; these are the wire format."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from codejudge.models import Problem, Status, Submission, Verdict


class SubmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    problem: str = Field(description="problem slug, e.g. two-sum", examples=["two-sum"])
    language: str = Field(description="language id, see GET /api/v1/languages", examples=["python"])
    code: str = Field(description="the source code")


class LegacySubmitIn(BaseModel):
    """The seed's ``POST /submit`` body."""

    problemId: str
    code: str
    language: str = "python"


class Accepted(BaseModel):
    id: str
    status: Status
    links: dict[str, str]


class SubmissionOut(BaseModel):
    id: str
    problem: str
    language: str
    status: Status
    verdict: Verdict | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    result: dict[str, Any] | None = Field(
        description="passed/total, time_ms, memory_kb, compile_output, failing_test, tests"
    )

    @classmethod
    def of(cls, sub: Submission) -> SubmissionOut:
        return cls(
            id=sub.id,
            problem=sub.problem,
            language=sub.language,
            status=sub.status,
            verdict=sub.verdict,
            queued_at=sub.queued_at,
            started_at=sub.started_at,
            finished_at=sub.finished_at,
            result=sub.result.to_dict() if sub.result else None,
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
