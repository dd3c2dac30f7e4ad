"""Schedule fixtures: a store and a queue in each mode, on real databases.

``embedded``: one SQLite file for the store and the queue; ``distributed``: a fresh PostgreSQL
database and a queue of its own name on the shared test Redis (purged afterwards)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from codejudge.queue import Queue, open_queue
from codejudge.queue.keys import QueueKeys
from codejudge.store import Store
from tests.faults.cluster import PgDatabase
from tests.queue.conftest import REDIS_URL, purge, shared_redis


@dataclass
class Both:
    store: Store
    queue: Queue
    mode: str


@pytest.fixture(params=["embedded", "distributed"])
def both(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Both]:
    """A migrated store and an empty queue (1 delivery max: a failure is dead at once)."""
    if request.param == "embedded":
        url = f"sqlite:///{tmp_path / 'codejudge.db'}"
        store = Store(url)
        store.migrate()
        queue = open_queue(url, max_deliveries=2, retry_base=0.0)
        yield Both(store, queue, "embedded")
        queue.close()
        store.close()
        return
    db = PgDatabase()
    store = Store(db.url)
    store.migrate()
    name = f"sched{secrets.token_hex(4)}"
    queue = open_queue(f"{REDIS_URL}?queue={name}", max_deliveries=2, retry_base=0.0)
    yield Both(store, queue, "distributed")
    queue.close()
    store.close()
    purge(shared_redis(), QueueKeys(name))
    db.drop()
