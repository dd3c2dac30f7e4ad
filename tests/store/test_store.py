"""The store against real SQLite and PostgreSQL: schema, round trips, fencing, concurrency."""

from __future__ import annotations

import multiprocessing
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from codejudge.exceptions import NotFound
from codejudge.models import (
    FailingTest,
    JudgeResult,
    NewSubmission,
    Priority,
    Status,
    Submission,
    SubmissionKind,
    Verdict,
)
from codejudge.models import (
    TestResult as PerTest,
)
from codejudge.store import Store
from codejudge.store.ids import new_id
from codejudge.store.schema import metadata, submissions
from codejudge.store.store import MIGRATIONS_DIR

pytestmark = pytest.mark.timeout(60)

ACCEPTED = JudgeResult(Verdict.ACCEPTED, passed=3, total=3)
WRONG = JudgeResult(Verdict.WRONG_ANSWER, passed=0, total=3)


def new(problem: str = "two-sum", **kwargs: Any) -> NewSubmission:
    return NewSubmission(problem=problem, language="python", code="print(42)\n", **kwargs)


def running(store: Store, token: int = 1, problem: str = "two-sum") -> Submission:
    sub = store.insert(new(problem))
    assert store.start(sub.id, token)
    return sub


def alembic_config(conn: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def age(store: Store, submission_id: str, seconds: float) -> None:
    """Pretend the submission was queued ``seconds`` ago."""
    then = datetime.now(UTC) - timedelta(seconds=seconds)
    with store.engine.begin() as conn:
        conn.execute(
            submissions.update().where(submissions.c.id == submission_id).values(queued_at=then)
        )


# -- ids ----------------------------------------------------------------------------------


def test_ids_are_uuid7_strictly_increasing() -> None:
    """Ids are canonical UUIDv7 strings whose text order is creation order."""
    ids = [new_id() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[0])
    assert (parsed.version, parsed.variant) == (7, uuid.RFC_4122)
    assert str(parsed) == ids[0]
    ms = parsed.int >> 80
    assert abs(ms / 1000 - datetime.now(UTC).timestamp()) < 5


# -- migrations -----------------------------------------------------------------------------


def test_migrate_is_idempotent(fresh_url: Callable[[], str]) -> None:
    """Migrating twice is a no-op the second time and leaves the schema at head."""
    with Store(fresh_url()) as store:
        store.migrate()
        store.migrate()
        inspector = sa.inspect(store.engine)
        assert {"submissions", "workers", "locks", "api_keys", "alembic_version"} <= set(
            inspector.get_table_names()
        )
        indexes = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("submissions")}
        assert indexes == {
            "ix_submissions_status_priority_queued_at": ["status", "priority", "queued_at", "id"],
            "ix_submissions_problem": ["problem"],
            "ix_submissions_started_at": ["started_at"],
            "ix_submissions_finished_at": ["finished_at"],
            "ix_submissions_owner_status": ["owner", "status", "id"],
        }
        with store.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
        assert current == head == "0009"


def test_concurrent_migrate(fresh_url: Callable[[], str]) -> None:
    """Several stores migrating one empty database at once all succeed."""
    url = fresh_url()
    stores = [Store(url) for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(stores))

    def migrate(store: Store) -> None:
        try:
            barrier.wait(timeout=10)
            store.migrate()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=migrate, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for store in stores:
        store.close()
    assert errors == []
    with Store(url) as store:
        assert store.insert(new()).status is Status.QUEUED


