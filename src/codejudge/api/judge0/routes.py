"""The Judge0 CE-compatible routes (mounted at ``CODEJUDGE_JUDGE0_PREFIX``, default
``/judge0``): ``POST /submissions`` (``?base64_encoded``, ``?wait``, ``?fields``),
``GET /submissions/{token}``, ``POST/GET /submissions/batch``, ``/languages``,
``/languages/{id}``, ``/statuses``, ``/about``, ``/config_info``, ``/workers``.

A submission here is a codejudge ad hoc submission (``problem == ADHOC_PROBLEM``: the code run
as a stdio program on ``stdin``, compared with ``expected_output`` when one is given, as
Judge0 compares them); its token is its codejudge id. Callers and roles as the rest of the API
(``current_caller``; ``submit`` to create, ``read`` to read; ``/languages``, ``/statuses``,
``/about`` and ``/config_info`` need no key, as languages and problems need none; ``/workers``
needs one in the keys mode, as ``/api/v1/queue`` does), admission as the rest of the API
(``admit``: 429 / 503). Every refusal has Judge0's body: ``{"field": ["message"]}`` (422) for a
submission that does not validate, else ``{"error": "message"}`` (``Judge0Route``)."""

from __future__ import annotations

import dataclasses
import re
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from codejudge.api.admission import admit
from codejudge.api.auth import Caller, can_read, current_caller
from codejudge.api.judge0 import info
from codejudge.api.judge0.config import Judge0Config, judge0_config
from codejudge.api.judge0.errors import (
    FIELD_ERRORS,
    BadRequest,
    FieldErrors,
    Judge0Route,
    responses,
)
from codejudge.api.judge0.intake import Judge0SubmissionIn, new_submission, parse_item
from codejudge.api.judge0.render import render, requested_fields
from codejudge.api.services import Services, services_of
from codejudge.exceptions import Forbidden, InvalidInput, NotFound
from codejudge.models import ADHOC_PROBLEM, NewSubmission, Role, Status, Submission

_TERMINAL = (Status.FINISHED, Status.CANCELLED)
_TOKEN = re.compile(r"[0-9A-Fa-f-]{1,64}")

router = APIRouter(tags=["judge0"], route_class=Judge0Route)
router.include_router(info.router)

Flag = Annotated[str | None, Query(description="`true` to turn it on; anything else: off")]
Fields = Annotated[
    str | None, Query(description="attributes to show, comma-separated; `*`: all of them")
]
CallerDep = Annotated[Caller, Depends(current_caller)]


def _on(flag: str | None) -> bool:
    return flag == "true"  # Judge0: params[:x] == "true"


def _fields(param: str | None) -> tuple[str, ...]:
    fields, invalid = requested_fields(param)
    if invalid:
        raise BadRequest(f"invalid fields: [{', '.join(invalid)}]")
    return fields


def _require(caller: Caller, role: Role, what: str) -> None:
    if not caller.can(role):
        raise Forbidden(f"{what} needs an API key with the {role.value!r} role")


def _readable(caller: Caller, sub: Submission) -> bool:
    """Whether ``caller`` may read ``sub`` through this face: an ad hoc submission that
    ``auth.can_read`` lets it read (the rule of the rest of the API)."""
    return sub.problem == ADHOC_PROBLEM and can_read(caller, sub)


class BatchIn(BaseModel):
    """``POST /submissions/batch``'s body: ``{"submissions": [submission, ...]}``."""

    submissions: list[Any] | None = None


_OBJECT = {"application/json": {"schema": {"type": "object"}}}
_OBJECTS = {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}
_WRITE = (400, 401, 403, 422, 429, 503)
_READ = (400, 401, 403)


