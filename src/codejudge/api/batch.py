"""``POST /api/v1/submissions/batch``: many submissions in one request, one store
transaction and one ``enqueue_many`` (``Submissions.submit_many``); and a submission's webhook
deliveries, ``GET /api/v1/submissions/{id}/deliveries`` (docs/webhooks.md)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codejudge.api.admission import admit
from codejudge.api.auth import AUTH_RESPONSES, Caller, readable, requires
from codejudge.api.problem_jobs import refresh_published
from codejudge.api.schemas import ACCEPT_RESPONSES, ErrorOut, SubmissionIn
from codejudge.api.services import services_of
from codejudge.exceptions import CodejudgeError, NotFound, TooLarge, Unavailable
from codejudge.models import NewSubmission, Role, Status, Submission
from codejudge.store.deliveries import Attempt, Delivery

router = APIRouter(prefix="/api/v1", tags=["batches and webhooks"])

# The kind of a refused item, as ``api/errors.py`` names the same refusal of one submission.
_KINDS: tuple[tuple[type[CodejudgeError], str], ...] = (
    (NotFound, "not_found"),
    (TooLarge, "too_large"),
    (Unavailable, "unavailable"),
    (CodejudgeError, "invalid_input"),
)


class BatchIn(BaseModel):
    """Up to ``CODEJUDGE_BATCH_MAX`` (default 100) submissions, each as ``POST
    /api/v1/submissions`` takes one (``callback_url`` included)."""

    model_config = ConfigDict(extra="forbid")

    items: list[Any] = Field(
        min_length=1,
        description="submissions (SubmissionIn); an item that is not one is refused alone",
        # Each item is meant to be a SubmissionIn, but one that is not is refused alone (its
        # row in ``refused``) while the others are accepted: a 202, so the schema must admit
        # any item, or a schema-driven client (Schemathesis) rightly calls the 202 a bug.
        json_schema_extra={
            "items": {
                "anyOf": [
                    {"$ref": "#/components/schemas/SubmissionIn"},
                    {"description": "anything else: refused alone, in its row of `refused`"},
                ]
            }
        },
    )


class BatchAccepted(BaseModel):
    index: int = Field(description="0-based position in the request's items")
    id: str
    status: Status
    links: dict[str, str]


class BatchRefused(BaseModel):
    index: int = Field(description="0-based position in the request's items")
    error: str = Field(description="as the same refusal of POST /api/v1/submissions names it")
    detail: str | list[str]


class BatchOut(BaseModel):
    items: list[BatchAccepted | BatchRefused] = Field(description="one per item, in order")


@router.post(
    "/submissions/batch",
    status_code=202,
    response_model=BatchOut,
    responses={
        **AUTH_RESPONSES,
        **ACCEPT_RESPONSES,
        413: {"model": ErrorOut, "description": "more items than CODEJUDGE_BATCH_MAX"},
        422: {"model": ErrorOut, "description": "not a batch: no items, or items not a list"},
    },
)
async def batch(
    request: Request, body: BatchIn, caller: Annotated[Caller, Depends(requires(Role.SUBMIT))]
) -> JSONResponse:
    """Queue many submissions at once: 202 with one answer per item, in order, like a 207
    Multi-Status: an accepted item's id, status and links, or a refused item's error and
    detail (what ``POST /api/v1/submissions`` would have answered for it alone). The accepted
    ones are stored in one transaction and queued in one step; a refused one keeps none of the
    others out. More than ``CODEJUDGE_BATCH_MAX`` items: 413, nothing stored. Rate limits and
    quotas count the batch as as many submissions as it has items."""
    services = services_of(request)
    cap = services.settings.batch_max
    if len(body.items) > cap:
        raise TooLarge(f"the batch has {len(body.items)} items; at most {cap} are accepted")
    await refresh_published(request)
    parsed: dict[int, NewSubmission] = {}
    answers: dict[int, BatchAccepted | BatchRefused] = {}
    for index, item in enumerate(body.items):
        try:
            one = SubmissionIn.model_validate(item)
        except ValidationError as exc:
            answers[index] = BatchRefused(index=index, error="invalid_request", detail=_why(exc))
            continue
        parsed[index] = NewSubmission(
            problem=one.problem,
            language=one.language,
            code=one.code,
            owner=caller.key_id,
            callback_url=one.callback_url,
        )
    news = list(parsed.values())
    await admit(request, caller, news)  # 429 / 503: nothing stored
    results = await run_in_threadpool(services.submissions.submit_many, news)
    for index, result in zip(parsed, results, strict=True):
        answers[index] = _answer(index, result)
    out = BatchOut(items=[answers[i] for i in range(len(body.items))])
    return JSONResponse(out.model_dump(mode="json"), status_code=202)


def _answer(index: int, result: Submission | CodejudgeError) -> BatchAccepted | BatchRefused:
    if isinstance(result, Submission):
        links = {
            "self": f"/api/v1/submissions/{result.id}",
            "events": f"/api/v1/submissions/{result.id}/events",
            "deliveries": f"/api/v1/submissions/{result.id}/deliveries",
        }
        return BatchAccepted(index=index, id=result.id, status=result.status, links=links)
    kind = next(name for cls, name in _KINDS if isinstance(result, cls))
    return BatchRefused(index=index, error=kind, detail=str(result))


def _why(exc: ValidationError) -> list[str]:
    """Pydantic's errors of one item as ``api/errors.py`` words a request's."""
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        out.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return out


# -- deliveries ----------------------------------------------------------------------------


class AttemptOut(BaseModel):
    at: datetime
    url: str
    address: str | None = Field(description="the IP address connected to, if any")
    status_code: int | None = Field(description="the receiver's HTTP status; null: no answer")
    error: str | None = Field(description="why it did not deliver; null: a 2xx answer")
    duration_ms: int
    next_retry_at: datetime | None = Field(description="when the next attempt is due, if any")


class DeliveryOut(BaseModel):
    id: str = Field(description="also sent as X-Codejudge-Delivery")
    url: str
    status: str = Field(description="pending, delivered or failed")
    created_at: datetime = Field(description="when the submission finished")
    next_attempt_at: datetime | None
    finished_at: datetime | None = Field(description="when it was delivered or given up")
    last_error: str | None
    attempts: list[AttemptOut] = Field(description="every attempt, oldest first")


class DeliveriesOut(BaseModel):
    submission: str
    callback_url: str | None
    deliveries: list[DeliveryOut] = Field(description="one per finish, oldest first")


@router.get(
    "/submissions/{submission_id}/deliveries",
    response_model=DeliveriesOut,
    responses={
        **AUTH_RESPONSES,
        404: {"model": ErrorOut, "description": "no such submission, or not the caller's"},
    },
)
async def deliveries(
    request: Request,
    submission_id: str,
    caller: Annotated[Caller, Depends(requires(Role.READ))],
) -> DeliveriesOut:
    """The webhook deliveries of a submission's result and every attempt at each: when, to
    which URL and address, the receiver's status code, the error, how long it took and when
    the next attempt is due. Readable by whoever may read the submission."""
    services = services_of(request)
    sub = await run_in_threadpool(readable, services.store, caller, submission_id)  # 404
    found = await run_in_threadpool(services.store.deliveries.of_submission, submission_id)
    return DeliveriesOut(
        submission=sub.id,
        callback_url=sub.callback_url,
        deliveries=[_delivery_out(d, tries) for d, tries in found],
    )


def _delivery_out(d: Delivery, tries: list[Attempt]) -> DeliveryOut:
    return DeliveryOut(
        id=d.id,
        url=d.url,
        status=d.status.value,
        created_at=d.created_at,
        next_attempt_at=d.next_attempt_at,
        finished_at=d.finished_at,
        last_error=d.last_error,
        attempts=[AttemptOut(**dataclasses.asdict(a)) for a in tries],
    )
