"""The FastAPI app: the JSON API, the seed's compatibility endpoints, and a lifespan that opens
what the routes need through the opener it is given (``codejudge.runtime`` wires it: this
package never builds a store, a queue or a worker)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from codejudge import __version__
from codejudge.api import dashboard, errors, pages, problem_routes, routes
from codejudge.api.services import Services
from codejudge.settings import Settings


class BodyLimit:
    """Refuse a request whose declared body is far over any sane submission before reading it.
    Admin endpoints (problem packages, zip uploads) get their own, larger cap."""

    def __init__(self, app: ASGIApp, max_bytes: int, admin_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.admin_max_bytes = admin_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            admin = str(scope.get("path", "")).startswith("/api/v1/admin/")
            cap = self.admin_max_bytes if admin else self.max_bytes
            for name, value in scope["headers"]:
                if name == b"content-length" and value.isdigit() and int(value) > cap:
                    response = JSONResponse(
                        {
                            "error": "too_large",
                            "detail": f"request body is {int(value)} bytes; at most "
                            f"{cap} bytes are accepted",
                        },
                        status_code=413,
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


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
    errors.install(app)
    app.include_router(problem_routes.router)
    app.include_router(problem_routes.admin)
    app.include_router(routes.router)
    app.include_router(routes.admin)
    app.include_router(routes.legacy)
    app.include_router(dashboard.admin)
    app.include_router(dashboard.public)
    pages.install(app)
    return app
