"""``/metrics`` with the store away: ``codejudge_cluster_up 0`` and the process's own metrics,
never a 500. ``Store.throughput`` (the arrival rate and judging time behind
``codejudge_desired_workers``) raises ``Unavailable`` like the rest of the store, for an
unreachable database and for SQLAlchemy's pool timeout (no connection free in time)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
import sqlalchemy as sa

from codejudge.api.metrics import scrape
from codejudge.api.services import Services
from codejudge.exceptions import Unavailable
from codejudge.queue import Queue, open_queue
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store import store as store_module
from codejudge.store.throughput import ThroughputStore
from tests.conftest import free_port
from tests.metrics.live import parse, value
from tests.store.conftest import PgDatabases


def _no_writes() -> AbstractContextManager[sa.Connection]:
    raise AssertionError("the throughput view never writes")


def _tiny_pool(url: str) -> sa.Engine:
    """A real PostgreSQL engine whose one connection, once taken, makes the next wait 0.2 s
    and give up (``sqlalchemy.exc.TimeoutError``), as a busy server's pool does after 30 s."""
    return sa.create_engine(url, pool_size=1, max_overflow=0, pool_timeout=0.2)


def test_throughput_unreachable_database_is_unavailable() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    engine = sa.create_engine(url, connect_args={"connect_timeout": 2})
    with pytest.raises(Unavailable):
        ThroughputStore(engine, _no_writes).recent()


def test_throughput_pool_timeout_is_unavailable(pg_url: str) -> None:
    engine = _tiny_pool(pg_url)
    try:
        with engine.connect(), pytest.raises(Unavailable):
            ThroughputStore(engine, _no_writes).recent()
    finally:
        engine.dispose()


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Queue]:
    q = open_queue(f"sqlite:///{tmp_path / 'queue.db'}")
    yield q
    q.close()


def _up(store: Store, queue: Queue) -> float:
    """``codejudge_cluster_up`` in what ``GET /metrics`` would answer (the part of
    ``Services`` the collectors read: the queue, the store, the settings)."""
    services = SimpleNamespace(store=store, queue=queue, settings=Settings())
    return value(parse(scrape(cast(Services, services)).decode()), "codejudge_cluster_up")


def test_scrape_with_the_database_dropped(pg_databases: PgDatabases, queue: Queue) -> None:
    url = pg_databases.create()
    store = Store(url)
    try:
        store.migrate()
        assert _up(store, queue) == 1
        name = sa.make_url(url).database
        admin = sa.create_engine(pg_databases.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()
        assert _up(store, queue) == 0
    finally:
        store.close()


def test_scrape_with_the_pool_exhausted(
    pg_url: str, queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "create_engine", _tiny_pool)
    store = Store(pg_url)
    try:
        assert _up(store, queue) == 1
        with store.engine.connect():  # the pool's one connection, held
            assert _up(store, queue) == 0
        assert _up(store, queue) == 1
    finally:
        store.close()
