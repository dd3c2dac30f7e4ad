"""Problem measurement jobs (issue 10 class 12): a Kattis upload without a time limit is measured
by a worker, never inside the HTTP request. The upload answers 202 with the job; the worker
judges the package's submissions, sets the limit and publishes the problem. Embedded mode
(SQLite store and queue, workers in ``serve``) and distributed mode (PostgreSQL store, Redis
queue, ``serve --workers 0`` + ``codejudge worker``), each against real infrastructure."""

from __future__ import annotations

import math
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from codejudge.queue import JobState
from codejudge.runtime import Runtime
from codejudge.settings import Settings
from codejudge.store.problem_jobs import new_job_id, pending_package
from codejudge.worker import reconcile
from tests.api.distributed import distributed_mode
from tests.conftest import Server, codejudge_env, start_server, stop_server

PROBLEMTOOLS = Path(__file__).parents[1] / "kattis" / "problemtools"
TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# problemtools' ``different`` with a few of its submissions, so that judging stays quick: one
# Python 3 and one C accepted, the Python 2 and Scala ones (skipped), a wrong answer.
KEEP = {
    "accepted/different_py3.py",
    "accepted/different_py2.py",
    "accepted/Different.scala",
    "accepted/different.c",
    "wrong_answer/different_no_abs.cc",
}
PY3 = (
    "import sys\nfor line in sys.stdin:\n    a, b = map(int, line.split())\n    print(abs(a - b))\n"
)


def different_zip(target: Path, keep: set[str] = KEEP) -> Path:
    """problemtools' ``different`` as a zip, its submissions cut down to ``keep``."""
    root = PROBLEMTOOLS / "different"
    with zipfile.ZipFile(target, "w") as zf:
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = file.relative_to(root)
            if relative.parts[0] == "submissions" and "/".join(relative.parts[1:]) not in keep:
                continue
            zf.write(file, f"different/{relative}")
    return target


def upload(client: httpx.Client, archive: Path, **params: Any) -> httpx.Response:
    with archive.open("rb") as f:
        return client.post(
            "/api/v1/admin/problems/upload",
            files={"file": (archive.name, f, "application/zip")},
            params=params,
            headers=AUTH,
        )


def poll(client: httpx.Client, url: str, timeout: float = 400) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(url, params={"wait": 30}, headers=AUTH).json()
        if job["status"] in ("finished", "failed"):
            return job
    raise AssertionError(f"measurement did not end within {timeout} s: {job}")


def assert_measured_and_served(client: httpx.Client, archive: Path) -> None:
    response = upload(client, archive)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["id"].startswith("problem-") and accepted["slug"] == "different"
    # Not served until measured: never judged against a provisional limit.
    assert client.get("/api/v1/problems/different").status_code == 404
    job = poll(client, accepted["links"]["self"])
    assert job["status"] == "finished", job
    runs = {run["file"]: run for run in job["runs"]}
    assert set(runs) == KEEP
    assert runs["accepted/different_py2.py"]["status"] == "skipped"
    assert "Python 2" in runs["accepted/different_py2.py"]["note"]
    assert runs["accepted/Different.scala"]["note"] == "language not supported: Scala"
    for name in ("accepted/different_py3.py", "accepted/different.c"):
        assert runs[name]["actual"] == "accepted" and runs[name]["status"] == "ok", runs[name]
    assert runs["wrong_answer/different_no_abs.cc"]["actual"] == "wrong_answer"
    slowest = max(runs[n]["time_ms"] for n in ("accepted/different_py3.py", "accepted/different.c"))
    assert job["time_limit_from"].startswith(f"slowest accepted {slowest} ms x time_multiplier 5")
    assert job["time_ms"] == max(1, math.ceil(slowest * 5 / 1000)) * 1000
    assert any("different_py2.py: skipped" in w for w in job["warnings"])
    problem = client.get("/api/v1/problems/different")
    assert problem.status_code == 200 and problem.json()["limits"]["time_ms"] == job["time_ms"]
    submitted = client.post(
        "/api/v1/submissions",
        params={"wait": 120},
        json={"problem": "different", "language": "python", "code": PY3},
    )
    assert submitted.status_code == 200 and submitted.json()["verdict"] == "accepted"


@pytest.fixture
def embedded(server_factory: Callable[..., Server]) -> Server:
    return server_factory(workers=1, CODEJUDGE_ADMIN_TOKEN=TOKEN)