def test_schema_matches_migrations(store: Store) -> None:
    """``schema.py`` (what the code uses) and the migrations (what the database has) agree."""
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_downgrade_and_upgrade_again(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        assert "submissions" not in sa.inspect(conn).get_table_names()
    store.migrate()
    assert store.insert(new()).status is Status.QUEUED


def test_migrate_leaves_queue_tables_alone(tmp_path: Any) -> None:
    """The SQLite queue's ``queue_*`` tables in the same file survive migrations."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Store(url) as store:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE queue_jobs (id TEXT PRIMARY KEY)")
            conn.exec_driver_sql("INSERT INTO queue_jobs VALUES ('j1')")
        store.migrate()
        store.migrate()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id FROM queue_jobs").scalar() == "j1"
            assert compare_metadata(MigrationContext.configure(conn), metadata) != []
            # ... only because queue_jobs is foreign to our metadata; env.py filters it out.


def test_sqlite_pragmas(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 'sub' / 'dir' / 'p.db'}")  # creates the directories
    with store, store.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA busy_timeout").scalar() == 10_000
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL


# -- round trips and reads ------------------------------------------------------------------


def test_insert_and_get_round_trip(store: Store) -> None:
    """A submission comes back equal, with tz-aware UTC times and the full result."""
    before = datetime.now(UTC)
    sub = store.insert(new(priority=Priority.RUN))
    assert sub.status is Status.QUEUED
    assert sub.priority is Priority.RUN
    assert before <= sub.queued_at <= datetime.now(UTC)
    assert store.get(sub.id) == sub

    result = JudgeResult(
        verdict=Verdict.WRONG_ANSWER,
        passed=1,
        total=3,
        time_ms=12,
        memory_kb=9000,
        compile_output="warning: ünïcode",
        failing_test=FailingTest(index=1, hidden=False, input="[1]", expected="1", actual="2"),
        tests=(
            PerTest(0, Verdict.ACCEPTED, 5, 8000),
            PerTest(1, Verdict.WRONG_ANSWER, 12, 9000),
            PerTest(2, Verdict.SKIPPED),
        ),
    )
    assert store.start(sub.id, 7)
    assert store.finish(sub.id, 7, result)
    got = store.get(sub.id)
    assert got.result == result
    assert (got.status, got.verdict, got.token) == (Status.FINISHED, Verdict.WRONG_ANSWER, 7)
    assert got.queued_at == sub.queued_at
    for moment in (got.queued_at, got.started_at, got.finished_at):
        assert moment is not None
        assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert got.queued_at <= got.started_at <= got.finished_at  # type: ignore[operator]


def test_times_in_other_zones_come_back_as_utc(store: Store) -> None:
    sub = store.insert(new())
    moment = datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    with store.engine.begin() as conn:
        conn.execute(submissions.update().values(queued_at=moment))
    got = store.get(sub.id).queued_at
    assert got == moment
    assert got.tzinfo == UTC and got.hour == 10


def test_get_unknown_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="submission 'nope' not found"):
        store.get("nope")


def test_list_newest_first_with_filters(store: Store) -> None:
    subs = [store.insert(new("a" if i % 2 else "b")) for i in range(6)]
    assert [s.id for s in store.list()] == [s.id for s in reversed(subs)]
    assert [s.id for s in store.list(limit=2, before=subs[5].id)] == [subs[4].id, subs[3].id]
    assert [s.id for s in store.list(problem="a")] == [subs[5].id, subs[3].id, subs[1].id]
    assert store.start(subs[3].id, 1)
    assert [s.id for s in store.list(status=Status.RUNNING)] == [subs[3].id]
    assert [s.id for s in store.list(problem="b", status=Status.RUNNING)] == []
    assert len(store.list(status=Status.QUEUED)) == 5
    assert store.list(limit=0) == []
    with pytest.raises(ValueError):
        store.list(limit=-1)
    with pytest.raises(TypeError):  # paging is by cursor only
        store.list(offset=1)  # type: ignore[call-arg]


def test_counts(store: Store) -> None:
    assert store.counts() == dict.fromkeys(Status, 0)
    a, b, c, _ = (store.insert(new()) for _ in range(4))
    assert store.start(a.id, 1) and store.finish(a.id, 1, ACCEPTED)
    assert store.start(b.id, 1)
    assert store.cancel(c.id)
    assert store.counts() == {
        Status.QUEUED: 1,
        Status.RUNNING: 1,
        Status.FINISHED: 1,
        Status.CANCELLED: 1,
    }


def test_counts_by_kind(store: Store) -> None:
    """Runs (``Priority.RUN``) and submissions (rejudges included) are counted apart."""
    run, _ = store.insert(new(priority=Priority.RUN)), store.insert(new(priority=Priority.RUN))
    sub, _ = store.insert(new()), store.insert(new(priority=Priority.REJUDGE))
    assert store.start(run.id, 1) and store.finish(run.id, 1, ACCEPTED)
    assert store.start(sub.id, 1)
    zeros = dict.fromkeys(Status, 0)
    assert store.counts(SubmissionKind.RUN) == {**zeros, Status.QUEUED: 1, Status.FINISHED: 1}
    assert store.counts(SubmissionKind.SUBMISSION) == {
        **zeros,
        Status.QUEUED: 1,
        Status.RUNNING: 1,
    }
    assert store.counts() == {**zeros, Status.QUEUED: 2, Status.RUNNING: 1, Status.FINISHED: 1}


def test_queued_ids_age_filter(store: Store) -> None:
    """Only queued submissions at least ``older_than`` seconds old, oldest first."""
    old, older, fresh, taken = (store.insert(new()) for _ in range(4))
    age(store, old.id, 60)
    age(store, older.id, 120)
    age(store, taken.id, 300)
    assert store.start(taken.id, 1)
    assert list(store.queued_ids(older_than=30)) == [older.id, old.id]
    assert list(store.queued_ids(older_than=90)) == [older.id]
    assert list(store.queued_ids(older_than=30, limit=1)) == [older.id]
    assert list(store.queued_ids()) == [older.id, old.id, fresh.id]


def test_queued_ids_carry_priorities_most_urgent_first(store: Store) -> None:
    """The reconciler re-offers each job at its own priority, runs first even past the limit."""
    rejudge, sub = store.insert(new(priority=Priority.REJUDGE)), store.insert(new())
    late_run, run = (
        store.insert(new(priority=Priority.RUN)),
        store.insert(new(priority=Priority.RUN)),
    )
    age(store, run.id, 60)  # oldest first within a priority
    assert list(store.queued_ids().items()) == [
        (run.id, Priority.RUN),
        (late_run.id, Priority.RUN),
        (sub.id, Priority.SUBMIT),
        (rejudge.id, Priority.REJUDGE),
    ]
    assert list(store.queued_ids(limit=2)) == [run.id, late_run.id]


def test_queued_ids_read_in_index_order(store: Store) -> None:
    """The reconciler's query walks an index in its order: no sort of every queued row."""
    for priority in Priority:
        store.insert(new(priority=priority))
    query = (  # the shape of ``Store.queued_ids``'s query
        "SELECT id, priority FROM submissions WHERE status = 'queued' AND queued_at <= "
        "'2100-01-01' ORDER BY priority, queued_at, id LIMIT 1000"
    )
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}")
            plan = " ".join(str(row[-1]) for row in rows)
            assert "ix_submissions_status_priority_queued_at" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # tiny table: force the choice
            plan = " ".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {query}"))
            assert "ix_submissions_status_priority_queued_at" in plan, plan
            assert "Sort" not in plan, plan