@router.post(
    "/submissions",
    status_code=201,
    response_model=None,
    responses={
        201: {
            "description": "`{token}`, or with `?wait=true` the submission",
            "content": _OBJECT,
            "links": {
                "GetSubmission": {
                    "operationId": "judge0_get_submission",
                    "parameters": {"token": "$response.body#/token"},
                }
            },
        },
        **responses(*_WRITE),
    },
)
async def create(
    request: Request,
    body: Judge0SubmissionIn,
    caller: CallerDep,
    base64_encoded: Flag = None,
    wait: Flag = None,
    fields: Fields = None,
) -> Response:
    """Create a submission: 201 ``{"token": ...}``; with ``?wait=true`` 201 with the finished
    submission's ``fields`` (waiting at most ``CODEJUDGE_MAX_WAIT_SECONDS``: a submission
    still queued or running then is shown as it is). 422 ``{"field": ["message"]}``."""
    _require(caller, Role.SUBMIT, "creating a submission")
    shown = _fields(fields)
    services = services_of(request)
    config = judge0_config(services.settings)
    base64 = _on(base64_encoded)
    new = new_submission(body, base64, services.settings, config)
    if isinstance(new, dict):
        return JSONResponse(new, status_code=422)
    new = dataclasses.replace(new, owner=caller.key_id)
    await admit(request, caller, [new])  # 429 / 503: nothing stored
    try:
        sub = await run_in_threadpool(services.submissions.submit, new)
    except InvalidInput as exc:
        return JSONResponse({"base": [str(exc)]}, status_code=422)
    if not _on(wait):
        return JSONResponse({"token": sub.id}, status_code=201)
    sub = await _wait_for(services, sub.id, services.settings.max_wait_seconds)
    return JSONResponse(render(sub, shown, base64, config), status_code=201)


@router.get(
    "/submissions/batch",
    response_model=None,
    responses={
        200: {
            "description": "`{submissions: [submission | null]}`, in the order of `tokens`",
            "content": _OBJECT,
        },
        **responses(*_READ),
    },
)
async def batch_show(
    request: Request,
    caller: CallerDep,
    tokens: Annotated[str | None, Query(description="tokens, comma-separated")] = None,
    tokens_header: Annotated[str | None, Header(alias="tokens")] = None,
    base64_encoded: Flag = None,
    fields: Fields = None,
) -> Response:
    """Many submissions at once: ``{"submissions": [submission | null, ...]}`` in the order of
    ``tokens`` (null: no such submission, or not the caller's). 400 for no tokens, or more
    than ``CODEJUDGE_JUDGE0_BATCH_MAX``."""
    _require(caller, Role.READ, "reading submissions")
    services = services_of(request)
    wanted = [t.strip() for t in (tokens_header or tokens or "").strip().split(",") if t.strip()]
    shown = _fields(fields)
    _batch_size(len(wanted), services.settings.judge0_batch_max)
    config = judge0_config(services.settings)
    base64 = _on(base64_encoded)
    found = await run_in_threadpool(_get_many, services, wanted)
    shown_subs = [
        render(sub, shown, base64, config) if sub and _readable(caller, sub) else None
        for sub in found
    ]
    return JSONResponse({"submissions": shown_subs})


@router.post(
    "/submissions/batch",
    status_code=201,
    response_model=None,
    responses={
        201: {"description": "per item: `{token}` or its errors", "content": _OBJECTS},
        **responses(*_WRITE),
        422: {
            "description": "no item was valid: per item its errors; or a body that is not "
            "`{submissions: [...]}`: `{field: [messages]}`",
            "content": {
                "application/json": {
                    "schema": {"anyOf": [_OBJECTS["application/json"]["schema"], FIELD_ERRORS]}
                }
            },
        },
    },
)
async def batch_create(
    request: Request, body: BatchIn, caller: CallerDep, base64_encoded: Flag = None
) -> Response:
    """Create many submissions: per item, in order, ``{"token": ...}`` or its 422 body; 201
    when at least one was created, else 422. 400 for none, or more than
    ``CODEJUDGE_JUDGE0_BATCH_MAX``. The valid items are admitted together (429 / 503: none)."""
    _require(caller, Role.SUBMIT, "creating submissions")
    services = services_of(request)
    items = body.submissions or []
    _batch_size(len(items), services.settings.judge0_batch_max)
    config = judge0_config(services.settings)
    base64 = _on(base64_encoded)
    checked = [_owned(_item(i, base64, services, config), caller) for i in items]
    valid = [c for c in checked if isinstance(c, NewSubmission)]
    if valid:
        await admit(request, caller, valid)
    answers = await run_in_threadpool(_submit_each, services, checked)
    created = any("token" in a for a in answers)
    return JSONResponse(answers, status_code=201 if created else 422)


