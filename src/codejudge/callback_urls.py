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
multicast: IANA's special-purpose registries, RFC 6890; minus blocks this Python's registry
misses: ``_NOT_PUBLIC``), a CIDR or address admits that network, a host name
(``hooks.example.com``, or ``*.example.com`` for its subdomains) admits whatever that name
resolves to (the operator trusts its DNS). The default is ``["public"]``.

An IPv6 address that carries an IPv4 one is judged by the IPv4 one too (``_embedded``): the
IPv4-mapped (``::ffff:a.b.c.d``), IPv4-compatible (``::a.b.c.d``) and IPv4-translated
(``::ffff:0:a.b.c.d``) spellings *are* that IPv4 address; a NAT64 (``64:ff9b::/96``,
``64:ff9b:1::/48``), 6to4 (``2002::/16``) or Teredo (``2001::/32``) address leads to it
through a translator or relay, so it passes only if the IPv4 address does as well (e.g.
``64:ff9b::a00:1`` is 10.0.0.1 behind a NAT64 gateway, ``2002:a9fe:a9fe::`` is
169.254.169.254 behind a 6to4 relay).

A refusal names the address only when the caller wrote it (an IP literal, in any spelling):
of a name it says the name resolves to a refused address, not which one (a caller must not
learn what internal names resolve to).
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

# Not public, whatever this Python's ``is_global`` says (3.11's registry predates some).
_NOT_PUBLIC: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890): DS-Lite, NAT64 discovery, ...
        "fec0::/10",  # site-local (deprecated by RFC 3879, still routed inside some sites)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215): reaches the site's IPv4 network
        "3fff::/20",  # documentation (RFC 9637)
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix (RFC 6052)
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # IPv4-translated (RFC 2765, SIIT)
_COMPATIBLE = ipaddress.ip_network("::/96")  # IPv4-compatible (RFC 4291, deprecated)


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
    url = url.strip()
    if not url:
        raise InvalidInput("callback_url is empty: leave it out, or give an http(s) URL")
    # A control character (CR, LF, TAB...) or a space: urlsplit drops some of them silently,
    # so the URL stored and shown would not be the one called (RFC 3986 allows none).
    if bad := next((c for c in url if ord(c) < 0x21 or ord(c) == 0x7F), None):
        raise InvalidInput(
            f"callback_url holds U+{ord(bad):04X} at character {url.index(bad) + 1}; "
            "percent-encode it (a URL has no spaces or control characters)"
        )
    try:
        parts = urlsplit(url)
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
        """Why a connection to ``address`` is refused, or None if the rules admit it.

        A listed CIDR admits what it covers. An IPv4 address written as IPv6 is judged as
        that IPv4 address; an IPv6 address that leads to an IPv4 one (NAT64, 6to4, Teredo)
        passes only if that one does too, and then as an IPv6 address (``public``), unless
        listed CIDRs cover what it leads to."""
        ip: IPAddress = ipaddress.ip_address(address)
        if self._listed(ip):
            return None
        if isinstance(ip, ipaddress.IPv6Address):
            alias = _ipv4_spelling(ip)
            if alias is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
                why = self.refusal(str(alias))
                return None if why is None else f"{ip} is {alias}: {why}"
            carried = _embedded(ip)
            for inner in carried:
                why = self.refusal(str(inner))
                if why is not None:
                    return f"{ip} leads to {inner}: {why}"
            # What it leads to is admitted: by listed CIDRs, it is (except through the site's
            # own NAT64, whose mapping this cannot know); by ``public``, ``ip`` must be too.
            if carried and ip not in _NAT64_LOCAL and all(self._listed(v4) for v4 in carried):
                return None
        if self.public and _public(ip):
            return None
        return f"{ip} is {_kind(ip)} and not in CODEJUDGE_CALLBACK_ALLOW"

    def _listed(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self.networks)

    def addresses(self, target: Target, resolve: Resolver = system_resolver) -> list[str]:
        """The addresses to connect to for ``target``: all it resolves to, each admitted.
        ``InvalidInput`` when one is refused: naming it and why if the URL spells that
        address (an IP literal), else saying only that the name resolves to a refused
        address (never which: that would map internal names for any caller); ``OSError``
        (``socket.gaierror``) when the name does not resolve."""
        found = resolve(target.host, target.port)
        if not found:
            raise OSError(f"{target.host} resolves to no address")
        if self.trusts_name(target.host):
            return found
        for address in found:
            why = self.refusal(address)
            if why is None:
                continue
            if _spells(target.host, address):
                shown = "" if address == target.host else f"{target.host} resolves to {address}: "
                raise InvalidInput(f"callback_url refused: {shown}{why}")
            raise InvalidInput(
                f"callback_url refused: {target.host} resolves to a loopback, private, "
                "link-local or otherwise reserved address, which CODEJUDGE_CALLBACK_ALLOW "
                "does not admit"
            )
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


def _spells(host: str, address: str) -> bool:
    """Whether ``host`` (as the URL has it) is an IP literal for ``address``: ``::1``,
    ``[0::1]``, or a numeric IPv4 spelling the resolver reads as one (``2130706433``,
    ``0x7f.1``, ``127.1``; ``inet_aton``'s forms)."""
    try:
        wanted = ipaddress.ip_address(address)
    except ValueError:
        return False
    try:
        return ipaddress.ip_address(host) == wanted
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host)) == wanted
    except (OSError, ValueError):
        return False


def _public(ip: IPAddress) -> bool:
    return ip.is_global and not ip.is_multicast and not any(ip in net for net in _NOT_PUBLIC)


def _ipv4_spelling(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped (``::ffff:a.b.c.d``), IPv4-translated
    (``::ffff:0:a.b.c.d``) or IPv4-compatible (``::a.b.c.d``, but not ``::`` or ``::1``)
    address spells, else None."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _TRANSLATED or (ip in _COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one leads to through a translator or relay: NAT64's
    (the last 32 bits, RFC 6052's /96 form; for the local-use prefix the usual one),
    6to4's (``2002:AABB:CCDD::``), Teredo's server and client."""
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


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
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "a site-local address"
    if ip in _NOT_PUBLIC[0]:
        return "an IETF protocol assignment (192.0.0.0/24)"
    if isinstance(ip, ipaddress.IPv6Address) and ip in _NAT64_LOCAL:
        return "a local-use NAT64 address"
    if ip.is_private:  # RFC 1918, ULA, and IANA's other not-globally-reachable blocks
        return "a private or reserved address"
    if _public(ip):  # refused by a list without 'public'
        return "a public address"
    return "not a public address"
