"""Switching a SQLite file to WAL, shared by the store (``store/engine.py``) and the SQLite
queue (``queue/sqlite.py``), which may share one file."""

from __future__ import annotations

import sqlite3
import time
from typing import Any


def enable_wal(cursor: Any, timeout_s: float) -> None:
    """Switch the database file of ``cursor`` (a DB-API cursor or ``sqlite3.Connection``) to WAL,
    a persistent setting, so only a new file needs it.

    Changing the journal mode does not wait on ``busy_timeout``: when several connections open a
    new file at once, the losers get "database is locked" at once, so retry for ``timeout_s``
    seconds. Raises ``sqlite3.OperationalError`` if the file is still not in WAL by then.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            mode = "locked"
        if mode == "wal":
            return
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError(f"cannot switch the database to WAL (mode: {mode})")
        time.sleep(0.01)
