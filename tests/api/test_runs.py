"""``POST /api/v1/runs``: code judged on the problem's sample tests only, every one of them,
each sample's input, expected and actual output in the result; recorded as ``kind: "run"``.

Against real server processes: embedded mode (SQLite store and queue, workers in ``serve``)
and distributed mode (PostgreSQL store, Redis queue, ``serve --workers 0`` + ``codejudge
worker``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_sse import connect_sse

from codejudge.problems import BUNDLED_DIR, load_problem
from tests.api.distributed import distributed_mode
from tests.conftest import Server, start_server, stop_server
from tests.solutions import PYTHON_A_PLUS_B, PYTHON_TWO_SUM

pytestmark = pytest.mark.timeout(180)

# Right on two-sum's samples 1 and 3 ([0,1]), wrong on sample 2 (its answer is [1,2]).
TWO_SUM_01 = """
class Solution:
    def twoSum(self, nums, target):
        print("nums:", nums)
        return [0, 1]
"""
TWO_SUM = load_problem(BUNDLED_DIR / "two-sum")


def post_run(
    client: httpx.Client, code: str, problem: str = "two-sum", wait: float = 0
) -> httpx.Response:
    body = {"problem": problem, "language": "python", "code": code}
    return client.post("/api/v1/runs", params={"wait": wait}, json=body)


def finished_run(client: httpx.Client, code: str, problem: str = "two-sum") -> dict[str, Any]:
    r = post_run(client, code, problem, wait=90)
    assert r.status_code == 200, r.text
    run: dict[str, Any] = r.json()
    assert run["status"] == "finished" and run["kind"] == "run", run
    return run


def stream_events(client: httpx.Client, run_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Follow the run's event stream to its end: its ``test`` events' rows, then the run as
    the ``finished`` event carries it."""
    tests: list[dict[str, Any]] = []
    with connect_sse(client, "GET", f"/api/v1/submissions/{run_id}/events") as source:
        for event in source.iter_sse():
            if event.event == "test":
                tests.append(json.loads(event.data))
            if event.event == "finished":
                final: dict[str, Any] = json.loads(event.data)
                return tests, final
    raise AssertionError(f"the stream of {run_id} ended without a finished event: {tests}")


def assert_two_sum_run(run: dict[str, Any]) -> None:
    """Every sample judged, the one after the failure too; each shows what it got; nothing
    of a hidden test."""
    result = run["result"]
    assert run["verdict"] == "wrong_answer" and run["code"] == TWO_SUM_01
    rows = [(t["index"], t["verdict"]) for t in result["tests"]]
    assert rows == [(1, "accepted"), (2, "wrong_answer"), (3, "accepted")]
    assert (result["passed"], result["total"]) == (2, len(TWO_SUM.samples))
    for row, sample in zip(result["tests"], TWO_SUM.samples, strict=True):
        assert row["expected"] == sample.expected and row["actual"] == "[0,1]"
        arguments = [json.dumps(a, separators=(",", ":")) for a in json.loads(sample.input)]
        assert row["input"] == "\n".join(arguments)  # one argument's JSON a line
        assert row["stdout"].startswith("nums: ")
    assert result["failing_test"]["index"] == 2 and not result["failing_test"]["hidden"]


def assert_stdio_run(run: dict[str, Any]) -> None:
    a_plus_b = load_problem(BUNDLED_DIR / "a-plus-b")
    assert run["verdict"] == "accepted"
    shown = [(t["input"], t["expected"], t["actual"]) for t in run["result"]["tests"]]
    assert shown == [(s.input, s.expected, s.expected) for s in a_plus_b.samples]


# -- embedded mode ---------------------------------------------------------------------------


def test_a_run_judges_every_sample_and_shows_each_output(client: httpx.Client) -> None:
    r = post_run(client, TWO_SUM_01)
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["links"] == {
        "self": f"/api/v1/submissions/{accepted['id']}",
        "events": f"/api/v1/submissions/{accepted['id']}/events",
    }
    run = client.get(accepted["links"]["self"], params={"wait": 90}).json()
    assert run["kind"] == "run"
    assert_two_sum_run(run)
    # 3 samples of two-sum's 20-odd tests were judged: no hidden test is run or shown.
    assert client.get("/api/v1/problems/two-sum").json()["test_count"] > len(run["result"]["tests"])


