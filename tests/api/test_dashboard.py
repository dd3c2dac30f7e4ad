"""The dashboard's API against real servers: the snapshot (embedded SQLite, and PostgreSQL +
Redis), the history kept in the store, dead-letter actions and the submission list.

The servers run no worker pool: jobs are claimed and failed through the queue contract, as a
worker would, and judged with the seed's ``GET /worker`` where a verdict is needed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from codejudge.api.dashboard import dead_letter_items, history_out
from codejudge.api.services import Services
from codejudge.models import JudgeResult, NewSubmission, Priority, Status, Verdict
from codejudge.problems import BUNDLED_DIR, load_problem_set
from codejudge.queue import JobState, Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.problem_jobs import PENDING_DIR, JobStatus, new_job_id
from codejudge.store.schema import submissions as submissions_table
from codejudge.submissions import Submissions
from tests.api.test_problem_jobs import AUTH, TOKEN, different_zip, upload
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


def submit(
    c: httpx.Client, problem: str = "two-sum", language: str = "python", kind: str = "submissions"
) -> str:
    """Submit (or, with ``kind="runs"``, run) a correct solution; its id."""
    code = A_PLUS_B if problem == "a-plus-b" else TWO_SUM_OK
    r = c.post(f"/api/v1/{kind}", json={"problem": problem, "language": language, "code": code})
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
            "stuck": False,
        }
        # Budgets (problems/budget.py): within them, nothing is stuck.
        assert all(r["budget_ms"] >= 60_000 and not r["stuck"] for r in running)


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


def test_history_points_end_at_one_now(tmp_path: Path) -> None:
    """``minutes`` points, the last one ``now``'s minute, even at a minute's last instant:
    both ends of the window come from the one ``now`` (read twice, a minute could roll
    between the reads and add a point)."""
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        store.migrate()
        now = datetime(2026, 6, 1, 12, 2, 59, 999_999, tzinfo=UTC)
        out = history_out(store, 3, now)
        minute = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
        assert [p.at for p in out.points] == [minute + timedelta(minutes=i) for i in range(3)]
        assert len(history_out(store, 1).points) == 1  # default: now


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
            # The last point with a sample: a minute may have begun since, still unsampled.
            latest = [p for p in history(c) if p["depth"]][-1]
            assert latest["depth"] == {"run": 0, "submit": 1, "rejudge": 0}
            assert latest["depth_peak"]["submit"] >= 1 and set(latest["depth_peak"]) == {
                "run",
                "submit",
                "rejudge",
            }
            assert (latest["running"], latest["delayed"], latest["dead"]) == (0, 0, 0)
            assert c.get("/worker").json()["processed"]["id"] == sub_id
            points = history(c, 5)
            assert sum(p["finished"] for p in points) == 1
            (judged,) = [p for p in points if p["finished"]]
            assert judged["verdicts"] == {"accepted": 1} and judged["runs"] == 0
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
        listed = c.get("/api/v1/admin/dead-letters").json()
        assert {x["id"] for x in listed} == {a, b, d, e}
        for x in listed:  # ISO 8601 with a zone, like every other time in the API
            died = datetime.fromisoformat(x["died_at"])
            assert abs(died - datetime.now(UTC)) < timedelta(minutes=1)

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
        assert b not in store.queued_ids() and d in store.queued_ids()
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


def test_a_dead_problem_measurement_job_is_redriven_or_deleted(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """A measurement job (an uploaded package's time limit) that died is re-driven like a
    submission: ``queued`` again and measured by the next worker. One whose staged package
    is gone cannot be (409, saying so); deleting one removes its staged package."""
    srv: Server = server_factory(workers=0, CODEJUDGE_ADMIN_TOKEN=TOKEN)
    url = f"sqlite:///{srv.data_dir / 'codejudge.db'}"
    pending = srv.data_dir / "problems" / PENDING_DIR
    archive = different_zip(tmp_path / "different.zip", {"accepted/different_py3.py"})

    def dead_job() -> str:
        """An uploaded package whose measurement no worker could take: dead, still queued."""
        r = upload(c, archive)
        assert r.status_code == 202, r.text
        job_id: str = r.json()["id"]
        kill(queue, job_id)
        assert (pending / job_id).is_dir()
        return job_id

    def redrive(*ids: str) -> dict[str, Any]:
        r = c.post("/api/v1/admin/dead-letters/redrive", json={"ids": list(ids)})
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    with srv.client(headers=AUTH) as c, Store(url) as store, ExitStack() as stack:
        queue = open_queue(url)
        stack.callback(queue.close)
        # Died as under a worker whose judging child kept crashing: failed, package removed.
        gone = dead_job()
        assert store.problem_jobs.start(gone, 1)
        assert store.problem_jobs.finish(gone, 1, time_ms=None, report={}, error="child died")
        shutil.rmtree(pending / gone)
        (failure,) = redrive(gone)["failed"]
        assert "upload the package again" in failure["detail"]
        assert queue.state(gone) is JobState.DEAD
        assert store.problem_jobs.get(gone).status is JobStatus.FAILED

        deleted = dead_job()
        r = c.post("/api/v1/admin/dead-letters/delete", json={"ids": [deleted]})
        assert r.json() == {"done": [deleted], "failed": []}
        assert not (pending / deleted).exists() and queue.state(deleted) is None
        assert store.problem_jobs.get(deleted).status is JobStatus.FAILED

        job_id = dead_job()  # through the one-row route this time, as the dashboard's row button
        r = c.post(f"/api/v1/admin/dead-letters/{job_id}/redrive")
        assert r.status_code == 202, r.text
        assert queue.state(job_id) is JobState.READY
        assert store.problem_jobs.get(job_id).status is JobStatus.QUEUED
        assert c.get("/worker").status_code == 200  # a worker takes it: measured, published
        job = c.get(f"/api/v1/admin/problems/jobs/{job_id}").json()
        assert job["status"] == "finished" and job["time_ms"] > 0, job
        assert c.get("/api/v1/problems/different").status_code == 200
        (again,) = redrive(job_id)["failed"]
        assert "dead letters" in again["detail"]
        (unknown,) = redrive(new_job_id())["failed"]
        assert "not found" in unknown["detail"]


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
        died = items[sub.id].died_at  # a time, like every other in the API
        assert abs(died - datetime.now(UTC)) < timedelta(
            minutes=1
        ) and died.utcoffset() == timedelta(0)
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
        # Lists carry summaries: no code, the result's numbers only (the rest: GET by id).
        judged = mine["items"][1]
        assert "code" not in judged and judged["kind"] == "submission"
        assert set(judged["result"]) == {"verdict", "passed", "total", "time_ms", "memory_kb"}
        assert judged["result"]["passed"] == judged["result"]["total"] > 0
        full = anyone.get(f"/api/v1/submissions/{s1}").json()
        assert full["code"] == TWO_SUM_OK and full["result"]["tests"]
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
        # The calendar's ends: no OverflowError (a 500), just nothing or everything before.
        assert ids(before="0001-01-01T00:00:00+01:00") == []
        assert ids(before="9999-12-31T23:59:59-01:00") == [s5, s4, s3, s2, s1]
        # A time cursor pages by id like any other: its next page starts from an id.
        assert page(admin, limit=2, before=future)["next"] == s4
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


def test_runs_stay_apart_from_submissions(server_factory: ServerFactory) -> None:
    """``/healthz`` counts submissions only, the list filters by kind, and the history counts
    a run in the throughput and in ``runs`` but not in the verdict mix."""
    srv: Server = server_factory(workers=0)
    with srv.client() as c:
        sub, run = submit(c), submit(c, kind="runs")
        queued = c.get("/healthz").json()["submissions"]
        assert queued == {"queued": 1, "running": 0, "finished": 0, "cancelled": 0}
        assert c.get("/worker").json()["processed"]["id"] == run  # runs go first
        assert c.get("/worker").json()["processed"]["id"] == sub
        judged = c.get("/healthz").json()["submissions"]
        assert judged == {"queued": 0, "running": 0, "finished": 1, "cancelled": 0}

        def ids(**params: Any) -> list[str]:
            return [i["id"] for i in page(c, **params)["items"]]

        assert ids() == [run, sub]
        assert ids(kind="submission") == [sub] and ids(kind="run") == [run]
        assert ids(kind="run", ids=f"{sub},{run}") == [run]
        assert ids(kind="submission", verdict="accepted", before=run) == [sub]
        assert_error(c.get("/api/v1/submissions", params={"kind": "runs"}), 422)
        points = history(c, 5)
        assert sum(p["finished"] for p in points) == 2 and sum(p["runs"] for p in points) == 1
        assert sum(sum(p["verdicts"].values()) for p in points) == 1


def test_a_redriven_submission_waits_from_its_redrive(tmp_path: Path) -> None:
    """The hour a job sat dead is not queue wait: its submission is queued afresh at the
    re-drive (whether it died finished, never started or still running), so the history's
    wait is measured from there."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url) as store:
        store.migrate()
        queue = open_queue(url)
        submissions = Submissions(Settings(data_dir=tmp_path), load_problem_set(BUNDLED_DIR),
                                  store, queue)  # fmt: skip
        new = NewSubmission(problem="two-sum", language="python", code=TWO_SUM_OK)
        finished, never, stuck = (submissions.submit(new).id for _ in range(3))
        token = kill(queue, finished)  # died as under a worker: finished as internal_error
        assert store.start(finished, token) and store.finish(
            finished, token, JudgeResult(Verdict.INTERNAL_ERROR, error="died")
        )
        kill(queue, never)  # no worker could start it: still queued in the store
        assert store.start(stuck, kill(queue, stuck))  # its last lease expired: still running
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
        with store.engine.begin() as conn:
            conn.execute(submissions_table.update().values(queued_at=an_hour_ago))
        for job_id in (finished, never, stuck):
            submissions.redrive(job_id)
            got = store.get(job_id)
            assert (got.status, got.verdict, got.started_at) == (Status.QUEUED, None, None)
            assert got.queued_at > an_hour_ago + timedelta(minutes=59)
        for lease in queue.claim("test-host:1:0", 3, 30):
            assert store.start(lease.job_id, lease.token)
            assert store.finish(lease.job_id, lease.token, JudgeResult(Verdict.ACCEPTED))
        points = store.history(datetime.now(UTC) - timedelta(minutes=1))
        waits = [p.wait_p95_ms for p in points if p.wait_p95_ms is not None]
        assert sum(p.finished for p in points) == 3 and waits and max(waits) < 60_000
        queue.close()


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
    (kind,) = [p for p in paths["/api/v1/submissions"]["get"]["parameters"] if p["name"] == "kind"]
    assert "default: both" in kind["description"] and not kind.get("required")
    schemas = spec["components"]["schemas"]
    assert "runs" in schemas["HistoryPoint"]["required"]
    items = schemas["SubmissionPage"]["properties"]["items"]["items"]
    assert items["$ref"].endswith("/SubmissionSummary")
    summary = schemas["SubmissionSummary"]["properties"]
    assert "code" not in summary and "code" in schemas["SubmissionOut"]["properties"]
    (result,) = [r for r in summary["result"]["anyOf"] if "$ref" in r]
    assert set(schemas[result["$ref"].rsplit("/", 1)[1]]["properties"]) == {
        "verdict", "passed", "total", "time_ms", "memory_kb"
    }  # fmt: skip
    died_at = schemas["DeadLetterOut"]["properties"]["died_at"]
    assert died_at["format"] == "date-time"
    for model, field in [
        ("HistoryPoint", f) for f in ("running", "delayed", "dead", "wait_p95_ms")
    ]:
        assert schemas[model]["properties"][field].get("description"), (model, field)
    for field in ("done", "failed"):
        assert schemas["BulkOut"]["properties"][field].get("description"), field
