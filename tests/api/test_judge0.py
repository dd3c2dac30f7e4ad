"""The Judge0-compatible face (``/judge0``) against real server processes, driven by the
official Judge0 Python SDK (PyPI ``judge0``) as a Judge0 client would drive it, and by plain
HTTP for Judge0's refusals and options the SDK does not use.

Embedded mode (SQLite store and queue, workers in ``serve``): every language, a stdin /
expected_output pair, batches, errors. Distributed mode (PostgreSQL store, Redis queue, a
``codejudge worker``): the SDK's pair and a batch, the submissions' custom input stored there.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import judge0  # type: ignore[import-untyped]  # the SDK ships no types
import pytest

from codejudge.api.judge0.vocabulary import PRIMARY_ID
from codejudge.languages import LANGUAGES
from tests.api.distributed import distributed_mode
from tests.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.timeout(300)

HELLO = 'print("hello, world")\n'
ECHO = "print('hello, ' + input())\n"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with two embedded workers and a batch cap of 10 (Judge0's is 20)."""
    srv = start_server(
        tmp_path_factory.mktemp("judge0"), workers=2, CODEJUDGE_JUDGE0_BATCH_MAX="10"
    )
    yield srv
    stop_server(srv)


def sdk_client(server: Server) -> judge0.Client:
    """The SDK's client on our face; it reads /languages and /config_info as it starts."""
    return judge0.Client(
        f"{server.url}/judge0",
        {"X-Example-Auth": "unused"},
        retry_strategy=judge0.MaxWaitTime(240),
    )


def judge0_http(server: Server) -> httpx.Client:
    return httpx.Client(base_url=f"{server.url}/judge0", timeout=120)


def test_sdk_runs_every_language_in_one_batch(embedded: Server) -> None:
    """Each language's stdio self-test program (it adds two numbers) plus a Python
    hello-world, all in one SDK call: created with ``POST /submissions/batch`` (Base64), then
    polled with ``GET /submissions/batch?tokens=...&fields=*`` until all are done."""
    client = sdk_client(embedded)
    submissions = [
        judge0.Submission(
            source_code=LANGUAGES[lang].selftest.stdio_code,
            language=judge0_id,
            stdin=LANGUAGES[lang].selftest.stdio_input,
            expected_output=LANGUAGES[lang].selftest.stdio_output,
        )
        for lang, judge0_id in PRIMARY_ID.items()
    ]
    submissions.append(judge0.Submission(source_code=HELLO, language=judge0.LanguageAlias.PYTHON))
    done = judge0.run(client=client, submissions=submissions)
    for sub in done:
        assert sub.status == judge0.Status.ACCEPTED, (
            sub.language,
            sub.stderr,
            sub.message,
            sub.compile_output,
        )
        assert sub.token and sub.time is not None and sub.memory is not None
        assert sub.created_at is not None and sub.finished_at is not None
    assert [s.stdout.strip() for s in done[:-1]] == ["5"] * len(PRIMARY_ID)
    assert done[-1].stdout == "hello, world\n"


def test_sdk_stdin_expected_output_pair(embedded: Server) -> None:
    """A stdin / expected_output pair judged like Judge0 does: trailing whitespace at the end
    of lines and of the output does not matter; anything else is a wrong answer."""
    client = sdk_client(embedded)
    right = judge0.run(
        client=client,
        source_code=ECHO,
        language=judge0.LanguageAlias.PYTHON3,
        test_cases=[("Judge0", "hello, Judge0  \n\n"), ("world", "hello, Judge0")],
    )
    assert [s.status for s in right] == [judge0.Status.ACCEPTED, judge0.Status.WRONG_ANSWER]
    assert [s.stdout for s in right] == ["hello, Judge0\n", "hello, world\n"]
    assert right[0].exit_code == 0 and right[0].stderr is None


