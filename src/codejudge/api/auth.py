"""Who a request comes from (``current_caller``), what it may do (roles), whose submissions
it may read (``can_read``), and the admin guard (``require_admin``).

Credentials: ``Authorization: Bearer <credential>``, ``X-Api-Key: <credential>`` or Judge0's
``X-Auth-Token: <credential>`` (in this order of precedence: ``X-Api-Key``, ``X-Auth-Token``,
``Authorization``), where the credential is an API key (``cj_…``, see ``store.keys``) or
the admin token (``CODEJUDGE_ADMIN_TOKEN``). Another ``Authorization`` scheme (``Basic``) is
not a credential here. A credential that is neither an active key nor the admin token is
refused (401) in every mode, so a revoked key never quietly works as "no key".

``CODEJUDGE_AUTH``:
- ``open`` (the default, today's behaviour): a request without credentials is anonymous, with
  ``submit`` and ``read`` (a submission id is the capability to read it); a key sent is still
  honoured (its roles, its ownership).
- ``keys``: every ``/api/v1`` and seed endpoint but health, languages, problems and the pages
  needs a key or the admin token (401 without).

Roles (``models.Role``): ``submit`` (POST submissions, runs, batches, Judge0), ``read`` (one's
own submissions, their events and webhook deliveries), ``admin`` (the admin API, and every
submission: ``admin`` implies the other two). A missing role is 403 naming it.

The admin API admits a key with ``admin``, the admin token, and, in the open mode with no
token set, a *direct local* client only, so that ``make run`` on a laptop opens the dashboard
with no setup, and nothing else can reach it:
  - the TCP peer is a loopback address (127.0.0.0/8, ::1);
  - no proxy header (``Forwarded``, ``Via``, ``X-Forwarded-*``, ``X-Real-IP``, CDN client-IP
    headers: ``PROXY_HEADERS``): a reverse proxy on
    the same host forwards remote clients from 127.0.0.1, and says so in these headers;
  - the ``Host`` is a loopback name (``localhost``, ``127.0.0.1``, ``[::1]``), which stops DNS
    rebinding (a web page whose own name resolves to 127.0.0.1);
  - a browser's request comes from this server's own pages: an ``Origin``, when the browser
    sends one, is this server's own origin (the same scheme, host and port as the request's
    ``Host``), and ``Sec-Fetch-Site``, when sent, is ``same-origin`` or ``none`` (typed in the
    address bar). CORS is open (``cors_origins``), so without this any web page the operator
    visits could call the admin API through their browser, and a loopback origin is not
    enough: a page of another local server (``http://localhost:3000``, a dev server or any
    program's) is as foreign as a remote one; the browser calls it ``same-site``.

A reverse proxy that adds none of those headers makes every client look local: behind one,
set the token (or ``CODEJUDGE_AUTH=keys``, where no client is admin for being local).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from codejudge.api.schemas import ErrorOut
from codejudge.api.services import services_of
from codejudge.exceptions import Forbidden, NotFound, Unauthorized
from codejudge.models import ApiKey, Role, Submission
from codejudge.store import Store

# Headers that proxies and CDNs add (RFC 7239, RFC 9110's Via, the de facto X-Forwarded-*,
# nginx's X-Real-IP, Cloudflare's, Akamai's and Fastly's client-address headers): any one of
# them means the peer address is not the client's.
PROXY_HEADERS = (
    "forwarded",
    "via",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "x-client-ip",
    "cf-connecting-ip",
    "true-client-ip",
    "fastly-client-ip",
)
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})
_OWN_FETCHES = frozenset({"same-origin", "none"})  # Sec-Fetch-Site of this server's own pages
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who makes a request: the API key it carries (None: no key) and what it may do.
    ``via``: how it was recognised (``key``, ``admin token``, ``local`` (a direct local client
    in the open mode with no admin token: admin), ``anonymous``), for messages."""

    key: ApiKey | None
    roles: frozenset[Role]
    via: str = "anonymous"

    @property
    def key_id(self) -> str | None:
        return self.key.id if self.key is not None else None

    def can(self, role: Role) -> bool:
        """Whether the caller has ``role``; ``admin`` implies every role."""
        return role in self.roles or Role.ADMIN in self.roles


