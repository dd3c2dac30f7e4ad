"""HTTP request and response bodies. Domain types stay in ``models``; these are the wire format."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from codejudge.api.unstorable import StoredText
from codejudge.languages import LANGUAGES
from codejudge.models import Problem, Status, Submission, SubmissionKind, Verdict

# Request bodies are strict: a JSON value of the wrong type is a 422 naming the field, never
# coerced (``"all": 0`` is not ``false``, ``"code": 1`` is not ``"1"``).
STRICT = ConfigDict(extra="forbid", strict=True)
# The languages, as an enum in the document; the server's own check (``get_language``) names
# the supported ones in its 422, so the field stays a plain string to pydantic.
_LANGUAGE_IDS: dict[str, Any] = {"enum": list(LANGUAGES)}
# Empty code is refused by the intake with its own message; the document says so too.
_NOT_EMPTY: dict[str, Any] = {"minLength": 1}


class SubmissionIn(BaseModel):
    model_config = STRICT

    problem: str = Field(description="problem slug, e.g. two-sum", examples=["two-sum"])
    language: str = Field(
        description="language id, see GET /api/v1/languages",
        examples=["python"],
        json_schema_extra=_LANGUAGE_IDS,
    )
    code: str = Field(description="the source code", json_schema_extra=_NOT_EMPTY)
    callback_url: str | None = Field(
        default=None,
        description="POST the result here when judged (a webhook, docs/webhooks.md); "
        "default: the API key's callback_url",
    )


class RunIn(SubmissionIn):
    """``POST /api/v1/runs``: judge ``code`` on the problem's sample tests only, or on the
    caller's own ``input``."""

    input: str | None = Field(
        default=None,
        description="your own test instead of the samples: a function problem's arguments, "
        "one JSON value per parameter per line (e.g. '[2,7,11,15]\n9'); a stdio problem's "
        "stdin. Checked against the problem's signature and constraints (422 naming the line "
        "and the rule); the expected output is the problem's reference solution's on it",
        examples=["[2,7,11,15]\n9"],
    )


