"""The SSRF rules of callback URLs (``codejudge.callback_urls``), as tables: what parses,
which addresses each kind of allow-list entry admits, how a name's addresses are judged.
Resolution is the injected resolver's here (the API tests use the system's)."""

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
        ("http://exa mple.com/", "not a host name"),
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
    with pytest.raises(InvalidInput, match=r"mixed\.example resolves to 10\.0\.0\.7"):
        PUBLIC.addresses(target, lambda h, p: ["93.184.216.34", "10.0.0.7"])
    assert PUBLIC.addresses(target, lambda h, p: ["93.184.216.34"]) == ["93.184.216.34"]


def test_intake_refuses_what_resolves_inside_and_passes_a_resolver_hiccup() -> None:
    def flaky(host: str, port: int) -> list[str]:
        raise OSError("temporary failure in name resolution")

    assert check_at_intake(" http://x.example/ ", PUBLIC, flaky) == "http://x.example/"
    with pytest.raises(InvalidInput, match="loopback"):
        check_at_intake("http://x.example/", PUBLIC, lambda h, p: ["127.0.0.1"])
