"""Store fixtures: every test runs against real SQLite and real PostgreSQL.

``url`` is an empty, migrated database; ``fresh_url`` an empty, unmigrated one. SQLite gets a
file per test. PostgreSQL gets one database per test session (per xdist worker), named
``codejudge_test_<pid>_<random>``, migrated once and truncated before each test; ``fresh_url``
creates extra databases. All are dropped when the session ends. If the server is down the
fixture tries to start the local cluster and fails loudly if it still cannot connect.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from codejudge.store import Store

PG_ADMIN_URL = os.environ.get(
    "CODEJUDGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


def _pg_reachable(url: sa.URL) -> bool:
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _ensure_postgres(url: sa.URL) -> None:
    """Connect, or start the local cluster (``pg_ctlcluster``) and wait for it, or fail."""
    if _pg_reachable(url):
        return
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    tried = "nothing to start (no pg_ctlcluster or /etc/postgresql)"
    if versions and shutil.which("pg_ctlcluster"):
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]
        # Another xdist worker may be starting it too: ignore "already running", then poll.
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        tried = f"{' '.join(command)} -> exit {proc.returncode}: {proc.stderr.strip()}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if _pg_reachable(url):
                return
            time.sleep(0.5)
    pytest.fail(
        f"PostgreSQL is not reachable at {url.render_as_string()} and could not be started "
        f"({tried}). Start it, or point CODEJUDGE_TEST_POSTGRES_URL at a server.",
        pytrace=False,
    )


class PgDatabases:
    """Creates throwaway databases on one server and drops them all at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = sa.make_url(admin_url)
        _ensure_postgres(self.admin_url)
        self._admin = sa.create_engine(
            self.admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
        )
        self._prefix = f"codejudge_test_{os.getpid()}_{secrets.token_hex(4)}"
        self._counter = itertools.count()
        self._names: list[str] = []

    def create(self) -> str:
        name = f"{self._prefix}_{next(self._counter)}"
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self._names.append(name)
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin.connect() as conn:
            for name in self._names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    databases = PgDatabases(PG_ADMIN_URL)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def pg_url(pg_databases: PgDatabases) -> str:
    """The session's shared PostgreSQL database, migrated once."""
    url = pg_databases.create()
    with Store(url) as store:
        store.migrate()
    return url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """A factory of empty, unmigrated databases of the test's backend."""
    counter = itertools.count()

    def make() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'fresh{next(counter)}.db'}"
        databases: PgDatabases = request.getfixturevalue("pg_databases")
        return databases.create()

    return make


@pytest.fixture
def url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty, migrated database of the test's backend."""
    if backend == "sqlite":
        sqlite_url = f"sqlite:///{tmp_path / 'store.db'}"
        with Store(sqlite_url) as store:
            store.migrate()
        return sqlite_url
    shared: str = request.getfixturevalue("pg_url")
    engine = sa.create_engine(shared, poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "TRUNCATE submissions, problem_jobs, depth_samples, webhook_deliveries, "
            "webhook_attempts, api_keys, rate_counters"
        )
    engine.dispose()
    return shared


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store(url) as store:
        yield store
