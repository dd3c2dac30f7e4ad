"""API keys, roles and ownership against the real server: ``CODEJUDGE_AUTH=keys`` in both
modes (embedded: SQLite store and queue; distributed: PostgreSQL + Redis, ``serve --workers
0`` + ``codejudge worker``), and the open mode, where a key sent is still honoured."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.distributed import distributed_mode
from tests.conftest import Server, start_server, stop_server
from tests.solutions import PYTHON_A_PLUS_B

pytestmark = pytest.mark.timeout(240)

TOKEN = "admin-s3cret"
KEYS_MODE = {"CODEJUDGE_AUTH": "keys", "CODEJUDGE_ADMIN_TOKEN": TOKEN}
ADMIN_TOKEN = {"Authorization": f"Bearer {TOKEN}"}
NOT_LOCAL = {"X-Forwarded-For": "203.0.113.9"}  # as a reverse proxy forwards a remote client
UNKNOWN_ID = "0190aaaa-0000-7000-8000-000000000000"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def create_key(c: httpx.Client, headers: dict[str, str], name: str, *roles: str) -> dict[str, Any]:
    r = c.post("/api/v1/admin/keys", json={"name": name, "roles": list(roles)}, headers=headers)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    assert body["key"].startswith("cj_") and body["key"].startswith(body["prefix"])
    assert body["webhook_secret"] and body["active"] and sorted(roles) == body["roles"]
    return body


def submit(c: httpx.Client, headers: dict[str, str], **params: Any) -> str:
    body = {"problem": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B}
    r = c.post("/api/v1/submissions", json=body, headers=headers, params=params)
    assert r.status_code in (200, 202), r.text
    return str(r.json()["id"])


def error(r: httpx.Response, status: int, *words: str) -> str:
    assert r.status_code == status, (r.status_code, r.text)
    detail = str(r.json()["detail"])
    assert all(w in detail for w in words), (words, detail)
    return detail


def listed(c: httpx.Client, headers: dict[str, str], **params: Any) -> list[str]:
    r = c.get("/api/v1/submissions", headers=headers, params=params)
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


# -- the keys mode, both storage modes -------------------------------------------------------


def check_no_key_no_entry(c: httpx.Client) -> None:
    """Without a credential only health, languages, problems and pages answer."""
    for method, path in [
        ("POST", "/api/v1/submissions"),
        ("POST", "/api/v1/runs"),
        ("POST", "/submit"),
        ("GET", f"/api/v1/submissions/{UNKNOWN_ID}"),
        ("GET", f"/api/v1/submissions/{UNKNOWN_ID}/events"),
        ("GET", "/api/v1/submissions"),
        ("GET", "/api/v1/queue"),
        ("GET", "/worker"),
        ("GET", "/api/v1/admin/keys"),
    ]:
        error(c.request(method, path), 401, "API key")
    for path in ("/healthz", "/", "/api/v1/languages", "/api/v1/problems", "/problems/two-sum"):
        assert c.get(path).status_code == 200, path
    for wrong in ({"Authorization": "Bearer cj_nope"}, {"X-Api-Key": "nope"}, bearer(TOKEN + "x")):
        error(c.get("/api/v1/queue", headers=wrong), 401, "neither an active API key")


def check_roles_and_ownership(c: httpx.Client) -> None:
    alice = create_key(c, ADMIN_TOKEN, "alice", "submit", "read")
    bob = create_key(c, ADMIN_TOKEN, "bob", "submit", "read")
    poster = create_key(c, ADMIN_TOKEN, "poster", "submit")
    watcher = create_key(c, ADMIN_TOKEN, "watcher", "read")
    boss = create_key(c, ADMIN_TOKEN, "boss", "admin")
    a, b = bearer(alice["key"]), {"X-Api-Key": bob["key"]}  # both ways to send a key
    mine, theirs = submit(c, a), submit(c, b)
    posted = submit(c, bearer(poster["key"]))
    assert c.get(f"/api/v1/submissions/{mine}", headers=a).json()["id"] == mine
    judge0_style = {"X-Auth-Token": alice["key"]}  # a Judge0 client's auth_headers
    assert c.get(f"/api/v1/submissions/{mine}", headers=judge0_style).status_code == 200
    # Another's submission is as absent as an unknown one: the same 404, stream included.
    absent = error(c.get(f"/api/v1/submissions/{UNKNOWN_ID}", headers=a), 404)
    assert error(c.get(f"/api/v1/submissions/{theirs}", headers=a), 404) == absent.replace(
        UNKNOWN_ID, theirs
    )
    error(c.get(f"/api/v1/submissions/{theirs}/events", headers=a), 404, theirs)
    # A missing role is 403 naming it.
    error(c.get(f"/api/v1/submissions/{posted}", headers=bearer(poster["key"])), 403, "'read'")
    body = {"problem": "a-plus-b", "language": "python", "code": "x"}
    r = c.post("/api/v1/submissions", json=body, headers=bearer(watcher["key"]))
    error(r, 403, "'submit'", "watcher")
    error(c.get("/api/v1/admin/keys", headers=a), 403, "'admin'")
    error(c.get("/worker", headers=a), 403, "'admin'")
    # admin implies every role: it reads and lists every one's, and submits.
    boss_h = bearer(boss["key"])
    for sub in (mine, theirs, posted):
        assert c.get(f"/api/v1/submissions/{sub}", headers=boss_h).status_code == 200
    assert c.get("/api/v1/admin/dashboard", headers=boss_h).status_code == 200
    assert c.get("/worker", headers=boss_h).status_code == 200
    own = submit(c, boss_h)
    # Listing: a key lists its own; an admin every one's, or one key's with owner=.
    assert listed(c, a) == [mine]
    assert listed(c, a, ids=f"{mine},{theirs}") == [mine]
    error(c.get("/api/v1/submissions", headers=a, params={"owner": bob["id"]}), 403, "admin")
    assert listed(c, a, owner=alice["id"]) == [mine]
    error(c.get("/api/v1/submissions", headers=bearer(poster["key"])), 403, "'read'")
    everyone = listed(c, boss_h)
    assert everyone[:4] == [own, posted, theirs, mine]
    assert listed(c, ADMIN_TOKEN, owner=bob["id"]) == [theirs]
    check_revocation(c, bob, b, alice)


def check_revocation(
    c: httpx.Client, bob: dict[str, Any], b: dict[str, str], alice: dict[str, Any]
) -> None:
    """Revoked: refused at once (401), kept in the list with include_revoked; last use shown."""
    r = c.delete(f"/api/v1/admin/keys/{bob['id']}", headers=ADMIN_TOKEN)
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["revoked_at"]
    error(c.get("/api/v1/submissions", headers=b), 401, "revoked")
    again = c.delete(f"/api/v1/admin/keys/{bob['id']}", headers=ADMIN_TOKEN)
    assert again.status_code == 200 and again.json()["revoked_at"] == r.json()["revoked_at"]
    error(c.delete(f"/api/v1/admin/keys/{UNKNOWN_ID}", headers=ADMIN_TOKEN), 404, UNKNOWN_ID)
    error(c.get("/api/v1/admin/keys/not%20an%20id", headers=ADMIN_TOKEN), 422)
    active = c.get("/api/v1/admin/keys", headers=ADMIN_TOKEN).json()
    assert bob["id"] not in [k["id"] for k in active]
    assert all("key" not in k and "webhook_secret" not in k for k in active)
    every = c.get("/api/v1/admin/keys", headers=ADMIN_TOKEN, params={"include_revoked": True})
    assert bob["id"] in [k["id"] for k in every.json()]
    used = c.get(f"/api/v1/admin/keys/{alice['id']}", headers=ADMIN_TOKEN).json()
    assert used["last_used_at"] is not None and used["name"] == "alice"


def check_listing_by_time_and_pages(c: httpx.Client) -> None:
    carol = create_key(c, ADMIN_TOKEN, "carol", "submit", "read")
    h = bearer(carol["key"])
    subs = [submit(c, h) for _ in range(3)]
    made = c.get(f"/api/v1/submissions/{subs[1]}", headers=h).json()["queued_at"]
    assert listed(c, h, since="2999-01-01T00:00:00") == []
    assert listed(c, h, until="2999-01-01T00:00:00Z") == subs[::-1]
    assert listed(c, h, until="2000-01-01T00:00:00+02:00") == []
    assert subs[1] in listed(c, h, since=made[:19])  # seconds, no zone: UTC
    error(c.get("/api/v1/submissions", headers=h, params={"since": "yesterday"}), 422, "since")
    error(c.get("/api/v1/submissions", headers=h, params={"owner": "x'; --"}), 422)
    first = c.get("/api/v1/submissions", headers=h, params={"limit": 2})
    assert [i["id"] for i in first.json()["items"]] == subs[:0:-1]
    assert first.json()["next"] == subs[1]
    link = first.headers["link"]
    assert link.startswith("</api/v1/submissions?") and link.endswith('>; rel="next"')
    second = c.get(link[1 : link.index(">")], headers=h)
    assert [i["id"] for i in second.json()["items"]] == [subs[0]]
    assert second.json()["next"] is None and "link" not in second.headers


def check_key_bodies(c: httpx.Client) -> None:
    """Bad key bodies are 422 naming the field."""
    for body, field in [
        ({"name": "x", "roles": []}, "roles"),
        ({"name": "x", "roles": ["root"]}, "roles"),
        ({"name": "   ", "roles": ["read"]}, "name"),
        ({"name": "nul\u0000", "roles": ["read"]}, "U+0000"),
        ({"name": "lone \ud800", "roles": ["read"]}, "name"),
        ({"name": "x", "roles": ["read"], "rate_per_minute": 0}, "rate_per_minute"),
        ({"name": "x", "roles": ["read"], "callback_url": "ftp://example.org/"}, "http"),
        ({"name": "x", "roles": ["read"], "callback_url": "http://[::1"}, "callback_url"),
        # The webhook rules (SSRF): a key's default callback cannot reach an internal host.
        ({"name": "x", "roles": ["read"], "callback_url": "http://127.0.0.1:9/"}, "loopback"),
        ({"name": "x", "roles": ["read"], "callback_url": "http://169.254.169.254/"}, "169.254"),
        ({"name": "x", "roles": ["read"], "owner": "me"}, "owner"),
    ]:
        # json.dumps escapes a lone surrogate as \ud800, as a JSON client may send it.
        headers = {**ADMIN_TOKEN, "Content-Type": "application/json"}
        r = c.post("/api/v1/admin/keys", content=json.dumps(body), headers=headers)
        assert r.status_code == 422, (body, r.text)
        assert field in str(r.json()["detail"]), (body, r.text)


def check_keys_mode(server: Server) -> None:
    with server.client() as c:
        check_no_key_no_entry(c)
        check_roles_and_ownership(c)
        check_listing_by_time_and_pages(c)
        check_key_bodies(c)
        # The local-only admin rule is the open mode's: here a local client is nobody.
        error(c.get("/api/v1/admin/dashboard"), 401)


def test_keys_mode_embedded(server_factory: Callable[..., Server]) -> None:
    check_keys_mode(server_factory(workers=0, **KEYS_MODE))


def test_keys_mode_distributed(server_factory: Callable[..., Server], tmp_path: Path) -> None:
    with distributed_mode(server_factory, tmp_path, **KEYS_MODE) as (server, _):
        check_keys_mode(server)
        with server.client() as c:  # judged end to end under a key, read back by it
            dana = bearer(create_key(c, ADMIN_TOKEN, "dana", "submit", "read")["key"])
            sub = submit(c, dana)
            done = c.get(f"/api/v1/submissions/{sub}", headers=dana, params={"wait": 90})
            assert done.json()["verdict"] == "accepted", done.text
            assert listed(c, dana, verdict="accepted") == [sub]


# -- the open mode ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def open_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The default mode, no admin token: a direct local client is admin."""
    srv = start_server(tmp_path_factory.mktemp("open"), workers=0)
    yield srv
    stop_server(srv)


