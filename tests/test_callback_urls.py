"""The SSRF rules of callback URLs (``codejudge.callback_urls``), as tables: what parses,
which addresses each kind of allow-list entry admits (IPv6 addresses carrying an IPv4 one
too), how a name's addresses are judged and what a refusal says of them. Resolution is the
injected resolver's here (the API tests use the system's)."""

from __future__ import annotations

import pytest

from codejudge.callback_urls import CallbackPolicy, Target, check_at_intake, parse
from codejudge.exceptions import InvalidInput

PUBLIC = CallbackPolicy.of(["public"])


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("http://example.com", Target("http://example.com", "http", "example.com", 80, "/")),
        (
            "HTTPS://Example.COM.:8443/a/b?x=1#frag",
            Target(
                "HTTPS://Example.COM.:8443/a/b?x=1#frag", "https", "example.com", 8443, "/a/b?x=1"
            ),
        ),
        (
            "http://[2001:db8::1]/h",
            Target("http://[2001:db8::1]/h", "http", "2001:db8::1", 80, "/h"),
        ),
    ],
)  # fmt: skip
def test_parse(url: str, target: Target) -> None:
    assert parse(url) == target


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("javascript:alert(1)", "http:// or https://"),
        ("/relative", "relative"),
        ("http://u@example.com/", "credentials"),
        ("http://example.com:99999/", "not a URL"),
        ("http://[::1/", "not a URL"),
        ("http://exa mple.com/", "U\\+0020 at character 11"),
        # Dropped by urlsplit: the URL shown would not be the one called.
        ("http://example.com/a\r\nX-Injected: 1", "U\\+000D at character 21"),
        ("http://example.com/\ta", "U\\+0009"),
        ("http://example.com/\x7f", "U\\+007F"),
        ("", "callback_url is empty"),
        ("   ", "callback_url is empty"),
        ("http://" + "a" * 64 + ".com/", "not a host name"),
        ("http://example.com/" + "x" * 2048, "at most 2048"),
    ],
)
def test_parse_refuses(url: str, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        parse(url)


def test_the_connection_url_and_host_header() -> None:
    t = parse("https://hooks.example.com:8443/in?a=1")
    assert t.url_for("203.0.113.5") == "https://203.0.113.5:8443/in?a=1"
    assert t.url_for("2001:db8::5") == "https://[2001:db8::5]:8443/in?a=1"
    assert t.host_header == "hooks.example.com:8443"
    assert parse("http://x.io/").url_for("198.51.100.1") == "http://198.51.100.1/"
    assert parse("http://x.io/").host_header == "x.io"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd00:ec2::254", "private"),  # AWS's IPv6 metadata address
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("100.100.100.200", "not a public address"),  # Alibaba's metadata, CGNAT space
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("192.0.2.1", "private or reserved"),  # documentation range
    ],
)
def test_public_refuses_every_special_address(address: str, kind: str) -> None:
    why = PUBLIC.refusal(address)
    assert why is not None and kind in why


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_admits_global_addresses(address: str) -> None:
    assert PUBLIC.refusal(address) is None


def test_cidrs_and_names_extend_or_replace_public() -> None:
    rules = CallbackPolicy.of(["10.0.0.0/8", "hooks.internal", "*.corp.example", "127.0.0.1"])
    assert rules.refusal("10.2.3.4") is None and rules.refusal("127.0.0.1") is None
    assert rules.refusal("8.8.8.8") is not None  # no 'public': a strict allow-list
    assert rules.refusal("192.168.0.1") is not None
    assert rules.trusts_name("hooks.internal") and rules.trusts_name("a.b.corp.example")
    assert not rules.trusts_name("corp.example") and not rules.trusts_name("xhooks.internal")
    target = parse("http://a.corp.example/")
    assert rules.addresses(target, lambda h, p: ["192.168.7.7"]) == ["192.168.7.7"]
    both = CallbackPolicy.of(["public", "10.0.0.0/8"])
    assert both.refusal("8.8.8.8") is None and both.refusal("10.9.9.9") is None