def test_a_stdio_run(client: httpx.Client) -> None:
    assert_stdio_run(finished_run(client, PYTHON_A_PLUS_B, "a-plus-b"))


def test_a_compile_error_in_a_run_skips_the_samples(client: httpx.Client) -> None:
    run = finished_run(client, "class Solution:\n    def twoSum(self, nums, target)\n")
    assert run["verdict"] == "compile_error" and "SyntaxError" in run["result"]["compile_output"]
    assert [t["verdict"] for t in run["result"]["tests"]] == ["skipped"] * len(TWO_SUM.samples)
    assert isinstance(run["result"]["compile_errors"], list)


def test_submissions_are_kind_submission_and_carry_their_code(client: httpx.Client) -> None:
    body = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM}
    sub = client.post("/api/v1/submissions", params={"wait": 90}, json=body).json()
    assert (sub["kind"], sub["code"], sub["verdict"]) == ("submission", PYTHON_TWO_SUM, "accepted")
    rows = sub["result"]["tests"]
    assert len(rows) == len(TWO_SUM.tests)
    samples = {t.index for t in TWO_SUM.samples}
    for row in rows:  # the samples show their texts; a hidden test shows nothing of itself
        shown = row["input"] is not None and row["actual"] is not None
        assert shown == (row["index"] in samples), row
    legacy = {"problemId": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B}
    old = client.post("/submit", params={"wait": 90}, json=legacy).json()
    assert old["kind"] == "submission" and old["verdict"] == "accepted"


