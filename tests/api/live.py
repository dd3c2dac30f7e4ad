"""A real server in either mode, for tests that must see the same answers in both: embedded
(SQLite store and queue, a worker in ``serve``) or distributed (PostgreSQL, Redis,
``serve --workers 0`` and a ``codejudge worker``, from ``tests/api/distributed.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.api.distributed import distributed_mode
from tests.conftest import Server, start_server, stop_server

MODES = ("embedded", "distributed")


@contextmanager
def live_server(mode: str, root: Path, **env: str) -> Iterator[Server]:
    """The server of ``mode`` with ``env``, data under ``root``; stopped (and its databases
    dropped) on exit."""
    started: list[Server] = []

    def make(workers: int = 1, **extra: str) -> Server:
        started.append(start_server(root / "data", workers, **extra))
        return started[-1]

    try:
        if mode == "embedded":
            yield make(1, **env)
        else:
            with distributed_mode(make, root, **env) as (server, _):
                yield server
    finally:
        for server in started:
            stop_server(server)
