"""The HTTP API against a real server process: happy paths and bad input for every endpoint."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from httpx_sse import connect_sse

from codejudge.problems import BUNDLED_DIR, load_problem
from codejudge.queue import open_queue
from tests.conftest import Server
from tests.solutions import PYTHON_A_PLUS_B, PYTHON_TWO_SUM, PYTHON_TWO_SUM_WRONG

pytestmark = pytest.mark.timeout(120)


def submit(
    client: httpx.Client,
    code: str,
    problem: str = "two-sum",
    wait: float = 60,
    language: str = "python",
) -> dict[str, Any]:
    r = client.post(
        "/api/v1/submissions",
        params={"wait": wait},
        json={"problem": problem, "language": language, "code": code},
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_health_root_and_docs(client: httpx.Client) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/").json()["status"] == "ok"
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert client.get("/openapi.json").json()["info"]["title"] == "codejudge"
    assert client.get("/docs").status_code == 200


def test_languages_lists_python_with_version(client: httpx.Client) -> None:
    langs = {lang["id"]: lang for lang in client.get("/api/v1/languages").json()}
    assert "python" in langs
    assert langs["python"]["version"] and "3." in langs["python"]["version"]
    assert set(langs["python"]["kinds"]) == {"function", "stdio"}


def test_problems_list_and_detail(client: httpx.Client) -> None:
    slugs = {p["slug"] for p in client.get("/api/v1/problems").json()}
    assert {"two-sum", "fizz-buzz", "reverse-string", "a-plus-b"} <= slugs
    detail = client.get("/api/v1/problems/two-sum").json()
    assert detail["signature"]["function"] == "twoSum"
    assert detail["samples"] and detail["statement"]
    # The server reads hidden tests only when judging; the count is there all the same.
    two_sum = load_problem(BUNDLED_DIR / "two-sum")
    assert detail["test_count"] == len(two_sum.tests)
    samples = [{"input": t.input, "expected": t.expected} for t in two_sum.samples]
    assert detail["samples"] == samples
    missing = client.get("/api/v1/problems/no-such-problem")
    assert missing.status_code == 404
    assert "no-such-problem" in missing.json()["detail"]


def test_accepted_through_the_api(client: httpx.Client) -> None:
    sub = submit(client, PYTHON_TWO_SUM)
    assert sub["status"] == "finished"
    assert sub["verdict"] == "accepted", sub
    result = sub["result"]
    assert result["passed"] == result["total"] >= 10
    assert all(t["verdict"] == "accepted" for t in result["tests"])


def test_wrong_answer_shows_the_failing_test(client: httpx.Client) -> None:
    sub = submit(client, PYTHON_TWO_SUM_WRONG)
    assert sub["verdict"] == "wrong_answer"
    failing = sub["result"]["failing_test"]
    assert failing["hidden"] is False
    assert failing["input"] and failing["expected"] and failing["actual"] == "[0,1]"


def test_compile_error_carries_the_message(client: httpx.Client) -> None:
    sub = submit(client, "class Solution:\n    def twoSum(self, nums, target)\n        pass\n")
    assert sub["verdict"] == "compile_error"
    assert "SyntaxError" in sub["result"]["compile_output"]
    assert sub["result"]["compile_errors"] == [
        {"line": 2, "column": 35, "message": "SyntaxError: expected ':'", "severity": "error"}
    ], sub["result"]


def test_stdio_problem_and_legacy_submit(client: httpx.Client) -> None:
    r = client.post(
        "/submit",
        params={"wait": 60},
        json={"problemId": "a-plus-b", "code": PYTHON_A_PLUS_B, "language": "python"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] == "accepted"


def test_accept_then_poll_and_events(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/submissions",
        json={
            "problem": "fizz-buzz",
            "language": "python",
            "code": "def fizzBuzz(n):\n    return [('Fizz'*(i%3==0)+'Buzz'*(i%5==0)) or str(i)"
            " for i in range(1, n+1)]\n",
        },
    )
    assert r.status_code == 202
    sub_id = r.json()["id"]
    kinds = []
    with connect_sse(client, "GET", f"/api/v1/submissions/{sub_id}/events") as source:
        for event in source.iter_sse():
            kinds.append(event.event)
            if event.event == "finished":
                final = json.loads(event.data)
                break
    assert final["verdict"] == "accepted"
    assert "test" in kinds and kinds[-1] == "finished"
    got = client.get(f"/api/v1/submissions/{sub_id}").json()
    assert got["verdict"] == "accepted" and got["finished_at"]


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"problem": "nope", "language": "python", "code": "x"}, 404, "nope"),
        ({"problem": "two-sum", "language": "cobol", "code": "x"}, 422, "supported"),
        ({"problem": "two-sum", "language": "python", "code": "   "}, 422, "empty"),
        ({"problem": "two-sum", "language": "python"}, 422, "code"),
        ({"problem": "two-sum", "language": "python", "code": 5}, 422, "code"),
        ({"problem": "two-sum", "language": "python", "code": "x", "extra": 1}, 422, "extra"),
        ([1, 2, 3], 422, ""),
    ],
)
def test_bad_submissions_get_a_clear_4xx(
    client: httpx.Client, body: object, status: int, needle: str
) -> None:
    r = client.post("/api/v1/submissions", json=body)
    assert r.status_code == status, r.text
    assert needle in json.dumps(r.json()["detail"])


def test_malformed_json_is_400(client: httpx.Client) -> None:
    for path in ("/api/v1/submissions", "/submit"):
        r = client.post(
            path, content=b'{"problem": "two-sum",', headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 400, r.text
        assert "JSON" in r.json()["detail"]


def test_code_too_large_is_413(client: httpx.Client) -> None:
    code = "#" * (64 * 1024 + 1)
    r = client.post(
        "/api/v1/submissions", json={"problem": "two-sum", "language": "python", "code": code}
    )
    assert r.status_code == 413
    assert "65536" in r.json()["detail"]
    huge = client.post(
        "/submit", content=b"x" * (2 * 1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert huge.status_code == 413


def test_legacy_submit_bad_input(client: httpx.Client) -> None:
    assert client.post("/submit", json={"code": "x"}).status_code == 422
    r = client.post("/submit", json={"problemId": "two-sum", "code": "x", "language": "brainf"})
    assert r.status_code == 422 and "supported" in r.json()["detail"]


def test_unknown_submission_and_bad_wait(client: httpx.Client) -> None:
    assert client.get("/api/v1/submissions/does-not-exist").status_code == 404
    assert client.get("/api/v1/submissions/does-not-exist/events").status_code == 404
    r = client.get("/api/v1/submissions/x", params={"wait": -1})
    assert r.status_code == 422
    r = client.post(
        "/api/v1/submissions",
        params={"wait": "soon"},
        json={"problem": "two-sum", "language": "python", "code": "x"},
    )
    assert r.status_code == 422
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_queue_stats(client: httpx.Client) -> None:
    stats = client.get("/api/v1/queue").json()
    assert set(stats) >= {"depth", "ready", "running", "dead", "delayed", "workers"}


def test_cors_is_permissive_by_default(client: httpx.Client) -> None:
    r = client.options(
        "/api/v1/problems",
        headers={"Origin": "http://example.test", "Access-Control-Request-Method": "GET"},
    )
    assert r.headers.get("access-control-allow-origin") in ("*", "http://example.test")


def test_seed_worker_endpoint_judges_one_job(server_factory) -> None:  # type: ignore[no-untyped-def]
    """``GET /worker`` judges whichever job is next, usually someone else's: it shows the
    verdict but not the code. ``/submit`` answers its caller with the id and links only."""
    srv: Server = server_factory(workers=0)
    with srv.client() as c:
        assert c.get("/worker").json()["processed"] is None
        r = c.post(
            "/submit", json={"problemId": "two-sum", "code": PYTHON_TWO_SUM, "language": "python"}
        )
        assert r.status_code == 202
        assert set(r.json()) == {"id", "status", "links"}
        processed = c.get("/worker").json()["processed"]
        assert processed["id"] == r.json()["id"]
        assert processed["verdict"] == "accepted"
        assert "code" not in processed and "class Solution" not in json.dumps(processed)
        assert {"kind", "problem", "language", "status", "result"} <= set(processed)
        assert c.get("/worker").json()["processed"] is None


def test_queue_reports_live_workers(client: httpx.Client) -> None:
    workers = client.get("/api/v1/queue").json()["workers"]
    assert len(workers) == 1 and workers[0]["concurrency"] == 2


def test_admin_api_is_local_only_without_a_token(client: httpx.Client) -> None:
    """No token set: this test's direct loopback client is admitted, a proxied one is not
    (tests/api/test_auth.py has the rest of the rule)."""
    assert client.get("/api/v1/admin/dead-letters").status_code == 200
    r = client.get("/api/v1/admin/dead-letters", headers={"X-Forwarded-For": "203.0.113.9"})
    assert r.status_code == 403
    assert "CODEJUDGE_ADMIN_TOKEN" in r.json()["detail"]


def test_admin_dead_letters_and_redrive(server_factory) -> None:  # type: ignore[no-untyped-def]
    """A job that failed every delivery is listed with its error; re-driving it gets it judged."""
    srv: Server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN="s3cret")
    queue = open_queue(f"sqlite:///{srv.data_dir / 'codejudge.db'}")
    auth = {"Authorization": "Bearer s3cret"}
    with srv.client() as c:
        assert c.get("/api/v1/admin/dead-letters").status_code == 401
        bad = {"Authorization": "Bearer x"}
        assert c.get("/api/v1/admin/dead-letters", headers=bad).status_code == 401
        assert c.get("/api/v1/admin/dead-letters", headers=auth).json() == []
        body = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM}
        sub_id = c.post("/api/v1/submissions", json=body).json()["id"]
        # No worker runs here: fail its only delivery through the queue contract, as a worker
        # whose attempts all crashed would.
        (lease,) = queue.claim("test", 1, 30)
        assert lease.job_id == sub_id
        queue.fail(lease, "boom", retry=False)
        dead = c.get("/api/v1/admin/dead-letters", headers=auth).json()
        assert [(d["id"], d["error"]) for d in dead] == [(sub_id, "boom")]
        assert (dead[0]["problem"], dead[0]["language"]) == ("two-sum", "python")
        assert dead[0]["submission_status"] == "queued"  # failed before the store saw it start
        r = c.post(f"/api/v1/admin/dead-letters/{sub_id}/redrive", headers=auth)
        assert r.status_code == 202
        assert c.get("/worker").json()["processed"]["verdict"] == "accepted"
        again = c.post(f"/api/v1/admin/dead-letters/{sub_id}/redrive", headers=auth)
        assert again.status_code == 409
        missing = c.post("/api/v1/admin/dead-letters/nope/redrive", headers=auth)
        assert missing.status_code == 404
    queue.close()


def test_languages_report_worker_self_tests(client: httpx.Client) -> None:
    """The embedded pool runs every language's self-test at start and reports it."""
    deadline = time.monotonic() + 60
    while True:
        python = {x["id"]: x for x in client.get("/api/v1/languages").json()}["python"]
        if python["available"] is not None or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert python["available"] is True and python["problem"] is None


