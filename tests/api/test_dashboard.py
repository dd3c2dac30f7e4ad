"""The dashboard's API against real servers: the snapshot (embedded SQLite, and PostgreSQL +
Redis), the history kept in the store, dead-letter actions and the submission list.

The servers run no worker pool: jobs are claimed and failed through the queue contract, as a
worker would, and judged with the seed's ``GET /worker`` where a verdict is needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from codejudge.api.dashboard import dead_letter_items
from codejudge.api.services import Services
from codejudge.models import JudgeResult, NewSubmission, Priority, Status, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem_set
from codejudge.queue import Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.problem_jobs import new_job_id
from codejudge.submissions import Submissions
from tests.conftest import Server, start_server, stop_server
from tests.queue.conftest import redis_backend
from tests.store.conftest import PG_ADMIN_URL, PgDatabases

pytestmark = pytest.mark.timeout(180)

ServerFactory = Callable[..., Server]
TWO_SUM_OK = """
class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""
A_PLUS_B = '#include <cstdio>\nint main(){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);}\n'


def submit(c: httpx.Client, problem: str = "two-sum", language: str = "python") -> str:
    code = A_PLUS_B if problem == "a-plus-b" else TWO_SUM_OK
    r = c.post("/api/v1/submissions", json={"problem": problem, "language": language, "code": code})
    assert r.status_code == 202, r.text
    sub_id: str = r.json()["id"]
    return sub_id


def kill(queue: Queue, job_id: str, error: str = "boom") -> int:
    """Claim ``job_id`` (the next ready job) and fail its only delivery: a dead letter.
    Returns the delivery's fencing token."""
    (lease,) = queue.claim("test-host:1:0", 1, 30)
    assert lease.job_id == job_id
    queue.fail(lease, error, retry=False)
    return lease.token


def assert_error(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"error", "detail"} and body["detail"]
    return body


