"""Schedules in the store (``Store.schedules``): what fires when, and one row per fired tick.

A tick is claimed by inserting its ``schedule_fires`` row: the unique (schedule_id, tick) lets
exactly one process in the whole cluster win (``INSERT … ON CONFLICT DO NOTHING``), with no
leader. The fire job's queue id is the row's id, derived from (schedule, tick), so enqueueing it
is idempotent too. A fire is ``pending`` until its action's effect is written; the effects
that add data (a rejudge, a batch) are written in the same transaction that moves the fire to
``done``, conditional on it still being ``pending``: a redelivered fire job cannot apply them
twice. A purge deletes in batches of its own transactions (by age: idempotent), then
completes the fire.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from codejudge.exceptions import Conflict, NotFound, unavailable_on
from codejudge.models import NewSubmission, Priority, Status, Verdict
from codejudge.store.rows import new_submissions, submission_row
from codejudge.store.schema import (
    depth_samples,
    schedule_fires,
    schedules,
    submissions,
    webhook_attempts,
    webhook_deliveries,
)

FIRE_PREFIX = "fire-"
FIRE_PRIORITY = Priority.SUBMIT  # a fire job is short; what it queues has its own priority
PURGE_BATCH = 1000  # rows a purge deletes per transaction


class Action(StrEnum):
    """What a schedule does when it fires (``worker.schedule_job`` runs it)."""

    REJUDGE = "rejudge"  # params {"problem": slug}: its accepted submissions, at REJUDGE
    REDRIVE = "redrive"  # params {}: every dead-lettered submission back to the queue
    PURGE = "purge"  # params {"days": N}: finished submissions and history older than N days
    SELFTEST = "selftest"  # params {}: every language's self-test on the worker that runs it
    BATCH = "batch"  # params {"items": [{problem, language, code}, ...]}: submitted each tick


class FireStatus(StrEnum):
    PENDING = "pending"  # claimed, its job queued (or about to be: the reconciler heals)
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A stored schedule; times are tz-aware UTC, ``timezone`` is the cron's IANA zone."""

    id: str
    name: str
    cron: str
    timezone: str
    action: Action
    params: dict[str, Any]
    enabled: bool
    misfire_grace_seconds: float
    coalesce: bool
    created_at: datetime
    next_fire_at: datetime | None = None  # None while paused
    last_fire_at: datetime | None = None
    missed: int = 0  # ticks skipped past the misfire grace since it was created (not coalesced)


@dataclass(frozen=True, slots=True)
class Fire:
    """One fired tick (``manual``: "trigger now"); ``result`` is the action's summary."""

    id: str
    schedule_id: str
    tick: datetime
    manual: bool
    status: FireStatus
    created_at: datetime
    finished_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def fire_job_id(schedule_id: str, tick: datetime) -> str:
    """The queue id of a tick's fire job: the same in every process that computes it."""
    return f"{FIRE_PREFIX}{schedule_id}-{int(tick.timestamp() * 1000)}"


def is_fire_job(job_id: str) -> bool:
    return job_id.startswith(FIRE_PREFIX)