def test_open_mode_honours_a_key_sent(open_server: Server) -> None:
    with open_server.client() as c:
        erin = create_key(c, {}, "erin", "submit", "read")  # local: admin without a token
        frank = create_key(c, {}, "frank", "submit", "read")
        anon = submit(c, NOT_LOCAL)
        hers = submit(c, bearer(erin["key"]))
        # No key: anyone holding an id reads it (an id is the capability, as before keys).
        for sub in (anon, hers):
            assert c.get(f"/api/v1/submissions/{sub}", headers=NOT_LOCAL).status_code == 200
        # A key is honoured: its own only, even in the open mode.
        error(c.get(f"/api/v1/submissions/{hers}", headers=bearer(frank["key"])), 404)
        error(c.get(f"/api/v1/submissions/{anon}", headers=bearer(frank["key"])), 404)
        assert listed(c, bearer(erin["key"])) == [hers]
        assert listed(c, NOT_LOCAL, ids=f"{anon},{hers}") == [hers, anon]
        error(c.get("/api/v1/submissions", headers=NOT_LOCAL), 403, "CODEJUDGE_ADMIN_TOKEN")
        error(
            c.get(
                "/api/v1/submissions", headers=NOT_LOCAL, params={"ids": anon, "owner": erin["id"]}
            ),
            403,
        )
        assert set(listed(c, {}, owner=erin["id"])) == {hers}  # local: admin
        # A wrong or revoked key is refused, not taken for "no key".
        error(c.post("/api/v1/submissions", json={}, headers=bearer("cj_nope")), 401)
        assert c.delete(f"/api/v1/admin/keys/{frank['id']}").status_code == 200
        error(c.get(f"/api/v1/submissions/{anon}", headers={"X-Api-Key": frank["key"]}), 401)
        # A key's roles hold in the open mode too.
        poster = create_key(c, {}, "poster", "submit")
        error(c.get("/worker", headers=bearer(poster["key"])), 403, "'admin'")
        assert c.get("/worker", headers=NOT_LOCAL).status_code == 200  # anonymous, as the seed


def test_open_mode_admin_api_keeps_the_local_only_rule(open_server: Server) -> None:
    with open_server.client() as c:
        error(c.get("/api/v1/admin/keys", headers=NOT_LOCAL), 403, "local", "admin role")
        boss = create_key(c, {}, "boss", "admin")
        both = {**NOT_LOCAL, **bearer(boss["key"])}
        assert c.get("/api/v1/admin/keys", headers=both).status_code == 200  # a key: anywhere


def test_the_keys_api_is_in_openapi(open_server: Server) -> None:
    with open_server.client() as c:
        spec = c.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/admin/keys"])
    assert {"get", "delete"} <= set(paths["/api/v1/admin/keys/{key_id}"])
    names = {p["name"] for p in paths["/api/v1/submissions"]["get"]["parameters"]}
    assert {"ids", "owner", "since", "until", "before", "limit"} <= names
    assert {"HTTPBearer", "APIKeyHeader"} <= set(spec["components"]["securitySchemes"])
