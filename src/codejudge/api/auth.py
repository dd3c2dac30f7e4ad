"""The admin guard.

- ``CODEJUDGE_ADMIN_TOKEN`` set: every admin request carries ``Authorization: Bearer <token>``.
- Unset: the admin API answers only a *direct local* client, so that ``make run`` on a laptop
  opens the dashboard with no setup, and nothing else can reach it:
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
set the token.
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Header, Request

from codejudge.api.services import services_of
from codejudge.exceptions import Forbidden, Unauthorized
from codejudge.models import ApiKey, Role

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
    """Who makes a request: the API key it carries (None: no key) and what it may do."""

    key: ApiKey | None
    roles: frozenset[Role]

    @property
    def key_id(self) -> str | None:
        return self.key.id if self.key is not None else None

    def can(self, role: Role) -> bool:
        return role in self.roles


ANONYMOUS = Caller(None, frozenset({Role.SUBMIT, Role.READ}))


def current_caller(request: Request) -> Caller:
    """The caller of ``request`` (a FastAPI dependency). Issue 13 work in progress: today
    every caller is anonymous with ``submit`` and ``read``, as the open mode has it."""
    return ANONYMOUS


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Admit ``Authorization: Bearer <CODEJUDGE_ADMIN_TOKEN>``, or, when no token is set, a
    direct local client only (see the module docstring); else 401 / 403."""
    expected = services_of(request).settings.admin_token
    if not expected:
        why = not_local(request)
        if why:
            raise Forbidden(
                f"the admin API answers only local clients while CODEJUDGE_ADMIN_TOKEN is unset "
                f"({why}); set CODEJUDGE_ADMIN_TOKEN on the server and send "
                "Authorization: Bearer <token>"
            )
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("send Authorization: Bearer <admin token>")


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