class LegacySubmitIn(BaseModel):
    """The seed's ``POST /submit`` body."""

    model_config = ConfigDict(strict=True)  # unknown fields are ignored, as the seed did

    problemId: str
    code: str = Field(json_schema_extra=_NOT_EMPTY)
    language: str = Field(default="python", json_schema_extra=_LANGUAGE_IDS)


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
    stderr: str | None = Field(
        default=None,
        description=f"a stdio program's standard error, clipped to 16 KiB; {_SHOWN}",
    )
    exit_code: int | None = Field(
        default=None,
        description=f"a stdio program's exit status (null: a signal ended it); {_SHOWN}",
    )
    signal: int | None = Field(
        default=None, description=f"the signal number that ended a stdio program; {_SHOWN}"
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


class ResultSummaryOut(BaseModel):
    """A list row's result: the verdict and its numbers. The tests, the failing test and the
    compiler's output are in ``GET /api/v1/submissions/{id}``'s ``result``."""

    verdict: Verdict
    passed: int = Field(description="tests accepted")
    total: int = Field(description="tests judged (a run: the problem's samples)")
    time_ms: int = Field(description="the slowest test's CPU time, milliseconds")
    memory_kb: int = Field(description="the largest peak memory, KiB")


class ResultOut(ResultSummaryOut):
    """What judging found. Fields may be added; clients should ignore what they do not know."""

    model_config = ConfigDict(extra="allow")

    compile_output: str = Field(description="the compiler's output, as it printed it")
    compile_errors: list[CompileErrorOut] = Field(
        default_factory=list, description="compile_output parsed; lines of the submitted code"
    )
    failing_test: FailingTestOut | None
    tests: list[TestOut] = Field(description="one row per test, in judging order")
    error: str | None = Field(default=None, description="an internal error's detail")


class SubmissionSummary(BaseModel):
    """A submission as lists show it (``GET /api/v1/submissions``): no source code, and the
    result's verdict and numbers only. ``GET /api/v1/submissions/{id}`` has the rest."""

    id: str
    kind: SubmissionKind = Field(
        description="'run': judged on the sample tests only (POST /api/v1/runs), not a "
        "submission of the problem; 'submission': judged on every test"
    )
    problem: str
    language: str
    status: Status
    verdict: Verdict | None
    queued_at: datetime = Field(
        description="when it was last queued: submission time, or the moment an operator "
        "re-drove it from the dead letters (the id keeps the first submission's time)"
    )
    started_at: datetime | None
    finished_at: datetime | None
    result: ResultSummaryOut | None = Field(description="once finished")

    @classmethod
    def of(cls, sub: Submission) -> SubmissionSummary:
        return cls(**_common(sub), result=sub.result.to_dict() if sub.result else None)


class SubmissionOut(SubmissionSummary):
    """One submission in full: its source code and everything judging found."""

    code: str = Field(description="the source code as submitted")
    result: ResultOut | None = Field(description="once finished")
    owner: str | None = Field(
        default=None, description="the id of the API key that made it; null: made without one"
    )
    callback_url: str | None = Field(
        default=None, description="where its result is POSTed when judged (docs/webhooks.md)"
    )

    @classmethod
    def of(cls, sub: Submission) -> SubmissionOut:
        result = sub.result.to_dict() if sub.result else None
        return cls(
            **_common(sub),
            code=sub.code,
            result=result,
            owner=sub.owner,
            callback_url=sub.callback_url,
        )


def _common(sub: Submission) -> dict[str, Any]:
    return {
        "id": sub.id,
        "kind": sub.kind,
        "problem": sub.problem,
        "language": sub.language,
        "status": sub.status,
        "verdict": sub.verdict,
        "queued_at": sub.queued_at,
        "started_at": sub.started_at,
        "finished_at": sub.finished_at,
    }


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
    """Every refusal's body (``api/errors.py``): a kind, and what to fix."""

    error: str = Field(
        description="the kind: invalid_request, invalid_input, malformed_json, not_found, "
        "method_not_allowed, too_large, conflict, http_error, unavailable, ..."
    )
    detail: str | list[str] = Field(
        description="what was wrong and how to fix it (a list: one line per invalid field)"
    )


class RateLimitedOut(ErrorOut):
    """429: a limit of the caller's was reached (``Retry-After`` says when to come back)."""

    limit: str = Field(description="which limit: rate_per_minute or max_queued")
    retry_after: float = Field(description="seconds until a retry may be admitted")


# What an operation that accepts a submission may refuse beyond the rule-added errors
# (``api/openapi.py``): the problem it names, the caller's limits, the queue's state.
ACCEPT_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such problem"},
    413: {"model": ErrorOut, "description": "code over the size limit"},
    422: {"model": ErrorOut, "description": "a bad field: language, empty code, bad text"},
    429: {"model": RateLimitedOut, "description": "a rate limit or quota of the caller's"},
    503: {
        "model": ErrorOut,
        "description": "no live worker can run the language, the queue is full, or "
        "maintenance: try again after Retry-After",
    },
}


RUNNING_CAP = 100  # running jobs in one dashboard snapshot
MAX_BULK = 1000  # ids in one bulk body; {"all": true} goes on to BULK_ALL_CAP
BULK_ALL_CAP = 10_000


# -- the operator dashboard (api.dashboard) ----------------------------------------------------


class QueueDepth(BaseModel):
    ready: dict[str, int] = Field(description="ready jobs per priority: run, submit, rejudge")
    delayed: int = Field(description="jobs waiting for a retry's backoff")
    running: int = Field(description="jobs leased to a worker now")
    dead: int = Field(description="dead letters")


class CurrentJob(BaseModel):
    job_id: str
    slot: str = Field(description="the worker's slot holding it: '0', '1', ... or 'http'")
    elapsed_ms: int = Field(description="since this delivery was claimed")
    problem: str | None
    language: str | None
    stuck: bool = Field(default=False, description="running past its budget (see running)")


