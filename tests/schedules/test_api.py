"""The admin API and the CLI over real servers, both modes: create (validated), list, show
with history, pause, resume, trigger now (a worker runs it: a rejudge of an accepted
submission judged again), delete; the errors."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.distributed import distributed_mode
from tests.conftest import Server, codejudge_env
from tests.solutions import PYTHON_A_PLUS_B

pytestmark = pytest.mark.timeout(240)
BASE = "/api/v1/admin/schedules"
COBOL = {"problem": "a-plus-b", "language": "cobol", "code": "x"}


def wait_for(c: httpx.Client, path: str, done: Callable[[Any], bool], timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        body = c.get(path).json()
        if done(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.3)


def check_schedules(c: httpx.Client) -> None:
    sub = c.post(
        "/api/v1/submissions",
        json={"problem": "a-plus-b", "language": "python", "code": PYTHON_A_PLUS_B},
    ).json()["id"]
    judged = wait_for(c, f"/api/v1/submissions/{sub}", lambda b: b["status"] == "finished")
    assert judged["verdict"] == "accepted"

    body = {"name": "retest", "cron": "0 3 * * *", "timezone": "Europe/Paris",
            "action": "rejudge", "params": {"problem": "a-plus-b"}}  # fmt: skip
    r = c.post(BASE, json=body)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["next_fire_at"].endswith(("T01:00:00Z", "T02:00:00Z"))  # 03:00 Paris
    assert c.post(BASE, json=body).status_code == 409
    cases: list[tuple[dict[str, Any], str]] = [
        ({"cron": "* * *"}, "5-field"),
        ({"timezone": "Mars/Base"}, "IANA"),
        ({"params": {"problem": "no-such"}}, "no-such"),
        ({"action": "batch", "params": {"items": [COBOL]}}, "cobol"),
        # a grace no pass could meet; a purge age no fire could compute
        ({"misfire_grace_seconds": 0}, "misfire_grace_seconds"),
        ({"misfire_grace_seconds": 9.5}, "misfire_grace_seconds"),
        ({"action": "purge", "params": {"days": 10**6}}, "params.days"),
    ]
    for bad, word in cases:
        r = c.post(BASE, json={**body, "name": "other", **bad})
        assert r.status_code == 422 and word in r.text, r.text
    assert [s["name"] for s in c.get(BASE).json()] == ["retest"]

    paused = c.post(f"{BASE}/retest/pause").json()
    assert (paused["enabled"], paused["next_fire_at"]) == (False, None)
    r = c.post(f"{BASE}/retest/trigger")  # paused, but triggered by hand
    assert r.status_code == 202 and r.json()["manual"] is True
    shown = wait_for(c, f"{BASE}/retest", lambda b: b["fires"][0]["status"] != "pending")
    assert shown["fires"][0]["status"] == "done", shown
    assert shown["fires"][0]["result"] == {"rejudged": 1}
    again = wait_for(c, f"/api/v1/submissions/{sub}", lambda b: b["status"] == "finished")
    assert again["verdict"] == "accepted", again
    assert again["finished_at"] > judged["finished_at"]  # judged again
    assert c.post(f"{BASE}/{created['id']}/resume").json()["enabled"] is True
    assert c.delete(f"{BASE}/retest").status_code == 204
    for method, path in [("GET", f"{BASE}/retest"), ("POST", f"{BASE}/retest/trigger"),
                         ("DELETE", f"{BASE}/retest")]:  # fmt: skip
        assert c.request(method, path).status_code == 404


def test_embedded(server_factory: Callable[..., Server]) -> None:
    server = server_factory(workers=1)
    with server.client() as c:
        check_schedules(c)


def test_distributed(server_factory: Callable[..., Server], tmp_path: Path) -> None:
    with distributed_mode(server_factory, tmp_path) as (server, _), server.client() as c:
        check_schedules(c)


def test_cli(tmp_path: Path) -> None:
    """create, list, show, pause, resume, trigger, delete from the server's host; a bad
    expression exits 2 with the reason."""
    env = codejudge_env(tmp_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "codejudge.cli", "schedules", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    made = cli("create", "nightly", "0 3 * * *", "purge", "--params", '{"days": 30}')
    assert made.returncode == 0, made.stderr
    assert "nightly" in cli("list").stdout
    bad = cli("create", "x", "0 3 * *", "purge", "--params", '{"days": 30}')
    assert bad.returncode == 2 and "5-field" in bad.stderr
    for grace in ("-1", "0", "9"):
        bad = cli("create", "x", "0 3 * * *", "redrive", "--grace", grace)
        assert bad.returncode == 2 and "misfire grace" in bad.stderr, bad.stderr
    bad = cli("create", "x", "0 3 * * *", "purge", "--params", f"@{tmp_path / 'missing.json'}")
    assert bad.returncode == 2 and "cannot read" in bad.stderr, bad.stderr
    assert "Traceback" not in bad.stderr
    bad = cli("create", "x", "0 3 * * *", "purge", "--params", '{"days": 1000000}')
    assert bad.returncode == 2 and "params.days" in bad.stderr
    assert "enabled: False" in cli("pause", "nightly").stdout
    assert "enabled: True" in cli("resume", "nightly").stdout
    assert cli("trigger", "nightly").stdout.startswith("fired: fire-")
    assert "(manual) pending" in cli("show", "nightly").stdout
    assert cli("delete", "nightly").returncode == 0
    gone = cli("show", "nightly")
    assert gone.returncode == 2 and "not found" in gone.stderr


def test_cli_batch_check_loads_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI checks a batch's items with one problem set and the store already open, not a
    store migrated and a problem set loaded per item."""
    from codejudge.cli import schedules as cli_schedules
    from codejudge.queue import open_queue
    from codejudge.scheduling import validate
    from codejudge.settings import Settings
    from codejudge.store import Store
    from codejudge.store.schedules import Action

    monkeypatch.setenv("CODEJUDGE_DATA_DIR", str(tmp_path))
    loads = []
    real = cli_schedules._problems

    def counted(settings: Settings) -> Any:
        loads.append(1)
        return real(settings)

    monkeypatch.setattr(cli_schedules, "_problems", counted)
    settings = Settings()
    items = [{"problem": "a-plus-b", "language": "python", "code": f"# {i}"} for i in range(3)]
    with Store(settings.resolved_database_url) as store:
        store.migrate()
        queue = open_queue(settings.resolved_queue_url)
        try:
            check = cli_schedules._checker(settings, store, queue)
            assert validate("b", "* * * * *", "UTC", Action.BATCH, {"items": items}, check)
        finally:
            queue.close()
    assert loads == [1]
