"""``GET /api/v1/submissions``: many submissions at once (``ids=``) or a filtered listing,
newest first, paged by cursor, limited to what the caller may read (``auth``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from codejudge.api.auth import Caller, current_caller, missing_role, require_admin
from codejudge.api.schemas import ErrorOut, SubmissionPage, SubmissionSummary
from codejudge.api.services import services_of
from codejudge.exceptions import Forbidden, InvalidInput
from codejudge.models import Role, Status, SubmissionKind, Verdict
from codejudge.store.ids import time_bound

router = APIRouter(prefix="/api/v1")

MAX_IDS = 100  # ids in one GET /api/v1/submissions?ids=
MAX_PAGE = 200  # submissions in one page of GET /api/v1/submissions (< MAX_LIST: one more is read)
DEFAULT_PAGE = 50
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KEY_ID = r"^[0-9a-fA-F-]{1,64}$"
_TIME = "ISO 8601 time, UTC if no zone is given (e.g. 2026-01-31T12:00:00Z)"


@dataclass(frozen=True, slots=True)
class ListFilters:
    """The query of ``GET /api/v1/submissions``, parsed (``list_filters``)."""

    ids: list[str] | None
    problem: str | None
    language: str | None
    verdict: Verdict | None
    status: Status | None
    kind: SubmissionKind | None
    owner: str | None
    since: datetime | None
    until: datetime | None
    id_prefix: str | None
    limit: int | None
    before: str | None


def list_filters(
    ids: Annotated[
        str | None,
        Query(description=f"comma-separated submission ids (at most {MAX_IDS})"),
    ] = None,
    problem: Annotated[str | None, Query(max_length=128)] = None,
    language: Annotated[str | None, Query(max_length=32)] = None,
    verdict: Verdict | None = None,
    status: Status | None = None,
    kind: Annotated[
        SubmissionKind | None,
        Query(description="only submissions, or only runs (sample-test runs); default: both"),
    ] = None,
    owner: Annotated[
        str | None,
        Query(pattern=_KEY_ID, description="an API key id: that key's submissions (admin)"),
    ] = None,
    since: Annotated[
        str | None, Query(max_length=64, description=f"made at or after: {_TIME}")
    ] = None,
    until: Annotated[str | None, Query(max_length=64, description=f"made before: {_TIME}")] = None,
    q: Annotated[
        str | None, Query(pattern=r"^[0-9a-fA-F-]{1,36}$", description="an id prefix")
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=MAX_PAGE, description=f"default: {DEFAULT_PAGE}, or the ids' count"),
    ] = None,
    before: Annotated[
        str | None,
        Query(max_length=64, description="cursor: an id (older ones) or ISO time (made before)"),
    ] = None,
) -> ListFilters:
    """The filters of a listing (a FastAPI dependency); 422 for a bad time, cursor or too
    many ids."""
    return ListFilters(
        ids=_ids(ids) if ids is not None else None,
        problem=problem,
        language=language,
        verdict=verdict,
        status=status,
        kind=kind,
        owner=owner,
        since=_time("since", since),
        until=_time("until", until),
        id_prefix=q.lower() if q else None,
        limit=limit,
        before=_cursor(before),
    )


@router.get(
    "/submissions",
    response_model=SubmissionPage,
    responses={
        401: {"model": ErrorOut, "description": "a wrong key, or none in the keys mode"},
        403: {"model": ErrorOut, "description": "a listing this caller may not see"},
        422: {"model": ErrorOut, "description": "a bad filter or cursor"},
    },
)
async def list_submissions(
    request: Request,
    response: Response,
    caller: Annotated[Caller, Depends(current_caller)],
    filters: Annotated[ListFilters, Depends(list_filters)],
) -> SubmissionPage:
    """Submissions, newest first. Filters combine; page on with ``next`` (the ``before`` of
    the next page; also sent as a ``Link: <…>; rel="next"`` header). Who sees what: an admin
    (an admin key, the admin token, or a direct local client of the open mode with no token)
    every one's, ``owner`` picking one key's; a key with ``read`` its own only (``owner``
    naming another key: 403); an anonymous caller (open mode) only those it names by ``ids``
    (an id is the capability to read its submission, as for ``GET /submissions/{id}``).
    Unknown or unreadable ids are simply absent. ``since``/``until`` bound when a submission
    was made. Runs (``POST /api/v1/runs``) are listed too unless ``kind`` picks one kind.
    Items are summaries (no code; the result's verdict and numbers only): ``GET
    /api/v1/submissions/{id}`` has a submission in full."""
    owner = _owner_scope(request, caller, filters)
    if filters.ids == []:
        return SubmissionPage(items=[], next=None)
    size = filters.limit or (len(filters.ids) if filters.ids else DEFAULT_PAGE)
    subs = await run_in_threadpool(
        partial(
            services_of(request).store.list,
            ids=filters.ids,
            problem=filters.problem,
            language=filters.language,
            verdict=filters.verdict,
            status=filters.status,
            id_prefix=filters.id_prefix,
            kind=filters.kind,
            before=filters.before,
            owner=owner,
            since=filters.since,
            until=filters.until,
            limit=size + 1,  # one row past the page tells whether there is a next one
        )
    )
    page, more = subs[:size], len(subs) > size
    if more:
        response.headers["Link"] = _next_link(request, page[-1].id)
    return SubmissionPage(
        items=[SubmissionSummary.of(s) for s in page], next=page[-1].id if more else None
    )


def _owner_scope(request: Request, caller: Caller, filters: ListFilters) -> str | None:
    """The owner the listing is limited to: ``filters.owner`` (or none) for an admin; the
    caller's own key for a key without ``admin`` (403 for another key's, or without
    ``read``); none for an anonymous caller of the open mode, who may only name ``ids`` and
    no ``owner`` (the admin guard's 401/403 otherwise)."""
    if caller.can(Role.ADMIN):
        return filters.owner
    if caller.key is not None:
        if not caller.can(Role.READ):
            raise Forbidden(missing_role(caller, Role.READ))
        if filters.owner is not None and filters.owner != caller.key.id:
            raise Forbidden(
                "listing another key's submissions needs admin: " + missing_role(caller, Role.ADMIN)
            )
        return caller.key.id
    if filters.ids is None or filters.owner is not None:
        require_admin(request)  # raises: an anonymous caller here is not admin
    return None


def _next_link(request: Request, cursor: str) -> str:
    """The ``Link`` header value (RFC 8288) of the next page: this request's path and query
    with ``before`` set to ``cursor``."""
    url = request.url.remove_query_params("before").include_query_params(before=cursor)
    return f'<{url.path}?{url.query}>; rel="next"'


def _time(name: str, value: str | None) -> datetime | None:
    """A filter's ISO 8601 time (UTC if it names no zone); 422 naming ``name`` otherwise."""
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}={value!r} is not an {_TIME}") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _cursor(before: str | None) -> str | None:
    """``before`` as a submission id: an id, or an ISO 8601 time (UTC if it names no zone)
    turned into the smallest id of its millisecond (``ids.time_bound``), so a page always
    follows the one order, ids, and its ``next`` cursor is an id either way."""
    if before is None or _UUID.match(before.lower()):
        return before.lower() if before else None
    try:
        at = datetime.fromisoformat(before)
        return time_bound(at if at.tzinfo else at.replace(tzinfo=UTC))
    except (ValueError, OverflowError):  # time_bound does no zone arithmetic, but be sure
        raise InvalidInput(
            f"before={before!r} is neither a submission id nor an ISO 8601 time"
        ) from None


def _ids(ids: str) -> list[str]:
    wanted = list(dict.fromkeys(i.strip().lower() for i in ids.split(",") if i.strip()))
    if len(wanted) > MAX_IDS:
        raise InvalidInput(f"ids names {len(wanted)} submissions; at most {MAX_IDS} at once")
    return wanted
