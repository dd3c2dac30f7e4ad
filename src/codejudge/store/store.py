"""The store: the source of truth for submissions (SQLAlchemy Core over SQLite or PostgreSQL).

Every state change is one conditional ``UPDATE`` whose ``WHERE`` clause *is* the rule, so
concurrent callers (threads, worker processes, hosts) need no locks of their own: the database
applies the updates one at a time and the losers match no row. Fencing tokens come from the
queue; only the delivery holding the current token may start, finish or requeue a submission.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from codejudge.exceptions import NotFound, unavailable_on
from codejudge.models import (
    CustomInput,
    JudgeResult,
    NewSubmission,
    Priority,
    Status,
    Submission,
    SubmissionKind,
    Verdict,
    WorkerInfo,
)
from codejudge.store.admission import AdmissionStore
from codejudge.store.deliveries import DeliveryStore, enqueue_finished
from codejudge.store.engine import create_engine, write_transaction
from codejudge.store.ids import time_bound
from codejudge.store.keys import KeyStore
from codejudge.store.metrics import SAMPLE_RETENTION, DepthStats, HistoryBucket, Metrics, Sample
from codejudge.store.problem_jobs import ProblemJobs
from codejudge.store.rows import new_submissions, submission_row
from codejudge.store.schedules import ScheduleStore
from codejudge.store.schema import locks, of_kind, workers
from codejudge.store.schema import submissions as t
from codejudge.store.throughput import ThroughputStore

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MAX_LIST = 500  # submissions per ``Store.list`` call (the API pages by at most 200)
# pg_advisory_xact_lock key serialising concurrent migrate() calls on PostgreSQL ("cjstore").
_PG_MIGRATE_LOCK = 0x636A_7374_6F72_65


def _now() -> datetime:
    return datetime.now(UTC)


# The database restarting or unreachable, or no pooled connection free in time: callers see
# ``Unavailable``, not SQLAlchemy's types.
@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
class Store:
    """Submissions in a database. Thread-safe; every process opens its own ``Store``."""

    def __init__(self, url: str) -> None:
        self._engine = create_engine(url)
        # Problem measurement jobs (uploaded packages a worker times): same engine, same rules.
        self.problem_jobs = ProblemJobs(self._engine, self._write)
        self._metrics = Metrics(self._engine, self._write)
        self.keys = KeyStore(self._engine, self._write)  # API keys
        self.deliveries = DeliveryStore(self._engine, self._write)  # webhooks
        self.admission = AdmissionStore(self._engine, self._write)  # maintenance, quotas
        self.schedules = ScheduleStore(self._engine, self._write)  # cron schedules, fires
        self.throughput = ThroughputStore(self._engine, self._write)  # desired workers

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    # -- lifecycle -------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the latest revision (``alembic upgrade head``). Idempotent, and
        safe when several processes call it at once: the whole upgrade runs in one transaction
        holding the database's write lock (SQLite) or an advisory lock (PostgreSQL)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATE_LOCK)))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------

    def get(self, submission_id: str) -> Submission:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == submission_id)).first()
        if row is None:
            raise NotFound(f"submission {submission_id!r} not found")
        return _to_submission(row)

    def list(
        self,
        *,
        limit: int = 50,
        ids: Sequence[str] | None = None,
        problem: str | None = None,
        language: str | None = None,
        verdict: Verdict | None = None,
        status: Status | None = None,
        id_prefix: str | None = None,
        before: str | datetime | None = None,
        kind: SubmissionKind | None = None,
        owner: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> builtins.list[Submission]:
        """At most ``limit`` (<= ``MAX_LIST``) submissions, newest first (by id: UUIDv7 ids
        sort in creation order), keeping only those matching every filter given: one of
        ``ids`` (unknown ones are simply absent), the problem slug, language id, verdict,
        status, an id prefix, the kind (submissions or runs; None: both). ``before`` is a
        cursor: an id (only older submissions) or a tz-aware time (only those submitted before
        it: the time becomes an id bound, ``ids.time_bound``, so pages always follow the one
        order, ids, whatever a re-drive did to ``queued_at``). ``owner``: only the submissions
        of this API key id. ``since`` (inclusive) / ``until`` (exclusive): tz-aware times
        bounding when a submission was made (its id's time, as ``before``'s)."""
        if not 0 <= limit <= MAX_LIST:
            raise ValueError(f"need 0 <= limit <= {MAX_LIST}, got {limit}")
        query = sa.select(t).order_by(t.c.id.desc())
        for condition in _filters(ids, problem, language, verdict, status, id_prefix, before):
            query = query.where(condition)
        if owner is not None:
            query = query.where(t.c.owner == owner)
        if since is not None:
            query = query.where(t.c.id >= time_bound(since))
        if until is not None:
            query = query.where(t.c.id < time_bound(until))
        if kind is not None:
            query = query.where(of_kind(kind))
        with self._engine.connect() as conn:
            rows = conn.execute(query.limit(limit)).all()
        return [_to_submission(row) for row in rows]

    def queued_ids(self, older_than: float = 0.0, limit: int = 1000) -> dict[str, Priority]:
        """``{id: priority}`` of ``queued`` submissions queued at least ``older_than`` seconds
        ago: what the reconciler offers the queue again, at their own priority, in case it
        lost them. Most urgent first (runs, then submissions, then rejudges), oldest first
        within a priority, so a backlog past ``limit`` never holds lost runs back."""
        cutoff = _now() - timedelta(seconds=older_than)
        query = (
            sa.select(t.c.id, t.c.priority)
            .where(t.c.status == Status.QUEUED.value, t.c.queued_at <= cutoff)
            .order_by(t.c.priority, t.c.queued_at, t.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return {str(i): Priority(p) for i, p in conn.execute(query)}

    def counts(self, kind: SubmissionKind | None = None) -> dict[Status, int]:
        """How many submissions of ``kind`` (None: runs too) are in each status (every
        status present, zeros included)."""
        query = sa.select(t.c.status, sa.func.count()).group_by(t.c.status)
        if kind is not None:
            query = query.where(of_kind(kind))
        counts = dict.fromkeys(Status, 0)
        with self._engine.connect() as conn:
            for status, n in conn.execute(query):
                counts[Status(status)] = int(n)
        return counts

    # -- writes ----------------------------------------------------------------------------

    def insert(self, new: NewSubmission) -> Submission:
        """Store a new submission as ``queued`` under a fresh UUIDv7 id (see ``ids``)."""
        return self.insert_many([new])[0]

    def insert_many(self, news: Sequence[NewSubmission]) -> builtins.list[Submission]:
        """Store new submissions as ``queued``, all in one transaction (all or none), under
        fresh UUIDv7 ids increasing in the order given; the stored submissions, in order."""
        subs = new_submissions(news, _now())
        if subs:
            with self._write() as conn:
                conn.execute(t.insert(), [submission_row(sub) for sub in subs])
        return subs

    def start(self, submission_id: str, token: int) -> bool:
        """The delivery holding fencing token ``token`` starts judging: ``running``, with
        ``started_at`` now. Only from queued/running and only with a token newer than any
        seen before, so a stale delivery cannot take a submission back."""
        return self._update(
            submission_id,
            sa.and_(
                t.c.status.in_([Status.QUEUED.value, Status.RUNNING.value]),
                sa.or_(t.c.token.is_(None), t.c.token < token),
            ),
            status=Status.RUNNING.value,
            started_at=_now(),
            token=token,
            attempts=t.c.attempts + 1,
        )

    def finish(self, submission_id: str, token: int, result: JudgeResult) -> bool:
        """The one final write: ``finished`` with the verdict and result, only while
        ``running`` under ``token``. A duplicate or stale run writes nothing and gets False.
        With a ``callback_url``, its webhook delivery is made in the same transaction."""
        return self._update(
            submission_id,
            sa.and_(t.c.status == Status.RUNNING.value, t.c.token == token),
            status=Status.FINISHED.value,
            verdict=result.verdict.value,
            result=result.to_json(),
            finished_at=_now(),
            _then=enqueue_finished,
        )

    def requeue(self, submission_id: str, token: int) -> bool:
        """A released or failed delivery gives the submission back: ``running`` -> ``queued``,
        only under the current ``token`` (kept, so older deliveries stay fenced off)."""
        return self._update(
            submission_id,
            sa.and_(t.c.status == Status.RUNNING.value, t.c.token == token),
            status=Status.QUEUED.value,
            started_at=None,
        )

    def cancel(self, submission_id: str) -> bool:
        """``queued`` -> ``cancelled``; False if judging already started or ended."""
        return self._update(
            submission_id,
            t.c.status == Status.QUEUED.value,
            status=Status.CANCELLED.value,
        )

    def reopen(self, submission_id: str, token: int | None) -> bool:
        """An operator's re-drive of a dead job: back to ``queued`` with the old result cleared,
        whatever state its death left it in (``finished`` as ``internal_error``; ``queued`` if
        no delivery could start it; ``running`` if its last lease expired), provided no
        delivery started it since the caller read ``token`` (its token before the re-drive;
        None: never started). A newer token means a delivery of the re-driven job already
        owns it: nothing changes then. The token is kept, so only a newer delivery can start
        it.

        ``queued_at`` restarts now: the queue wait (``started_at - queued_at``, charted by the
        history) is time spent waiting for a worker, and the time the job sat dead waiting
        for an operator is not that. (The id, a UUIDv7, still tells when it was submitted.)"""
        fence = t.c.token.is_(None) if token is None else t.c.token == token
        return self._update(
            submission_id,
            fence,
            status=Status.QUEUED.value,
            verdict=None,
            result=None,
            queued_at=_now(),
            started_at=None,
            finished_at=None,
        )

    def abandon(self, submission_id: str, result: JudgeResult) -> bool:
        """Finish a ``queued`` or ``running`` submission with ``result`` whatever its token:
        its queue job is gone for good (an operator deleted the dead letter), so no delivery
        will ever write it, and the reconciler must not enqueue it again. False if it had
        already finished or was cancelled. Its webhook goes as ``finish``'s does."""
        return self._update(
            submission_id,
            t.c.status.in_([Status.QUEUED.value, Status.RUNNING.value]),
            status=Status.FINISHED.value,
            verdict=result.verdict.value,
            result=result.to_json(),
            finished_at=_now(),
            _then=enqueue_finished,
        )

    # -- the dashboard's history (see ``metrics``) ------------------------------------------

    def record_sample(self, at: datetime, stats: DepthStats, period_s: float = 10.0) -> bool:
        """Record queue ``stats`` (a ``queue.QueueStats``) under ``at`` rounded down to
        ``period_s`` seconds; False if another process already sampled that time."""
        return self._metrics.record(at, stats, period_s)

    def samples(self, since: datetime, until: datetime | None = None) -> builtins.list[Sample]:
        """Depth samples from ``since`` (inclusive) to ``until`` (exclusive), oldest first."""
        return self._metrics.samples(since, until)

    def purge_samples(self, older_than: timedelta = SAMPLE_RETENTION) -> int:
        """Delete samples older than ``older_than`` (default 7 days); how many rows went."""
        return self._metrics.purge(_now() - older_than)

    def history(
        self, since: datetime, bucket_s: int = 60, until: datetime | None = None
    ) -> builtins.list[HistoryBucket]:
        """Per ``bucket_s``-second bucket from ``since`` to now (or ``until``), oldest first,
        empty buckets included: the last depth sample, jobs finished (submissions and runs),
        the runs among them, ``{verdict: n}`` of the submissions among them, and the queue
        wait p50/p95 in ms of the jobs started (``metrics``)."""
        return self._metrics.history(since, bucket_s, until)

    # -- workers and locks (distributed mode) ----------------------------------------------

    def register_worker(
        self,
        worker_id: str,
        host: str,
        pid: int,
        concurrency: int,
        languages: dict[str, str | None] | None = None,
    ) -> None:
        """Record (or refresh) a worker process; call it again as its heartbeat. ``languages``
        (when known) is what its self-tests found: id -> None if usable, else why not.
        ``concurrency`` is its slot count now (an autoscaled pool's changes)."""
        now = _now()
        values: dict[str, Any] = {"last_seen": now, "concurrency": concurrency}
        if languages is not None:
            values["languages"] = json.dumps(languages)
        with self._write() as conn:
            updated = conn.execute(
                workers.update().where(workers.c.id == worker_id).values(**values)
            ).rowcount
            if not updated:
                conn.execute(
                    workers.insert().values(
                        id=worker_id,
                        host=host,
                        pid=pid,
                        started_at=now,
                        **values,
                    )
                )

    def remove_worker(self, worker_id: str) -> None:
        with self._write() as conn:
            conn.execute(workers.delete().where(workers.c.id == worker_id))

    def live_workers(self, max_age: float) -> builtins.list[WorkerInfo]:
        """Workers seen within ``max_age`` seconds (a read; ``sweep_workers`` deletes the rest)."""
        cutoff = _now() - timedelta(seconds=max_age)
        query = sa.select(workers).where(workers.c.last_seen >= cutoff).order_by(workers.c.id)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_to_worker(row) for row in rows]

    def sweep_workers(self, max_age: float) -> int:
        """Delete registrations not refreshed for ``max_age`` seconds (workers that died)."""
        cutoff = _now() - timedelta(seconds=max_age)
        with self._write() as conn:
            return int(conn.execute(workers.delete().where(workers.c.last_seen < cutoff)).rowcount)

    def try_lock(self, name: str, holder: str, ttl: float) -> bool:
        """Take or renew the leased lock ``name`` for ``ttl`` seconds; False if another holder
        has it unexpired. One conditional UPDATE, else an INSERT that loses on conflict."""
        now = _now()
        expires = now + timedelta(seconds=ttl)
        take = (
            locks.update()
            .where(locks.c.name == name, sa.or_(locks.c.holder == holder, locks.c.expires_at < now))
            .values(holder=holder, expires_at=expires)
        )
        try:
            with self._write() as conn:
                if conn.execute(take).rowcount == 1:
                    return True
                conn.execute(locks.insert().values(name=name, holder=holder, expires_at=expires))
                return True
        except sa.exc.IntegrityError:
            return False

    # -- helpers ---------------------------------------------------------------------------

    def _write(self) -> AbstractContextManager[sa.Connection]:
        """A write transaction; on SQLite it takes the write lock at BEGIN (see ``engine``)."""
        return write_transaction(self._engine)

    def _update(
        self,
        submission_id: str,
        condition: Any,
        _then: Callable[[sa.Connection, str], None] | None = None,
        **values: Any,
    ) -> bool:
        """One conditional UPDATE of one row; whether it matched. ``_then``, when it matched,
        writes more in the same transaction (a finished submission's webhook delivery)."""
        query = t.update().where(t.c.id == submission_id, condition).values(**values)
        with self._write() as conn:
            matched = bool(conn.execute(query).rowcount == 1)
            if matched and _then is not None:
                _then(conn, submission_id)
            return matched


