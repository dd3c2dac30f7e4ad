"""Engine construction: per-backend connection settings, SQLite transaction control, fork safety."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

from codejudge.exceptions import InvalidInput
from codejudge.sqlite_wal import enable_wal

SQLITE_BUSY_TIMEOUT_S = 10.0

# Connection execution option naming SQLite's BEGIN mode for the next transaction. Writers use
# IMMEDIATE: they take the write lock up front and wait on busy_timeout, instead of failing with
# SQLITE_BUSY when a deferred read transaction later tries to upgrade to a write.
SQLITE_BEGIN = "codejudge_sqlite_begin"


def create_engine(url: str) -> sa.Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://...``, safe to share between
    threads and to inherit across ``fork`` (a child never reuses its parent's connections)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    else:
        engine = sa.create_engine(
            parsed,
            pool_size=5,
            max_overflow=10,
            pool_timeout=30,
            pool_pre_ping=True,  # survive a database restart or an idle-connection reaper
            pool_recycle=1800,
        )
        event.listen(engine, "handle_error", _refuse_nul)
    _guard_fork(engine)
    return engine


def _refuse_nul(context: sa.engine.ExceptionContext) -> None:
    """A NUL in a text parameter is ``InvalidInput``, not a server error: PostgreSQL's text
    cannot hold one (psycopg refuses to send it), SQLite's can. The API refuses such text at
    its edge (``api/unstorable.py``); this is the last resort for a path that does not."""
    if isinstance(context.sqlalchemy_exception, exc.DataError) and "NUL" in str(
        context.original_exception
    ):
        raise InvalidInput(
            "a text value holds a NUL character (\\u0000), which the database cannot store"
        ) from context.original_exception


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    memory = url.database in (None, "", ":memory:")
    if memory:
        # One shared connection, or every pooled connection would see its own empty database.
        engine = sa.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
        # File databases get a QueuePool with check_same_thread=False (SQLAlchemy 2.0 default).
        engine = sa.create_engine(
            url, pool_size=5, max_overflow=10, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        # Hand transaction control to us (the "begin" hook below): pysqlite's own implicit
        # BEGIN is always DEFERRED and is skipped before some statements.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        if not memory:
            enable_wal(cursor, SQLITE_BUSY_TIMEOUT_S)
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable enough under WAL, much faster
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
            raise ValueError(f"bad SQLite BEGIN mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _guard_fork(engine: sa.Engine) -> None:
    """Discard pooled connections inherited from a parent process (SQLAlchemy's documented
    recipe): a SQLite or libpq connection must never be used by two processes."""

    @event.listens_for(engine, "connect")
    def _remember_pid(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        record.info["pid"] = os.getpid()

    @event.listens_for(engine, "checkout")
    def _check_pid(
        dbapi_conn: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
    ) -> None:
        if record.info.get("pid") != os.getpid():
            # Forget (never close) the parent's connection; the pool then opens a fresh one.
            record.dbapi_connection = proxy.dbapi_connection = None  # type: ignore[misc]
            raise exc.DisconnectionError(
                f"connection created in process {record.info.get('pid')}, used in {os.getpid()}"
            )


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction; on SQLite it takes the write lock at BEGIN (``SQLITE_BEGIN``
    ``IMMEDIATE``), so two writers never both read and then fail to upgrade their lock."""
    with engine.connect() as conn:
        conn.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with conn.begin():
            yield conn
