"""API keys in the store (``Store.keys``): created with their secret shown once, kept only as
a SHA-256 hash (a key is 256 random bits, so a fast hash is enough, as GitHub's and Stripe's
tokens are kept), revoked but never deleted (a submission's ``owner`` still names its key).
"""

from __future__ import annotations

import builtins
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa

from codejudge.exceptions import InvalidInput, NotFound, unavailable_on
from codejudge.models import ApiKey, Role
from codejudge.store.ids import new_id
from codejudge.store.schema import api_keys as t

KEY_PREFIX = "cj_"  # every key starts so (secret scanners can recognise them)
_SHOWN = len(KEY_PREFIX) + 8  # ApiKey.prefix: enough to tell keys apart in a list
TOUCH_EVERY_S = 60.0  # ``KeyStore.used`` writes a key's last_used_at at most this often


def hash_key(key: str) -> str:
    """The stored form of a key: SHA-256 of its UTF-8, in hex."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key just created: ``key`` and ``webhook_secret`` are shown this once."""

    record: ApiKey
    key: str

    @property
    def webhook_secret(self) -> str:
        return self.record.webhook_secret


class _Writes(Protocol):
    def __call__(self) -> Any: ...


@unavailable_on(sa.exc.OperationalError, sa.exc.InterfaceError)  # as ``Store``
class KeyStore:
    """The ``api_keys`` table."""

    def __init__(self, engine: sa.Engine, write: _Writes) -> None:
        self._engine = engine
        self._write = write
        # key id -> time.monotonic() of this process's last write of its last_used_at
        self._touched: dict[str, float] = {}
        self._touch_lock = threading.Lock()

    def create(
        self,
        name: str,
        roles: frozenset[Role],
        *,
        rate_per_minute: int | None = None,
        max_queued: int | None = None,
        callback_url: str | None = None,
    ) -> NewKey:
        """A new key with these roles and limits. ``InvalidInput`` for no role or a blank name."""
        if not roles:
            raise InvalidInput("a key needs at least one role: submit, read or admin")
        if not name.strip():
            raise InvalidInput("a key needs a name (who or what uses it)")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        record = ApiKey(
            id=new_id(),
            name=name,
            prefix=key[:_SHOWN],
            roles=frozenset(roles),
            created_at=datetime.now(UTC),
            rate_per_minute=rate_per_minute,
            max_queued=max_queued,
            callback_url=callback_url,
            webhook_secret="whsec_" + secrets.token_urlsafe(32),
        )
        with self._write() as conn:
            conn.execute(
                t.insert().values(
                    id=record.id,
                    name=record.name,
                    prefix=record.prefix,
                    key_hash=hash_key(key),
                    roles=",".join(sorted(r.value for r in roles)),
                    created_at=record.created_at,
                    rate_per_minute=rate_per_minute,
                    max_queued=max_queued,
                    callback_url=callback_url,
                    webhook_secret=record.webhook_secret,
                )
            )
        return NewKey(record, key)

    def get(self, key_id: str) -> ApiKey:
        """The key with this id, revoked or not; ``NotFound`` if there is none."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == key_id)).first()
        if row is None:
            raise NotFound(f"API key {key_id!r} not found")
        return _to_key(row)

    def find(self, key: str) -> ApiKey | None:
        """The active (not revoked) key whose secret is ``key``, or None."""
        query = sa.select(t).where(t.c.key_hash == hash_key(key), t.c.revoked_at.is_(None))
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return _to_key(row) if row is not None else None

    def list(self, include_revoked: bool = False) -> builtins.list[ApiKey]:
        """Every key, oldest first; revoked ones only with ``include_revoked``."""
        query = sa.select(t).order_by(t.c.id)
        if not include_revoked:
            query = query.where(t.c.revoked_at.is_(None))
        with self._engine.connect() as conn:
            return [_to_key(row) for row in conn.execute(query)]

    def revoke(self, key_id: str) -> bool:
        """Revoke a key (at once, for every process: each request looks its key up). False if
        it was already revoked; ``NotFound`` for an unknown id."""
        self.get(key_id)
        with self._write() as conn:
            done = conn.execute(
                t.update()
                .where(t.c.id == key_id, t.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
            return bool(done.rowcount == 1)

    def touch(self, key_id: str, at: datetime) -> None:
        """Record that the key was used at ``at`` (callers may do it at most once a minute)."""
        with self._write() as conn:
            conn.execute(t.update().where(t.c.id == key_id).values(last_used_at=at))

    def used(self, key_id: str, every: float = TOUCH_EVERY_S) -> bool:
        """The key was used now: write its ``last_used_at`` unless this process (this
        ``KeyStore``) already did within ``every`` seconds, so that a busy key costs one write
        a minute, not one a request. Whether it wrote. ``last_used_at`` is thus at most
        ``every`` seconds (plus other processes' share) behind the last use."""
        now = time.monotonic()
        with self._touch_lock:
            last = self._touched.get(key_id)
            if last is not None and now - last < every:
                return False
            self._touched[key_id] = now
        try:
            self.touch(key_id, datetime.now(UTC))
        except BaseException:
            with self._touch_lock:  # not written: the next use tries again
                self._touched.pop(key_id, None)
            raise
        return True


def _to_key(row: sa.Row[Any]) -> ApiKey:
    m = row._mapping
    return ApiKey(
        id=m["id"],
        name=m["name"],
        prefix=m["prefix"],
        roles=frozenset(Role(r) for r in m["roles"].split(",") if r),
        created_at=m["created_at"],
        revoked_at=m["revoked_at"],
        last_used_at=m["last_used_at"],
        rate_per_minute=m["rate_per_minute"],
        max_queued=m["max_queued"],
        callback_url=m["callback_url"],
        webhook_secret=m["webhook_secret"],
    )
