"""The admin guard: a bearer token from ``CODEJUDGE_ADMIN_TOKEN``."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Header, Request

from codejudge.api.services import services_of
from codejudge.exceptions import Forbidden, Unauthorized


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Admit a request carrying ``Authorization: Bearer <CODEJUDGE_ADMIN_TOKEN>``."""
    expected = services_of(request).settings.admin_token
    if not expected:
        raise Forbidden(
            "the admin API is disabled; set CODEJUDGE_ADMIN_TOKEN on the server to enable it"
        )
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("send Authorization: Bearer <admin token>")