def test_sdk_reads_languages_statuses_config(embedded: Server) -> None:
    client = sdk_client(embedded)
    ids = {lang.id for lang in client.languages}
    assert set(PRIMARY_ID.values()) <= ids and {48, 49, 52, 53} <= ids
    assert client.get_language(71).source_file == LANGUAGES["python"].source_file
    statuses = client.get_statuses()
    assert statuses[0] == {"id": 1, "description": "In Queue"} and len(statuses) == 14
    assert client.config.max_submission_batch_size == 10
    assert client.config.enable_batched_submissions and client.config.enable_wait_result
    assert client.version == "1.13.1"
    assert client.is_language_supported(judge0.LanguageAlias.CPP)  # 52 in the SDK's table
    with judge0_http(embedded) as http:
        every = http.get("/languages/all").json()
        assert {lang["id"] for lang in every} == ids
        assert not any(lang["is_archived"] for lang in every)


def post(http: httpx.Client, body: Any, **params: str) -> httpx.Response:
    return http.post("/submissions", json=body, params=params)


def test_wait_base64_and_how_a_run_ended(embedded: Server) -> None:
    """``?wait=true`` answers 201 with the finished submission; ``?base64_encoded=true``
    encodes text both ways; a crash, a time-out and a compile error have Judge0's statuses,
    messages and outputs."""
    with judge0_http(embedded) as http:
        code = base64.b64encode(b"import sys\nprint('out')\nsys.exit(3)\n").decode()
        r = post(
            http,
            {"source_code": code, "language_id": 71},
            wait="true",
            base64_encoded="true",
            fields="status,stdout,exit_code,message,stdin",
        )
        assert r.status_code == 201, r.text
        assert r.json() == {
            "status": {"id": 11, "description": "Runtime Error (NZEC)"},
            "stdout": "b3V0Cg==\n",
            "exit_code": 3,
            "message": base64.b64encode(b"Exited with error status 3").decode() + "\n",
            "stdin": "",
        }
        r = post(
            http,
            {"source_code": "while True: pass", "language_id": 71, "cpu_time_limit": 0.5},
            wait="true",
            fields="status_id,message",
        )
        assert r.json() == {"status_id": 5, "message": "Time limit exceeded"}, r.text
        r = post(
            http,
            {"source_code": "int main( {", "language_id": 50},
            wait="true",
            fields="status,compile_output,stdout,time",
        )
        shown = r.json()
        assert shown["status"] == {"id": 6, "description": "Compilation Error"}, shown
        assert "error" in shown["compile_output"] and shown["stdout"] is None
        assert shown["time"] is None


def test_submissions_read_back(embedded: Server) -> None:
    """A token reads back with the default fields and with ``*``; ``GET /submissions/batch``
    answers null for an unknown token, in the order asked."""
    with judge0_http(embedded) as http:
        r = post(
            http,
            {
                "source_code": ECHO,
                "language_id": 71,
                "stdin": "you",
                "memory_limit": 100000,
                "callback_url": None,
            },
        )
        assert r.status_code == 201 and list(r.json()) == ["token"], r.text
        token = r.json()["token"]
        everything = _until_done(http, token)
        assert everything["stdout"] == "hello, you\n" and everything["stdin"] == "you"
        assert everything["language"] == {"id": 71, "name": "Python 3"}
        assert everything["memory_limit"] == 100352  # 98 MB: whole MB, rounded up
        default = http.get(f"/submissions/{token}").json()
        assert list(default) == [
            "token",
            "time",
            "memory",
            "stdout",
            "stderr",
            "compile_output",
            "message",
            "status",
        ]
        batch = http.get(
            "/submissions/batch", params={"tokens": f"nope,{token}", "fields": "token,status_id"}
        )
        assert batch.json() == {"submissions": [None, {"token": token, "status_id": 3}]}
    with embedded.client() as api:  # a submission to a problem is not a Judge0 one
        r = api.post(
            "/api/v1/submissions",
            json={"problem": "a-plus-b", "language": "python", "code": HELLO},
        )
        assert r.status_code == 202, r.text
        problem_sub = r.json()["id"]
    with judge0_http(embedded) as http:
        assert http.get(f"/submissions/{problem_sub}").status_code == 404
        assert http.get(f"/submissions/batch?tokens={problem_sub}").json() == {
            "submissions": [None]
        }