# -- state changes and fencing --------------------------------------------------------------


def test_start_takes_only_newer_tokens(store: Store) -> None:
    sub = store.insert(new())
    assert store.start(sub.id, 5)
    got = store.get(sub.id)
    assert (got.status, got.token, got.started_at is not None) == (Status.RUNNING, 5, True)
    assert not store.start(sub.id, 4)  # a stale delivery
    assert not store.start(sub.id, 5)  # the same delivery again
    assert store.start(sub.id, 6)  # a redelivery takes over a running submission
    with store.engine.connect() as conn:
        attempts = conn.execute(sa.select(submissions.c.attempts)).scalar()
    assert attempts == 2
    assert store.get(sub.id).token == 6
    assert not store.start("missing", 1)


def test_start_refused_once_finished_or_cancelled(store: Store) -> None:
    done = running(store, token=1)
    assert store.finish(done.id, 1, ACCEPTED)
    assert not store.start(done.id, 2)
    cancelled = store.insert(new())
    assert store.cancel(cancelled.id)
    assert not store.start(cancelled.id, 1)
    assert store.get(cancelled.id).status is Status.CANCELLED


def test_finish_with_stale_token_writes_nothing(store: Store) -> None:
    sub = running(store, token=1)
    assert store.start(sub.id, 2)
    assert not store.finish(sub.id, 1, WRONG)
    got = store.get(sub.id)
    assert (got.status, got.verdict, got.result, got.finished_at) == (
        Status.RUNNING,
        None,
        None,
        None,
    )
    assert store.finish(sub.id, 2, ACCEPTED)
    assert store.get(sub.id).result == ACCEPTED


def test_second_finish_writes_nothing(store: Store) -> None:
    sub = running(store, token=3)
    assert store.finish(sub.id, 3, ACCEPTED)
    first = store.get(sub.id)
    assert not store.finish(sub.id, 3, WRONG)
    assert store.get(sub.id) == first


def test_finish_needs_a_started_submission(store: Store) -> None:
    sub = store.insert(new())
    assert not store.finish(sub.id, 1, ACCEPTED)
    assert not store.finish("missing", 1, ACCEPTED)
    assert store.get(sub.id).status is Status.QUEUED


