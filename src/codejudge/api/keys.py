"""The admin API of API keys: ``POST /api/v1/admin/keys`` (create: the key and its webhook
secret are shown this once), ``GET /api/v1/admin/keys`` (list), ``GET`` and ``DELETE
/api/v1/admin/keys/{id}`` (read, revoke). Behind ``auth.require_admin``. The same as
``codejudge keys create|list|revoke`` (``cli.keys``), which works on the store directly."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, field_validator

from codejudge.api.auth import require_admin
from codejudge.api.schemas import ErrorOut
from codejudge.api.services import services_of
from codejudge.callback_urls import check_at_intake
from codejudge.models import ApiKey, Role
from codejudge.store.keys import NewKey

router = APIRouter(
    prefix="/api/v1/admin/keys", tags=["admin"], dependencies=[Depends(require_admin)]
)

MAX_LIMIT = 1_000_000  # rate_per_minute and max_queued: beyond it, leave the limit unset
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "no or a wrong credential"},
    403: {"model": ErrorOut, "description": "not admin (or not a local client, with no token)"},
}
_KEY_ID = r"^[0-9a-fA-F-]{1,64}$"


def _key_id() -> Any:
    return Path(pattern=_KEY_ID, description="the key's id (not the key)")


def _plain_text(value: str, what: str) -> str:
    """``value`` if it holds no control character and no lone surrogate (the store keeps
    UTF-8 text; PostgreSQL refuses NUL)."""
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None:
        raise ValueError(f"{what} holds the character U+{ord(bad):04X}; use printable text")
    return value


class KeyIn(BaseModel):
    """A key to create. Limits left out (null) fall back to the server's defaults
    (``CODEJUDGE_RATE_PER_MINUTE``, ``CODEJUDGE_MAX_QUEUED``)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="who or what uses the key")
    roles: list[Role] = Field(
        min_length=1, max_length=3, description="submit, read and/or admin (admin implies all)"
    )
    rate_per_minute: int | None = Field(
        default=None, ge=1, le=MAX_LIMIT, description="submissions per minute"
    )
    max_queued: int | None = Field(
        default=None, ge=1, le=MAX_LIMIT, description="its submissions queued or running at once"
    )
    callback_url: str | None = Field(
        default=None,
        max_length=2048,
        description="default webhook of its submissions (http or https)",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name is blank: say who or what uses the key")
        return _plain_text(value.strip(), "name")

    @field_validator("callback_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.isascii() or any(c.isspace() or not c.isprintable() for c in value):
            raise ValueError("callback_url must be ASCII without spaces (percent-encode the rest)")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError as exc:
            raise ValueError(f"callback_url does not parse: {exc}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("callback_url must be an absolute http:// or https:// URL")
        return value


class KeyOut(BaseModel):
    """A key as stored: never the key itself (only its first characters, ``prefix``)."""

    id: str
    name: str
    prefix: str = Field(description="the key's first characters, to tell keys apart")
    roles: list[Role]
    active: bool = Field(description="false once revoked")
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = Field(
        description="last use, written at most once a minute per server process"
    )
    rate_per_minute: int | None
    max_queued: int | None
    callback_url: str | None

    @classmethod
    def of(cls, key: ApiKey) -> KeyOut:
        return cls(
            id=key.id,
            name=key.name,
            prefix=key.prefix,
            roles=sorted(key.roles),
            active=key.active,
            created_at=key.created_at,
            revoked_at=key.revoked_at,
            last_used_at=key.last_used_at,
            rate_per_minute=key.rate_per_minute,
            max_queued=key.max_queued,
            callback_url=key.callback_url,
        )


class NewKeyOut(KeyOut):
    """A key just created, with the key and its webhook secret: shown this once."""

    key: str = Field(description="send as Authorization: Bearer <key> or X-Api-Key: <key>")
    webhook_secret: str = Field(description="the HMAC secret that signs its webhooks")

    @classmethod
    def of_new(cls, new: NewKey) -> NewKeyOut:
        shown = KeyOut.of(new.record).model_dump()
        return cls(**shown, key=new.key, webhook_secret=new.webhook_secret)


@router.post("", status_code=201, response_model=NewKeyOut, responses=_ERRORS)
async def create_key(request: Request, body: KeyIn) -> NewKeyOut:
    """Create a key. The answer holds the key and its webhook secret: they are shown this
    once (the store keeps only the key's SHA-256). A ``callback_url`` passes the webhook
    rules first (``callback_urls``: 422 naming why not, e.g. a private address)."""
    services = services_of(request)
    if body.callback_url is not None:
        policy = services.submissions.callback_policy
        await run_in_threadpool(check_at_intake, body.callback_url, policy)
    new = await run_in_threadpool(
        services.store.keys.create,
        body.name,
        frozenset(body.roles),
        rate_per_minute=body.rate_per_minute,
        max_queued=body.max_queued,
        callback_url=body.callback_url,
    )
    return NewKeyOut.of_new(new)


@router.get("", response_model=list[KeyOut], responses=_ERRORS)
async def list_keys(
    request: Request,
    include_revoked: Annotated[bool, Query(description="list revoked keys too")] = False,
) -> list[KeyOut]:
    """Every active key (and the revoked ones with ``include_revoked``), oldest first."""
    keys = await run_in_threadpool(services_of(request).store.keys.list, include_revoked)
    return [KeyOut.of(k) for k in keys]


@router.get(
    "/{key_id}",
    response_model=KeyOut,
    responses={**_ERRORS, 404: {"model": ErrorOut, "description": "no such key"}},
)
async def get_key(request: Request, key_id: Annotated[str, _key_id()]) -> KeyOut:
    """One key, revoked or not."""
    return KeyOut.of(await run_in_threadpool(services_of(request).store.keys.get, key_id))


@router.delete(
    "/{key_id}",
    response_model=KeyOut,
    responses={**_ERRORS, 404: {"model": ErrorOut, "description": "no such key"}},
)
async def revoke_key(request: Request, key_id: Annotated[str, _key_id()]) -> KeyOut:
    """Revoke a key, at once for every server process (each request looks its key up):
    it is refused with 401 from now on. Its submissions stay its own. Revoking a revoked key
    changes nothing and answers the same."""
    keys = services_of(request).store.keys
    await run_in_threadpool(keys.revoke, key_id)  # NotFound for an unknown id
    return KeyOut.of(await run_in_threadpool(keys.get, key_id))
