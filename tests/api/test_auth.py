"""The admin guard: the bearer token when one is set, else direct local clients only."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from starlette.requests import Request

from codejudge.api.auth import is_loopback, not_local
from tests.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.timeout(120)

ADMIN = "/api/v1/admin/dead-letters"
ServerFactory = Callable[..., Server]


def request(
    peer: str | None = "127.0.0.1", host: str = "127.0.0.1:8000", **headers: str
) -> Request:
    """A real Starlette request as a server would build it for this peer and headers."""
    raw = [(b"host", host.encode())] + [
        (name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()
    ]
    scope = {
        "type": "http",
        "method": "GET",
        "path": ADMIN,
        "headers": raw,
        "client": (peer, 50000) if peer is not None else None,
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.9.9.9", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("10.0.0.5", False),
        ("192.0.2.2", False),
        ("::ffff:10.0.0.1", False),
        ("fe80::1", False),
        ("localhost.evil.test", False),
        ("testclient", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_addresses_and_names(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_direct_local_client_is_local() -> None:
    """No browser headers, or those of this server's own pages (same origin)."""
    assert not_local(request()) is None
    assert not_local(request("::1", host="[::1]:8000")) is None
    assert not_local(request(host="localhost:8000", origin="http://localhost:8000")) is None
    assert not_local(request(origin="http://127.0.0.1:8000")) is None
    assert not_local(request(host="[::1]:8000", origin="http://[::1]:8000")) is None
    assert not_local(request(host="localhost", origin="http://localhost:80")) is None
    assert not_local(request(host="LocalHost:8000", origin="HTTP://localhost:8000")) is None
    assert not_local(request(sec_fetch_site="same-origin")) is None
    assert not_local(request(sec_fetch_site="none")) is None  # typed in the address bar