def test_requeue(store: Store) -> None:
    """Only the current delivery can hand a submission back; the token stays as a fence."""
    sub = running(store, token=4)
    assert not store.requeue(sub.id, 3)
    assert store.requeue(sub.id, 4)
    got = store.get(sub.id)
    assert (got.status, got.token, got.started_at) == (Status.QUEUED, 4, None)
    assert not store.requeue(sub.id, 4)  # not running any more
    assert not store.start(sub.id, 4)  # the released delivery cannot come back
    assert not store.finish(sub.id, 4, ACCEPTED)
    assert store.start(sub.id, 5)
    assert store.finish(sub.id, 5, ACCEPTED)
    assert not store.requeue(sub.id, 5)  # finished is final
    assert store.get(sub.id).status is Status.FINISHED


def test_cancel(store: Store) -> None:
    sub = store.insert(new())
    assert store.cancel(sub.id)
    assert store.get(sub.id).status is Status.CANCELLED
    assert not store.cancel(sub.id)
    started = running(store)
    assert not store.cancel(started.id)
    assert store.get(started.id).status is Status.RUNNING
    assert not store.cancel("missing")


# -- concurrency ----------------------------------------------------------------------------


def race(*calls: Callable[[], bool]) -> list[bool]:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[bool | None] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait(timeout=10)
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(r is not None for r in results), "a racer crashed or hung"
    return [bool(r) for r in results]


@pytest.mark.timeout(120)
def test_threads_racing_finish_same_token(store: Store) -> None:
    """Duplicate deliveries with the same token: exactly one final write, and it is kept."""
    for _ in range(20):
        sub = running(store, token=1)
        a, b = race(
            partial(store.finish, sub.id, 1, ACCEPTED), partial(store.finish, sub.id, 1, WRONG)
        )
        assert a != b
        assert store.get(sub.id).result == (ACCEPTED if a else WRONG)


@pytest.mark.timeout(120)
def test_threads_racing_finish_different_tokens(store: Store) -> None:
    """A stale and a current delivery: only the current one writes."""
    for _ in range(20):
        sub = running(store, token=1)
        assert store.start(sub.id, 2)
        stale, current = race(
            partial(store.finish, sub.id, 1, WRONG), partial(store.finish, sub.id, 2, ACCEPTED)
        )
        assert (stale, current) == (False, True)
        assert store.get(sub.id).result == ACCEPTED


@pytest.mark.timeout(120)
def test_threads_racing_takeover_and_finish(store: Store) -> None:
    """A redelivery starting while the old delivery finishes: exactly one of them wins."""
    for _ in range(20):
        sub = running(store, token=1)
        finished, taken = race(
            partial(store.finish, sub.id, 1, ACCEPTED), partial(store.start, sub.id, 2)
        )
        assert finished != taken
        got = store.get(sub.id)
        assert got.status is (Status.FINISHED if finished else Status.RUNNING)
        assert got.token == (1 if finished else 2)


def _finish_all(url: str, ids: list[str], token: int, verdict: str, barrier: Any, out: Any) -> None:
    """Runs in a separate process: finish every id as fast as possible."""
    with Store(url) as store:
        barrier.wait(timeout=60)
        out.put([(i, store.finish(i, token, JudgeResult(Verdict(verdict)))) for i in ids])


@pytest.mark.timeout(120)
def test_processes_racing_finish(store: Store, url: str) -> None:
    """Two worker processes finishing the same submissions: one final write per submission."""
    ids = [running(store, token=9).id for _ in range(40)]
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    racers = {
        verdict: ctx.Process(target=_finish_all, args=(url, ids, 9, verdict, barrier, out))
        for verdict in ("accepted", "wrong_answer")
    }
    for proc in racers.values():
        proc.start()
    reports = [out.get(timeout=90) for _ in racers]
    for proc in racers.values():
        proc.join(timeout=30)
        assert proc.exitcode == 0
    wins: dict[str, list[bool]] = {i: [] for i in ids}
    for report in reports:
        for submission_id, wrote in report:
            wins[submission_id].append(wrote)
    assert all(sorted(w) == [False, True] for w in wins.values())
    assert {s.status for s in store.list(limit=100)} == {Status.FINISHED}