def _filters(
    ids: Sequence[str] | None,
    problem: str | None,
    language: str | None,
    verdict: Verdict | None,
    status: Status | None,
    id_prefix: str | None,
    before: str | datetime | None,
) -> Iterator[sa.ColumnElement[bool]]:
    """The WHERE conditions of ``Store.list``."""
    if ids is not None:
        if isinstance(ids, str):
            raise TypeError("ids takes a sequence of ids, not one id")
        yield t.c.id.in_(builtins.list(ids))
    for column, value in ((t.c.problem, problem), (t.c.language, language)):
        if value is not None:
            yield column == value
    if verdict is not None:
        yield t.c.verdict == verdict.value
    if status is not None:
        yield t.c.status == status.value
    if id_prefix:
        yield t.c.id.startswith(id_prefix, autoescape=True)
    if before is not None:
        yield t.c.id < (time_bound(before) if isinstance(before, datetime) else before)


def _to_worker(row: sa.Row[Any]) -> WorkerInfo:
    m = row._mapping
    return WorkerInfo(
        id=m["id"],
        host=m["host"],
        pid=m["pid"],
        concurrency=m["concurrency"],
        started_at=m["started_at"],
        last_seen=m["last_seen"],
        languages=json.loads(m["languages"]) if m["languages"] else {},
    )


def _to_submission(row: sa.Row[Any]) -> Submission:
    m = row._mapping
    return Submission(
        id=m["id"],
        problem=m["problem"],
        language=m["language"],
        code=m["code"],
        status=Status(m["status"]),
        priority=Priority(m["priority"]),
        queued_at=m["queued_at"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        verdict=Verdict(m["verdict"]) if m["verdict"] is not None else None,
        result=JudgeResult.from_json(m["result"]) if m["result"] is not None else None,
        token=m["token"],
        owner=m["owner"],
        callback_url=m["callback_url"],
        custom=CustomInput.from_dict(json.loads(m["custom"])) if m["custom"] else None,
    )