ANONYMOUS = Caller(None, frozenset({Role.SUBMIT, Role.READ}))
ADMIN_TOKEN = Caller(None, frozenset(Role), via="admin token")
LOCAL_ADMIN = Caller(None, frozenset(Role), via="local")

# The refusals of a route behind ``current_caller``/``requires`` (for its ``responses=``).
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "a wrong or revoked key, or none in the keys mode"},
    403: {"model": ErrorOut, "description": "the caller lacks the role this needs"},
}

# Declared for OpenAPI (its security schemes); the headers are parsed by ``caller_of``.
_BEARER = HTTPBearer(auto_error=False, description="an API key (cj_…) or the admin token")
_API_KEY = APIKeyHeader(name="X-Api-Key", auto_error=False, description="an API key (cj_…)")
_NO_KEY = (
    "this server requires an API key (CODEJUDGE_AUTH=keys): send Authorization: Bearer cj_… "
    "or X-Api-Key: cj_…; an admin creates keys with `codejudge keys create` or "
    "POST /api/v1/admin/keys"
)


# Headers that carry a credential as their whole value, first found wins: ours, and Judge0's
# (its default AUTHN_HEADER), so that a Judge0 client's ``auth_headers`` work unchanged.
CREDENTIAL_HEADERS = ("x-api-key", "x-auth-token")


def presented(request: Request) -> str | None:
    """The credential a request carries: the value of the first ``CREDENTIAL_HEADERS`` sent,
    else a ``Bearer`` ``Authorization``'s token (surrounding spaces dropped); None if none."""
    headers = request.headers
    for name in CREDENTIAL_HEADERS:
        if name in headers:
            return headers[name].strip()
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def caller_of(request: Request) -> Caller:
    """The caller of ``request`` (looked up once per request, then kept on ``request.state``).
    ``Unauthorized`` (401): a credential that is neither an active key nor the admin token, or
    no credential in the keys mode. A key's ``last_used_at`` is written at most once a minute
    per process (``KeyStore.used``). Blocking (a store read): call it from a thread."""
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    caller = _identify(request)
    request.state.caller = caller
    return caller


def _identify(request: Request) -> Caller:
    services = services_of(request)
    settings = services.settings
    credential = presented(request)
    if credential is not None:
        token = settings.admin_token
        if token and hmac.compare_digest(credential.encode(), token.encode()):
            return ADMIN_TOKEN
        key = services.store.keys.find(credential) if credential else None
        if key is None:
            raise Unauthorized(
                "the credential sent is neither an active API key (it may have been revoked) "
                "nor the admin token; send Authorization: Bearer <API key or admin token>"
            )
        services.store.keys.used(key.id)
        return Caller(key, key.roles, via="key")
    if settings.auth == "keys":
        raise Unauthorized(_NO_KEY)
    if not settings.admin_token and not_local(request) is None:
        return LOCAL_ADMIN
    return ANONYMOUS


def current_caller(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None,
    api_key: Annotated[str | None, Depends(_API_KEY)] = None,
) -> Caller:
    """The caller of ``request`` (a FastAPI dependency; see ``caller_of``): any role, but in
    the keys mode a key or the admin token."""
    del bearer, api_key  # for OpenAPI only
    return caller_of(request)


