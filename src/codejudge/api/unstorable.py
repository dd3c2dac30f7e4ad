"""Text that no store can keep is refused at the edge, the same in both modes.

PostgreSQL's text cannot hold a NUL (psycopg refuses to send one), while SQLite can: a NUL in
an id or a filter was a 404 or an empty list on SQLite and a 500 on PostgreSQL. Submissions'
fields are checked by the intake (``submissions.py``, naming the field and position); this
module covers the rest of a request:

- ``RefuseNul``: a NUL in the URL's path or query (``%00``) is a 422 naming the part, before
  any route runs (every route, those added later too);
- ``StoredText``: the type of a request body's string that becomes a store parameter (a NUL
  or a lone surrogate, which UTF-8 cannot encode, is a 422 naming the field).

``store/`` turns a NUL that still reaches PostgreSQL into ``InvalidInput`` as a last resort.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from pydantic import AfterValidator
from starlette.types import ASGIApp, Receive, Scope, Send

_FIX = "a NUL character (%00) cannot be part of an id, a slug or a filter: remove it"


class RefuseNul:
    """422 ``invalid_request`` for a request whose path or query holds a NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            where = nul_in_url(scope.get("path", ""), scope.get("query_string", b""))
            if where is not None:
                body = {"error": "invalid_request", "detail": [f"{where}: {_FIX}"]}
                await JSONResponse(body, status_code=422)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def nul_in_url(path: str, query: bytes) -> str | None:
    """Which part of a URL holds a NUL (``"path"``, ``"query.<name>"``), or None."""
    if "\0" in path:
        return "path"
    if b"%00" not in query and b"\0" not in query:
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\0" in name or "\0" in value:
            return f"query.{name.replace(chr(0), '%00')}"
    return "query"


def _storable(value: str) -> str:
    if "\0" in value:
        raise ValueError("a NUL character (\\u0000) cannot be stored: remove it")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError("a lone surrogate (\\ud800-\\udfff) is not text: send UTF-8") from None
    return value


# A request body's string that reaches the store (an id, a name): no NUL, no lone surrogate.
StoredText = Annotated[str, AfterValidator(_storable)]
