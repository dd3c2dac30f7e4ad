"""``sqlite_wal.enable_wal``: several connections opening one new file at once all get WAL (a
bare ``PRAGMA journal_mode = WAL`` answers "database is locked" at once to the losers, ignoring
``busy_timeout``; the queue's migration test failed that way under load)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from codejudge.sqlite_wal import enable_wal


def test_concurrent_connections_to_a_new_file_all_switch_to_wal(tmp_path: Path) -> None:
    for round_ in range(60):
        path = tmp_path / f"{round_}.db"
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_one(
            path: Path = path,
            barrier: threading.Barrier = barrier,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                barrier.wait(timeout=10)
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
                db.execute("PRAGMA busy_timeout = 10000")
                enable_wal(db, 10.0)
                db.close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == [], f"round {round_}"
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        check.close()
