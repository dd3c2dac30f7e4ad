"""The SQLite queue's schema lives in Alembic revisions (``queue/migrations``); this runs them.

``migrate`` brings a queue file to the newest revision before the queue uses it. It is cheap
when the file is already there (one indexed read), and safe when several processes open the
same new file at once: the upgrade runs in one ``BEGIN IMMEDIATE`` transaction (SQLite's write
lock), and whoever comes second finds the work done.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "queue_alembic_version"  # the store's own history is in ``alembic_version``


def config() -> Config:
    result = Config()
    result.set_main_option("script_location", str(MIGRATIONS_DIR))
    return result


@functools.cache
def head() -> str:
    """The newest revision of the queue's schema."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None, "the queue has no migrations"
    return revision


def current(db: sqlite3.Connection) -> str | None:
    """The revision a queue file is at; None before its first migration."""
    try:
        row = db.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
        return None
    return None if row is None else str(row[0])


def migrate(path: str, db: sqlite3.Connection, busy_timeout: float) -> None:
    """Migrate the queue file at ``path`` to ``head()``; ``db`` is an open connection to it,
    used only to see whether there is anything to do."""
    if current(db) == head():
        return
    engine = sa.create_engine(
        f"sqlite:///{path}", poolclass=sa.NullPool, connect_args={"timeout": busy_timeout}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # our BEGIN IMMEDIATE below, not pysqlite's DEFERRED

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # Alembic runs inside it (SQLite DDL is)
            alembic = config()
            alembic.attributes["connection"] = conn
            command.upgrade(alembic, "head")
            conn.commit()
    finally:
        engine.dispose()