@contextmanager
def distributed(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL database and a private Redis queue: (database URL, queue URL)."""
    databases = PgDatabases(PG_ADMIN_URL)
    try:
        with redis_backend(tmp_path) as queue_url:
            yield databases.create(), queue_url
    finally:
        databases.drop_all()


@pytest.mark.parametrize("mode", ["embedded", "distributed"])
def test_snapshot_joins_queue_workers_and_store(
    mode: str, server_factory: ServerFactory, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        env: dict[str, str] = {}
        if mode == "distributed":
            db_url, queue_url = stack.enter_context(distributed(tmp_path))
            env = {"CODEJUDGE_DATABASE_URL": db_url, "CODEJUDGE_QUEUE_URL": queue_url}
        srv = server_factory(workers=0, **env)
        db_url = env.get("CODEJUDGE_DATABASE_URL", f"sqlite:///{srv.data_dir / 'codejudge.db'}")
        store = stack.enter_context(Store(db_url))
        queue = open_queue(env.get("CODEJUDGE_QUEUE_URL", db_url))
        stack.callback(queue.close)
        store.register_worker(
            "judge-host:4242", "judge-host", 4242, 2, {"python": None, "cpp": None, "go": "no go"}
        )
        c = stack.enter_context(srv.client())
        first, second = submit(c), submit(c, "a-plus-b", "cpp")
        submit(c)
        snap = c.get("/api/v1/admin/dashboard").json()
        assert snap["queue"] == {
            "ready": {"run": 0, "submit": 3, "rejudge": 0},
            "delayed": 0,
            "running": 0,
            "dead": 0,
        }
        (worker,) = snap["workers"]
        assert (worker["id"], worker["host"], worker["pid"]) == (
            "judge-host:4242",
            "judge-host",
            4242,
        )
        assert worker["languages"] == ["cpp", "python"] and worker["current_jobs"] == []
        assert datetime.fromisoformat(snap["at"]) > datetime.now(UTC) - timedelta(minutes=1)

        (mine,) = queue.claim("judge-host:4242:1", 1, 30)
        (ghost,) = queue.claim("elsewhere:7:0", 1, 30)  # no registered worker holds it
        assert (mine.job_id, ghost.job_id) == (first, second)
        time.sleep(0.05)
        snap = c.get("/api/v1/admin/dashboard").json()
        assert snap["queue"]["ready"]["submit"] == 1 and snap["queue"]["running"] == 2
        running = snap["running"]
        assert [r["job_id"] for r in running] == [first, second]  # oldest claim first
        assert running[0]["worker"] == "judge-host:4242:1"
        assert (running[0]["priority"], running[0]["delivery"]) == ("submit", 1)
        assert (running[0]["problem"], running[0]["language"]) == ("two-sum", "python")
        assert (running[1]["problem"], running[1]["language"]) == ("a-plus-b", "cpp")
        assert running[0]["elapsed_ms"] >= 50
        claimed = datetime.fromisoformat(running[0]["claimed_at"])
        assert abs(claimed.timestamp() - (mine.deadline - 30)) < 2
        (current,) = snap["workers"][0]["current_jobs"]
        assert current == {
            "job_id": first,
            "slot": "1",
            "elapsed_ms": current["elapsed_ms"],
            "problem": "two-sum",
            "language": "python",
        }


def test_the_snapshot_lists_the_embedded_pool(client: httpx.Client) -> None:
    """The shared server's own pool (2 slots) appears with the languages its self-tests passed."""
    deadline = time.monotonic() + 90
    while True:
        (worker,) = client.get("/api/v1/admin/dashboard").json()["workers"]
        if "python" in worker["languages"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert worker["concurrency"] == 2 and "python" in worker["languages"]
    assert worker["current_jobs"] == [] or all(j["slot"] in "01" for j in worker["current_jobs"])


def history(c: httpx.Client, minutes: int = 3) -> list[dict[str, Any]]:
    r = c.get("/api/v1/admin/history", params={"minutes": minutes})
    assert r.status_code == 200, r.text
    assert r.json()["bucket_s"] == 60
    points: list[dict[str, Any]] = r.json()["points"]
    assert len(points) == minutes
    times = [datetime.fromisoformat(p["at"]) for p in points]
    assert all(b - a == timedelta(minutes=1) for a, b in pairwise(times))
    return points


def wait_for(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_history_charts_depth_and_judged_submissions_and_survives_a_restart(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    srv = start_server(data, workers=0, CODEJUDGE_SAMPLE_SECONDS="1")
    try:
        with srv.client() as c:
            for bad in ("0", "1441", "soon", "-5"):
                body = assert_error(c.get("/api/v1/admin/history", params={"minutes": bad}), 422)
                assert "minutes" in str(body["detail"])
            sub_id = submit(c)
            wait_for(lambda: (history(c)[-1]["depth"] or {}).get("submit") == 1)
            latest = history(c)[-1]
            assert latest["depth"] == {"run": 0, "submit": 1, "rejudge": 0}
            assert (latest["running"], latest["delayed"], latest["dead"]) == (0, 0, 0)
            assert c.get("/worker").json()["processed"]["id"] == sub_id
            points = history(c, 5)
            assert sum(p["finished"] for p in points) == 1
            (judged,) = [p for p in points if p["finished"]]
            assert judged["verdicts"] == {"accepted": 1}
            assert judged["wait_p50_ms"] is not None and judged["wait_p50_ms"] > 0
            assert judged["wait_p95_ms"] >= judged["wait_p50_ms"]
            assert all(p["depth"] is None or set(p["depth"]) == {"run", "submit", "rejudge"}
                       for p in points)  # fmt: skip
    finally:
        stop_server(srv)
    again = start_server(data, workers=0)  # the history lives in the store
    try:
        with again.client() as c:
            points = history(c, 10)
            assert sum(p["finished"] for p in points) == 1
            assert any(p["depth"] for p in points)
    finally:
        stop_server(again)


def test_dead_letters_delete_one_and_in_bulk(server_factory: ServerFactory) -> None:
    srv: Server = server_factory(workers=0)
    url = f"sqlite:///{srv.data_dir / 'codejudge.db'}"
    with srv.client() as c, Store(url) as store:
        queue = open_queue(url)
        a, b, d, e = (submit(c) for _ in range(4))
        # a dies as under a worker: started, then finished as internal_error with its error.
        (lease,) = queue.claim("test-host:1:0", 1, 30)
        assert store.start(a, lease.token)
        queue.fail(lease, "child died", retry=False)
        assert store.finish(a, lease.token, JudgeResult(Verdict.INTERNAL_ERROR, error="died"))
        for job_id in (b, d, e):  # these never started (e.g. no worker could run them)
            kill(queue, job_id)
        assert {x["id"] for x in c.get("/api/v1/admin/dead-letters").json()} == {a, b, d, e}

        assert c.delete(f"/api/v1/admin/dead-letters/{a}").status_code == 204
        body = assert_error(c.delete(f"/api/v1/admin/dead-letters/{a}"), 404)
        assert body["error"] == "not_found" and "dead letters" in body["detail"]
        assert queue.state(a) is None
        kept = store.get(a)  # a dead job's submission stays as it was
        assert (kept.status, kept.verdict) == (Status.FINISHED, Verdict.INTERNAL_ERROR)
        assert kept.result is not None and kept.result.error == "died"
        assert c.delete(f"/api/v1/admin/dead-letters/{b}").status_code == 204
        ended = store.get(b)  # finished too, or the reconciler would bring it back
        assert (ended.status, ended.verdict) == (Status.FINISHED, Verdict.INTERNAL_ERROR)
        assert b not in store.queued_ids()
        assert_error(c.delete("/api/v1/admin/dead-letters/no-such-job"), 404)

        r = c.post("/api/v1/admin/dead-letters/redrive", json={"ids": [d, "nope", a, d]})
        assert r.status_code == 200, r.text
        assert r.json()["done"] == [d]
        failed = {f["id"]: f["detail"] for f in r.json()["failed"]}
        assert set(failed) == {"nope", a}
        assert "nope" in failed["nope"] and "dead letters" in failed[a]
        assert c.get("/worker").json()["processed"]["id"] == d  # judged after its re-drive

        queue.enqueue("stray-job")  # a job the store does not know: it cannot be re-driven
        kill(queue, "stray-job")
        r = c.post("/api/v1/admin/dead-letters/redrive", json={"all": True})
        assert r.json()["done"] == [e]
        assert [f["id"] for f in r.json()["failed"]] == ["stray-job"]
        r = c.post("/api/v1/admin/dead-letters/delete", json={"all": True})
        assert r.json() == {"done": ["stray-job"], "failed": []}
        assert c.get("/api/v1/admin/dashboard").json()["queue"]["dead"] == 0
        assert c.post("/api/v1/admin/dead-letters/redrive", json={"all": True}).json() == {
            "done": [],
            "failed": [],
        }
        queue.close()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"ids": []},
        {"ids": ["x"], "all": True},
        {"all": False},
        {"ids": [""]},
        {"ids": "abc"},
        {"ids": [1, 2]},
        {"all": True, "extra": 1},
        {"ids": [f"id-{i}" for i in range(1001)]},
        [1],
    ],
)
def test_bulk_bodies_are_validated(client: httpx.Client, body: object) -> None:
    for action in ("redrive", "delete"):
        r = client.post(f"/api/v1/admin/dead-letters/{action}", json=body)
        assert_error(r, 422)


def test_bulk_malformed_json_is_400(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/admin/dead-letters/delete",
        content=b'{"all": tru',
        headers={"Content-Type": "application/json"},
    )
    assert assert_error(r, 400)["error"] == "malformed_json"


def test_dead_letter_items_join_the_store(tmp_path: Path) -> None:
    """What the dead-letter list shows of each job: a submission's problem, language and
    status; a problem job's slug and status; nulls for a job the store does not know."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    settings = Settings(data_dir=tmp_path)
    with Store(url) as store:
        store.migrate()
        queue = open_queue(url)
        problems = load_problem_set(BUNDLED_DIR)
        submissions = Submissions(settings, problems, store, queue)
        services = Services(
            settings, problems, [BUNDLED_DIR], store, queue, submissions, lambda: None
        )
        sub = submissions.submit(NewSubmission(problem="two-sum", language="python", code="x"))
        kill(queue, sub.id, "no python here")
        job_id = new_job_id()
        store.problem_jobs.insert(job_id, "hello", ".pending/x", False, {})
        queue.enqueue(job_id, Priority.SUBMIT)
        kill(queue, job_id)
        queue.enqueue("stray-job")
        kill(queue, "stray-job")
        items = {i.id: i for i in dead_letter_items(services, 10)}
        assert [i.id for i in dead_letter_items(services, 10)] == ["stray-job", job_id, sub.id]
        assert (items[sub.id].problem, items[sub.id].language) == ("two-sum", "python")
        assert items[sub.id].submission_status == "queued"
        assert items[sub.id].error == "no python here" and items[sub.id].deliveries == 1
        assert (items[job_id].problem, items[job_id].language) == ("hello", None)
        assert items[job_id].submission_status == "queued"
        stray = items["stray-job"]
        assert (stray.problem, stray.language, stray.submission_status) == (None, None, None)
        queue.close()


def page(c: httpx.Client, **params: Any) -> dict[str, Any]:
    r = c.get("/api/v1/submissions", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_submission_list_public_by_ids_admin_otherwise(server_factory: ServerFactory) -> None:
    srv: Server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with srv.client() as anyone, srv.client(headers=auth) as admin:
        s1, s2, s3 = submit(anyone), submit(anyone), submit(anyone, "a-plus-b", "cpp")
        s4, s5 = submit(anyone, "fizz-buzz"), submit(anyone)
        assert anyone.get("/worker").json()["processed"]["verdict"] == "accepted"  # s1

        mine = page(anyone, ids=f"{s1}, {s3},{s3},0190aaaa-0000-7000-8000-000000000000")
        assert [i["id"] for i in mine["items"]] == [s3, s1] and mine["next"] is None
        assert mine["items"][1]["verdict"] == "accepted" and mine["items"][0]["status"] == "queued"
        assert page(anyone, ids="")["items"] == []
        assert [i["id"] for i in page(anyone, ids=f"{s1},{s3}", problem="a-plus-b")["items"]] == [
            s3
        ]
        too_many = ",".join(f"id{i}" for i in range(101))
        assert assert_error(anyone.get("/api/v1/submissions", params={"ids": too_many}), 422)
        assert assert_error(anyone.get("/api/v1/submissions"), 401)
        assert assert_error(anyone.get("/api/v1/submissions", params={"problem": "two-sum"}), 401)

        def ids(**params: Any) -> list[str]:
            return [i["id"] for i in page(admin, **params)["items"]]

        assert ids() == [s5, s4, s3, s2, s1]
        assert ids(problem="two-sum") == [s5, s2, s1]
        assert ids(language="cpp") == [s3]
        assert ids(status="queued", problem="two-sum") == [s5, s2]
        assert ids(verdict="accepted") == [s1]
        assert ids(q=s4.upper()) == [s4]
        assert ids(q=s4[:9]) != []
        assert ids(before=s3) == [s2, s1]
        future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert ids(before=future) == [s5, s4, s3, s2, s1]
        assert ids(before="2000-01-01T00:00:00") == []  # no zone: UTC
        seen: list[str] = []
        cursor = None
        while True:
            body = page(admin, limit=2, **({"before": cursor} if cursor else {}))
            seen += [i["id"] for i in body["items"]]
            if (cursor := body["next"]) is None:
                break
        assert seen == [s5, s4, s3, s2, s1]
        assert page(admin, limit=5)["next"] is None  # exactly all: no empty last page
        for bad in (
            {"verdict": "great"},
            {"status": "done"},
            {"q": "zz%"},
            {"limit": 0},
            {"limit": 201},
            {"before": "yesterday"},
            {"problem": "p" * 200},
        ):
            assert_error(admin.get("/api/v1/submissions", params=bad), 422)


def test_the_new_routes_are_in_openapi(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        "/api/v1/admin/dashboard": ("get", "DashboardOut"),
        "/api/v1/admin/history": ("get", "HistoryOut"),
        "/api/v1/admin/dead-letters/redrive": ("post", "BulkOut"),
        "/api/v1/admin/dead-letters/delete": ("post", "BulkOut"),
        "/api/v1/submissions": ("get", "SubmissionPage"),
    }
    for path, (method, model) in expected.items():
        ok = paths[path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["$ref"].endswith(f"/{model}"), path
    assert "204" in paths["/api/v1/admin/dead-letters/{job_id}"]["delete"]["responses"]
    assert {"WorkerOut", "RunningOut", "HistoryPoint", "BulkIn"} <= set(
        spec["components"]["schemas"]
    )
