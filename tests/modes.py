"""The two storage modes for tests that start real processes: embedded (SQLite store and
queue in the data dir: no variables) and distributed (a fresh PostgreSQL database and Redis
queue name, dropped and purged afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from codejudge.queue.keys import QueueKeys
from tests.queue.conftest import REDIS_URL, purge, shared_redis
from tests.store.conftest import PG_ADMIN_URL, PgDatabases

MODES = ["embedded", "distributed"]


@contextmanager
def distributed_env() -> Iterator[dict[str, str]]:
    """``CODEJUDGE_DATABASE_URL`` and ``CODEJUDGE_QUEUE_URL`` of a fresh PostgreSQL database and
    Redis queue name; dropped and purged on exit."""
    shared_redis()
    databases = PgDatabases(PG_ADMIN_URL)
    keys = QueueKeys(f"test-{uuid.uuid4().hex[:16]}")
    try:
        yield {
            "CODEJUDGE_DATABASE_URL": databases.create(),
            "CODEJUDGE_QUEUE_URL": f"{REDIS_URL}?queue={keys.name}",
        }
    finally:
        purge(shared_redis(), keys)
        databases.drop_all()


@contextmanager
def mode_env(mode: str) -> Iterator[dict[str, str]]:
    """The store and queue variables of ``mode`` (one of ``MODES``): {} for embedded."""
    if mode == "embedded":
        yield {}
        return
    with distributed_env() as env:
        yield env