def _until_done(http: httpx.Client, token: str) -> dict[str, Any]:
    for _ in range(600):
        shown: dict[str, Any] = http.get(f"/submissions/{token}", params={"fields": "*"}).json()
        if shown["status"]["id"] > 2:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{token} never finished")


def test_refusals_have_judge0s_bodies(embedded: Server) -> None:
    with judge0_http(embedded) as http:
        r = post(http, {"source_code": "x", "language_id": 150000})
        assert (r.status_code, r.json()) == (
            422,
            {"language_id": ["language with id 150000 doesn't exist"]},
        )
        r = post(http, {"language_id": 71, "memory_limit": "lots"})
        assert r.status_code == 422, r.text
        assert r.json() == {"memory_limit": ["is not a number"]}
        r = http.post(
            "/submissions", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert r.status_code == 400 and "error" in r.json()
        r = http.get("/submissions/no-such-token")
        assert r.status_code == 404 and list(r.json()) == ["error"]
        r = http.get("/submissions/batch", params={"tokens": "a", "fields": "stdout,bogus"})
        assert (r.status_code, r.json()) == (400, {"error": "invalid fields: [bogus]"})
        r = http.post("/submissions/batch", json={"submissions": []})
        assert r.json() == {"error": "there should be at least one submission in a batch"}
        r = http.post("/submissions/batch", json={"submissions": [{}] * 11})
        assert (r.status_code, r.json()) == (
            400,
            {"error": "number of submissions in a batch should be less than or equal to 10"},
        )
        r = http.post("/submissions/batch", json={"submissions": "not a list"})
        assert (r.status_code, r.json()) == (422, {"submissions": ["must be a list"]})
        r = http.get("/languages/9999")
        assert r.status_code == 404 and list(r.json()) == ["error"]


def test_a_batch_answers_per_item_in_order(embedded: Server) -> None:
    """Judge0's batch: a token or the item's errors, in order; 201 when any was created,
    422 when none was."""
    with judge0_http(embedded) as http:
        r = http.post(
            "/submissions/batch",
            json={
                "submissions": [
                    {"source_code": HELLO, "language_id": 71},
                    {"source_code": HELLO, "language_id": 123456789},
                    {"source_code": "", "language_id": 71},
                    "not an object",
                ]
            },
        )
        assert r.status_code == 201, r.text
        token, *errors = r.json()
        assert list(token) == ["token"]
        assert errors == [
            {"language_id": ["language with id 123456789 doesn't exist"]},
            {"source_code": ["can't be blank"]},
            {"base": ["a submission is a JSON object"]},
        ]
        r = http.post("/submissions/batch", json={"submissions": [{"language_id": 71}]})
        assert (r.status_code, r.json()) == (422, [{"source_code": ["can't be blank"]}])


def test_workers_and_about(embedded: Server) -> None:
    with judge0_http(embedded) as http:
        (queue,) = http.get("/workers").json()
        assert set(queue) == {"queue", "size", "available", "idle", "working", "paused"}
        assert queue["available"] == 2
        assert http.get("/about").json()["version"] == "1.13.1"


@pytest.fixture
def distributed(server_factory: Callable[..., Server], tmp_path: Path) -> Iterator[Server]:
    with distributed_mode(server_factory, tmp_path) as (server, _):
        yield server


def test_distributed_mode_sdk_pair_and_batch(distributed: Server) -> None:
    """PostgreSQL + Redis: the custom input and limits stored there, a batch of two."""
    client = sdk_client(distributed)
    done = judge0.run(
        client=client,
        source_code=ECHO,
        language=71,
        test_cases=[("pg", "hello, pg"), ("redis", "hello, mysql")],
    )
    assert [s.status for s in done] == [judge0.Status.ACCEPTED, judge0.Status.WRONG_ANSWER]
    assert [s.stdin for s in done] == ["pg", "redis"]