@router.get(
    "/submissions/{token}",
    operation_id="judge0_get_submission",
    response_model=None,
    responses={
        200: {"description": "the submission", "content": _OBJECT},
        **responses(*_READ, 404),
    },
)
async def show(
    request: Request,
    token: str,
    caller: CallerDep,
    base64_encoded: Flag = None,
    fields: Fields = None,
) -> Response:
    """One submission's ``fields`` (default: token, time, memory, stdout, stderr,
    compile_output, message, status). 404 for no such submission, or one not the caller's
    (or not made through this face)."""
    _require(caller, Role.READ, "reading a submission")
    shown = _fields(fields)
    services = services_of(request)
    sub = (await run_in_threadpool(_get_many, services, [token]))[0]
    if sub is None or not _readable(caller, sub):
        raise NotFound(f"submission {token!r} not found")
    config = judge0_config(services.settings)
    return JSONResponse(render(sub, shown, _on(base64_encoded), config))


def _item(
    data: Any, base64: bool, services: Services, config: Judge0Config
) -> NewSubmission | FieldErrors:
    parsed = parse_item(data)
    if isinstance(parsed, Judge0SubmissionIn):
        return new_submission(parsed, base64, services.settings, config)
    return parsed


def _owned(item: NewSubmission | FieldErrors, caller: Caller) -> NewSubmission | FieldErrors:
    if isinstance(item, NewSubmission):
        return dataclasses.replace(item, owner=caller.key_id)
    return item


def _batch_size(count: int, most: int) -> None:
    if count > most:
        raise BadRequest(f"number of submissions in a batch should be less than or equal to {most}")
    if count == 0:
        raise BadRequest("there should be at least one submission in a batch")


def _get_many(services: Services, tokens: list[str]) -> list[Submission | None]:
    found: list[Submission | None] = []
    for token in tokens:
        if not _TOKEN.fullmatch(token):  # not one of ours (a UUID), not sent to the store
            found.append(None)
            continue
        try:
            found.append(services.store.get(token))
        except NotFound:
            found.append(None)
    return found


def _submit_each(
    services: Services, checked: list[NewSubmission | FieldErrors]
) -> list[dict[str, Any]]:
    """The valid items submitted together (``Submissions.submit_many``: one store
    transaction, one enqueue), each answer in order: ``{"token": ...}`` or the item's 422
    body (its own, or what intake refused it for: its language, its limits)."""
    valid = [item for item in checked if isinstance(item, NewSubmission)]
    results = iter(services.submissions.submit_many(valid))
    answers: list[dict[str, Any]] = []
    for item in checked:
        if not isinstance(item, NewSubmission):
            answers.append(item)
            continue
        result = next(results)
        if isinstance(result, Submission):
            answers.append({"token": result.id})
        else:
            answers.append({"base": [str(result)]})
    return answers


async def _wait_for(services: Services, submission_id: str, wait: float) -> Submission:
    """The submission once finished, or as it is after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    # Watch first, then read: a "finished" between the read and the wait still wakes us.
    with services.events.watch(submission_id, frozenset({"finished"})) as watch:
        sub = await run_in_threadpool(services.store.get, submission_id)
        while sub.status not in _TERMINAL and (left := deadline - time.monotonic()) > 0:
            await watch.wait(left)
            sub = await run_in_threadpool(services.store.get, submission_id)
    return sub
