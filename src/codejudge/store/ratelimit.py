"""Rate-limit counters in the store's ``rate_counters`` table: a ``limits`` storage
(``limits.storage.Storage``) over SQL, so that every API process on one machine counts the
same window (in distributed mode the runtime gives ``limits`` Redis instead).

Supported strategies: fixed window (``incr``/``get``/``get_expiry``) and sliding window counter
(``acquire_sliding_window_entry``/``get_sliding_window``, with one row per window, keyed
``<key>/<window number>`` as ``limits``' ``TimestampedSlidingWindow`` names them). Every
change is one statement: an ``INSERT … ON CONFLICT DO UPDATE`` whose ``WHERE`` clause is the
limit, so concurrent callers need no lock of their own (PostgreSQL locks the conflicting row
for the update; SQLite runs one writer at a time, and the transaction takes its write lock at
``BEGIN``). A row is live while ``expires_at`` (Unix seconds, this machine's clock) is in the
future; an expired row counts as absent and is deleted by a sweep at most once a minute.
"""

from __future__ import annotations

import math
import threading
import time
from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa
from limits.storage import SlidingWindowCounterSupport, Storage
from limits.storage.base import TimestampedSlidingWindow
from sqlalchemy.dialects import postgresql, sqlite

from codejudge.store.engine import write_transaction
from codejudge.store.schema import rate_counters as r

SWEEP_SECONDS = 60.0  # how often (at most) one process deletes expired rows


class SqlRateStorage(Storage, SlidingWindowCounterSupport, TimestampedSlidingWindow):
    """``limits``' storage contract over the store's engine (SQLite or PostgreSQL).

    Construct with the store's engine (``Store.engine``). With ``wrap_exceptions=True``
    database errors reach callers as ``limits.errors.StorageError``. Thread-safe."""

    STORAGE_SCHEME = None  # built by the runtime, never from a URL

    def __init__(self, engine: sa.Engine, wrap_exceptions: bool = False) -> None:
        super().__init__(None, wrap_exceptions=wrap_exceptions)
        self._engine = engine
        self._swept = 0.0
        self._sweep_lock = threading.Lock()

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DatabaseError)

    # -- fixed window ----------------------------------------------------------------------

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add ``amount`` to ``key``'s counter and return the new value; a counter that does
        not exist or has expired starts at ``amount`` and expires ``expiry`` seconds from now."""
        now = time.time()
        with self._write() as conn:
            expired = r.c.expires_at <= now
            query = (
                _insert(conn)
                .values(key=key, value=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[r.c.key],
                    set_={
                        "value": sa.case((expired, amount), else_=r.c.value + amount),
                        "expires_at": sa.case((expired, now + expiry), else_=r.c.expires_at),
                    },
                )
                .returning(r.c.value)
            )
            value = int(conn.execute(query).scalar_one())
        self._sweep(now)
        return value

    def get(self, key: str) -> int:
        """The live value of ``key``'s counter (0 when absent or expired)."""
        return self._counts([key], time.time()).get(key, (0, 0.0))[0]

    def get_expiry(self, key: str) -> float:
        """When ``key``'s counter expires (Unix seconds); now if it does not exist."""
        now = time.time()
        return self._counts([key], now).get(key, (0, now))[1]

    def clear(self, key: str) -> None:
        with self._write() as conn:
            conn.execute(r.delete().where(r.c.key == key))

    def reset(self) -> int | None:
        """Delete every counter; how many there were."""
        with self._write() as conn:
            return int(conn.execute(r.delete()).rowcount)

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with self._engine.connect() as conn:
                conn.execute(sa.select(1))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    # -- sliding window counter ------------------------------------------------------------

    def acquire_sliding_window_entry(
        self, key: str, limit: int, expiry: int, amount: int = 1
    ) -> bool:
        """Count ``amount`` hits in the current window if the weighted count (the previous
        window's count times the share of it still inside the sliding window, rounded down,
        plus the current window's) stays within ``limit``; whether it did. All or nothing."""
        if amount > limit:
            return False
        now = time.time()
        previous, current = self.sliding_window_keys(key, expiry, now)
        counts = self._counts([previous], now)
        previous_count = counts.get(previous, (0, 0.0))[0]
        room = limit - math.floor(previous_count * _previous_share(expiry, now))
        if amount > room:
            return False
        with self._write() as conn:
            expired = r.c.expires_at <= now
            value = sa.case((expired, amount), else_=r.c.value + amount)
            query = (
                _insert(conn)
                .values(key=current, value=amount, expires_at=now + 2 * expiry)
                .on_conflict_do_update(
                    index_elements=[r.c.key],
                    set_={
                        "value": value,
                        "expires_at": sa.case((expired, now + 2 * expiry), else_=r.c.expires_at),
                    },
                    where=value <= room,  # the limit itself: a refused hit writes nothing
                )
                .returning(r.c.value)
            )
            acquired = conn.execute(query).first() is not None
        self._sweep(now)
        return acquired

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        """(previous window's count, seconds of it still inside the sliding window, current
        window's count, seconds until the current window's row expires), as
        ``limits.storage.MemoryStorage`` computes them."""
        now = time.time()
        previous, current = self.sliding_window_keys(key, expiry, now)
        counts = self._counts([previous, current], now)
        previous_count = counts.get(previous, (0, 0.0))[0]
        current_count = counts.get(current, (0, 0.0))[0]
        previous_ttl = _previous_share(expiry, now) * expiry if previous_count else 0.0
        current_ttl = (1 - ((now / expiry) % 1)) * expiry + expiry
        return previous_count, previous_ttl, current_count, current_ttl

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        previous, current = self.sliding_window_keys(key, expiry, time.time())
        with self._write() as conn:
            conn.execute(r.delete().where(r.c.key.in_([previous, current])))

    # -- helpers ---------------------------------------------------------------------------

    def _counts(self, keys: list[str], now: float) -> dict[str, tuple[int, float]]:
        """``{key: (value, expires_at)}`` of the live rows among ``keys``."""
        query = sa.select(r.c.key, r.c.value, r.c.expires_at).where(
            r.c.key.in_(keys), r.c.expires_at > now
        )
        with self._engine.connect() as conn:
            return {k: (int(v), float(e)) for k, v, e in conn.execute(query)}

    def _sweep(self, now: float) -> None:
        """Delete rows expired for a while, at most once every ``SWEEP_SECONDS`` per process."""
        with self._sweep_lock:
            if now - self._swept < SWEEP_SECONDS:
                return
            self._swept = now
        with self._write() as conn:
            conn.execute(r.delete().where(r.c.expires_at < now - SWEEP_SECONDS))

    def _write(self) -> AbstractContextManager[sa.Connection]:
        """A write transaction (on SQLite: the write lock taken at BEGIN, as ``Store``'s)."""
        return write_transaction(self._engine)


def _previous_share(expiry: int, now: float) -> float:
    """The share (0..1] of the previous fixed window still inside the sliding window ending
    now (``limits``' weighting)."""
    return 1 - (((now - expiry) / expiry) % 1)


def _insert(conn: sa.Connection) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_update``."""
    return postgresql.insert(r) if conn.dialect.name == "postgresql" else sqlite.insert(r)
