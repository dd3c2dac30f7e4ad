"""``POST /api/v1/runs`` with ``input`` (LeetCode's "Run" on your own test) and ad hoc
submissions (no problem: the Judge0 face's), against real server processes.

- A custom input is checked against the problem's signature and constraints at intake (422
  naming the line, parameter and rule; 413 over the size cap); its expected output is what the
  problem's reference solution prints on it, run first by the worker; a reference that fails on
  it is said in the row.
- An ad hoc submission goes in through ``Submissions.submit`` (what the Judge0 face calls; this
  test process shares the server's store and queue) and is judged by the server's workers; its
  row keeps stdout, stderr, exit code and signal.

Embedded mode (SQLite store and queue, workers in ``serve``) and distributed mode (PostgreSQL
store, Redis queue, ``serve --workers 0`` + ``codejudge worker``).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from codejudge.models import (
    ADHOC_PROBLEM,
    CustomInput,
    Limits,
    NewSubmission,
    Priority,
    Status,
    Submission,
    Verdict,
)
from codejudge.runtime import Runtime
from codejudge.settings import Settings
from tests.api.distributed import distributed_mode
from tests.api.test_runs import stream_events
from tests.conftest import Server

pytestmark = pytest.mark.timeout(300)

ALWAYS_01 = """
class Solution:
    def twoSum(self, nums, target):
        print("nums:", nums)
        return [0, 1]
