"""The reconciler against real queues (SQLite, Redis) and real stores (SQLite, PostgreSQL):
what the store says is queued and the queue lost comes back at its stored priority, so a lost
run still overtakes the submissions waiting in the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from codejudge.models import NewSubmission, Priority, Submission
from codejudge.queue import JobState, Queue, open_queue
from codejudge.store import Store
from codejudge.store.problem_jobs import new_job_id
from codejudge.worker import reconcile
from tests.queue.conftest import BACKENDS as QUEUE_BACKENDS
from tests.store.conftest import PG_ADMIN_URL, PgDatabases

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """One migrated PostgreSQL database for this module, dropped at its end."""
    databases = PgDatabases(PG_ADMIN_URL)
    url = databases.create()
    with Store(url) as store:
        store.migrate()
    yield url
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        engine = sa.create_engine(url, poolclass=sa.NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE submissions, problem_jobs, depth_samples")
        engine.dispose()
    with Store(url) as opened:
        opened.migrate()
        yield opened


@pytest.fixture(params=sorted(QUEUE_BACKENDS))
def queue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Queue]:
    """An empty queue of each backend (its own file, or its own keys on the shared Redis)."""
    with QUEUE_BACKENDS[request.param](tmp_path) as url:
        opened = open_queue(url)
        yield opened
        opened.close()


def lost(store: Store, priority: Priority) -> Submission:
    """A submission the store holds as queued and the queue never got (its enqueue failed)."""
    return store.insert(NewSubmission("two-sum", "python", "print(1)", priority))


def claim_order(queue: Queue) -> list[str]:
    """Claim (and ack) every ready job one at a time: the order workers would judge them."""
    order = []
    while leases := queue.claim("test-host:1:0", 1, 30):
        order.append(leases[0].job_id)
        queue.ack(leases[0])
    return order


def test_lost_jobs_come_back_at_their_own_priority(store: Store, queue: Queue) -> None:
    rejudge, sub = lost(store, Priority.REJUDGE), lost(store, Priority.SUBMIT)
    run = lost(store, Priority.RUN)
    measure = new_job_id()  # a problem measurement job goes back as a submission would
    store.problem_jobs.insert(measure, "hello", ".pending/x", False, {})
    assert reconcile(store, queue, older_than=0) == 4
    assert queue.stats().ready == {Priority.RUN: 1, Priority.SUBMIT: 2, Priority.REJUDGE: 1}
    assert reconcile(store, queue, older_than=0) == 0  # held now: nothing to do
    assert claim_order(queue) == [run.id, sub.id, measure, rejudge.id]


def test_a_lost_run_overtakes_the_waiting_submissions(store: Store, queue: Queue) -> None:
    """Submissions wait in the line; a run the queue lost (never enqueued, or acked by a
    delivery whose result the store never got) is re-offered ahead of them all."""
    waiting = [lost(store, Priority.SUBMIT) for _ in range(3)]
    for sub in waiting:
        assert queue.enqueue(sub.id, Priority.SUBMIT)
    never = lost(store, Priority.RUN)
    forgotten = lost(store, Priority.RUN)
    assert queue.enqueue(forgotten.id, Priority.RUN)
    (lease,) = queue.claim("test-host:1:0", 1, 30)
    assert lease.job_id == forgotten.id
    queue.ack(lease)  # done in the queue, still queued in the store
    assert queue.state(forgotten.id) is JobState.DONE
    assert reconcile(store, queue, older_than=0) == 2
    assert queue.stats().ready == {Priority.RUN: 2, Priority.SUBMIT: 3, Priority.REJUDGE: 0}
    assert claim_order(queue) == [never.id, forgotten.id, *(s.id for s in waiting)]


def test_dead_and_young_jobs_are_left_alone(store: Store, queue: Queue) -> None:
    """A dead run waits for an operator, not the reconciler; a job queued moments ago may
    still be on its way to the queue."""
    dead = lost(store, Priority.RUN)
    assert queue.enqueue(dead.id, Priority.RUN)
    (lease,) = queue.claim("test-host:1:0", 1, 30)
    queue.fail(lease, "boom", retry=False)
    lost(store, Priority.RUN)
    assert reconcile(store, queue, older_than=60) == 0
    assert reconcile(store, queue, older_than=0) == 1  # the young one; the dead one stays
    assert queue.state(dead.id) is JobState.DEAD
