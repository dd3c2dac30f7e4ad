"""Webhooks against real servers and a real local HTTP receiver (``tests/receiver.py``):
``callback_url`` on a submission (and on a batch item), the signed POST of the result when it
finishes, retries with backoff (small test settings), no retry on a 4xx, the attempts in
``GET /api/v1/submissions/{id}/deliveries``, and the SSRF refusals at intake.

Embedded mode (SQLite store and queue) and distributed mode (PostgreSQL store, Redis queue,
``serve --workers 0`` + ``codejudge worker``: both processes run a dispatcher, and the
store's leases make each attempt happen once).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.distributed import distributed_mode
from tests.conftest import Server
from tests.receiver import Received, Receiver, receiver
from tests.solutions import PYTHON_A_PLUS_B

pytestmark = pytest.mark.timeout(300)

SECRET = "whsec_test_keyless"
WRONG_A_PLUS_B = "print(1)\n"  # a-plus-b: wrong_answer
# Small, real timings: a first retry after 0.3 s, doubling; given up 20 s after the finish.
HOOKS = {
    "CODEJUDGE_CALLBACK_ALLOW": '["127.0.0.1/32"]',
    "CODEJUDGE_WEBHOOK_SECRET": SECRET,
    "CODEJUDGE_WEBHOOK_BACKOFF_SECONDS": "0.3",
    "CODEJUDGE_WEBHOOK_RETRY_SECONDS": "20",
    "CODEJUDGE_WEBHOOK_POLL_SECONDS": "0.1",
    "CODEJUDGE_WEBHOOK_TIMEOUT_SECONDS": "5",
}


def submit(c: httpx.Client, url: str | None, code: str = PYTHON_A_PLUS_B) -> httpx.Response:
    body: dict[str, Any] = {"problem": "a-plus-b", "language": "python", "code": code}
    if url is not None:
        body["callback_url"] = url
    return post_json(c, "/api/v1/submissions", body)


def post_json(c: httpx.Client, path: str, body: object) -> httpx.Response:
    """POST ``body`` as JSON with non-ASCII escaped (a lone surrogate too, as JSON allows)."""
    headers = {"Content-Type": "application/json"}
    return c.post(path, content=json.dumps(body), headers=headers)


def deliveries(c: httpx.Client, sub_id: str, until: Callable[[dict[str, Any]], bool]) -> Any:
    """The submission's deliveries once ``until`` holds of the first (polling ~60 s)."""
    for _ in range(600):
        r = c.get(f"/api/v1/submissions/{sub_id}/deliveries")
        assert r.status_code == 200, r.text
        found = r.json()
        if found["deliveries"] and until(found["deliveries"][0]):
            return found
        c.get(f"/api/v1/submissions/{sub_id}", params={"wait": 0.1})
    raise AssertionError(f"deliveries of {sub_id} never got there: {found}")


def settled(d: dict[str, Any]) -> bool:
    return bool(d["status"] != "pending")


def assert_signed_result(hit: Received, sub_id: str, verdict: str) -> None:
    """The POST carries the result as GET shows it (without the code), signed with the
    keyless secret over ``timestamp.body``."""
    assert hit.headers["content-type"] == "application/json"
    assert hit.headers["x-codejudge-event"] == "submission.finished"
    assert hit.signature_ok(SECRET)
    assert not hit.signature_ok(SECRET + "x")
    body = json.loads(hit.body)
    assert body["type"] == "submission.finished"
    assert body["delivery"] == hit.headers["x-codejudge-delivery"]
    assert body["submission"]["id"] == sub_id
    assert body["submission"]["verdict"] == verdict
    assert "code" not in body["submission"] and body["submission"]["result"]["total"] >= 1


