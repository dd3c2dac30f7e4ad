"""The browser UI's pages, served from the same origin as the API: the HTML shells of
``codejudge.web`` and its static bundle. The pages use only the public API; ``GET /`` (the
problem list for a browser) stays in ``routes.legacy``, which answers API clients with JSON."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from codejudge import web
from codejudge.api.problem_jobs import refresh_published
from codejudge.api.services import services_of

router = APIRouter(include_in_schema=False)


@router.get("/problems/{slug}", response_class=HTMLResponse)
async def problem_page(request: Request, slug: str) -> HTMLResponse:
    """The practice page of one problem (404 for a problem the server does not serve)."""
    await refresh_published(request)
    problem = services_of(request).problems.get(slug)
    return HTMLResponse(web.page("problem", slug=problem.slug))


def install(app: FastAPI) -> None:
    """Mount the pages and ``/static`` (the bundle and stylesheet) on ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