def test_admin_uploads_may_be_larger_than_submissions(server_factory) -> None:  # type: ignore[no-untyped-def]
    """The body cap for submissions (~448 KiB) does not apply to problem packages."""
    srv: Server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN="s3cret")
    with srv.client() as c:
        r = c.post(
            "/api/v1/admin/problems/upload",
            headers={"Authorization": "Bearer s3cret"},
            files={"file": ("big.zip", b"not a zip" * 100_000, "application/zip")},
        )
        assert r.status_code != 413, r.text
        assert 400 <= r.status_code < 500 and "zip" in r.text.lower()


MERGE_K_LISTS = """\
slug = "merge-k-lists"
title = "Merge k Sorted Lists"
kind = "function"

[signature]
function = "mergeKLists"
returns = "ListNode"
params = [{ name = "lists", type = "ListNode[]" }]
"""


def test_a_language_that_cannot_express_the_signature_is_refused_with_422(
    server_factory: Callable[..., Server],
) -> None:
    """C's driver has no ``ListNode[]``: intake says so (judging would say compile_error),
    rather than judging ending in internal_error and the dead letters."""
    srv: Server = server_factory(workers=0)
    files = {
        "problem.toml": MERGE_K_LISTS,
        "statement.md": "Merge them.\n",
        "tests/1.json": '{"args": [[[1, 4], [2]]], "expected": [1, 2, 4]}\n',
    }
    with srv.client() as c:
        created = c.post("/api/v1/admin/problems", json={"files": files})
        assert created.status_code == 201, created.text
        body = {"problem": "merge-k-lists", "language": "c", "code": "int x;\n"}
        r = c.post("/api/v1/submissions", json=body)
        assert r.status_code == 422, r.text
        detail = r.json()["detail"]
        assert "cannot solve this problem's signature" in detail, detail
        assert "ListNode[]" in detail, detail
        python = {**body, "language": "python", "code": "class Solution: pass\n"}
        assert c.post("/api/v1/submissions", json=python).status_code == 202


