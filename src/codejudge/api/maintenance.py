"""Maintenance mode over the admin API: ``GET``/``PUT /api/v1/admin/maintenance``. While it
is on, new submissions, runs and batches (and the Judge0 face's) are answered 503 with
``Retry-After`` and the operator's message; what is queued or running is judged, and reads
work (``api.admission``). The state is in the store, so every API process sees it at once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from codejudge.api.admission import maintenance_retry
from codejudge.api.auth import require_admin
from codejudge.api.schemas import ErrorOut
from codejudge.api.services import services_of
from codejudge.store.admission import MAX_MESSAGE, Maintenance, until_refusal

admin = APIRouter(prefix="/api/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])

DEFAULT_MESSAGE = "the server is being maintained"


class MaintenanceIn(BaseModel):
    """Turn maintenance on (``enabled: true``, optionally with a message for the clients
    refused and the time it is expected to end) or off (``enabled: false``; the rest is
    ignored)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool
    message: Annotated[str, Field(max_length=MAX_MESSAGE)] | None = Field(
        default=None, description=f"shown to refused clients (at most {MAX_MESSAGE} characters)"
    )
    until: AwareDatetime | None = Field(
        default=None,
        description="expected end, with a time zone (ISO 8601); refused clients are told to "
        "retry then (Retry-After). Maintenance does not end by itself when it passes",
    )

    @field_validator("until")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        if value is not None and (why := until_refusal(value)) is not None:
            raise ValueError(why)
        return value

    @field_validator("message")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value.strip() or None


class MaintenanceOut(BaseModel):
    """The maintenance state: ``retry_after`` is what a refused client is told, in seconds
    (null when off)."""

    enabled: bool
    message: str | None = None
    until: datetime | None = None
    retry_after: int | None = None


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no or wrong admin token"},
    403: {"model": ErrorOut, "description": "not an admin, or not a local client"},
}


@admin.get("/maintenance", response_model=MaintenanceOut, responses=_ERRORS)
async def get_maintenance(request: Request) -> MaintenanceOut:
    """Whether maintenance is on, its message, its announced end and the Retry-After given."""
    services = services_of(request)
    state = await run_in_threadpool(services.store.admission.maintenance)
    return _out(request, state)


@admin.put(
    "/maintenance",
    response_model=MaintenanceOut,
    responses={**_ERRORS, 422: {"model": ErrorOut, "description": "a bad body or message"}},
)
async def put_maintenance(request: Request, body: MaintenanceIn) -> MaintenanceOut:
    """Turn maintenance on or off, for every API process at once; answers the new state."""
    services = services_of(request)
    wanted = Maintenance(body.message or DEFAULT_MESSAGE, body.until) if body.enabled else None
    state = await run_in_threadpool(services.store.admission.set_maintenance, wanted)
    return _out(request, state)


def _out(request: Request, state: Maintenance | None) -> MaintenanceOut:
    if state is None:
        return MaintenanceOut(enabled=False)
    retry = maintenance_retry(state, services_of(request).settings)
    return MaintenanceOut(enabled=True, message=state.message, until=state.until, retry_after=retry)
