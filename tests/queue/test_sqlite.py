"""What only the SQLite backend promises: URLs, sharing the store's file, WAL, event trimming."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from codejudge.queue import JobState, open_queue
from codejudge.queue.sqlite import SqliteQueue, sqlite_path

pytestmark = pytest.mark.timeout(10)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////abs/dir/q.db", "/abs/dir/q.db"),
        ("sqlite:///rel/q.db", "rel/q.db"),
        ("sqlite+pysqlite:////abs/q.db", "/abs/q.db"),
        ("sqlite:////abs/q.db?timeout=5", "/abs/q.db"),
    ],
)
def test_sqlite_url_names_a_file(url: str, path: str) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize(
    "url", ["redis://localhost/0", "sqlite://", "sqlite:///", "sqlite:///:memory:", "q.db"]
)
def test_urls_that_name_no_shared_file_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        sqlite_path(url)


def test_open_queue_picks_sqlite(tmp_path: Path) -> None:
    queue = open_queue(f"sqlite:///{tmp_path / 'q.db'}", max_deliveries=5, retry_base=0.5)
    assert isinstance(queue, SqliteQueue)
    assert (queue.max_deliveries, queue.retry_base) == (5, 0.5)
    queue.close()
    queue.close()  # closing twice is harmless


def test_relative_urls_resolve_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    queue = SqliteQueue("sqlite:///var/q.db")
    queue.enqueue("a")
    queue.close()
    assert (tmp_path / "var" / "q.db").exists()


def test_shares_a_file_with_other_tables_and_reopens_idempotently(tmp_path: Path) -> None:
    """The queue lives beside the store's tables in one file; opening it twice is harmless."""
    path = tmp_path / "codejudge.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE submissions (id TEXT PRIMARY KEY, status TEXT)")
        db.execute("INSERT INTO submissions VALUES ('s1', 'queued')")
    first = SqliteQueue(f"sqlite:///{path}")
    first.enqueue("s1")
    second = SqliteQueue(f"sqlite:///{path}")
    assert not second.enqueue("s1")
    [lease] = second.claim("w")
    assert lease.token == 1
    first.close()
    second.close()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert db.execute("SELECT * FROM submissions").fetchall() == [("s1", "queued")]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert {"submissions", "queue_jobs", "queue_events", "queue_meta"} <= tables


def test_tokens_keep_increasing_across_reopening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    queue = SqliteQueue(url)
    queue.enqueue("a")
    [first] = queue.claim("w")
    queue.ack(first)
    queue.close()
    queue = SqliteQueue(url)
    queue.enqueue("a")
    [second] = queue.claim("w")
    assert second.token > first.token
    queue.close()


def test_old_events_are_trimmed(tmp_path: Path) -> None:
    queue = SqliteQueue(f"sqlite:///{tmp_path / 'q.db'}", max_events=10)
    for i in range(200):
        queue.publish("a", "test", {"index": i})
    kept = queue.events("a")
    assert 10 <= len(kept) < 10 + 64  # trimmed now and then, not on every publish
    assert kept[-1].data == {"index": 199}
    assert [e.seq for e in kept] == list(range(kept[0].seq, 201))
    queue.close()


def test_a_forked_child_opens_its_own_connection(tmp_path: Path) -> None:
    queue = SqliteQueue(f"sqlite:///{tmp_path / 'q.db'}")
    queue.enqueue("a")
    pid = os.fork()
    if pid == 0:  # the child: must not use the parent's connection
        try:
            [lease] = queue.claim("child")
            queue.ack(lease)
        finally:
            os._exit(0 if queue.state("a") == "done" else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert queue.state("a") == "done"
    queue.close()


def test_a_closed_queue_refuses_calls(tmp_path: Path) -> None:
    queue = SqliteQueue(f"sqlite:///{tmp_path / 'q.db'}")
    queue.close()
    with pytest.raises(RuntimeError):
        queue.enqueue("a")


def test_done_jobs_are_forgotten_after_done_ttl(tmp_path: Path) -> None:
    """The queue file does not grow forever: ``reap`` deletes jobs done for ``done_ttl``."""
    url = f"sqlite:///{tmp_path / 'q.db'}"
    queue = SqliteQueue(url, done_ttl=0.2)
    queue.enqueue_many(["old", "new", "dead"])
    old, new, dead = queue.claim("w", n=3)
    queue.ack(old)
    queue.fail(dead, "boom", retry=False)
    time.sleep(0.3)
    queue.ack(new)
    queue.reap()
    assert queue.state("old") is None  # forgotten: an enqueue would start it afresh
    assert queue.state("new") == JobState.DONE
    assert queue.state("dead") == JobState.DEAD  # dead letters wait for an operator
    with sqlite3.connect(tmp_path / "q.db") as db:
        assert db.execute("SELECT count(*) FROM queue_jobs").fetchone()[0] == 2
    queue.close()


def test_a_queue_file_from_before_done_at_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with sqlite3.connect(path) as db:  # the table as earlier versions created it
        db.execute(
            "CREATE TABLE queue_jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, priority INTEGER "
            "NOT NULL, seq INTEGER NOT NULL, ready_at REAL NOT NULL, deadline REAL, token INTEGER "
            "NOT NULL DEFAULT 0, deliveries INTEGER NOT NULL DEFAULT 0, worker TEXT, error TEXT, "
            "died_at REAL)"
        )
        db.execute("INSERT INTO queue_jobs VALUES ('a', 'done', 2, 1, 0, NULL, 1, 1, NULL, NULL, "
                   "NULL)")  # fmt: skip
    # 1 s, not less: on a loaded machine the upgrade and the first reap can be 0.2 s apart.
    queue = SqliteQueue(f"sqlite:///{path}", done_ttl=1.0)
    assert queue.state("a") == JobState.DONE  # its done time starts at the upgrade
    queue.reap()
    assert queue.state("a") == JobState.DONE
    time.sleep(1.1)
    queue.reap()
    assert queue.state("a") is None
    queue.close()