def check_delivered_once(c: httpx.Client, hook: Receiver) -> None:
    """One submission, one signed POST; its one attempt shown as delivered."""
    sub_id = submit(c, hook.url("/hook?x=1")).json()["id"]
    (hit,) = hook.wait_for(1)
    assert hit.path == "/hook?x=1"
    assert_signed_result(hit, sub_id, "accepted")
    found = deliveries(c, sub_id, settled)
    assert found["callback_url"] == hook.url("/hook?x=1")
    (delivery,) = found["deliveries"]
    assert (
        delivery["status"] == "delivered" and delivery["id"] == hit.headers["x-codejudge-delivery"]
    )
    (attempt,) = delivery["attempts"]
    assert attempt["status_code"] == 200 and attempt["error"] is None
    assert attempt["address"] == "127.0.0.1" and attempt["next_retry_at"] is None
    assert attempt["duration_ms"] >= 0
    assert len(hook.received) == 1  # nobody sent it twice


def check_retried_until_delivered(c: httpx.Client, hook: Receiver) -> None:
    """503, 500, 429 are retried with a growing wait; the fourth attempt delivers. Every
    attempt's status and next retry time is shown; the body is the same each time."""
    hook.script[:] = [503, 500, 429]
    sub_id = submit(c, hook.url(), WRONG_A_PLUS_B).json()["id"]
    hits = hook.wait_for(4)
    assert len({h.body for h in hits}) == 1
    assert len({h.headers["x-codejudge-delivery"] for h in hits}) == 1
    gaps = [b.at - a.at for a, b in itertools.pairwise(hits)]
    assert gaps[0] >= 0.25 and gaps[1] >= 0.55 and gaps[2] >= 1.15, gaps  # 0.3, 0.6, 1.2 s
    assert_signed_result(hits[-1], sub_id, "wrong_answer")
    (delivery,) = deliveries(c, sub_id, settled)["deliveries"]
    assert delivery["status"] == "delivered"
    codes = [a["status_code"] for a in delivery["attempts"]]
    assert codes == [503, 500, 429, 200]
    assert all(a["next_retry_at"] is not None for a in delivery["attempts"][:3])
    assert delivery["attempts"][0]["error"].startswith("HTTP 503")


def check_client_errors_are_final(c: httpx.Client, hook: Receiver) -> None:
    """A 4xx (but 408/429) or a redirect fails the delivery at once: one attempt each."""
    for status, needle in ((400, "HTTP 400"), (302, "not followed")):
        hook.received.clear()
        hook.script[:] = [status]
        sub_id = submit(c, hook.url()).json()["id"]
        (delivery,) = deliveries(c, sub_id, settled)["deliveries"]
        assert delivery["status"] == "failed", delivery
        (attempt,) = delivery["attempts"]
        assert attempt["status_code"] == status and needle in attempt["error"]
        assert attempt["next_retry_at"] is None
        assert len(hook.received) == 1


def check_batch_items_have_webhooks(c: httpx.Client, hook: Receiver) -> None:
    hook.received.clear()
    item = {"problem": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B}
    items = [{**item, "callback_url": hook.url(f"/b{i}")} for i in range(3)]
    r = c.post("/api/v1/submissions/batch", json={"items": [*items, item]})
    assert r.status_code == 202, r.text
    ids = [answer["id"] for answer in r.json()["items"]]
    hits = hook.wait_for(3)
    assert sorted(h.path for h in hits) == ["/b0", "/b1", "/b2"]
    by_path = {h.path: json.loads(h.body)["submission"]["id"] for h in hits}
    assert [by_path[f"/b{i}"] for i in range(3)] == ids[:3]
    c.get(f"/api/v1/submissions/{ids[3]}", params={"wait": 60})
    assert c.get(f"/api/v1/submissions/{ids[3]}/deliveries").json()["deliveries"] == []


# -- embedded mode ---------------------------------------------------------------------------


@pytest.fixture
def hooked(server_factory: Callable[..., Server]) -> Server:
    return server_factory(workers=1, **HOOKS)


def test_a_finished_submission_is_posted_signed_once(hooked: Server) -> None:
    with receiver() as hook, hooked.client() as c:
        check_delivered_once(c, hook)


def test_failing_receivers_are_retried_with_backoff(hooked: Server) -> None:
    with receiver() as hook, hooked.client() as c:
        check_retried_until_delivered(c, hook)


def test_a_4xx_or_a_redirect_is_not_retried(hooked: Server) -> None:
    with receiver() as hook, hooked.client() as c:
        check_client_errors_are_final(c, hook)