class WorkerOut(BaseModel):
    id: str = Field(description="host:pid")
    host: str
    pid: int
    concurrency: int
    languages: list[str] = Field(description="language ids whose self-test passed on it")
    started_at: datetime
    last_seen: datetime = Field(description="its last heartbeat")
    current_jobs: list[CurrentJob]


class RunningOut(BaseModel):
    job_id: str
    worker: str = Field(description="host:pid:slot")
    priority: str = Field(description="run, submit or rejudge")
    delivery: int = Field(description="1 for the first delivery, 2 for the first retry, ...")
    claimed_at: datetime
    elapsed_ms: int
    problem: str | None = Field(description="null for a job the store does not know")
    language: str | None = Field(description="null for a problem measurement job")
    budget_ms: int = Field(
        description="how long this delivery may run: a multiple of its problem's limits "
        "(docs/operations.md, stuck jobs)"
    )
    stuck: bool = Field(
        description="past its budget: its worker recycles it, or any worker's maintenance "
        "takes it away after CODEJUDGE_STUCK_GRACE_SECONDS"
    )


class DashboardOut(BaseModel):
    at: datetime
    queue: QueueDepth
    workers: list[WorkerOut]
    running: list[RunningOut] = Field(description=f"oldest claim first, at most {RUNNING_CAP}")


class HistoryPoint(BaseModel):
    at: datetime = Field(description="the bucket's start")
    depth: dict[str, int] | None = Field(
        description="ready jobs per priority at the bucket's last sample; null: no sample"
    )
    depth_peak: dict[str, int] | None = Field(
        description="the most ready jobs per priority of any sample in the bucket (a burst "
        "that came and went within it shows here); null: no sample"
    )
    running: int | None = Field(description="jobs leased to a worker at that sample; null: none")
    delayed: int | None = Field(description="jobs waiting for a retry's backoff; null: no sample")
    dead: int | None = Field(description="dead letters at that sample; null: no sample")
    finished: int = Field(description="jobs finished in the bucket: submissions and runs")
    runs: int = Field(description="the runs among them (judged on the samples only)")
    verdicts: dict[str, int] = Field(description="{verdict: count} of the submissions among them")
    wait_p50_ms: float | None = Field(
        description="median queue wait (ms) of the jobs (runs too) started in the bucket; "
        "null: none started"
    )
    wait_p95_ms: float | None = Field(
        description="95th percentile of the same waits (ms); null: no job started in the bucket"
    )


class HistoryOut(BaseModel):
    bucket_s: int
    points: list[HistoryPoint] = Field(description="oldest first, one per bucket, empty ones too")


class DeadLetterOut(BaseModel):
    id: str
    deliveries: int
    error: str = Field(description="the last delivery's error")
    died_at: datetime = Field(description="when its last delivery failed")
    problem: str | None = Field(description="the problem slug; null if the store lost the job")
    language: str | None
    submission_status: str | None = Field(
        description="the submission's (or problem job's) status in the store"
    )


class BulkIn(BaseModel):
    model_config = STRICT

    ids: list[Annotated[StoredText, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, min_length=1, max_length=MAX_BULK
    )
    all: bool = Field(default=False, description=f"every dead letter (at most {BULK_ALL_CAP})")

    @model_validator(mode="after")
    def _one_of(self) -> BulkIn:
        if (self.ids is None) == (not self.all):
            raise ValueError('send either {"ids": [...]} or {"all": true}')
        return self


class BulkFailure(BaseModel):
    id: str
    detail: str = Field(description="why not: not a dead letter, unknown, ...")


class BulkOut(BaseModel):
    done: list[str] = Field(description="the ids acted on, in the order tried")
    failed: list[BulkFailure] = Field(description="the ids left as they were, each with why")


class SubmissionPage(BaseModel):
    items: list[SubmissionSummary] = Field(
        description="newest first; no code, and only the result's numbers: "
        "GET /api/v1/submissions/{id} has them"
    )
    next: str | None = Field(description="pass as ?before= for the next page; null: no more")