def test_a_run_over_server_sent_events(client: httpx.Client) -> None:
    """Live progress as for a submission: a ``test`` event per sample, each with its output,
    then ``finished`` with the whole run."""
    run_id = post_run(client, TWO_SUM_01).json()["id"]
    tests, final = stream_events(client, run_id)
    assert final["kind"] == "run"
    assert_two_sum_run(final)
    # Events of a test already finished when the stream opened are replayed too.
    assert [(t["index"], t["actual"]) for t in tests] == [(1, "[0,1]"), (2, "[0,1]"), (3, "[0,1]")]


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"problem": "nope", "language": "python", "code": "x"}, 404, "nope"),
        ({"problem": "two-sum", "language": "cobol", "code": "x"}, 422, "supported"),
        ({"problem": "two-sum", "language": "python", "code": "   "}, 422, "empty"),
        ({"problem": "two-sum", "language": "python"}, 422, "code"),
        ({"problem": "two-sum", "language": "python", "code": 5}, 422, "code"),
        ({"problem": "two-sum", "language": "python", "code": "x", "input": "1"}, 422, "input"),
        ({"problem": "two-sum", "language": "python", "code": "#" * 65537}, 413, "65536"),
        ([1, 2, 3], 422, ""),
    ],
)
def test_bad_runs_get_the_submissions_4xx(
    client: httpx.Client, body: object, status: int, needle: str
) -> None:
    r = client.post("/api/v1/runs", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error", "detail"}
    assert needle in json.dumps(r.json()["detail"])


def test_malformed_run_bodies_and_bad_waits(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/runs", content=b'{"problem": ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and "JSON" in r.json()["detail"]
    body = {"problem": "two-sum", "language": "python", "code": "x"}
    for wait in ("soon", "-1", "601"):
        r = client.post("/api/v1/runs", params={"wait": wait}, json=body)
        assert r.status_code == 422 and r.json()["error"] == "invalid_request", r.text
    huge = client.post(
        "/api/v1/runs", content=b"x" * (2 * 1024 * 1024), headers={"Content-Type": "text/plain"}
    )
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"


def test_the_openapi_schema_documents_runs(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    post = schema["paths"]["/api/v1/runs"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("RunIn")
    assert {"200", "202", "404", "413", "422"} <= set(post["responses"])
    models = schema["components"]["schemas"]
    assert {"code", "kind", "result"} <= set(models["SubmissionOut"]["properties"])
    assert set(models["SubmissionKind"]["enum"]) == {"submission", "run"}
    assert {"input", "expected", "actual", "stdout", "message"} <= set(
        models["TestOut"]["properties"]
    )
    assert {"tests", "failing_test", "compile_errors"} <= set(models["ResultOut"]["properties"])
    path = schema["paths"]["/api/v1/submissions/{submission_id}"]["get"]
    ok = path["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("SubmissionOut")


@pytest.fixture
def idle(tmp_path: Path) -> Iterator[Server]:
    """An embedded server with no workers (``GET /worker`` judges), serving one extra problem
    that has no sample tests."""
    folder = tmp_path / "data" / "problems" / "no-samples"
    (folder / "tests").mkdir(parents=True)
    toml = 'slug = "no-samples"\ntitle = "No samples"\nkind = "stdio"\n'
    (folder / "problem.toml").write_text(toml)
    (folder / "statement.md").write_text("Print the line you read.\n")
    (folder / "tests" / "hidden-1.in").write_text("hello\n")
    (folder / "tests" / "hidden-1.ans").write_text("hello\n")
    server = start_server(tmp_path / "data", workers=0)
    yield server
    stop_server(server)


def test_runs_are_judged_before_submissions(idle: Server) -> None:
    """A run is queued at ``Priority.RUN``: it jumps the submissions waiting before it."""
    with idle.client() as c:
        body = {"problem": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B}
        first = c.post("/api/v1/submissions", json=body).json()["id"]
        run = post_run(c, PYTHON_A_PLUS_B, "a-plus-b").json()["id"]
        judged = c.get("/worker").json()["processed"]
        assert (judged["id"], judged["kind"]) == (run, "run")
        # /worker judges whoever's job is next: it shows none of their texts (no code, no test
        # rows with their input and output); the holder of the id reads them.
        assert "code" not in judged and set(judged["result"]) == {
            "verdict", "passed", "total", "time_ms", "memory_kb"
        }  # fmt: skip
        assert_stdio_run(c.get(f"/api/v1/submissions/{run}").json())
        then = c.get("/worker").json()["processed"]
        assert (then["id"], then["kind"], then["verdict"]) == (first, "submission", "accepted")


def test_a_problem_without_samples_cannot_be_run(idle: Server) -> None:
    with idle.client() as c:
        r = post_run(c, "print(input())\n", "no-samples")
        assert r.status_code == 422 and r.json()["error"] == "invalid_input"
        assert "no sample tests" in r.json()["detail"]
        body = {"problem": "no-samples", "language": "python", "code": "print(input())\n"}
        assert c.post("/api/v1/submissions", json=body).status_code == 202
        assert c.get("/worker").json()["processed"]["verdict"] == "accepted"


# -- distributed mode ------------------------------------------------------------------------


@pytest.fixture
def distributed(server_factory: Callable[..., Server], tmp_path: Path) -> Iterator[Server]:
    """``serve --workers 0`` on PostgreSQL + Redis and one ``codejudge worker`` beside it."""
    with distributed_mode(server_factory, tmp_path) as (server, _):
        yield server


@pytest.mark.timeout(600)
def test_runs_in_distributed_mode(distributed: Server) -> None:
    """PostgreSQL keeps each sample's texts; the Redis events stream carries them live."""
    with distributed.client() as c:
        run_id = post_run(c, TWO_SUM_01).json()["id"]
        tests, final = stream_events(c, run_id)
        assert_two_sum_run(final)
        assert [t["expected"] for t in tests] == [s.expected for s in TWO_SUM.samples]
        assert_two_sum_run(c.get(f"/api/v1/submissions/{run_id}").json())
        assert_stdio_run(finished_run(c, PYTHON_A_PLUS_B, "a-plus-b"))
        body = {"problem": "two-sum", "language": "python", "code": PYTHON_TWO_SUM}
        sub = c.post("/api/v1/submissions", params={"wait": 120}, json=body).json()
        assert (sub["kind"], sub["verdict"]) == ("submission", "accepted")
        assert sub["result"]["total"] == len(TWO_SUM.tests)
