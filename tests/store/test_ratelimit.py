"""``SqlRateStorage``: the ``limits`` storage contract over ``rate_counters``, on real SQLite
and PostgreSQL, driven through ``limits``' own strategies (fixed window, sliding window
counter), with concurrent callers on separate engines standing in for API processes."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from limits import RateLimitItemPerHour, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.strategies import FixedWindowRateLimiter, SlidingWindowCounterRateLimiter

from codejudge.store import Store
from codejudge.store.ratelimit import SqlRateStorage
from codejudge.store.schema import rate_counters
from tests.minute import away_from_the_turn


@pytest.fixture
def rates(store: Store) -> Iterator[SqlRateStorage]:
    """A storage over the test's store, its counters emptied (the PostgreSQL database is the
    session's, shared by the tests of one pytest worker)."""
    storage = SqlRateStorage(store.engine)
    storage.reset()
    yield storage


def test_fixed_window_counts_and_expires(rates: SqlRateStorage) -> None:
    limiter = FixedWindowRateLimiter(rates)
    item = RateLimitItemPerSecond(2, 1)
    assert [limiter.hit(item, "a") for _ in range(3)] == [True, True, False]
    assert limiter.hit(item, "b")  # another identity has its own counter
    stats = limiter.get_window_stats(item, "a")
    assert stats.remaining == 0 and time.time() < stats.reset_time <= time.time() + 1
    time.sleep(1.1)  # the window passed: the counter starts again
    assert rates.get(item.key_for("a")) == 0
    assert limiter.hit(item, "a") and rates.get(item.key_for("a")) == 1


def test_incr_get_expiry_clear_reset(rates: SqlRateStorage) -> None:
    before = time.time()
    assert rates.incr("k", 30) == 1 and rates.incr("k", 30, amount=4) == 5
    assert rates.get("k") == 5 and rates.get("nothing") == 0
    assert before + 30 <= rates.get_expiry("k") <= time.time() + 30  # from the first hit
    assert abs(rates.get_expiry("nothing") - time.time()) < 1
    rates.clear("k")
    assert rates.get("k") == 0 and rates.incr("k", 30) == 1
    rates.incr("other", 30)
    assert rates.reset() == 2 and rates.get("other") == 0
    assert rates.check()


def test_sliding_window_counter_is_all_or_nothing(rates: SqlRateStorage) -> None:
    away_from_the_turn()
    limiter = SlidingWindowCounterRateLimiter(rates)
    item = RateLimitItemPerMinute(5)
    assert limiter.hit(item, "k", cost=3)
    assert not limiter.hit(item, "k", cost=3)  # 6 > 5: nothing counted
    assert limiter.hit(item, "k", cost=2)  # so exactly the 2 left still fit
    assert not limiter.hit(item, "k") and not limiter.test(item, "k")
    assert not limiter.hit(item, "fresh", cost=6)  # over the limit however empty
    stats = limiter.get_window_stats(item, "k")
    assert stats.remaining == 0 and time.time() < stats.reset_time <= time.time() + 60
    limiter.clear(item, "k")
    assert limiter.hit(item, "k", cost=5)


def test_sliding_window_weighs_the_previous_window(rates: SqlRateStorage) -> None:
    """Hits of the previous window count by the share of it still inside the sliding window
    (``limits``' rule): with 10 of 10 there, room is 10 - floor(10 * share) now."""
    limiter = SlidingWindowCounterRateLimiter(rates)
    item = RateLimitItemPerHour(10)
    key, expiry = item.key_for("k"), item.get_expiry()

    def room() -> int:
        now = time.time()
        share = 1 - (((now - expiry) / expiry) % 1)
        return 10 - math.floor(10 * share)

    previous, _ = rates.sliding_window_keys(key, expiry, time.time())
    rates.incr(previous, 2 * expiry, amount=10)
    first = room()
    acquired = 0
    while limiter.hit(item, "k"):
        acquired += 1
    assert acquired in {first, room()}  # the share may have stepped during the test
    prev_count, prev_ttl, current, current_ttl = rates.get_sliding_window(key, expiry)
    assert (prev_count, current) == (10, acquired)
    assert 0 < prev_ttl <= expiry and expiry < current_ttl <= 2 * expiry


@pytest.mark.parametrize("strategy", ["fixed", "sliding"])
def test_concurrent_processes_never_overshoot(store: Store, url: str, strategy: str) -> None:
    """Eight callers, each with its own engine (as API processes have), race for 25 hits:
    exactly 25 are granted, whatever the interleaving."""
    away_from_the_turn()
    SqlRateStorage(store.engine).reset()
    item = RateLimitItemPerMinute(25)
    granted: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def caller() -> None:
        with Store(url) as own:
            storage = SqlRateStorage(own.engine)
            limiter = (
                FixedWindowRateLimiter(storage)
                if strategy == "fixed"
                else SlidingWindowCounterRateLimiter(storage)
            )
            start.wait()
            results = [limiter.hit(item, "shared") for _ in range(10)]
        with lock:
            granted.extend(results)

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(granted) == 80 and granted.count(True) == 25


def test_expired_rows_are_swept(rates: SqlRateStorage, store: Store) -> None:
    rates.incr("old", 0)  # expires at once
    with store.engine.begin() as conn:  # as if a minute and more had passed since
        conn.execute(rate_counters.update().values(expires_at=time.time() - 120))
    SqlRateStorage(store.engine).incr("new", 60)  # a new storage's first write sweeps
    with store.engine.connect() as conn:
        keys = set(conn.execute(sa.select(rate_counters.c.key)).scalars())
    assert keys == {"new"}


def test_database_errors_are_wrapped() -> None:
    """With ``wrap_exceptions`` a database that is away is ``limits.errors.StorageError``
    (the API answers 503), and ``check`` says it is unhealthy."""
    engine = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    storage = SqlRateStorage(engine, wrap_exceptions=True)
    with pytest.raises(StorageError):
        storage.incr("k", 60)
    assert not storage.check()
