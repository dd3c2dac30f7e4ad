"""The distributed mode for API tests: ``serve --workers 0`` on PostgreSQL + Redis (a fresh
database and queue name each time) and one ``codejudge worker`` process beside it, sharing the
data dir (as docs/deployment.md asks). Everything is taken down and dropped on exit."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Server, codejudge_env, stop_process
from tests.modes import distributed_env


@contextmanager
def distributed_mode(
    server_factory: Callable[..., Server], log_dir: Path, **extra: str
) -> Iterator[tuple[Server, dict[str, str]]]:
    """The server and the environment (``extra`` included) that it and its worker run with."""
    with distributed_env() as urls:
        env = {**urls, **extra}
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
            stop_process(worker)
            log.close()