@pytest.mark.timeout(600)
def test_upload_answers_202_and_a_worker_measures_it_embedded(
    embedded: Server, tmp_path: Path
) -> None:
    """SQLite store and queue, workers inside ``serve``."""
    with embedded.client() as client:
        assert_measured_and_served(client, different_zip(tmp_path / "different.zip"))
    problems = embedded.data_dir / "problems"
    assert (problems / "different" / "problem.toml").is_file()
    assert list((problems / ".pending").iterdir()) == []  # the staged package moved in


@pytest.fixture
def distributed(
    server_factory: Callable[..., Server], tmp_path: Path
) -> Iterator[tuple[Server, dict[str, str]]]:
    """``serve --workers 0`` on PostgreSQL + Redis and one ``codejudge worker`` beside it,
    sharing the data dir (as docs/deployment.md asks)."""
    with distributed_mode(server_factory, tmp_path, CODEJUDGE_ADMIN_TOKEN=TOKEN) as (server, env):
        yield server, env


@pytest.mark.timeout(600)
def test_upload_answers_202_and_a_worker_measures_it_distributed(
    distributed: tuple[Server, dict[str, str]], tmp_path: Path
) -> None:
    """PostgreSQL store, Redis queue, a separate worker process: the API host never judges.
    A second API process, which nobody polls the job on, serves the problem too."""
    server, env = distributed
    other = start_server(server.data_dir, 0, **env)
    try:
        with server.client() as client:
            assert_measured_and_served(client, different_zip(tmp_path / "different.zip"))
        with other.client() as client:
            deadline = time.monotonic() + 10
            while client.get("/api/v1/problems/different").status_code == 404:
                assert time.monotonic() < deadline, "the other API process never served it"
                time.sleep(0.5)
            submitted = client.post(
                "/api/v1/submissions",
                params={"wait": 120},
                json={"problem": "different", "language": "python", "code": PY3},
            )
            assert submitted.status_code == 200 and submitted.json()["verdict"] == "accepted"
    finally:
        stop_server(other)


@pytest.mark.timeout(600)
def test_a_package_with_no_accepted_submission_that_runs_fails_with_the_report(
    embedded: Server, tmp_path: Path
) -> None:
    """Only Python 2 and Scala accepted submissions: no limit can be set; the job fails with
    each submission's verdict and nothing is published."""
    keep = {"accepted/different_py2.py", "accepted/Different.scala"}
    archive = different_zip(tmp_path / "different.zip", keep)
    with embedded.client() as client:
        response = upload(client, archive, wait=120)
        assert response.status_code == 200, response.text
        job = response.json()
        assert job["status"] == "failed" and "no accepted submission" in job["error"]
        assert {r["status"] for r in job["runs"]} == {"skipped"}
        assert client.get("/api/v1/problems/different").status_code == 404
    assert not (embedded.data_dir / "problems" / "different").exists()


def test_the_upload_route_never_loads_judging_code(tmp_path: Path) -> None:
    """An API host needs no toolchains and no sandbox: uploading a package whose limit must be
    measured loads no judging module into the API process (it used to import
    ``problems_check`` and run ``grading.judge`` inside the request)."""
    script = f"""
import sys
from fastapi.testclient import TestClient
from codejudge.runtime import create_app
from codejudge.settings import Settings
settings = Settings(data_dir={str(tmp_path)!r}, admin_token="t")
with TestClient(create_app(settings, workers=0)) as client:
    with open({str(different_zip(tmp_path / "different.zip"))!r}, "rb") as f:
        r = client.post("/api/v1/admin/problems/upload", headers={{"Authorization": "Bearer t"}},
                        files={{"file": ("different.zip", f, "application/zip")}})
    assert r.status_code == 202, r.text
judging = sorted(m for m in sys.modules if m.startswith(
    ("codejudge.judging", "codejudge.worker.child")) and not m.endswith("child_process"))
assert judging == [], judging
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=codejudge_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]


def test_the_reconciler_enqueues_a_problem_job_the_queue_lost(tmp_path: Path) -> None:
    """The store is the source of truth for measurement jobs too: one stored as queued but
    missing from the queue (an enqueue that failed, Redis losing its last second) is enqueued
    again by the reconciler."""
    services = Runtime(Settings(data_dir=tmp_path), workers=0)
    try:
        job_id = new_job_id()
        services.store.problem_jobs.insert(job_id, "x", pending_package(job_id, "x"), False, {})
        assert services.queue.state(job_id) is None
        assert reconcile(services.store, services.queue, older_than=0) == 1
        assert services.queue.state(job_id) is JobState.READY
    finally:
        services.close()
