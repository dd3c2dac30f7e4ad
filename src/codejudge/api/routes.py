"""HTTP routes: ``/api/v1`` plus the seed's ``/``, ``/submit`` and ``/worker``."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from sse_starlette import EventSourceResponse, ServerSentEvent

from codejudge import __version__, web
from codejudge.api.admission import admit
from codejudge.api.auth import (
    AUTH_RESPONSES,
    Caller,
    current_caller,
    missing_role,
    readable,
    reader,
    require_admin,
    submitter,
)
from codejudge.api.dashboard import DeadLetterOut, dead_letter_items, redrive_dead
from codejudge.api.events import FALLBACK_S
from codejudge.api.problem_jobs import refresh_published
from codejudge.api.schemas import (
    ACCEPT_RESPONSES,
    Accepted,
    ErrorOut,
    LanguageOut,
    LegacySubmitIn,
    RunIn,
    SubmissionIn,
    SubmissionOut,
    SubmissionSummary,
)
from codejudge.api.services import services_of
from codejudge.exceptions import Forbidden
from codejudge.languages import LANGUAGES, language_version
from codejudge.models import (
    CustomInput,
    NewSubmission,
    Priority,
    Role,
    Status,
    Submission,
    SubmissionKind,
)
from codejudge.submissions import WORKER_MAX_AGE

router = APIRouter(prefix="/api/v1")
admin = APIRouter(prefix="/api/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])
legacy = APIRouter(tags=["seed compatibility"])

Wait = Annotated[
    float,
    Query(
        ge=0,
        le=600,
        allow_inf_nan=False,
        description="block up to this many seconds for the verdict",
    ),
]
_TERMINAL = (Status.FINISHED, Status.CANCELLED)
_UNREADABLE = "no such submission, or another key's"
# What every route that takes a submission in may answer (submissions, runs, the seed's).
_INTAKE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": SubmissionOut, "description": "finished within ?wait"},
    **AUTH_RESPONSES,
    **ACCEPT_RESPONSES,
}
Submitter = Annotated[Caller, Depends(submitter)]  # the submit role
Reader = Annotated[Caller, Depends(reader)]  # the read role
AnyCaller = Annotated[Caller, Depends(current_caller)]  # keys mode: a key


@router.get("/languages", response_model=list[LanguageOut])
async def languages(request: Request) -> list[LanguageOut]:
    """Every language with its toolchain version, the problem kinds it can judge, and whether a
    live worker passed its self-test (``available`` is null until some worker has run them)."""
    status = await run_in_threadpool(services_of(request).submissions.language_status)
    return [
        LanguageOut(
            id=lang.id,
            name=lang.name,
            version=await run_in_threadpool(language_version, lang),
            kinds=[str(k) for k in lang.kinds],
            available=status[lang.id][0],
            problem=status[lang.id][1],
        )
        for lang in LANGUAGES.values()
    ]


@router.post(
    "/submissions",
    status_code=202,
    response_model=Accepted,
    responses=_INTAKE_RESPONSES,
)
async def submit(
    request: Request, body: SubmissionIn, caller: Submitter, wait: Wait = 0
) -> Response:
    """Queue a submission. With ``?wait=N`` answer 200 with the verdict if it is ready within N
    seconds, else 202 as usual."""
    new = NewSubmission(
        problem=body.problem,
        language=body.language,
        code=body.code,
        callback_url=body.callback_url,
    )
    return await _accept(request, caller, new, wait)


@router.post(
    "/runs",
    status_code=202,
    response_model=Accepted,
    responses={
        **_INTAKE_RESPONSES,
        413: {"model": ErrorOut, "description": "code or input over its size limit"},
        422: {
            "model": ErrorOut,
            "description": "bad body, language, empty code, no samples; an input that does "
            "not fit the problem (the line, parameter and rule named)",
        },
    },
)
async def run(request: Request, body: RunIn, caller: Submitter, wait: Wait = 0) -> Response:
    """Run code on the problem's sample tests only: every sample is run, even after one fails,
    and each one's row in ``result.tests`` shows its input, expected and actual output. Hidden
    tests are never run. A run is judged before submissions (``Priority.RUN``), is recorded
    with ``kind: "run"``, and is read like a submission: ``links`` point to
    ``/api/v1/submissions/{id}`` and its ``events``. Errors as ``POST /api/v1/submissions``'s.

    With ``input``, the code runs on that one test instead (LeetCode's custom input): a
    function problem's arguments one JSON value per line, a stdio problem's stdin, checked
    against the signature and the problem's constraints first (422 naming what breaks). Its
    expected output is what the problem's reference solution prints on it, run first in the
    sandbox; if the reference fails on it (e.g. runs out of time), the row says so and has no
    expected output, and the code is judged on how it ran alone (docs/runs.md)."""
    custom = CustomInput(body.input) if body.input is not None else None
    new = NewSubmission(
        body.problem,
        body.language,
        body.code,
        priority=Priority.RUN,
        custom=custom,
        callback_url=body.callback_url,
    )
    return await _accept(request, caller, new, wait)


@router.get(
    "/submissions/{submission_id}",
    response_model=SubmissionOut,
    responses={**AUTH_RESPONSES, 404: {"model": ErrorOut, "description": _UNREADABLE}},
)
async def submission(
    request: Request, submission_id: str, caller: Reader, wait: Wait = 0
) -> SubmissionOut:
    """A submission or a run (``kind``), its code, and once finished its result: per test a
    row; a sample test's row shows its input, expected and actual output, a hidden one's never
    does. Needs ``read``; a key reads only its own submissions (another's is 404, as an
    unknown id), an admin every one, an anonymous caller (open mode) any whose id it has."""
    await run_in_threadpool(readable, services_of(request).store, caller, submission_id)
    sub = await _wait_for(request, submission_id, wait)
    return SubmissionOut.of(sub)


@router.get(
    "/submissions/{submission_id}/events",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "the event stream"},
        **AUTH_RESPONSES,
        404: {"model": ErrorOut, "description": _UNREADABLE},
    },
)
async def events(
    request: Request,
    submission_id: str,
    caller: Reader,
    last_event_id: Annotated[str | None, Header()] = None,
) -> EventSourceResponse:
    """Server-sent events: ``queued``, ``running``, one ``test`` per finished test (its row as
    in ``result.tests``: a sample's with its input, expected and actual output), and
    ``finished`` with the whole submission or run, after which the stream ends. Who may
    follow it: as ``GET /api/v1/submissions/{id}``."""
    services = services_of(request)
    await run_in_threadpool(readable, services.store, caller, submission_id)  # 404 first
    after = int(last_event_id) if last_event_id and last_event_id.isdigit() else 0
    return EventSourceResponse(_event_stream(request, submission_id, after), ping=15)


async def _event_stream(
    request: Request, submission_id: str, after: int
) -> AsyncIterator[ServerSentEvent]:
    services = services_of(request)
    with services.events.watch(submission_id) as watch:
        while not await request.is_disconnected():
            # The store first, then the events: a worker publishes every test event before it
            # writes the result, so a terminal status read here means the events read next are
            # complete (read the other way round, a finish in between lost the last tests).
            sub = await run_in_threadpool(services.store.get, submission_id)
            for event in await run_in_threadpool(services.queue.events, submission_id, after):
                after = event.seq
                if event.kind != "finished":
                    yield ServerSentEvent(json.dumps(event.data), event=event.kind, id=str(after))
            if sub.status in _TERMINAL:
                yield ServerSentEvent(
                    SubmissionOut.of(sub).model_dump_json(), event="finished", id=str(after)
                )
                return
            await watch.wait(FALLBACK_S)  # woken by the job's next event


@router.get("/queue", responses=AUTH_RESPONSES)
async def queue_stats(request: Request, caller: AnyCaller) -> dict[str, Any]:
    """Queue depth per priority, running jobs, dead letters and the live worker processes.
    Anyone in the open mode; any key in the keys mode."""
    del caller
    services = services_of(request)
    stats = await run_in_threadpool(services.queue.stats)
    workers = await run_in_threadpool(services.store.live_workers, WORKER_MAX_AGE)
    return {
        "depth": sum(stats.ready.values()),
        "ready": {p.name.lower(): n for p, n in stats.ready.items()},
        "delayed": stats.delayed,
        "running": stats.leased,
        "dead": stats.dead,
        "workers": [
            {
                "id": w.id,
                "host": w.host,
                "pid": w.pid,
                "concurrency": w.concurrency,
                "started_at": w.started_at.isoformat(),
                "last_seen": w.last_seen.isoformat(),
            }
            for w in workers
        ],
    }


@admin.get("/dead-letters", response_model=list[DeadLetterOut])
async def dead_letters(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[DeadLetterOut]:
    """Jobs that failed every delivery, newest first, with their last error and what the
    store has of their job: problem, language and status."""
    return await run_in_threadpool(dead_letter_items, services_of(request), limit)


@admin.post(
    "/dead-letters/{job_id}/redrive",
    status_code=202,
    responses={
        404: {"model": ErrorOut, "description": "no such job"},
        409: {"model": ErrorOut, "description": "the job is not a dead letter"},
    },
)
async def redrive(request: Request, job_id: str) -> dict[str, Any]:
    """Send a dead job (a submission's or a problem measurement's) back to the queue with a
    fresh delivery count; its submission or measurement job is queued again."""
    await run_in_threadpool(redrive_dead, services_of(request), job_id)  # 404 / 409
    return {"id": job_id, "status": "queued"}


@legacy.get("/healthz")
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness and a summary: ``submissions`` counts submissions per status (runs, judged on
    the sample tests only, are left out)."""
    services = services_of(request)
    counts = await run_in_threadpool(services.store.counts, SubmissionKind.SUBMISSION)
    return {
        "status": "ok",
        "version": __version__,
        "problems": len(services.problems.list()),
        "submissions": {str(k): v for k, v in counts.items()},
        "workers": services.workers,
    }


@legacy.get(
    "/",
    response_model=None,
    responses={
        200: {
            "content": {"application/json": {}, "text/html": {}},
            "description": "health as JSON; with Accept: text/html, the problem list page",
        }
    },
)
async def root(request: Request) -> dict[str, Any] | HTMLResponse:
    """Health as JSON for API clients; a browser asking for HTML gets the problem list."""
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(web.page("index"))
    return await healthz(request)


@legacy.post(
    "/submit",
    status_code=202,
    response_model=Accepted,
    responses=_INTAKE_RESPONSES,
)
async def legacy_submit(
    request: Request, body: LegacySubmitIn, caller: Submitter, wait: Wait = 0
) -> Response:
    """The seed's submit: ``{problemId, code, language}``."""
    new = NewSubmission(problem=body.problemId, language=body.language, code=body.code)
    return await _accept(request, caller, new, wait)


@legacy.get("/worker", response_model=None, responses=AUTH_RESPONSES)
async def legacy_worker(request: Request, caller: AnyCaller) -> dict[str, Any]:
    """Judge the next queued job now, in this request, and return it: ``{"processed":
    SubmissionSummary}`` (id, kind, problem, language, status, verdict, times and the result's
    numbers), or ``{"processed": null, "detail": ...}`` when the queue is empty. The job is
    whichever is next, usually someone else's: nothing of what they sent or what their
    program printed is shown (no code, no test rows, no failing test, no compiler output, no
    owner or callback; ``GET /api/v1/submissions/{id}`` shows those to whoever may read it).
    Anonymous callers may (the open mode, as the seed had it); a caller with a key or the
    admin token needs ``admin``, since it drives every one's jobs (403 otherwise). The keys
    mode has no anonymous callers: there it needs an admin key or the admin token."""
    if caller.key is not None and not caller.can(Role.ADMIN):
        raise Forbidden(missing_role(caller, Role.ADMIN))
    services = services_of(request)
    sub = await run_in_threadpool(services.process_one)
    if sub is None:
        return {"processed": None, "detail": "the queue is empty"}
    return {"processed": SubmissionSummary.of(sub).model_dump(mode="json")}


async def _accept(request: Request, caller: Caller, new: NewSubmission, wait: float) -> Response:
    services = services_of(request)
    await refresh_published(request)  # a problem a worker just measured and published
    new = dataclasses.replace(new, owner=caller.key_id)
    await admit(request, caller, [new])  # 429 / 503: nothing stored
    sub = await run_in_threadpool(services.submissions.submit, new)
    if wait > 0:
        sub = await _wait_for(request, sub.id, wait)
        if sub.status in _TERMINAL:
            return JSONResponse(SubmissionOut.of(sub).model_dump(mode="json"), status_code=200)
    accepted = Accepted(
        id=sub.id,
        status=sub.status,
        links={
            "self": f"/api/v1/submissions/{sub.id}",
            "events": f"/api/v1/submissions/{sub.id}/events",
        },
    )
    return JSONResponse(accepted.model_dump(mode="json"), status_code=202)


_FINISHED = frozenset({"finished"})


async def _wait_for(request: Request, submission_id: str, wait: float) -> Submission:
    services = services_of(request)
    deadline = time.monotonic() + min(wait, services.settings.max_wait_seconds)
    # Watch first, then read: a "finished" between the read and the wait still wakes us.
    with services.events.watch(submission_id, _FINISHED) as watch:
        sub = await run_in_threadpool(services.store.get, submission_id)
        while sub.status not in _TERMINAL and (left := deadline - time.monotonic()) > 0:
            await watch.wait(left)
            sub = await run_in_threadpool(services.store.get, submission_id)
    return sub