"""
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def run_on(
    client: httpx.Client, text: str, problem: str = "two-sum", code: str = ALWAYS_01
) -> httpx.Response:
    body = {"problem": problem, "language": "python", "code": code, "input": text}
    # json.dumps escapes what is not ASCII: a lone surrogate goes as JSON allows, "\ud800".
    content, headers = json.dumps(body), {"Content-Type": "application/json"}
    return client.post("/api/v1/runs", params={"wait": 120}, content=content, headers=headers)


def finished(response: httpx.Response) -> tuple[dict[str, Any], dict[str, Any]]:
    """The finished run and its one row."""
    assert response.status_code == 200, response.text
    run: dict[str, Any] = response.json()
    assert (run["status"], run["kind"]) == ("finished", "run"), run
    (row,) = run["result"]["tests"]
    return run, row


def assert_two_sum_custom_run(run: dict[str, Any], row: dict[str, Any]) -> None:
    """[3,2,4] with target 6: the reference says [1,2]; the code says [0,1]."""
    assert run["verdict"] == "wrong_answer" and run["result"]["total"] == 1
    assert (row["input"], row["expected"], row["actual"]) == ("[3,2,4]\n6", "[1,2]", "[0,1]")
    assert row["stdout"] == "nums: [3, 2, 4]\n"
    assert run["result"]["failing_test"]["expected"] == "[1,2]"


# -- embedded mode ---------------------------------------------------------------------------


def test_a_run_on_custom_input_expects_the_reference_solutions_answer(
    client: httpx.Client,
) -> None:
    run, row = finished(run_on(client, "[3,2,4]\n6"))
    assert_two_sum_custom_run(run, row)
    run, row = finished(run_on(client, "[5, 1]\r\n6\n"))  # CRLF, spaces: JSON is JSON
    assert run["verdict"] == "accepted" and (row["input"], row["expected"]) == ("[5,1]\n6", "[0,1]")


def test_a_stdio_run_takes_raw_stdin(client: httpx.Client) -> None:
    run, row = finished(run_on(client, "40 2", "a-plus-b", SUM))
    assert run["verdict"] == "accepted"
    assert (row["input"], row["expected"], row["actual"]) == ("40 2\n", "42\n", "42\n")


@pytest.mark.parametrize(
    ("problem", "text", "status", "detail"),
    [
        ("two-sum", "[3,2,4]", 422, "input has 1 line(s) but twoSum takes 2 parameter(s) "
         "(nums: integer[], target: integer): write one JSON value per line, in that order"),
        ("two-sum", "[3,2,4]\nsix", 422, "input line 2 (target: integer) is not a JSON value"),
        ("two-sum", '["3",2]\n6', 422, "input line 1 (nums: integer[]): nums[0] should be a "
         "32-bit integer, got '3'"),
        ("two-sum", "[3]\n6", 422, "input breaks problem 'two-sum''s constraints: argument "
         "nums: nums has length 1, outside length = [2, 10000]"),
        ("a-plus-b", "1 2 3", 422, "input breaks problem 'a-plus-b''s constraints: line 1"),
        ("a-plus-b", "1 2\n" * 40_000, 413, "input is 160000 bytes; the limit is 131072 bytes"),
        ("a-plus-b", "1 \ud800", 422, "input is not valid Unicode: a lone surrogate"),
        ("nope", "1", 404, "problem 'nope' not found"),
    ],
)  # fmt: skip
def test_an_input_that_does_not_fit_is_refused_naming_the_rule(
    client: httpx.Client, problem: str, text: str, status: int, detail: str
) -> None:
    r = run_on(client, text, problem)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error", "detail"} and detail in r.json()["detail"]


def test_the_openapi_schema_documents_the_input(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    run_in = schema["components"]["schemas"]["RunIn"]["properties"]["input"]
    assert "one JSON value per parameter per line" in run_in["description"]
    responses = schema["paths"]["/api/v1/runs"]["post"]["responses"]
    assert "input" in responses["413"]["description"]
    assert "the line, parameter and rule" in responses["422"]["description"]


SLOW_SQUARE_REFERENCE = "n = int(input())\nwhile n > 1000:\n    pass\nprint(n * n)\n"


@pytest.fixture
def slow_square(server_factory: Callable[..., Server], tmp_path: Path) -> Server:
    """An embedded server that also serves a problem whose reference solution loops forever
    on inputs its (absent) constraints do not rule out."""
    folder = tmp_path / "data0" / "problems" / "slow-square"  # server_factory's first data dir
    (folder / "tests").mkdir(parents=True)
    (folder / "problem.toml").write_text(
        'slug = "slow-square"\ntitle = "Square"\nkind = "stdio"\n\n[limits]\ntime_ms = 500\n'
    )
    (folder / "statement.md").write_text("Print n squared.\n")
    (folder / "tests" / "sample-1.in").write_text("3\n")
    (folder / "tests" / "sample-1.ans").write_text("9\n")
    (folder / "solutions" / "accepted").mkdir(parents=True)
    (folder / "solutions" / "accepted" / "square.py").write_text(SLOW_SQUARE_REFERENCE)
    return server_factory(workers=1)


def test_a_reference_failing_on_the_input_is_said_in_the_result(slow_square: Server) -> None:
    with slow_square.client() as c:
        run, row = finished(run_on(c, "12", "slow-square", "print(int(input()) ** 2)\n"))
        assert run["verdict"] == "accepted" and row["expected"] == "144\n"
        run, row = finished(run_on(c, "5000", "slow-square", "print(int(input()) ** 2)\n"))
        assert run["verdict"] == "accepted" and run["result"]["error"] is None
        assert (row["input"], row["expected"], row["actual"]) == ("5000\n", None, "25000000\n")
        assert row["message"].startswith(
            "No expected output: the problem's reference solution (Python 3) failed on this "
            "input: time limit exceeded."
        )


# -- ad hoc submissions ------------------------------------------------------------------------

GREET = "import sys\nname = input()\nprint('hi', name)\nprint('said hi', file=sys.stderr)\n"
CRASH = '#include <stdio.h>\nint main(void) { puts("x"); fflush(stdout); return *(int *)0; }\n'


def submit_adhoc(runtime: Runtime, code: str, custom: CustomInput, language: str) -> str:
    new = NewSubmission(ADHOC_PROBLEM, language, code, priority=Priority.SUBMIT, custom=custom)
    return runtime.submissions.submit(new).id


def judged(client: httpx.Client, runtime: Runtime, sub_id: str) -> Submission:
    shown = client.get(f"/api/v1/submissions/{sub_id}", params={"wait": 120}).json()
    assert shown["status"] == "finished" and shown["problem"] == ADHOC_PROBLEM, shown
    sub = runtime.store.get(sub_id)  # the rows' stderr, exit code and signal, as stored
    assert sub.status is Status.FINISHED and sub.verdict == shown["verdict"]
    return sub


def assert_adhoc_judged(client: httpx.Client, runtime: Runtime) -> None:
    """Judge0's three cases: expected output matched (trailing whitespace aside), none given
    (a clean exit is accepted), and a crash with its signal."""
    limits = Limits(time_ms=2000, memory_mb=128, output_kb=64)
    greet = submit_adhoc(runtime, GREET, CustomInput("bob\n", "hi bob  \n\n", limits), "python")
    free = submit_adhoc(runtime, GREET, CustomInput("ann"), "python")
    crash = submit_adhoc(runtime, CRASH, CustomInput("", "x\n"), "c")
    sub = judged(client, runtime, greet)
    assert sub.result is not None and sub.verdict is Verdict.ACCEPTED
    (row,) = sub.result.tests
    assert (row.actual, row.stderr, row.exit_code, row.signal) == ("hi bob\n", "said hi\n", 0, None)
    assert sub.custom == CustomInput("bob\n", "hi bob  \n\n", limits)
    sub = judged(client, runtime, free)
    assert sub.result is not None and sub.verdict is Verdict.ACCEPTED
    assert (sub.result.tests[0].actual, sub.result.tests[0].expected) == ("hi ann\n", None)
    sub = judged(client, runtime, crash)
    assert sub.result is not None and sub.verdict is Verdict.RUNTIME_ERROR
    (row,) = sub.result.tests
    assert (row.actual, row.exit_code, row.signal) == ("x\n", None, signal.SIGSEGV)


@pytest.fixture
def beside(server: Server) -> Iterator[Runtime]:
    """This process on the shared embedded server's store and queue (no workers of its own)."""
    runtime = Runtime(Settings(data_dir=server.data_dir), workers=0)
    yield runtime
    runtime.close()


