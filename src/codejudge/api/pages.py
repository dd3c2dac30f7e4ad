"""The browser UI's pages, served from the same origin as the API: the HTML shells of
``codejudge.web`` and its static bundles. The pages use only the public API; ``GET /`` (the
problem list for a browser) stays in ``routes.legacy``, which answers API clients with JSON.

A browser (``Accept: text/html``) asking for a path that is not there gets an HTML 404 page
with a way back; API clients keep getting ``{error, detail}`` JSON."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


@router.get("/problems")
async def problems_page() -> RedirectResponse:
    """``/problems`` is the problem list, which lives at ``/``."""
    return RedirectResponse("/", status_code=308)


@router.get("/problems/{slug}", response_class=HTMLResponse)
async def problem_page(request: Request, slug: str) -> HTMLResponse:
    """The practice page of one problem (404 for a problem the server does not serve)."""
    await refresh_published(request)
    try:
        problem = services_of(request).problems.get(slug)
    except NotFound as exc:
        return not_found_page(str(exc))
    return HTMLResponse(web.page("problem", slug=problem.slug))


# A bracket pair on the accent colour: the tab icon, so browsers' automatic /favicon.ico
# request is not a 404 on every page.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#0a58ca"/>'
    '<path d="M12 8l-6 8 6 8M20 8l6 8-6 8" stroke="#fff" stroke-width="3" fill="none"/></svg>'
)


@router.get("/favicon.ico")
async def favicon() -> Response:
    """The site icon (SVG)."""
    return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/tester", response_class=HTMLResponse)
async def tester_page() -> HTMLResponse:
    """The seed's HTML tester: post raw jobs to ``/submit``, trigger ``GET /worker``, watch
    the raw JSON responses and a live log."""
    return HTMLResponse(web.page("tester"))


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard_page() -> HTMLResponse:
    """The operator dashboard's shell; its data comes from the (admin-guarded) API."""
    return HTMLResponse(web.page("dashboard"))


def _inline_script_hashes() -> str:
    """CSP source expressions for the shells' inline scripts (the theme set before first paint)."""
    found = set()
    for shell in web.PAGES.glob("*.html"):
        for body in re.findall(r"<script>(.*?)</script>", shell.read_text(encoding="utf-8"), re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return " ".join(sorted(found))


# What a page may load and do: only this origin's scripts (plus the shells' own inline script,
# by hash), styles (inline ones too: CodeMirror and KaTeX set them), fonts and images (data: for
# KaTeX and uPlot); no framing (clickjacking), no form posting elsewhere, no plugins. A
# problem's statement is sanitised HTML from whoever uploaded it: this is the second wall.
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; script-src 'self' {_inline_script_hashes()}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
_NOSNIFF = [h for h in _SECURITY_HEADERS if h[0] == b"x-content-type-options"]
_UNGUARDED = ("/docs", "/redoc")  # FastAPI's consoles load their assets from a CDN


class PageSecurityHeaders:
    """Add ``_SECURITY_HEADERS`` to every HTML response (the UI's pages and the HTML 404), and
    ``nosniff`` to everything else; a pure ASGI middleware, so SSE streams pass untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_UNGUARDED):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                kind = dict(headers).get(b"content-type", b"")
                extra = (
                    _SECURITY_HEADERS if kind.startswith(b"text/html") else _SECURITY_HEADERS[2:3]
                )
                message["headers"] = headers + [h for h in extra if h[0] not in dict(headers)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Mount the pages and ``/static`` (the bundles, stylesheets and fonts) on ``app``, with
    the pages' security headers."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    app.add_middleware(PageSecurityHeaders)
