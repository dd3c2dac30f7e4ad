"""``Store.keys`` and ``Store.list``'s owner and time filters, against real SQLite and
PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from codejudge.exceptions import InvalidInput, NotFound
from codejudge.models import NewSubmission, Role
from codejudge.store import Store
from codejudge.store.keys import KEY_PREFIX, hash_key

pytestmark = pytest.mark.timeout(60)
SUBMIT_READ = frozenset({Role.SUBMIT, Role.READ})


def test_a_key_is_shown_once_and_kept_hashed(store: Store) -> None:
    new = store.keys.create("ci", SUBMIT_READ, rate_per_minute=5, max_queued=2)
    assert new.key.startswith(KEY_PREFIX) and len(new.key) > 40
    assert new.record.prefix == new.key[: len(new.record.prefix)]
    with store.engine.connect() as conn:
        (stored,) = conn.exec_driver_sql("SELECT key_hash FROM api_keys").one()
    assert stored == hash_key(new.key) and new.key not in stored
    found = store.keys.find(new.key)
    assert found is not None and found.id == new.record.id
    assert (found.roles, found.rate_per_minute, found.max_queued) == (SUBMIT_READ, 5, 2)
    assert store.keys.find(new.key + "x") is None
    assert store.keys.find("") is None


def test_a_revoked_key_is_found_no_more_but_kept(store: Store) -> None:
    keep, gone = store.keys.create("a", SUBMIT_READ), store.keys.create("b", SUBMIT_READ)
    assert store.keys.revoke(gone.record.id) is True
    assert store.keys.revoke(gone.record.id) is False  # already revoked
    assert store.keys.find(gone.key) is None
    assert store.keys.get(gone.record.id).revoked_at is not None
    assert [k.id for k in store.keys.list()] == [keep.record.id]
    assert [k.id for k in store.keys.list(include_revoked=True)] == [
        keep.record.id,
        gone.record.id,
    ]
    with pytest.raises(NotFound):
        store.keys.revoke("0190aaaa-0000-7000-8000-000000000000")


def test_a_key_needs_a_role_and_a_name(store: Store) -> None:
    with pytest.raises(InvalidInput, match="role"):
        store.keys.create("x", frozenset())
    with pytest.raises(InvalidInput, match="name"):
        store.keys.create("  ", SUBMIT_READ)


def test_use_is_written_at_most_once_per_period(store: Store) -> None:
    key = store.keys.create("busy", SUBMIT_READ).record
    assert store.keys.get(key.id).last_used_at is None
    assert store.keys.used(key.id, every=0.3) is True
    first = store.keys.get(key.id).last_used_at
    assert first is not None and abs(first - datetime.now(UTC)) < timedelta(seconds=5)
    assert [store.keys.used(key.id, every=0.3) for _ in range(5)] == [False] * 5
    assert store.keys.get(key.id).last_used_at == first  # not written again
    time.sleep(0.35)
    assert store.keys.used(key.id, every=0.3) is True
    later = store.keys.get(key.id).last_used_at
    assert later is not None and later > first


def test_list_by_owner_and_time(store: Store) -> None:
    alice, bob = store.keys.create("alice", SUBMIT_READ), store.keys.create("bob", SUBMIT_READ)

    def add(owner: str | None) -> str:
        return store.insert(NewSubmission("two-sum", "python", "x", owner=owner)).id

    a1, b1, none1 = add(alice.record.id), add(bob.record.id), add(None)
    time.sleep(0.01)
    middle = datetime.now(UTC)
    time.sleep(0.01)
    a2 = add(alice.record.id)
    assert [s.id for s in store.list(owner=alice.record.id)] == [a2, a1]
    assert [s.id for s in store.list(owner=bob.record.id)] == [b1]
    assert [s.owner for s in store.list(ids=[none1])] == [None]
    assert [s.id for s in store.list(since=middle)] == [a2]
    assert [s.id for s in store.list(until=middle)] == [none1, b1, a1]
    assert [s.id for s in store.list(owner=alice.record.id, until=middle)] == [a1]
    assert store.list(since=middle, until=middle) == []
    assert store.list(owner="0190aaaa-0000-7000-8000-000000000000") == []
