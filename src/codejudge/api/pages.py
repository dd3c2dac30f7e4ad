"""The browser UI's pages, served from the same origin as the API: the HTML shells of
``codejudge.web`` and its static bundles. The pages use only the public API; ``GET /`` (the
problem list for a browser) stays in ``routes.legacy``, which answers API clients with JSON.

A browser (``Accept: text/html``) asking for a path that is not there gets an HTML 404 page
with a way back; API clients keep getting ``{error, detail}`` JSON."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from codejudge import web
from codejudge.api.problem_jobs import refresh_published
from codejudge.api.services import services_of
from codejudge.exceptions import NotFound

router = APIRouter(include_in_schema=False)


def wants_html(request: Request) -> bool:
    """A browser navigating to a page, not an API client (``/api/…`` is always JSON)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


def not_found_page(detail: str) -> HTMLResponse:
    """The HTML 404 page, saying what was not found."""
    return HTMLResponse(web.page("not_found", detail=detail), status_code=404)


@router.get("/problems/{slug}", response_class=HTMLResponse)
async def problem_page(request: Request, slug: str) -> HTMLResponse:
    """The practice page of one problem (404 for a problem the server does not serve)."""
    await refresh_published(request)
    try:
        problem = services_of(request).problems.get(slug)
    except NotFound as exc:
        return not_found_page(str(exc))
    return HTMLResponse(web.page("problem", slug=problem.slug))


@router.get("/tester", response_class=HTMLResponse)
async def tester_page() -> HTMLResponse:
    """The seed's HTML tester: post raw jobs to ``/submit``, trigger ``GET /worker``, watch
    the raw JSON responses and a live log."""
    return HTMLResponse(web.page("tester"))


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard_page() -> HTMLResponse:
    """The operator dashboard's shell; its data comes from the (admin-guarded) API."""
    return HTMLResponse(web.page("dashboard"))


def install(app: FastAPI) -> None:
    """Mount the pages and ``/static`` (the bundles, stylesheets and fonts) on ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