@pytest.mark.parametrize("entry", ["", "not a host!", "10.0.0.0/33x", "*."])
def test_bad_allow_entries_stop_the_start(entry: str) -> None:
    with pytest.raises(ValueError, match="CODEJUDGE_CALLBACK_ALLOW"):
        CallbackPolicy.of([entry])


def test_every_address_of_a_name_must_pass() -> None:
    target = parse("http://mixed.example/")
    with pytest.raises(InvalidInput, match=r"mixed\.example resolves to a loopback, private"):
        PUBLIC.addresses(target, lambda h, p: ["93.184.216.34", "10.0.0.7"])
    assert PUBLIC.addresses(target, lambda h, p: ["93.184.216.34"]) == ["93.184.216.34"]


@pytest.mark.parametrize(
    ("address", "embedded", "kind"),
    [
        ("64:ff9b::a00:1", "10.0.0.1", "private"),  # NAT64, well-known prefix
        ("64:ff9b::7f00:1", "127.0.0.1", "loopback"),
        ("64:ff9b::a9fe:a9fe", "169.254.169.254", "link-local"),
        ("64:ff9b:1::a00:1", "10.0.0.1", "private"),  # NAT64, local-use prefix
        ("64:ff9b:1:abcd::a00:1", "10.0.0.1", "private"),
        ("2002:a9fe:a9fe::", "169.254.169.254", "link-local"),  # 6to4
        ("2002:a00:1:1::1", "10.0.0.1", "private"),
        ("2002:7f00:1::", "127.0.0.1", "loopback"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1", "private"),  # Teredo's client
        ("2001:0:a00:1:8000:63bf:f7f7:f7f7", "10.0.0.1", "private"),  # Teredo's server
        ("::ffff:10.0.0.1", "10.0.0.1", "private"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "169.254.169.254", "link-local"),
        ("::7f00:1", "127.0.0.1", "loopback"),  # IPv4-compatible (::/96)
        ("::a00:1", "10.0.0.1", "private"),
        ("::a9fe:a9fe", "169.254.169.254", "link-local"),
        ("::ffff:0:7f00:1", "127.0.0.1", "loopback"),  # IPv4-translated (SIIT)
    ],
)
def test_public_refuses_an_ipv4_address_carried_in_ipv6(
    address: str, embedded: str, kind: str
) -> None:
    """An IPv6 address that spells, or leads (through NAT64, 6to4, Teredo) to, an IPv4
    address is refused when that IPv4 address would be; the refusal names it."""
    why = PUBLIC.refusal(address)
    assert why is not None and f"{embedded} is " in why and kind in why, why
    with pytest.raises(InvalidInput, match="callback_url refused"):
        check_at_intake(f"http://[{address}]/", PUBLIC, lambda h, p: [address])


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("fec0::1", "site-local"),  # deprecated site-local (RFC 3879)
        ("feff:ffff::1", "site-local"),
        ("192.0.0.8", "IETF protocol assignment"),  # 192.0.0.0/24
        ("192.0.0.170", "192.0.0.0/24"),
        ("192.0.0.254", "192.0.0.0/24"),
        ("64:ff9b:1::808:808", "local-use NAT64"),  # even to a public IPv4 address
        ("3fff::1", "not a public address"),  # documentation (RFC 9637)
    ],
)
def test_public_refuses_blocks_the_registry_of_this_python_misses(address: str, kind: str) -> None:
    why = PUBLIC.refusal(address)
    assert why is not None and kind in why, why


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::808:808",  # NAT64 to 8.8.8.8: how an IPv6-only host reaches it
        "::ffff:8.8.8.8",
        "::808:808",
        "2606:4700:4700::1111",
    ],
)
def test_public_admits_what_leads_to_a_public_ipv4_address(address: str) -> None:
    assert PUBLIC.refusal(address) is None


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("10.0.0.0/8", "64:ff9b::a00:1"),  # what the NAT64 address leads to is listed
        ("10.0.0.0/8", "2002:a00:1::"),
        ("10.0.0.0/8", "::ffff:10.0.0.1"),
        ("10.0.0.0/8", "::a00:1"),
        ("10.0.0.0/8", "::ffff:0:a00:1"),
        ("64:ff9b::/96", "64:ff9b::a00:1"),  # the IPv6 network itself is listed
        ("64:ff9b:1::/48", "64:ff9b:1::a00:1"),
        ("2002::/16", "2002:a9fe:a9fe::"),
        ("fec0::/10", "fec0::1"),
        ("192.0.0.0/24", "192.0.0.8"),
        ("192.0.0.8/32", "192.0.0.8"),
    ],
)
def test_a_listed_cidr_admits_them(entry: str, address: str) -> None:
    assert PUBLIC.refusal(address) is not None
    assert CallbackPolicy.of([entry]).refusal(address) is None
    assert CallbackPolicy.of(["public", entry]).refusal(address) is None