@pytest.mark.timeout(60)
def test_store_used_after_fork(store: Store) -> None:
    """A forked child does not reuse the parent's pooled connections."""
    sub = store.insert(new())
    store.get(sub.id)  # leaves a connection in the pool
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=lambda: store.start(sub.id, 1) or exit(3))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert store.get(sub.id).status is Status.RUNNING


def test_reopen_for_redrive(store: Store) -> None:
    """A dead job's submission is reopened, its queue wait restarting now, unless a delivery
    of the re-driven job started it since the token was read; a newer delivery then owns it."""
    sub = running(store, token=2)
    assert store.finish(sub.id, 2, ACCEPTED)
    age(store, sub.id, 3600)  # it sat dead for an hour
    assert not store.reopen(sub.id, 1)  # not the token it was read with
    assert store.reopen(sub.id, 2)
    got = store.get(sub.id)
    assert (got.status, got.verdict, got.result, got.started_at, got.finished_at) == (
        Status.QUEUED,
        None,
        None,
        None,
        None,
    )
    assert datetime.now(UTC) - got.queued_at < timedelta(seconds=30)
    assert not store.start(sub.id, 2)  # the old token stays fenced off
    assert store.start(sub.id, 3)
    assert not store.reopen(sub.id, 2)  # the re-driven job's delivery owns it: left alone
    assert store.get(sub.id).status is Status.RUNNING


def test_reopen_whatever_state_the_death_left(store: Store) -> None:
    """A job that died before any delivery started it (still ``queued``, no token) or whose
    last lease expired (still ``running``) is reopened too, its queue wait restarting."""
    never, stuck = store.insert(new()), running(store, token=4)
    for sub in (never, stuck):
        age(store, sub.id, 3600)
    assert not store.reopen(never.id, 4) and store.reopen(never.id, None)
    assert not store.reopen(stuck.id, None) and store.reopen(stuck.id, 4)
    for sub_id in (never.id, stuck.id):
        got = store.get(sub_id)
        assert (got.status, got.started_at) == (Status.QUEUED, None)
        assert datetime.now(UTC) - got.queued_at < timedelta(seconds=30)
    assert not store.start(stuck.id, 4) and store.start(stuck.id, 5)


def test_abandon_finishes_whatever_the_token(store: Store) -> None:
    """A deleted dead letter's submission is finished for good, queued or running, once."""
    lost = JudgeResult(Verdict.INTERNAL_ERROR, error="deleted")
    queued, started = store.insert(new()), running(store, token=5)
    assert store.abandon(queued.id, lost) and store.abandon(started.id, lost)
    for sub_id in (queued.id, started.id):
        got = store.get(sub_id)
        assert (got.status, got.verdict) == (Status.FINISHED, Verdict.INTERNAL_ERROR)
        assert got.result is not None and got.result.error == "deleted" and got.finished_at
    assert not store.abandon(queued.id, WRONG)  # finished: left as it is
    assert store.get(queued.id).verdict is Verdict.INTERNAL_ERROR
    assert store.queued_ids() == {}


def test_worker_registry(store: Store) -> None:
    store.register_worker("h:1", "h", 1, 2)
    store.register_worker("h:2", "h", 2, 1)
    store.register_worker("h:1", "h", 1, 2)  # a heartbeat, not a second row
    assert [w.id for w in store.live_workers(max_age=60)] == ["h:1", "h:2"]
    store.remove_worker("h:2")
    assert [w.id for w in store.live_workers(max_age=60)] == ["h:1"]
    assert store.live_workers(max_age=-1) == []  # stale rows are not live
    assert store.sweep_workers(max_age=-1) == 1
    assert store.live_workers(max_age=60) == []


def test_try_lock_is_exclusive_until_it_expires(store: Store) -> None:
    assert store.try_lock("reconcile", "a", ttl=60)
    assert not store.try_lock("reconcile", "b", ttl=60)
    assert store.try_lock("reconcile", "a", ttl=-1)  # renew (here: into the past)
    assert store.try_lock("reconcile", "b", ttl=60)  # expired: b takes it
    assert not store.try_lock("reconcile", "a", ttl=60)
    assert store.try_lock("other", "a", ttl=60)


def test_try_lock_races(store: Store) -> None:
    winners: list[str] = []
    barrier = threading.Barrier(4)

    def grab(holder: str) -> None:
        barrier.wait()
        if store.try_lock("race", holder, ttl=60):
            winners.append(holder)

    threads = [threading.Thread(target=grab, args=(f"h{i}",)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(winners) == 1