class _Writes(Protocol):
    def __call__(self) -> Any: ...


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class ScheduleStore:
    """The ``schedules`` and ``schedule_fires`` tables. Thread- and process-safe: every
    change is one conditional statement or one transaction."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write

    # -- schedules -----------------------------------------------------------------------

    def create(self, schedule: Schedule) -> Schedule:
        """Store ``schedule`` (its id and times as given). ``Conflict`` if the name is taken."""
        row = _row_of(schedule)
        try:
            with self._write() as conn:
                conn.execute(schedules.insert().values(**row))
        except sa.exc.IntegrityError:
            raise Conflict(f"a schedule named {schedule.name!r} exists") from None
        return schedule

    def get(self, ref: str) -> Schedule:
        """By id or by name; ``NotFound`` otherwise."""
        query = sa.select(schedules).where(sa.or_(schedules.c.id == ref, schedules.c.name == ref))
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFound(f"schedule {ref!r} not found")
        return _to_schedule(row)

    def list(self) -> builtins.list[Schedule]:
        """Every schedule, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(schedules).order_by(schedules.c.id)).all()
        return [_to_schedule(r) for r in rows]

    def set_enabled(self, ref: str, enabled: bool, next_fire_at: datetime | None) -> Schedule:
        """Pause (``next_fire_at`` None) or resume (from the given next tick)."""
        schedule = self.get(ref)
        with self._write() as conn:
            conn.execute(
                schedules.update()
                .where(schedules.c.id == schedule.id)
                .values(enabled=enabled, next_fire_at=next_fire_at)
            )
        return self.get(schedule.id)

    def delete(self, ref: str) -> None:
        """The schedule and its fire history; a fire job still queued finds neither and is
        dropped. ``NotFound`` for an unknown one."""
        schedule = self.get(ref)
        with self._write() as conn:
            conn.execute(schedule_fires.delete().where(schedule_fires.c.schedule_id == schedule.id))
            conn.execute(schedules.delete().where(schedules.c.id == schedule.id))

    def due(self, now: datetime) -> builtins.list[Schedule]:
        """Enabled schedules whose next tick is at or before ``now``."""
        query = sa.select(schedules).where(
            schedules.c.enabled.is_(True), schedules.c.next_fire_at <= now
        )
        with self._engine.connect() as conn:
            return [_to_schedule(r) for r in conn.execute(query).all()]

    def advance(
        self, schedule_id: str, seen: datetime, next_fire_at: datetime, last: datetime | None,
        missed: int,
    ) -> bool:  # fmt: skip
        """Move the next tick from ``seen`` (what the caller read) to ``next_fire_at``; only
        one process's move succeeds (the others read a ``seen`` that is no longer there)."""
        values: dict[str, Any] = {
            "next_fire_at": next_fire_at,
            "missed": schedules.c.missed + missed,
        }
        if last is not None:
            values["last_fire_at"] = last
        query = (
            schedules.update()
            .where(schedules.c.id == schedule_id, schedules.c.next_fire_at == seen)
            .values(**values)
        )
        with self._write() as conn:
            return bool(conn.execute(query).rowcount == 1)

    # -- fires ---------------------------------------------------------------------------

    def claim(
        self, schedule_id: str, tick: datetime, manual: bool = False,
        seen: datetime | None = None,
    ) -> Fire | None:  # fmt: skip
        """Insert the fire of (schedule, tick): the ``Fire`` if this call inserted it, None if
        any process (this one included) already had. With ``seen`` (a scheduler's claim: the
        ``next_fire_at`` it read), only while the schedule still exists, is enabled and still
        has that next tick: a pause, a delete or another process's advance that landed since
        the read makes it None (``INSERT … SELECT … WHERE``, one statement)."""
        fire = Fire(
            fire_job_id(schedule_id, tick),
            schedule_id,
            tick,
            manual,
            FireStatus.PENDING,
            datetime.now(UTC),
        )
        row = {
            "id": fire.id,
            "schedule_id": schedule_id,
            "tick": tick,
            "manual": manual,
            "status": fire.status.value,
            "created_at": fire.created_at,
        }
        with self._write() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            insert = dialect.insert(schedule_fires)
            if seen is None:
                insert = insert.values(row)
            else:
                insert = insert.from_select(list(row), _still_due(row, seen))
            query = insert.on_conflict_do_nothing().returning(schedule_fires.c.id)
            return fire if conn.execute(query).first() is not None else None

    def fire(self, fire_id: str) -> Fire:
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(schedule_fires).where(schedule_fires.c.id == fire_id)
            ).first()
        if row is None:
            raise NotFound(f"fire {fire_id!r} not found")
        return _to_fire(row)

    def fires(self, schedule_id: str, limit: int = 50) -> builtins.list[Fire]:
        """The schedule's fires, newest tick first."""
        query = (
            sa.select(schedule_fires)
            .where(schedule_fires.c.schedule_id == schedule_id)
            .order_by(schedule_fires.c.tick.desc())
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [_to_fire(r) for r in conn.execute(query).all()]

    def pending_ids(self, older_than: float = 0.0, limit: int = 100) -> builtins.list[str]:
        """Fires ``pending`` for at least ``older_than`` seconds (the reconciler's)."""
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than)
        query = (
            sa.select(schedule_fires.c.id)
            .where(
                schedule_fires.c.status == FireStatus.PENDING.value,
                schedule_fires.c.created_at <= cutoff,
            )
            .order_by(schedule_fires.c.created_at)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [str(i) for i in conn.execute(query).scalars()]

    def complete(self, fire_id: str, result: dict[str, Any], error: str | None = None) -> bool:
        """``pending`` -> ``done`` (or ``failed`` with ``error``); False if it was not pending."""
        with self._write() as conn:
            return _complete(conn, fire_id, result, error)

    def rejudge(self, fire_id: str, problem: str) -> builtins.list[str] | None:
        """Complete the fire and reopen, in the same transaction, every finished accepted
        submission of ``problem`` (runs left out: a run must keep ``Priority.RUN``) as
        ``queued`` at ``Priority.REJUDGE`` with its result cleared. The reopened ids, to
        enqueue (the reconciler enqueues them if the caller dies first); None if the fire was
        no longer pending (an earlier delivery did it)."""
        s = submissions
        query = (
            s.update()
            .where(
                s.c.problem == problem,
                s.c.status == Status.FINISHED.value,
                s.c.verdict == Verdict.ACCEPTED.value,
                s.c.priority != int(Priority.RUN),
            )
            .values(
                status=Status.QUEUED.value,
                priority=int(Priority.REJUDGE),
                verdict=None,
                result=None,
                queued_at=datetime.now(UTC),
                started_at=None,
                finished_at=None,
            )
            .returning(s.c.id)
        )
        try:
            with self._write() as conn:
                ids = [str(i) for i in conn.execute(query).scalars()]
                if not _complete(conn, fire_id, {"rejudged": len(ids)}, None):
                    raise _NotPending  # rolls back the effects written above
        except _NotPending:
            return None
        return ids

    def submit(self, fire_id: str, news: Sequence[NewSubmission]) -> builtins.list[str] | None:
        """Complete the fire and store ``news`` as queued submissions in the same transaction:
        their ids, to enqueue; None if the fire was no longer pending."""
        rows = [submission_row(sub) for sub in new_submissions(news, datetime.now(UTC))]
        try:
            with self._write() as conn:
                if not _complete(conn, fire_id, {"submitted": [r["id"] for r in rows]}, None):
                    raise _NotPending
                if rows:
                    conn.execute(submissions.insert(), rows)
        except _NotPending:
            return None
        return [str(r["id"]) for r in rows]

    def purge(
        self, fire_id: str, older_than: timedelta, batch: int = PURGE_BATCH,
        progress: Callable[[dict[str, int]], None] | None = None,
    ) -> dict[str, int] | None:  # fmt: skip
        """Delete what ended before now - ``older_than`` (finished or cancelled submissions
        with their webhook deliveries and attempts, depth samples, ended fires of every
        schedule), then complete the fire. Counts per table; None if the fire was not (or no
        longer) pending.

        In batches of ``batch`` rows, each its own transaction: a big store is never locked
        for long (SQLite has one writer), and ``progress`` (called with the counts so far
        after each batch) sees each batch committed. Deleting by age is idempotent, so a
        redelivery after a crash mid-way deletes the rest (its counts are what it deleted)."""
        try:
            if self.fire(fire_id).status is not FireStatus.PENDING:
                return None
        except NotFound:  # its schedule deleted meanwhile
            return None
        cutoff = datetime.now(UTC) - older_than
        counts = dict.fromkeys(
            ("webhook_attempts", "webhook_deliveries", "submissions", "depth_samples",
             "schedule_fires"), 0,
        )  # fmt: skip
        for step in (_purge_submissions, _purge_samples, _purge_fires):
            while True:
                with self._write() as conn:
                    done = step(conn, cutoff, batch)
                for table, n in done.items():
                    counts[table] += n
                if not any(done.values()):
                    break
                if progress is not None:
                    progress(dict(counts))
        return dict(counts) if self.complete(fire_id, dict(counts)) else None


def _purge_submissions(conn: sa.Connection, cutoff: datetime, batch: int) -> dict[str, int]:
    """One batch of ended submissions, with their webhook deliveries and attempts."""
    s, d, a = submissions, webhook_deliveries, webhook_attempts
    ids = [
        str(i)
        for i in conn.execute(
            sa.select(s.c.id)
            .where(
                s.c.status.in_([Status.FINISHED.value, Status.CANCELLED.value]),
                s.c.finished_at < cutoff,
            )
            .limit(batch)
        ).scalars()
    ]
    if not ids:
        return {"submissions": 0}
    deliveries = sa.select(d.c.id).where(d.c.submission_id.in_(ids))
    return {
        "webhook_attempts": _deleted(conn, a.delete().where(a.c.delivery_id.in_(deliveries))),
        "webhook_deliveries": _deleted(conn, d.delete().where(d.c.submission_id.in_(ids))),
        "submissions": _deleted(conn, s.delete().where(s.c.id.in_(ids))),
    }


def _purge_samples(conn: sa.Connection, cutoff: datetime, batch: int) -> dict[str, int]:
    """The depth samples of (at most) ``batch`` sampling instants before ``cutoff``."""
    at = depth_samples.c.at
    instants = sa.select(at).where(at < cutoff).distinct().order_by(at).limit(batch).subquery()
    last = conn.execute(sa.select(sa.func.max(instants.c.at))).scalar()
    if last is None:
        return {"depth_samples": 0}
    return {"depth_samples": _deleted(conn, depth_samples.delete().where(at <= last))}


def _purge_fires(conn: sa.Connection, cutoff: datetime, batch: int) -> dict[str, int]:
    """One batch of fires (of any schedule) that ended before ``cutoff``."""
    f = schedule_fires
    ids = [
        str(i)
        for i in conn.execute(
            sa.select(f.c.id)
            .where(f.c.status != FireStatus.PENDING.value, f.c.finished_at < cutoff)
            .limit(batch)
        ).scalars()
    ]
    if not ids:
        return {"schedule_fires": 0}
    return {"schedule_fires": _deleted(conn, f.delete().where(f.c.id.in_(ids)))}


class _NotPending(Exception):
    """The fire was completed meanwhile: the transaction's effects are rolled back."""


def _still_due(row: dict[str, Any], seen: datetime) -> sa.Select[Any]:
    """The fire ``row`` as a SELECT that yields it only while its schedule is enabled with
    ``seen`` as its next tick."""
    columns = [sa.literal(v, schedule_fires.c[k].type).label(k) for k, v in row.items()]
    return sa.select(*columns).where(
        schedules.c.id == row["schedule_id"],
        schedules.c.enabled.is_(True),
        schedules.c.next_fire_at == seen,
    )


def _deleted(conn: sa.Connection, query: Any) -> int:
    return int(conn.execute(query).rowcount)


def _complete(conn: sa.Connection, fire_id: str, result: dict[str, Any], error: str | None) -> bool:
    status = FireStatus.FAILED if error else FireStatus.DONE
    query = (
        schedule_fires.update()
        .where(schedule_fires.c.id == fire_id, schedule_fires.c.status == FireStatus.PENDING.value)
        .values(
            status=status.value,
            result=json.dumps(result),
            error=error,
            finished_at=datetime.now(UTC),
        )
    )
    return bool(conn.execute(query).rowcount == 1)


def _row_of(s: Schedule) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "cron": s.cron,
        "timezone": s.timezone,
        "action": s.action.value,
        "params": json.dumps(s.params),
        "enabled": s.enabled,
        "misfire_grace_seconds": s.misfire_grace_seconds,
        "coalesce": s.coalesce,
        "created_at": s.created_at,
        "next_fire_at": s.next_fire_at,
        "last_fire_at": s.last_fire_at,
        "missed": s.missed,
    }


def _to_schedule(row: sa.Row[Any]) -> Schedule:
    m = row._mapping
    return Schedule(
        id=m["id"],
        name=m["name"],
        cron=m["cron"],
        timezone=m["timezone"],
        action=Action(m["action"]),
        params=json.loads(m["params"]),
        enabled=bool(m["enabled"]),
        misfire_grace_seconds=float(m["misfire_grace_seconds"]),
        coalesce=bool(m["coalesce"]),
        created_at=m["created_at"],
        next_fire_at=m["next_fire_at"],
        last_fire_at=m["last_fire_at"],
        missed=int(m["missed"]),
    )


def _to_fire(row: sa.Row[Any]) -> Fire:
    m = row._mapping
    return Fire(
        id=m["id"],
        schedule_id=m["schedule_id"],
        tick=m["tick"],
        manual=bool(m["manual"]),
        status=FireStatus(m["status"]),
        created_at=m["created_at"],
        finished_at=m["finished_at"],
        result=json.loads(m["result"]) if m["result"] else {},
        error=m["error"],
    )
