"""The distributed mode for API tests: ``serve --workers 0`` on PostgreSQL + Redis (a fresh
database and queue name each time) and one ``codejudge worker`` process beside it, sharing the
data dir (as docs/deployment.md asks). Everything is taken down and dropped on exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from codejudge.queue.keys import QueueKeys
from tests.conftest import Server, codejudge_env
from tests.queue.conftest import REDIS_URL, purge, shared_redis
from tests.store.conftest import PG_ADMIN_URL, PgDatabases


@contextmanager
def distributed_mode(
    server_factory: Callable[..., Server], log_dir: Path, **extra: str
) -> Iterator[tuple[Server, dict[str, str]]]:
    """The server and the environment (``extra`` included) that it and its worker run with."""
    shared_redis()
    databases = PgDatabases(PG_ADMIN_URL)
    keys = QueueKeys(f"test-{uuid.uuid4().hex[:16]}")
    env = {
        "CODEJUDGE_DATABASE_URL": databases.create(),
        "CODEJUDGE_QUEUE_URL": f"{REDIS_URL}?queue={keys.name}",
        **extra,
    }
    server = server_factory(workers=0, **env)
    log = (log_dir / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "codejudge.cli", "worker", "--concurrency", "1"],
        env=codejudge_env(server.data_dir, **env),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        yield server, env
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        log.close()
        purge(shared_redis(), keys)
        databases.drop_all()