@pytest.mark.parametrize("path", ["/api/v1/submissions", "/api/v1/runs", "/submit"])
@pytest.mark.parametrize(
    ("raw_code", "needle"),
    [(b"\\ud800", "lone surrogate (U+D800)"), (b"x\\u0000", "NUL character (U+0000)")],
)
def test_text_no_store_can_keep_is_a_422_at_every_entry_point(
    client: httpx.Client, path: str, raw_code: bytes, needle: str
) -> None:
    """JSON may carry a lone surrogate or a NUL; UTF-8 and PostgreSQL cannot keep them. Every
    entry point answers 422 naming the field (the surrogate was a plain-text 500)."""
    slug = b'"problemId"' if path == "/submit" else b'"problem"'
    body = b"{" + slug + b': "two-sum", "language": "python", "code": "' + raw_code + b'"}'
    r = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_input"
    assert needle in r.json()["detail"] and "code" in r.json()["detail"]


def _raw_post(url: str, head: bytes, chunks: list[bytes]) -> bytes:
    """Send ``head`` and every chunk as a naive client does (all of it, then read), and return
    what the server answered; ConnectionResetError if it hung up instead."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(head)
        for chunk in chunks:
            conn.sendall(chunk)
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while data := conn.recv(65536):
            answer += data
    return answer


def test_an_oversized_body_is_answered_413_after_it_was_sent_whole(server: Server) -> None:
    """urllib/requests send the whole body before reading: they must get the 413 and its
    message, not a reset connection (the body is read and dropped, up to DRAIN_BYTES)."""
    body = b'{"problem": "two-sum", "language": "python", "code": "' + b"x" * (4 << 20) + b'"}'
    request = urllib.request.Request(
        f"{server.url}/api/v1/submissions",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 413
    answer = json.loads(caught.value.read())
    assert answer["error"] == "too_large" and f"{len(body)} bytes" in answer["detail"]


def test_a_chunked_body_over_the_cap_is_413_too(server: Server) -> None:
    """Without a Content-Length the body is counted as it is read, and refused at the cap."""
    head = (
        b"POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    piece = b"x" * 65536
    chunks = [b'{"code": "', *([piece] * 64), b'"}']
    framed = [b"%x\r\n%s\r\n" % (len(c), c) for c in chunks] + [b"0\r\n\r\n"]
    answer = _raw_post(server.url, head, framed)
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b'"too_large"' in rest


def test_expect_100_continue_gets_the_413_without_sending_the_body(server: Server) -> None:
    head = (
        b"POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 900000000\r\n"
        b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
    )
    answer = _raw_post(server.url, head, [])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b"900000000 bytes" in answer


def test_refusals_name_what_to_fix(client: httpx.Client) -> None:
    """Found by a new user: an unknown difficulty listed nothing (200 []); an empty body said
    only "Field required"; Starlette's 404/405 were "http_error"."""
    r = client.get("/api/v1/problems", params={"difficulty": "insane"})
    assert r.status_code == 422 and "easy" in str(r.json()["detail"]), r.text
    assert client.get("/api/v1/problems", params={"difficulty": "hard"}).status_code == 200
    r = client.post("/api/v1/submissions", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"] == [
        "the request has no body: send a JSON object (Content-Type: application/json)"
    ]
    assert client.get("/api/v1/nothing-here").json()["error"] == "not_found"
    r = client.delete("/api/v1/languages")
    assert (r.status_code, r.json()["error"]) == (405, "method_not_allowed")
