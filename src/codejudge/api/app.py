"""The FastAPI app: the JSON API, the seed's compatibility endpoints, and a lifespan that opens
what the routes need through the opener it is given (``codejudge.runtime`` wires it: this
package never builds a store, a queue or a worker)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from prometheus_fastapi_instrumentator import Instrumentator
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from codejudge import __version__
from codejudge.api import (
    batch,
    dashboard,
    errors,
    judge0,
    keys,
    listing,
    maintenance,
    metrics,
    openapi,
    pages,
    problem_routes,
    routes,
    schedules,
)
from codejudge.api.services import Services
from codejudge.api.unstorable import RefuseNul
from codejudge.settings import Settings

# A refused body is still read (and dropped) up to this much, so that a client that sends it
# whole before reading the answer (urllib, requests) gets the 413 and not a reset connection.
DRAIN_BYTES = 32 * 1024 * 1024


class BodyLimit:
    """Refuse a request body far over any sane submission (413 ``too_large``). Admin endpoints
    (problem packages, zip uploads) get their own, larger cap.

    A declared ``Content-Length`` over the cap is answered before the app runs: at once when the
    client sent ``Expect: 100-continue`` (it waits for the word before sending, RFC 9110
    §10.1.1), else after reading and dropping the body (up to ``DRAIN_BYTES``). A body without a
    length (chunked) is counted as the app reads it and refused at the cap the same way."""

    def __init__(self, app: ASGIApp, max_bytes: int, admin_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.admin_max_bytes = admin_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        admin = str(scope.get("path", "")).startswith("/api/v1/admin/")
        cap = self.admin_max_bytes if admin else self.max_bytes
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > cap:
            if headers.get(b"expect", b"").lower() != b"100-continue":
                await _drain(receive, int(length))
            await _too_large(f"request body is {int(length)} bytes", cap)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    if message.get("more_body", False):
                        await _drain(receive, DRAIN_BYTES)
                    raise HTTPException(413, f"request body is over {cap} bytes (the limit)")
            return message

        await self.app(scope, counted, send)


async def _drain(receive: Receive, declared: int) -> None:
    """Read and drop the body, up to ``DRAIN_BYTES`` (a larger one is cut off: reset)."""
    if declared > DRAIN_BYTES:
        return
    dropped = 0
    while dropped <= DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        dropped += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _too_large(what: str, cap: int) -> JSONResponse:
    detail = f"{what}; at most {cap} bytes are accepted"
    return JSONResponse({"error": "too_large", "detail": detail}, status_code=413)


# Opens what the routes need for the app's lifetime (store, queue, problems, and an embedded
# worker pool if any) and closes it on exit.
ServicesOpener = Callable[[], AbstractContextManager[Services]]


def build_app(settings: Settings, open_services: ServicesOpener) -> FastAPI:
    """The app, serving what ``open_services`` opens at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_services() as services:
            app.state.services = services
            services.events.start()
            try:
                yield
            finally:
                services.events.stop()

    app = FastAPI(
        title="codejudge",
        version=__version__,
        description="A LeetCode-style code judge: submit code, get a verdict.",
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    # JSON escaping can at most ~6x the code; leave room for the other fields.
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_code_bytes * 6 + 64 * 1024,
        admin_max_bytes=problem_routes.MAX_UPLOAD_BYTES,
    )
    app.add_middleware(RefuseNul)  # a NUL in the URL: the same 422 on SQLite and PostgreSQL
    errors.install(app)
    openapi.install(app)
    app.include_router(problem_routes.router)
    app.include_router(problem_routes.admin)
    app.include_router(batch.router)  # before routes': /submissions/batch is no submission id
    app.include_router(routes.router)
    app.include_router(routes.admin)
    app.include_router(routes.legacy)
    app.include_router(dashboard.admin)
    app.include_router(listing.router)
    app.include_router(keys.router)
    judge0.install(app, settings)
    app.include_router(maintenance.admin)
    app.include_router(schedules.admin)
    app.include_router(metrics.router)
    pages.install(app)
    _instrument(app)
    return app


def _instrument(app: FastAPI) -> None:
    """HTTP request metrics by prometheus-fastapi-instrumentator, named ``codejudge_http_*``
    (its namespace): ``codejudge_http_requests_total{handler,method,status}`` (status grouped:
    ``2xx``…), ``codejudge_http_request_duration_seconds{handler,method}``,
    ``codejudge_http_request_duration_highr_seconds``, ``codejudge_http_request_size_bytes``
    and ``codejudge_http_response_size_bytes{handler}``. ``handler`` is the route's template
    (``/api/v1/submissions/{submission_id}``), so a scan of made-up paths adds no series; a
    streamed answer (SSE) is timed to its first byte. ``/metrics`` itself is left out."""
    Instrumentator(
        excluded_handlers=["/metrics"], should_exclude_streaming_duration=True
    ).instrument(app, metric_namespace="codejudge")