def test_a_listed_ipv4_cidr_does_not_admit_them_through_a_local_nat64() -> None:
    """The site's own NAT64 prefix maps as its translator is set up (RFC 6052 has several
    layouts): only an IPv6 CIDR covering it admits it."""
    why = CallbackPolicy.of(["10.0.0.0/8"]).refusal("64:ff9b:1::a00:1")
    assert why is not None and "local-use NAT64" in why


def test_what_a_listed_cidr_admits_must_still_lead_somewhere_admitted() -> None:
    """Listing 10.0.0.0/8 does not open what 6to4 leads to elsewhere; without 'public' a
    public address is refused too (and said to be one)."""
    rules = CallbackPolicy.of(["10.0.0.0/8"])
    why = rules.refusal("2002:a9fe:a9fe::")
    assert why is not None and "169.254.169.254" in why and "link-local" in why
    why = rules.refusal("8.8.8.8")
    assert why == "8.8.8.8 is a public address and not in CODEJUDGE_CALLBACK_ALLOW"


GENERIC = "resolves to a loopback, private"  # what a refusal says of a name


@pytest.mark.parametrize(
    ("url", "resolved", "said", "unsaid"),
    [
        # A name: that it resolves to a refused address, never which one.
        ("http://db.internal/", "10.1.2.3", "db.internal resolves to a loopback, priv", "10.1"),
        ("http://meta.example/", "169.254.169.254", "resolves to a loopback", "169.254"),
        ("http://v6.example/", "fd00::5", "v6.example resolves to a loopback", "fd00"),
        ("http://nat.example/", "64:ff9b::a00:1", "resolves to a loopback", "10.0.0.1"),
        # A literal the caller typed, in any spelling: named, with why.
        ("http://10.1.2.3/", "10.1.2.3", "10.1.2.3 is a private or reserved address", GENERIC),
        ("http://[fd00::5]/", "fd00::5", "fd00::5 is a private or reserved", GENERIC),
        ("http://2130706433/", "127.0.0.1", "2130706433 resolves to 127.0.0.1: 127.0.0.1", GENERIC),
        ("http://0x7f.1/", "127.0.0.1", "0x7f.1 resolves to 127.0.0.1: 127.0.0.1 is a", GENERIC),
        ("http://[0::1]/", "::1", "::1 is a loopback address", GENERIC),
    ],
)
def test_a_refusal_names_the_address_only_when_the_caller_wrote_it(
    url: str, resolved: str, said: str, unsaid: str
) -> None:
    """A 422 must not map internal DNS names for whoever may submit: of a name it says the
    name resolves to a refused kind of address; an IP literal (``inet_aton``'s numeric
    spellings too) is named."""
    with pytest.raises(InvalidInput) as refused:
        check_at_intake(url, PUBLIC, lambda h, p: [resolved])
    assert said in str(refused.value) and unsaid not in str(refused.value), str(refused.value)


def test_intake_refuses_what_resolves_inside_and_passes_a_resolver_hiccup() -> None:
    def flaky(host: str, port: int) -> list[str]:
        raise OSError("temporary failure in name resolution")

    assert check_at_intake(" http://x.example/ ", PUBLIC, flaky) == "http://x.example/"
    with pytest.raises(InvalidInput, match="loopback"):
        check_at_intake("http://x.example/", PUBLIC, lambda h, p: ["127.0.0.1"])
