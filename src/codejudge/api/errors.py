"""Domain errors become HTTP responses here, and only here."""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from codejudge.api import pages
from codejudge.exceptions import (
    CodejudgeError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthorized,
    Unavailable,
)

log = logging.getLogger("codejudge.api")


# FastAPI's 400 for a body it could not parse at all: not UTF-8, UTF-16 or UTF-32 text, or
# JSON nested past the parser's recursion limit (its RecursionError is caught the same way).
_UNPARSED = "There was an error parsing the body"
_NOT_JSON = (
    "the body could not be parsed as JSON (not UTF-8 text, or nested too deeply); "
    "send a JSON object with Content-Type: application/json"
)


def _error(status: int, error: str, detail: str | list[str]) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def _describe(err: dict[str, object]) -> str:
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")  # type: ignore[attr-defined]
    if not where and err.get("loc") == ("body",) and err.get("type") == "missing":
        return "the request has no body: send a JSON object (Content-Type: application/json)"
    return f"{where}: {err.get('msg')}" if where else str(err.get("msg"))


# Domain errors answered with a status and their message, nothing more. The admin guard's
# refusals keep the body they had as HTTP errors (``http_error``).
_PLAIN: dict[type[CodejudgeError], tuple[int, str]] = {
    NotFound: (404, "not_found"),
    TooLarge: (413, "too_large"),
    InvalidInput: (422, "invalid_input"),
    Conflict: (409, "conflict"),
    Unauthorized: (401, "http_error"),
    Forbidden: (403, "http_error"),
}


# Starlette's own refusals, named like the domain's (413: BodyLimit's, for a chunked body).
_HTTP_KINDS = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def _plain(status: int, error: str) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return _error(status, error, str(exc))

    return handler


def retry_after(seconds: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1 (RFC 9110 §10.2.3 takes a
    non-negative integer, so ``2.5`` or ``1e+07`` would not parse)."""
    return str(max(1, math.ceil(seconds)))


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        for err in errors:
            if err.get("type") == "json_invalid":
                ctx = err.get("ctx") or {}
                return _error(
                    400,
                    "malformed_json",
                    f"the body is not valid JSON ({ctx.get('error', 'parse error')}); "
                    "send a JSON object with Content-Type: application/json",
                )
        return _error(422, "invalid_request", [_describe(e) for e in errors])

    for kind, (status, error) in _PLAIN.items():
        app.add_exception_handler(kind, _plain(status, error))

    @app.exception_handler(Unavailable)
    async def unavailable(_: Request, exc: Unavailable) -> JSONResponse:
        # E.g. the database or the queue is restarting (store/ and queue/ say so with
        # ``retry_after``): nothing was accepted, the client may retry.
        log.warning("unavailable: %s (%s)", exc, exc.__cause__ or "no cause")
        response = _error(503, "unavailable", str(exc))
        if exc.retry_after is not None:
            response.headers["Retry-After"] = retry_after(exc.retry_after)
        return response

    @app.exception_handler(RateLimited)
    async def rate_limited(_: Request, exc: RateLimited) -> JSONResponse:
        # Which limit, and when to come back (RFC 6585 §4; Retry-After in whole seconds).
        response = JSONResponse(
            {"error": "rate_limited", "detail": str(exc), "limit": exc.limit,
             "retry_after": exc.retry_after},
            status_code=429,
        )  # fmt: skip
        response.headers["Retry-After"] = retry_after(exc.retry_after)
        return response

    @app.exception_handler(CodejudgeError)
    async def other(_: Request, exc: CodejudgeError) -> JSONResponse:
        log.error("unhandled codejudge error: %s", exc)
        return _error(503, "unavailable", str(exc))

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback, answered 500 in the ``{error, detail}`` shape (not
    Starlette's plain text), saying nothing of the cause to the client."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    detail = "an unexpected error in the server; it was logged: please report it"
    return _error(500, "internal_error", detail)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's and FastAPI's own refusals (no route, wrong method, undecodable body, the
    admin guard's), in the ``{error, detail}`` shape, with the headers they carry."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and pages.wants_html(request):
        return pages.not_found_page(f"There is no page at {request.url.path}.")
    if exc.status_code == 400 and exc.detail == _UNPARSED:
        return _error(400, "malformed_json", _NOT_JSON)
    kind = _HTTP_KINDS.get(exc.status_code, "http_error")
    response = _error(exc.status_code, kind, str(exc.detail))
    response.headers.update(exc.headers or {})
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request))
    return response


def allowed_methods(request: Request) -> list[str]:
    """The methods the app answers at the request's path, for a 405's ``Allow`` (RFC 9110
    §15.5.6). Starlette names only the first route that matched the path, while a path here
    often has several (``GET`` and ``POST /api/v1/submissions``). A path that a route names
    literally is that route's resource, even if a templated route also matches it
    (``/dead-letters/delete`` is not the dead letter ``delete``): the routes with the fewest
    path parameters decide."""
    found: dict[int, set[str]] = {}
    for route in request.app.router.routes:
        if not isinstance(route, Route) or not route.methods:
            continue
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            found.setdefault(len(route.param_convertors), set()).update(route.methods)
    return sorted(found[min(found)]) if found else []
