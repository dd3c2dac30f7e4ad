"""Schedules over the admin API (``/api/v1/admin/schedules``): create, list, show (with the
fire history), pause, resume, trigger now, delete. The schedules live in the store; every
serve and worker process fires them (``codejudge.scheduling``), each tick once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from codejudge import scheduling
from codejudge.api.auth import require_admin
from codejudge.api.schemas import ErrorOut
from codejudge.api.services import Services, services_of
from codejudge.exceptions import InvalidInput
from codejudge.models import NewSubmission
from codejudge.store.schedules import Action, Fire, FireStatus, Schedule

admin = APIRouter(prefix="/api/v1/admin", tags=["schedules"], dependencies=[Depends(require_admin)])


class ScheduleIn(BaseModel):
    """A new schedule. ``params`` by action: ``rejudge`` {"problem": slug}; ``purge``
    {"days": N}, N from 1 to 36500 (finished submissions, their webhooks, depth samples and
    ended fires older than N days); ``batch`` {"items": [{"problem", "language", "code"},
    …]} (checked now as ``POST /api/v1/submissions/batch`` checks them, submitted at each
    tick); ``redrive`` and ``selftest`` take none."""

    # strict: "enabled": "yes" or "coalesce": 1 is a 422, not a true (a JSON int is a float).
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Annotated[
        str, Field(max_length=1024, description=f"unique: {scheduling.NAME_RULE}")
    ]  # the rule's 422 is scheduling.validate's, naming it
    cron: Annotated[str, Field(max_length=256, description="5 fields: m h dom mon dow")]
    timezone: Annotated[str, Field(max_length=64, description="IANA zone of the cron")] = "UTC"
    action: Annotated[Action, Field(strict=False)]  # the body is a dict: its value, by name
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True
    misfire_grace_seconds: (
        Annotated[
            float,
            Field(ge=scheduling.MIN_GRACE_SECONDS, le=scheduling.MAX_GRACE_SECONDS),
        ]
        | None
    ) = Field(
        default=None,
        description="a tick first seen later than this is skipped, at least "
        f"{scheduling.MIN_GRACE_SECONDS:g} s (default: the server's "
        "CODEJUDGE_SCHEDULE_MISFIRE_GRACE_SECONDS)",
    )
    coalesce: bool = Field(
        default=True, description="several due ticks within the grace fire once, not each"
    )


class FireOut(BaseModel):
    id: str
    tick: datetime
    manual: bool
    status: FireStatus
    created_at: datetime
    finished_at: datetime | None
    result: dict[str, Any]
    error: str | None


class ScheduleOut(BaseModel):
    id: str
    name: str
    cron: str
    timezone: str
    action: Action
    params: dict[str, Any]
    enabled: bool
    misfire_grace_seconds: float
    coalesce: bool
    created_at: datetime
    next_fire_at: datetime | None
    last_fire_at: datetime | None
    missed: int = Field(
        description="ticks skipped past the misfire grace (not those coalesced into a fire)"
    )
    fires: list[FireOut] | None = Field(
        default=None, description="the latest fires, newest first (GET of one schedule)"
    )


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no or wrong admin token"},
    403: {"model": ErrorOut, "description": "not an admin, or not a local client"},
}
_ONE = {**_ERRORS, 404: {"model": ErrorOut, "description": "no such schedule"}}


@admin.post(
    "/schedules",
    status_code=201,
    response_model=ScheduleOut,
    responses={
        **_ERRORS,
        409: {"model": ErrorOut, "description": "the name is taken"},
        422: {"model": ErrorOut, "description": "a bad cron, zone, action or params"},
    },
)
async def create_schedule(request: Request, body: ScheduleIn) -> ScheduleOut:
    """Store a schedule; its first tick is the first after now."""
    services = services_of(request)
    schedule = await run_in_threadpool(_create, services, body)
    return _out(schedule)


def _create(services: Services, body: ScheduleIn) -> Schedule:
    params = scheduling.validate(
        body.name, body.cron, body.timezone, body.action, body.params,
        lambda item: _check_item(services, item),
    )  # fmt: skip
    if body.action is Action.REJUDGE and params["problem"] not in services.problems:
        raise InvalidInput(f"params.problem: no problem {params['problem']!r}")
    grace = body.misfire_grace_seconds
    if grace is None:
        grace = services.settings.schedule_misfire_grace_seconds
    schedule = scheduling.new_schedule(
        body.name, body.cron, body.timezone, body.action, params, grace, body.coalesce,
        body.enabled,
    )  # fmt: skip
    return services.store.schedules.create(schedule)


def _check_item(services: Services, item: NewSubmission) -> None:
    services.submissions.validate(item)


@admin.get("/schedules", response_model=list[ScheduleOut], responses=_ERRORS)
async def list_schedules(request: Request) -> list[ScheduleOut]:
    """Every schedule, oldest first."""
    schedules = await run_in_threadpool(services_of(request).store.schedules.list)
    return [_out(s) for s in schedules]


@admin.get("/schedules/{ref}", response_model=ScheduleOut, responses=_ONE)
async def get_schedule(request: Request, ref: str) -> ScheduleOut:
    """One schedule (by id or name) with its latest 50 fires."""
    store = services_of(request).store
    schedule = await run_in_threadpool(store.schedules.get, ref)
    fires = await run_in_threadpool(store.schedules.fires, schedule.id, 50)
    return _out(schedule, fires)


@admin.post("/schedules/{ref}/pause", response_model=ScheduleOut, responses=_ONE)
async def pause_schedule(request: Request, ref: str) -> ScheduleOut:
    """No tick fires until it is resumed."""
    return _out(await run_in_threadpool(scheduling.pause, services_of(request).store, ref))


@admin.post("/schedules/{ref}/resume", response_model=ScheduleOut, responses=_ONE)
async def resume_schedule(request: Request, ref: str) -> ScheduleOut:
    """Fires again from the first tick after now (the ticks of the pause are not caught up)."""
    return _out(await run_in_threadpool(scheduling.resume, services_of(request).store, ref))


@admin.post("/schedules/{ref}/trigger", status_code=202, response_model=FireOut, responses=_ONE)
async def trigger_schedule(request: Request, ref: str) -> FireOut:
    """Fire it now, paused or not (a manual fire in its history); a worker runs it."""
    services = services_of(request)
    fire = await run_in_threadpool(scheduling.trigger, services.store, services.queue, ref)
    return _fire_out(fire)


@admin.delete("/schedules/{ref}", status_code=204, responses=_ONE)
async def delete_schedule(request: Request, ref: str) -> Response:
    """The schedule and its history; a fire already queued is dropped."""
    await run_in_threadpool(services_of(request).store.schedules.delete, ref)
    return Response(status_code=204)


def _fire_out(f: Fire) -> FireOut:
    return FireOut(
        id=f.id, tick=f.tick, manual=f.manual, status=f.status, created_at=f.created_at,
        finished_at=f.finished_at, result=f.result, error=f.error,
    )  # fmt: skip


def _out(s: Schedule, fires: list[Fire] | None = None) -> ScheduleOut:
    return ScheduleOut(
        id=s.id, name=s.name, cron=s.cron, timezone=s.timezone, action=s.action,
        params=s.params, enabled=s.enabled, misfire_grace_seconds=s.misfire_grace_seconds,
        coalesce=s.coalesce, created_at=s.created_at, next_fire_at=s.next_fire_at,
        last_fire_at=s.last_fire_at, missed=s.missed,
        fires=None if fires is None else [_fire_out(f) for f in fires],
    )  # fmt: skip
