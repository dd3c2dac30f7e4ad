"""The SQLite queue's schema under Alembic: files made before it upgrade with their jobs intact.

``data/main-817959a-*.db`` were made by codejudge at commit 817959a (the last whose queue
created and upgraded its tables itself): one file shared with the store (the default), one a
queue of its own. See ``data/README.md`` for how.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from codejudge.models import Priority
from codejudge.queue import JobState
from codejudge.queue import schema as queue_schema
from codejudge.queue.sqlite import SqliteQueue
from codejudge.store import Store
from tests.store.test_store import alembic_config

DATA = Path(__file__).parent / "data"
OLD_FILES = ["main-817959a-shared.db", "main-817959a-queue.db"]
OLD_STATES = {
    "leased-1": JobState.LEASED,
    "dead-1": JobState.DEAD,
    "queued-run": JobState.DONE,
    "queued-submit": JobState.READY,
    "queued-rejudge": JobState.READY,
    "delayed-1": JobState.DELAYED,
    "queued-run-2": JobState.READY,
}


def version(path: Path) -> str | None:
    with sqlite3.connect(path) as db:
        return queue_schema.current(db)


def copy_of(name: str, tmp_path: Path) -> Path:
    path = tmp_path / name
    shutil.copyfile(DATA / name, path)
    assert version(path) is None  # made before the queue had migrations
    # The file's delay and lease were an hour long when it was made; the calendar has moved on
    # since, so put them an hour from now again (the old schema has both columns).
    with sqlite3.connect(path) as db:
        hour_from_now = time.time() + 3600
        db.execute("UPDATE queue_jobs SET ready_at = ? WHERE id = 'delayed-1'", (hour_from_now,))
        db.execute("UPDATE queue_jobs SET deadline = ? WHERE id = 'leased-1'", (hour_from_now,))
    return path


@pytest.mark.parametrize("name", OLD_FILES)
def test_a_queue_file_from_main_upgrades_and_its_jobs_survive(name: str, tmp_path: Path) -> None:
    path = copy_of(name, tmp_path)
    queue = SqliteQueue(f"sqlite:///{path}")
    assert version(path) == queue_schema.head()
    assert {job: queue.state(job) for job in OLD_STATES} == OLD_STATES
    assert [e.kind for e in queue.events("leased-1")] == ["running"]
    # Ready jobs in priority order, with tokens after the old file's last one (3).
    claimed = queue.claim("new-worker", n=10)
    assert [lease.job_id for lease in claimed] == [
        "queued-run-2",
        "queued-submit",
        "queued-rejudge",
    ]
    assert [lease.token for lease in claimed] == [4, 5, 6]
    assert [lease.priority for lease in claimed] == [
        Priority.RUN,
        Priority.SUBMIT,
        Priority.REJUDGE,
    ]
    with sqlite3.connect(path) as db:  # the old worker's lease and the delay run out
        db.execute("UPDATE queue_jobs SET deadline = 0 WHERE id = 'leased-1'")
        db.execute("UPDATE queue_jobs SET ready_at = 0 WHERE id = 'delayed-1'")
    assert queue.reap() == (1, 0)
    assert queue.redrive("dead-1")
    again = queue.claim("new-worker", n=10)
    # In the order they became ready: reaped, redriven, then promoted by this claim.
    assert [lease.job_id for lease in again] == ["leased-1", "dead-1", "delayed-1"]
    assert [lease.delivery for lease in again] == [2, 1, 1]
    assert all(lease.token > 6 for lease in again)
    queue.ack_many([*claimed, *again])
    assert queue.stats().leased == 0
    queue.close()


def test_the_store_in_the_shared_file_upgrades_beside_the_queue(tmp_path: Path) -> None:
    path = copy_of("main-817959a-shared.db", tmp_path)
    url = f"sqlite:///{path}"
    SqliteQueue(url).close()
    with Store(url) as store:
        store.migrate()  # 0004 -> the store's head; the queue tables are left alone
        assert len(store.list()) == 1
        with store.engine.connect() as conn:
            head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
            assert MigrationContext.configure(conn).get_current_revision() == head
    queue = SqliteQueue(url)  # and the other way round
    assert queue.state("queued-submit") == JobState.READY
    queue.close()


def test_a_new_file_gets_the_schema_of_a_file_from_main(tmp_path: Path) -> None:
    """The revisions build exactly the tables, indexes and counters the old code made."""
    old = copy_of("main-817959a-queue.db", tmp_path)
    new = tmp_path / "new.db"
    for path in (old, new):
        SqliteQueue(f"sqlite:///{path}").close()

    def shape(path: Path) -> list[tuple[str, str, str]]:
        with sqlite3.connect(path) as db:
            return db.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'queue%' ORDER BY name"
            ).fetchall()

    assert shape(new) == shape(old)


def test_a_queue_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    SqliteQueue(f"sqlite:///{path}").close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = queue_schema.config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        assert set(sa.inspect(conn).get_table_names()) == {"queue_alembic_version"}
    engine.dispose()
    queue = SqliteQueue(f"sqlite:///{path}")
    assert queue.enqueue("a")
    queue.close()


def test_concurrent_opens_of_a_new_file_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []
    queues: list[SqliteQueue] = []

    def open_one() -> None:
        try:
            barrier.wait(timeout=10)
            queues.append(SqliteQueue(url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert [queue.enqueue(f"j{i}") for i, queue in enumerate(queues)] == [True] * 4
    for queue in queues:
        queue.close()


@pytest.mark.parametrize("name", OLD_FILES)
def test_a_job_leased_before_the_upgrade_runs_from_the_upgrade(name: str, tmp_path: Path) -> None:
    """Files from before 0002 hold no claim times: a job leased then counts from the upgrade."""
    path = copy_of(name, tmp_path)
    before = time.time()
    queue = SqliteQueue(f"sqlite:///{path}")
    after = time.time()
    [job] = queue.running()
    assert (job.job_id, job.worker, job.priority, job.delivery) == (
        "leased-1",
        "old-worker",
        Priority.SUBMIT,
        1,
    )
    assert before <= job.claimed_at <= after < job.deadline
    queue.close()


def test_claim_times_downgrade_and_upgrade_with_the_jobs_kept(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    queue = SqliteQueue(f"sqlite:///{path}")
    queue.enqueue_many(["a", "b"])
    [lease] = queue.claim("w")
    queue.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = queue_schema.config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
        columns = {column["name"] for column in sa.inspect(conn).get_columns("queue_jobs")}
        assert "claimed_at" not in columns
    engine.dispose()
    before = time.time()
    queue = SqliteQueue(f"sqlite:///{path}")
    assert version(path) == queue_schema.head()
    assert (queue.state("a"), queue.state("b")) == (JobState.LEASED, JobState.READY)
    [job] = queue.running()
    assert (job.job_id, job.worker, job.deadline) == ("a", "w", lease.deadline)
    assert job.claimed_at >= before
    queue.ack(lease)
    queue.close()