@pytest.mark.parametrize(
    ("req", "needle"),
    [
        (request("10.1.2.3"), "10.1.2.3"),
        (request(None), "unknown address"),
        (request(x_forwarded_for="203.0.113.9"), "x-forwarded-for"),
        (request(forwarded="for=203.0.113.9"), "forwarded"),
        (request(x_real_ip="203.0.113.9"), "x-real-ip"),
        (request(host="rebound.evil.test:8000"), "Host"),
        (request(host="[::1"), "Host"),  # does not parse
        (request(origin="https://evil.test"), "evil.test"),
        (request(origin="null"), "null"),
        (request(origin="http://[::1"), "[::1"),
        (request(sec_fetch_site="cross-site"), "another site"),
        # Loopback, but not this server's origin: another local server's pages.
        (request(origin="http://localhost:3000"), "localhost:3000"),
        (request(origin="http://127.0.0.1:3000"), "127.0.0.1:3000"),
        (request(origin="http://127.0.0.1"), "127.0.0.1"),  # port 80
        (request(origin="https://127.0.0.1:8000"), "https://"),
        (request(origin="http://localhost:8000"), "localhost:8000"),  # Host is 127.0.0.1
        (request(host="[::1]:8000", origin="http://127.0.0.1:8000"), "127.0.0.1"),
        (request(origin="http://127.0.0.1:8000/admin"), "/admin"),
        (request(origin="http://user@127.0.0.1:8000"), "user@"),
        (request(origin="127.0.0.1:8000"), "127.0.0.1:8000"),
        (request(origin="ftp://127.0.0.1:8000"), "ftp://"),
        (request(origin="http://127.0.0.1:99999"), "99999"),
        (request(sec_fetch_site="same-site"), "same-site"),
        (request(origin="http://127.0.0.1:8000", sec_fetch_site="same-site"), "same-site"),
        (request(sec_fetch_site="bogus"), "bogus"),
    ],
)
def test_anything_else_is_not(req: Request, needle: str) -> None:
    why = not_local(req)
    assert why is not None and needle in why


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with no admin token (and no workers)."""
    srv = start_server(tmp_path_factory.mktemp("auth"), workers=0)
    yield srv
    stop_server(srv)


def test_without_a_token_the_local_client_is_admitted(open_server: Server) -> None:
    """A client with no browser headers, and this server's own pages (same origin)."""
    with open_server.client() as c:
        assert c.get(ADMIN).status_code == 200
        assert c.get("/api/v1/admin/dashboard").status_code == 200
        for own in (
            {"Origin": open_server.url},
            {"Origin": open_server.url, "Sec-Fetch-Site": "same-origin"},
            {"Sec-Fetch-Site": "same-origin"},
            {"Sec-Fetch-Site": "none"},
        ):
            r = c.post("/api/v1/admin/dead-letters/delete", json={"all": True}, headers=own)
            assert r.status_code == 200, (own, r.text)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-For": "203.0.113.9"},
        {"Forwarded": "for=203.0.113.9;proto=https"},
        {"X-Real-IP": "203.0.113.9"},
        # What other proxies and CDNs add instead (a new user got in with each of these).
        {"Via": "1.1 nginx"},
        {"X-Forwarded-Host": "judge.example.org"},
        {"CF-Connecting-IP": "203.0.113.9"},
        {"True-Client-IP": "203.0.113.9"},
        {"Host": "rebound.evil.test"},
        {"Origin": "https://evil.test"},
        {"Sec-Fetch-Site": "cross-site"},
        # Pages of another server on this machine: loopback, same site, not the same origin.
        {"Origin": "http://localhost:3000"},
        {"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-site"},
        {"Origin": "http://127.0.0.1:{other_port}"},
        {"Origin": "http://localhost:{port}"},  # the server is 127.0.0.1:{port}
        {"Origin": "https://127.0.0.1:{port}"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-site"},
    ],
)
def test_without_a_token_proxied_or_cross_site_requests_get_403(
    open_server: Server, headers: dict[str, str]
) -> None:
    port = int(open_server.url.rsplit(":", 1)[1])
    headers = {
        name: value.format(port=port, other_port=port + 1) for name, value in headers.items()
    }
    with open_server.client() as c:
        for method, path in [
            ("GET", ADMIN),
            ("GET", "/api/v1/admin/dashboard"),
            ("DELETE", f"{ADMIN}/some-job"),
            ("GET", "/api/v1/submissions"),
        ]:
            r = c.request(method, path, headers=headers)
            assert r.status_code == 403, (method, path, r.text)
            body = r.json()
            assert body["error"] == "http_error"
            assert "CODEJUDGE_ADMIN_TOKEN" in body["detail"] and "local" in body["detail"]
        # Public routes do not care.
        assert c.get("/api/v1/problems", headers=headers).status_code == 200


def test_with_a_token_even_the_local_client_needs_it(server_factory: ServerFactory) -> None:
    srv = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN="s3cret")
    with srv.client() as c:
        for auth in (None, "Bearer nope", "Basic s3cret", "s3cret"):
            headers = {"Authorization": auth} if auth else {}
            r = c.get("/api/v1/admin/dashboard", headers=headers)
            assert r.status_code == 401, (auth, r.text)
            body = r.json()
            assert body["error"] == "http_error"
            assert "Authorization: Bearer <" in body["detail"], body
            assert "admin token" in body["detail"], body
        good = {"Authorization": "Bearer s3cret", "X-Forwarded-For": "203.0.113.9"}
        assert c.get("/api/v1/admin/dashboard", headers=good).status_code == 200


def test_httpx_sends_what_a_local_client_sends(open_server: Server) -> None:
    """The end-to-end tests above rely on httpx adding no proxy header by itself."""
    with httpx.Client(base_url=open_server.url) as c:
        sent = c.build_request("GET", ADMIN).headers
    assert not {"forwarded", "x-forwarded-for", "x-real-ip", "origin"} & set(sent)
