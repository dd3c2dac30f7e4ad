"""Webhook deliveries in the store (``Store.deliveries``): the delivery queue.

A delivery is made in the transaction that finishes its submission (``enqueue_finished``,
called by ``Store.finish`` and ``Store.abandon``), so a result with a ``callback_url`` always
gets exactly one, whatever crashes after the commit. Any process's dispatcher
(``codejudge.webhooks``) claims due ones with a lease: one conditional ``UPDATE`` per row,
whose ``WHERE`` is the rule (pending, due, unleased or lease expired), so N processes never
send one delivery at once; the claim's random token fences the result write, so a sender
whose lease ran out cannot overwrite what the next holder wrote.
"""

from __future__ import annotations

import builtins
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa

from codejudge.exceptions import unavailable_on
from codejudge.store.ids import new_id
from codejudge.store.schema import submissions
from codejudge.store.schema import webhook_attempts as a
from codejudge.store.schema import webhook_deliveries as t


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # due at ``next_attempt_at`` (again, after a failed attempt)
    DELIVERED = "delivered"  # a 2xx answer
    FAILED = "failed"  # refused, a 4xx, or out of retry time


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try: when, where (the URL, and the address connected to), the HTTP status (None:
    no answer), the error (None: a 2xx), how long it took, and when the next try is due (None:
    no further try)."""

    at: datetime
    url: str
    duration_ms: int
    address: str | None = None
    status_code: int | None = None
    error: str | None = None
    next_retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """A submission's result to POST to ``url``. ``holder``: the token of the claim that
    returned it (what ``record`` is fenced by), None when read otherwise."""

    id: str
    submission_id: str
    url: str
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    finished_at: datetime | None
    last_error: str | None
    holder: str | None = None


class _Writes(Protocol):
    def __call__(self) -> Any: ...


def _now() -> datetime:
    return datetime.now(UTC)


def enqueue_finished(conn: sa.Connection, submission_id: str) -> None:
    """Inside the finishing transaction: a pending delivery, due now, if the submission has a
    ``callback_url`` (one ``INSERT … SELECT``: nothing when it has none)."""
    now = _now()
    source = sa.select(
        sa.literal(new_id()).label("id"),
        submissions.c.id,
        submissions.c.callback_url,
        sa.literal(DeliveryStatus.PENDING.value).label("status"),
        sa.literal(0).label("attempts"),
        sa.literal(now, t.c.created_at.type).label("created_at"),
        sa.literal(now, t.c.next_attempt_at.type).label("next_attempt_at"),
    ).where(submissions.c.id == submission_id, submissions.c.callback_url.is_not(None))
    columns = ["id", "submission_id", "url", "status", "attempts", "created_at", "next_attempt_at"]
    conn.execute(t.insert().from_select(columns, source))


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class DeliveryStore:
    """The ``webhook_deliveries`` and ``webhook_attempts`` tables."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write

    def claim(self, n: int, lease_seconds: float) -> builtins.list[Delivery]:
        """Lease up to ``n`` pending deliveries that are due, soonest first, for
        ``lease_seconds``; each comes back with its claim's token in ``holder``."""
        now = _now()
        free = sa.or_(t.c.lease_until.is_(None), t.c.lease_until < now)
        due = sa.and_(t.c.status == DeliveryStatus.PENDING.value, t.c.next_attempt_at <= now, free)
        query = sa.select(t.c.id).where(due).order_by(t.c.next_attempt_at, t.c.id).limit(n)
        with self._engine.connect() as conn:
            candidates = [row.id for row in conn.execute(query)]
        claimed = []
        for delivery_id in candidates:
            holder = secrets.token_hex(16)
            take = (
                t.update()
                .where(t.c.id == delivery_id, due)
                .values(lease_holder=holder, lease_until=now + timedelta(seconds=lease_seconds))
            )
            with self._write() as conn:
                if conn.execute(take).rowcount != 1:
                    continue  # another process claimed it first
                row = conn.execute(sa.select(t).where(t.c.id == delivery_id)).one()
            claimed.append(_to_delivery(row, holder))
        return claimed

    def record(
        self,
        delivery: Delivery,
        attempt: Attempt,
        status: DeliveryStatus,
    ) -> bool:
        """Write one attempt of a claimed ``delivery`` and where that leaves it: ``status``,
        due again at ``attempt.next_retry_at`` when pending. Fenced by the claim's token:
        False (nothing written) if the lease was lost to another process meanwhile."""
        done = status is not DeliveryStatus.PENDING
        with self._write() as conn:
            updated = conn.execute(
                t.update()
                .where(t.c.id == delivery.id, t.c.lease_holder == delivery.holder)
                .values(
                    status=status.value,
                    attempts=t.c.attempts + 1,
                    next_attempt_at=None if done else attempt.next_retry_at,
                    finished_at=attempt.at if done else None,
                    last_error=attempt.error,
                    lease_holder=None,
                    lease_until=None,
                )
            ).rowcount
            if updated != 1:
                return False
            conn.execute(
                a.insert().values(
                    id=new_id(),
                    delivery_id=delivery.id,
                    at=attempt.at,
                    url=attempt.url,
                    address=attempt.address,
                    status_code=attempt.status_code,
                    error=attempt.error,
                    duration_ms=attempt.duration_ms,
                    next_retry_at=attempt.next_retry_at,
                )
            )
        return True

    def of_submission(
        self, submission_id: str
    ) -> builtins.list[tuple[Delivery, builtins.list[Attempt]]]:
        """The submission's deliveries, oldest first, each with its attempts in order."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(t).where(t.c.submission_id == submission_id).order_by(t.c.id)
            ).all()
            ids = [row.id for row in rows]
            tries = conn.execute(
                sa.select(a).where(a.c.delivery_id.in_(ids)).order_by(a.c.id)
            ).all()
        by_delivery: dict[str, builtins.list[Attempt]] = {i: [] for i in ids}
        for row in tries:
            by_delivery[row.delivery_id].append(_to_attempt(row))
        return [(_to_delivery(row), by_delivery[row.id]) for row in rows]


def _to_delivery(row: sa.Row[Any], holder: str | None = None) -> Delivery:
    m = row._mapping
    return Delivery(
        id=m["id"],
        submission_id=m["submission_id"],
        url=m["url"],
        status=DeliveryStatus(m["status"]),
        attempts=m["attempts"],
        created_at=m["created_at"],
        next_attempt_at=m["next_attempt_at"],
        finished_at=m["finished_at"],
        last_error=m["last_error"],
        holder=holder,
    )


def _to_attempt(row: sa.Row[Any]) -> Attempt:
    m = row._mapping
    return Attempt(
        at=m["at"],
        url=m["url"],
        duration_ms=m["duration_ms"],
        address=m["address"],
        status_code=m["status_code"],
        error=m["error"],
        next_retry_at=m["next_retry_at"],
    )
