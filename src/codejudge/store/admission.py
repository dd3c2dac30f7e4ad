"""What admission reads from the store (``Store.admission``): the maintenance switch, which
every API process sees, and how many submissions of one API key are queued or running.

Maintenance is one row of the ``locks`` table, named ``MAINTENANCE_LOCK``: a lock on intake
held by the operator (no schema change needed; ``rate_counters`` has no text column for the
message). ``holder`` carries the operator's message, ``expires_at`` the announced end (or
``NO_END``); the row is never taken over or expired by ``Store.try_lock``'s callers, which
use other names, and only ``set_maintenance(None)`` removes it: an announced end that passes
does not end maintenance by itself (the work may overrun), it only stops being announced.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa

from codejudge.exceptions import InvalidInput, unavailable_on
from codejudge.models import Status
from codejudge.store.schema import locks
from codejudge.store.schema import submissions as t

MAINTENANCE_LOCK = "maintenance"
MAX_MESSAGE = 200  # characters: the ``locks.holder`` column
NO_END = datetime(9999, 12, 31, tzinfo=UTC)  # stored when no end was announced
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the earliest end stored
_ACTIVE = (Status.QUEUED.value, Status.RUNNING.value)


def _unstorable(char: str) -> bool:
    """A control character (NUL is refused by PostgreSQL's text, the others garble a
    message) or a lone surrogate (not UTF-8 at all)."""
    return unicodedata.category(char) in ("Cc", "Cs")


def until_refusal(until: datetime, now: datetime | None = None) -> str | None:
    """Why ``until`` (tz-aware) cannot be an announced end, or None: it must be in the
    future and before ``NO_END`` (what a client would be told to wait for otherwise is a
    moment already past or none at all; the store would keep neither as sent)."""
    now = now or datetime.now(UTC)
    if until >= NO_END:
        return f"until must be before {NO_END.date().isoformat()}"
    if until <= now:
        return "until is already past: announce when maintenance is expected to end"
    return None


def _clamped(until: datetime | None) -> datetime | None:
    """``until`` in UTC, within what every backend stores: from 1970 (any past end reads
    the same: passed) to ``NO_END`` (excluded: that means none). Compared before converting:
    year 1 or 9999 in a far time zone has no UTC datetime."""
    if until is None or until >= NO_END:
        return None
    return max(until, EPOCH).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Maintenance:
    """Maintenance is on: ``message`` for the clients refused, ``until`` the announced end
    (None: none announced; it may be past)."""

    message: str
    until: datetime | None = None


class _Writes(Protocol):
    def __call__(self) -> Any: ...


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class AdmissionStore:
    """The maintenance row and the per-key count of active submissions."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write

    def maintenance(self) -> Maintenance | None:
        """The maintenance state, None when off."""
        query = sa.select(locks.c.holder, locks.c.expires_at).where(
            locks.c.name == MAINTENANCE_LOCK
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        until: datetime = row.expires_at
        return Maintenance(row.holder, None if until >= NO_END else until)

    def set_maintenance(self, state: Maintenance | None) -> Maintenance | None:
        """Turn maintenance on with ``state`` (replacing any earlier message and end), or off
        (None); returns the state as stored. ``InvalidInput`` for a message over ``MAX_MESSAGE``
        characters, one with a control character or a lone surrogate, or an ``until``
        without a time zone."""
        if state is not None:
            bad = sorted({f"U+{ord(c):04X}" for c in state.message if _unstorable(c)})
            if bad:
                raise InvalidInput(
                    "the maintenance message may not hold control characters or lone "
                    f"surrogates ({', '.join(bad)})"
                )
            if len(state.message) > MAX_MESSAGE:
                raise InvalidInput(
                    f"the maintenance message has {len(state.message)} characters; "
                    f"at most {MAX_MESSAGE} are kept"
                )
            if state.until is not None and state.until.tzinfo is None:
                raise InvalidInput("until needs a time zone, e.g. 2030-01-01T18:00:00Z")
            state = Maintenance(state.message, _clamped(state.until))
        with self._write() as conn:
            conn.execute(locks.delete().where(locks.c.name == MAINTENANCE_LOCK))
            if state is not None:
                end = state.until or NO_END
                values = {"name": MAINTENANCE_LOCK, "holder": state.message, "expires_at": end}
                conn.execute(locks.insert().values(**values))
        return state

    def active(self, owner: str) -> int:
        """How many submissions (runs included) of API key ``owner`` are queued or running
        (the ``ix_submissions_owner_status`` index answers it)."""
        query = (
            sa.select(sa.func.count())
            .select_from(t)
            .where(t.c.owner == owner, t.c.status.in_(_ACTIVE))
        )
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())
