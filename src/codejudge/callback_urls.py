"""Where a webhook may go: the SSRF rules for ``callback_url`` (docs/webhooks.md).

A judge that POSTs to any URL a caller names can be made to reach what only it can reach: its
loopback, the private network, a cloud's metadata service (169.254.169.254). So a callback URL
is checked twice, by the same rules (``CallbackPolicy``, from ``CODEJUDGE_CALLBACK_ALLOW``):

- at intake (``Submissions``): a URL that cannot be a callback, or whose host resolves to a
  refused address, is a 422 naming why;
- at every delivery attempt (``webhooks``): the name is resolved again, *every* address it
  resolves to must pass (a name with one public and one private address is refused: a
  resolver may hand out either), and the request connects to an address that passed, not to
  the name (which could resolve differently a second time: DNS rebinding). Redirects are
  never followed (the target of one was never checked).

The rules are an allow-list (OWASP's SSRF prevention cheat sheet: allow, do not deny):
``public`` admits any globally routable address (``ipaddress``' ``is_global``, minus
multicast: IANA's special-purpose registries, RFC 6890), a CIDR or address admits that
network, a host name (``hooks.example.com``, or ``*.example.com`` for its subdomains)
admits whatever that name resolves to (the operator trusts its DNS). The default is
``["public"]``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from codejudge.exceptions import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]  # (host, port) -> addresses, as text

MAX_URL = 2048  # characters (what browsers and most servers accept in a request line)
PUBLIC = "public"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Target:
    """A callback URL taken apart: ``host`` in lower case (an IPv6 address without brackets),
    ``port`` explicit, ``path`` with its query (what goes in the request line)."""

    url: str
    scheme: str
    host: str
    port: int
    path: str

    @property
    def default_port(self) -> bool:
        return self.port == _DEFAULT_PORTS[self.scheme]

    def url_for(self, address: str) -> str:
        """The URL with ``address`` in place of the host: where the request connects."""
        host = f"[{address}]" if ":" in address else address
        port = "" if self.default_port else f":{self.port}"
        return f"{self.scheme}://{host}{port}{self.path}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.default_port else f"{host}:{self.port}"


def parse(url: str) -> Target:
    """``url`` as a callback target, or ``InvalidInput`` saying what is wrong with it: only
    ``http``/``https``, a host, no credentials (a receiver checks the signature instead), at
    most ``MAX_URL`` characters. The fragment, never sent, is dropped."""
    if len(url) > MAX_URL:
        raise InvalidInput(f"callback_url is {len(url)} characters; at most {MAX_URL}")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"callback_url is not a URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidInput(
            f"callback_url must be an http:// or https:// URL, not {parts.scheme or 'relative'!r}"
        )
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(
            "callback_url must not carry credentials (user:password@); verify the "
            "X-Codejudge-Signature header instead"
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InvalidInput("callback_url has no host")
    try:
        host.encode("idna")  # what the resolver will do: an empty or overlong label fails
    except UnicodeError:
        raise InvalidInput(f"callback_url's host {host!r} is not a host name") from None
    if any(c.isspace() or c in "\\%/" for c in host):
        raise InvalidInput(f"callback_url's host {host!r} is not a host name")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(url.strip(), scheme, host, port or _DEFAULT_PORTS[scheme], path)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (``getaddrinfo``, TCP), in the resolver's order,
    without repeats. ``socket.gaierror`` (an ``OSError``) when it does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]).split("%", 1)[0], None)  # drop an IPv6 zone id
    return list(seen)


@dataclass(frozen=True, slots=True)
class CallbackPolicy:
    """The allow-list (see the module docstring). Build it with ``of``."""

    public: bool
    networks: tuple[IPNetwork, ...]
    names: tuple[str, ...]  # lower case; "*.example.com" admits the subdomains

    @classmethod
    def of(cls, entries: Sequence[str]) -> CallbackPolicy:
        """The policy of ``CODEJUDGE_CALLBACK_ALLOW``'s entries; ``ValueError`` naming a bad
        one (a start-up error: the operator's, not a caller's)."""
        public, networks, names = False, list[IPNetwork](), list[str]()
        for raw in entries:
            entry = raw.strip().lower().rstrip(".")
            if entry == PUBLIC:
                public = True
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            bare = entry.removeprefix("*.")
            if not bare or any(not part or not _label_ok(part) for part in bare.split(".")):
                raise ValueError(
                    f"CODEJUDGE_CALLBACK_ALLOW entry {raw!r} is neither 'public', a CIDR, an "
                    "address nor a host name"
                )
            names.append(entry)
        return cls(public, tuple(networks), tuple(names))

    def trusts_name(self, host: str) -> bool:
        """Whether ``host`` is allow-listed by name (then whatever it resolves to goes)."""
        host = host.lower()
        for name in self.names:
            if name.startswith("*."):
                if host.endswith(name[1:]):
                    return True
            elif host == name:
                return True
        return False

    def refusal(self, address: str) -> str | None:
        """Why a connection to ``address`` is refused, or None if the rules admit it."""
        ip: IPAddress = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if any(ip in net for net in self.networks):
            return None
        if self.public and ip.is_global and not ip.is_multicast:
            return None
        return f"{ip} is {_kind(ip)} and not in CODEJUDGE_CALLBACK_ALLOW"

    def addresses(self, target: Target, resolve: Resolver = system_resolver) -> list[str]:
        """The addresses to connect to for ``target``: all it resolves to, each admitted.
        ``InvalidInput`` naming the first refused address (or the name, when none is
        admitted); ``OSError`` (``socket.gaierror``) when the name does not resolve."""
        found = resolve(target.host, target.port)
        if not found:
            raise OSError(f"{target.host} resolves to no address")
        if self.trusts_name(target.host):
            return found
        for address in found:
            why = self.refusal(address)
            if why:
                shown = "" if address == target.host else f"{target.host} resolves to {address}: "
                raise InvalidInput(f"callback_url refused: {shown}{why}")
        return found


def check_at_intake(url: str, policy: CallbackPolicy, resolve: Resolver = system_resolver) -> str:
    """``url`` as stored (stripped), or ``InvalidInput`` (422) saying why it cannot be a
    callback: not a URL for it (``parse``), a host that does not exist, or an address the
    policy refuses. A temporary resolver failure passes (the delivery checks again)."""
    target = parse(url)
    try:
        policy.addresses(target, resolve)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            raise InvalidInput(f"callback_url's host {target.host!r} does not resolve") from None
    except OSError:
        pass
    return target.url


def _label_ok(label: str) -> bool:
    return len(label) <= 63 and all(c.isalnum() or c in "-_" for c in label)


def _kind(ip: IPAddress) -> str:
    """What kind of special address ``ip`` is, in words."""
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:  # RFC 1918, ULA, and IANA's other not-globally-reachable blocks
        return "a private or reserved address"
    return "not a public address"