def requires(role: Role) -> Callable[..., Caller]:
    """A dependency: the caller, who must have ``role`` (403 naming it otherwise)."""

    def dependency(caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
        if not caller.can(role):
            raise Forbidden(missing_role(caller, role))
        return caller

    dependency.__name__ = f"requires_{role.value}"
    return dependency


def missing_role(caller: Caller, role: Role) -> str:
    """The message of a 403 for ``caller`` lacking ``role``."""
    has = ", ".join(sorted(r.value for r in caller.roles)) or "none"
    who = f"the API key {caller.key.name!r} ({caller.key.prefix}…)" if caller.key else "you"
    return (
        f"this needs the {role.value!r} role, which {who} lacks (roles: {has}); "
        f"ask an admin for a key with {role.value!r}"
    )


submitter = requires(Role.SUBMIT)  # POST submissions, runs, batches, Judge0 submissions
reader = requires(Role.READ)  # GET a submission, its events, its deliveries


def can_read(caller: Caller, submission: Submission) -> bool:
    """Whether ``caller`` may read ``submission``: with ``read``, its own (its ``owner`` is
    the caller's key), every one with ``admin``, and, for a caller without a key (anonymous in
    the open mode, which has no keys to tell owners apart), any one whose id it knows.
    Callers answer False as 404, never 403, so a key cannot probe for others' ids."""
    if not caller.can(Role.READ):
        return False
    if caller.can(Role.ADMIN) or caller.key is None:
        return True
    return submission.owner == caller.key.id


def readable(store: Store, caller: Caller, submission_id: str) -> Submission:
    """The submission if ``caller`` may read it (``can_read``); else ``NotFound`` with the
    very message of an unknown id. Blocking (a store read)."""
    sub = store.get(submission_id)
    if not can_read(caller, sub):
        raise NotFound(f"submission {submission_id!r} not found")
    return sub


def require_admin(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None,
    api_key: Annotated[str | None, Depends(_API_KEY)] = None,
) -> Caller:
    """Admit a caller with the ``admin`` role: a key with it, the admin token (``Authorization:
    Bearer <CODEJUDGE_ADMIN_TOKEN>``), or, in the open mode with no token set, a direct local
    client only (see the module docstring). Else 401 (no or a wrong credential) / 403."""
    del bearer, api_key  # for OpenAPI only
    caller = caller_of(request)
    if caller.can(Role.ADMIN):
        return caller
    if caller.key is not None:
        raise Forbidden(missing_role(caller, Role.ADMIN))
    if services_of(request).settings.admin_token:
        raise Unauthorized("send Authorization: Bearer <admin token> (or an admin API key)")
    raise Forbidden(
        f"the admin API answers only local clients while CODEJUDGE_ADMIN_TOKEN is unset "
        f"({not_local(request)}); set CODEJUDGE_ADMIN_TOKEN on the server and send "
        "Authorization: Bearer <token>, or send an API key with the admin role"
    )


def not_local(request: Request) -> str | None:
    """Why ``request`` is not from a direct local client, or None if it is."""
    peer = request.client.host if request.client else None
    if not is_loopback(peer):
        return f"this request comes from {peer or 'an unknown address'}"
    headers = request.headers
    for name in PROXY_HEADERS:
        if name in headers:
            return f"this request came through a proxy ({name} header)"
    if not is_loopback(_hostname(headers.get("host", ""))):
        return f"the Host {headers.get('host', '')!r} is not a loopback name"
    origin = headers.get("origin")
    own = _origin(request.url.scheme, headers.get("host", ""))
    if origin is not None and (own is None or _origin_of(origin) != own):
        return f"a page from {origin} made this request, not one of this server's own"
    site = headers.get("sec-fetch-site")
    if site is not None and site not in _OWN_FETCHES:
        where = "another site" if site == "cross-site" else "another origin"
        return f"a page from {where} made this request (Sec-Fetch-Site: {site})"
    return None


def is_loopback(host: str | None) -> bool:
    """A loopback IP address (v4, v6 or v4-mapped v6) or a loopback host name."""
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _hostname(value: str) -> str | None:
    """The host name of a ``Host`` header (``127.0.0.1:8000`` -> ``127.0.0.1``, ``[::1]:80``
    -> ``::1``); None if it does not parse."""
    try:
        return urlsplit(f"//{value}").hostname
    except ValueError:  # e.g. an unclosed "[" in a forged header
        return None


Origin = tuple[str, str, int]  # (scheme, host name in lower case, port)


def _origin(scheme: str, host: str) -> Origin | None:
    """The origin of a request with this scheme and ``Host`` header; None if the header does
    not parse. A port left out is the scheme's default, as browsers leave it out."""
    try:
        parts = urlsplit(f"//{host}")
        port = parts.port
    except ValueError:  # an unclosed "[", a port out of range or not a number
        return None
    if not parts.hostname or parts.username is not None or parts.path:
        return None
    return scheme.lower(), parts.hostname, port or _DEFAULT_PORTS.get(scheme.lower(), 0)


def _origin_of(header: str) -> Origin | None:
    """The origin an ``Origin`` header names (``scheme://host[:port]``, nothing more); None
    for ``null`` (an opaque origin) or anything else that is not one."""
    scheme, sep, host = header.partition("://")
    if not sep or scheme.lower() not in _DEFAULT_PORTS or any(c in host for c in "/?#@"):
        return None
    return _origin(scheme, host)
