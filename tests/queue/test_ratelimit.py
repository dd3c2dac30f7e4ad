"""The rate-limit counters of a distributed deployment: ``limits``' ``RedisStorage`` on the
queue's real Redis (``CODEJUDGE_TEST_REDIS_URL``), under the queue's own key prefix."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from limits import RateLimitItemPerMinute
from limits.errors import StorageError
from limits.strategies import SlidingWindowCounterRateLimiter

from codejudge.queue.keys import QueueKeys
from codejudge.queue.ratelimit import redis_rate_storage
from tests.queue.conftest import REDIS_URL, purge, shared_redis


@pytest.fixture
def keys() -> Iterator[QueueKeys]:
    keys = QueueKeys(f"test-{uuid.uuid4().hex[:16]}")
    yield keys
    purge(shared_redis(), keys)


def test_counters_live_under_the_queues_prefix(keys: QueueKeys) -> None:
    """Hits are counted once across storages (API processes) and their keys are among the
    queue's (``QueueKeys.pattern``), so purging a queue takes them too."""
    first = redis_rate_storage(f"{REDIS_URL}?queue={keys.name}")
    second = redis_rate_storage(f"{REDIS_URL}?queue={keys.name}")
    assert first is not None and second is not None
    item = RateLimitItemPerMinute(3)
    hits = [
        SlidingWindowCounterRateLimiter(storage).hit(item, "key:abc")
        for storage in (first, second, first, second)
    ]
    assert hits == [True, True, True, False]
    names = [k.decode() for k in shared_redis().scan_iter(match=keys.pattern)]
    assert names and all(n.startswith(keys.rate_limits + ":") for n in names)
    other = redis_rate_storage(f"{REDIS_URL}?queue={keys.name}-other")
    assert other is not None and SlidingWindowCounterRateLimiter(other).hit(item, "key:abc")
    purge(shared_redis(), QueueKeys(f"{keys.name}-other"))


def test_not_a_redis_queue_means_the_store() -> None:
    assert redis_rate_storage("sqlite:///tmp/x.db") is None


def test_an_unreachable_redis_is_a_storage_error() -> None:
    storage = redis_rate_storage("redis://127.0.0.1:1/0")
    assert storage is not None
    with pytest.raises(StorageError):
        SlidingWindowCounterRateLimiter(storage).hit(RateLimitItemPerMinute(1), "x")