def test_ad_hoc_submissions_are_judged_by_the_servers_workers(
    client: httpx.Client, beside: Runtime
) -> None:
    assert_adhoc_judged(client, beside)


# -- distributed mode ------------------------------------------------------------------------


@pytest.fixture
def distributed(
    server_factory: Callable[..., Server], tmp_path: Path
) -> Iterator[tuple[Server, Runtime]]:
    """``serve --workers 0`` on PostgreSQL + Redis, one ``codejudge worker``, and this process
    on the same store and queue."""
    with distributed_mode(server_factory, tmp_path) as (server, env):
        settings = Settings(
            data_dir=server.data_dir,
            database_url=env["CODEJUDGE_DATABASE_URL"],
            queue_url=env["CODEJUDGE_QUEUE_URL"],
        )
        runtime = Runtime(settings, workers=0)
        try:
            yield server, runtime
        finally:
            runtime.close()


@pytest.mark.timeout(600)
def test_custom_runs_and_ad_hoc_submissions_in_distributed_mode(
    distributed: tuple[Server, Runtime],
) -> None:
    """PostgreSQL keeps the custom input and the rows' texts; the Redis events stream carries
    the custom test's row (with the reference's answer as expected) live."""
    server, runtime = distributed
    with server.client() as c:
        body = {"problem": "two-sum", "language": "python", "code": ALWAYS_01}
        r = c.post("/api/v1/runs", json={**body, "input": "[3,2,4]\n6"})
        assert r.status_code == 202, r.text
        tests, final = stream_events(c, r.json()["id"])
        assert [(t["input"], t["expected"]) for t in tests] == [("[3,2,4]\n6", "[1,2]")]
        assert_two_sum_custom_run(final, final["result"]["tests"][0])
        refused = c.post("/api/v1/runs", json={**body, "input": "[3,2,4]\n6\n7"})
        assert refused.status_code == 422 and "input has 3 line(s)" in refused.json()["detail"]
        assert runtime.store.get(r.json()["id"]).custom == CustomInput("[3,2,4]\n6")
        assert_adhoc_judged(c, runtime)
        assert json.loads(c.get("/healthz").text)["status"] == "ok"