def test_batch_items_carry_their_callback_url(hooked: Server) -> None:
    with receiver() as hook, hooked.client() as c:
        check_batch_items_have_webhooks(c, hook)


def test_a_receiver_that_never_recovers_is_given_up(
    server_factory: Callable[..., Server],
) -> None:
    """Retried until the next try would fall past the retry window (here 2 s after the
    finish: tries at about 0, 0.3 and 0.9 s, the next would be at 2.1 s), then failed with
    the reason; nothing is sent after that."""
    env = {**HOOKS, "CODEJUDGE_WEBHOOK_RETRY_SECONDS": "2"}
    with receiver([500] * 100) as hook, server_factory(workers=1, **env).client() as c:
        sub_id = submit(c, hook.url()).json()["id"]
        (delivery,) = deliveries(c, sub_id, settled)["deliveries"]
        assert delivery["status"] == "failed" and "gave up" in delivery["last_error"]
        tries = delivery["attempts"]
        assert 2 <= len(tries) <= 4 and {a["status_code"] for a in tries} == {500}, tries
        assert all(a["next_retry_at"] for a in tries[:-1]) and tries[-1]["next_retry_at"] is None
        time.sleep(1.5)
        assert len(hook.received) == len(tries)


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address"),
        ("http://localhost:9/hook", "localhost resolves to a loopback, private"),
        ("http://2130706433:9/", "resolves to 127.0.0.1"),
        ("http://[::1]:9/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]:9/", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/", "10.1.2.3 is a private or reserved address"),
        ("http://192.168.0.1/", "private"),
        ("ftp://example.com/", "http:// or https://"),
        ("http://user:pw@example.com/", "credentials"),
        ("http:///nohost", "no host"),
        ("http://a..b/", "not a host name"),
        ("http://no-such-host.invalid/", "does not resolve"),
        ("http://x.com/" + "a" * 2100, "at most 2048"),
        ("http://x\ud800.com/", "lone surrogate"),
    ],
)
def test_callback_urls_that_could_reach_inside_are_refused_at_intake(
    client: httpx.Client, url: str, needle: str
) -> None:
    """The default rules (``public`` only): loopback, private, link-local (metadata) and
    names resolving there are 422 with the reason, in a batch item too; nothing is stored."""
    r = submit(client, url)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_input" and needle in r.json()["detail"], r.json()
    item = {"problem": "a-plus-b", "language": "python", "code": "x", "callback_url": url}
    r = post_json(client, "/api/v1/submissions/batch", {"items": [item]})
    (answer,) = r.json()["items"]
    assert answer["error"] == "invalid_input" and needle in answer["detail"]


def test_deliveries_of_an_unknown_submission_is_404(client: httpx.Client) -> None:
    r = client.get("/api/v1/submissions/nope/deliveries")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_the_openapi_schema_documents_webhooks(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    models = schema["components"]["schemas"]
    assert "callback_url" in models["SubmissionIn"]["properties"]
    get = schema["paths"]["/api/v1/submissions/{submission_id}/deliveries"]["get"]
    assert get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "DeliveriesOut"
    )
    assert {"status_code", "error", "duration_ms", "next_retry_at"} <= set(
        models["AttemptOut"]["properties"]
    )


# -- distributed mode ------------------------------------------------------------------------


@pytest.fixture
def distributed(server_factory: Callable[..., Server], tmp_path: Path) -> Iterator[Server]:
    """``serve --workers 0`` on PostgreSQL + Redis and one ``codejudge worker``: two
    dispatchers sharing the deliveries."""
    with distributed_mode(server_factory, tmp_path, **HOOKS) as (server, _):
        yield server


@pytest.mark.timeout(600)
def test_webhooks_in_distributed_mode(distributed: Server) -> None:
    with receiver() as hook, distributed.client() as c:
        check_delivered_once(c, hook)
        hook.received.clear()
        check_retried_until_delivered(c, hook)
        hook.received.clear()
        check_client_errors_are_final(c, hook)
        check_batch_items_have_webhooks(c, hook)
