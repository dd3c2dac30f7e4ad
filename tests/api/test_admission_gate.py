"""The admission gate with API keys, in both storage modes, on real backends: embedded (SQLite
store and queue, counters in the store's ``rate_counters``) and distributed (PostgreSQL store,
Redis queue, counters in Redis). The keys' own limits, the server's defaults, batches, the
per-address rate of callers with no key, and the order of the checks. (HTTP over the real
server: ``test_admission.py``; callers with keys reach the gate as ``Caller``s built here,
as ``auth.current_caller`` builds them.)"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from codejudge.api.admission import QUEUED, RATE, Gate, client_net
from codejudge.api.auth import ANONYMOUS, Caller
from codejudge.exceptions import RateLimited, TooLarge, Unavailable
from codejudge.models import ApiKey, NewSubmission, Priority, Role
from codejudge.queue import Queue, open_queue
from codejudge.queue.keys import QueueKeys
from codejudge.queue.ratelimit import redis_rate_storage
from codejudge.settings import Settings
from codejudge.store import Store
from codejudge.store.admission import Maintenance
from codejudge.store.ratelimit import SqlRateStorage
from tests.minute import away_from_the_turn
from tests.queue.conftest import REDIS_URL, purge, shared_redis
from tests.store.conftest import PG_ADMIN_URL, PgDatabases

MakeGate = Callable[..., Gate]


@pytest.fixture(scope="module")
def pg() -> Iterator[PgDatabases]:
    databases = PgDatabases(PG_ADMIN_URL)
    yield databases
    databases.drop_all()


@pytest.fixture(params=["embedded", "distributed"])
def make_gate(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeGate]:
    """``make_gate(**settings)``: a gate over fresh backends of the mode."""
    opened: list[tuple[Store, Queue]] = []
    queue_keys = QueueKeys(f"test-{uuid.uuid4().hex[:16]}")
    if request.param == "embedded":
        url = f"sqlite:///{tmp_path / 'codejudge.db'}"
        queue_url = url
    else:
        url = request.getfixturevalue("pg").create()
        queue_url = f"{REDIS_URL}?queue={queue_keys.name}"
        shared_redis()

    def make(**settings: object) -> Gate:
        store = Store(url)
        store.migrate()
        queue = open_queue(queue_url)
        opened.append((store, queue))
        rates = redis_rate_storage(queue_url) or SqlRateStorage(store.engine, True)
        return Gate(Settings(data_dir=tmp_path, **settings), store, queue, rates)  # type: ignore[arg-type]

    yield make
    for store, queue in opened:
        queue.close()
        store.close()
    if request.param == "distributed":
        purge(shared_redis(), queue_keys)


def key_caller(
    gate: Gate, rate_per_minute: int | None = None, max_queued: int | None = None
) -> Caller:
    """A caller with a new key of these limits, as ``auth`` would make it."""
    record: ApiKey = gate.store.keys.create(
        f"k-{uuid.uuid4().hex[:6]}",
        frozenset({Role.SUBMIT, Role.READ}),
        rate_per_minute=rate_per_minute,
        max_queued=max_queued,
    ).record
    return Caller(record, record.roles)


def news(
    n: int, owner: str | None = None, priority: Priority = Priority.SUBMIT
) -> list[NewSubmission]:
    return [NewSubmission("two-sum", "python", "x", priority, owner=owner) for _ in range(n)]


def refused(gate: Gate, caller: Caller, n: int = 1, client: str = "10.0.0.1") -> RateLimited:
    with pytest.raises(RateLimited) as info:
        gate.check(caller, client, news(n, caller.key_id))
    return info.value


def test_a_keys_own_rate_else_the_default(make_gate: MakeGate) -> None:
    away_from_the_turn()
    gate = make_gate(rate_per_minute=1)
    own, default, other = key_caller(gate, rate_per_minute=2), key_caller(gate), key_caller(gate)
    gate.check(own, "10.0.0.1", news(1))
    gate.check(own, "10.0.0.1", news(1))
    error = refused(gate, own)
    assert error.limit == RATE and 1 <= error.retry_after <= 60
    assert "2 submissions a minute" in str(error)
    gate.check(default, "10.0.0.1", news(1))  # the server's default: 1
    assert refused(gate, default).limit == RATE
    gate.check(other, "10.0.0.1", news(1))  # each key counts its own, from any address


def test_a_batch_counts_as_many_and_is_all_or_nothing(make_gate: MakeGate) -> None:
    away_from_the_turn()
    gate = make_gate()
    caller = key_caller(gate, rate_per_minute=5)
    gate.check(caller, None, news(3))
    assert refused(gate, caller, 3).limit == RATE  # 6 > 5: none of the 3 counted
    gate.check(caller, None, news(2))  # so 2 still fit
    # More than the limit itself can never be admitted: 413 (split it), not a 429 to retry.
    with pytest.raises(TooLarge, match="at most 5 at a time"):
        gate.check(key_caller(gate, rate_per_minute=5), None, news(6))


def test_max_queued_counts_the_keys_submissions_in_the_store(make_gate: MakeGate) -> None:
    gate = make_gate(max_queued=50)
    caller = key_caller(gate, max_queued=2)
    assert caller.key_id is not None
    first, _second = (gate.store.insert(n) for n in news(2, caller.key_id))
    error = refused(gate, caller)
    assert error.limit == QUEUED and "has 2 submissions queued or running" in str(error)
    assert gate.store.cancel(first.id)  # one left the queue: one may come in
    gate.check(caller, None, news(1, caller.key_id))
    with pytest.raises(TooLarge, match="at most 2 at a time"):
        other = key_caller(gate, max_queued=2)
        gate.check(other, None, news(3, other.key_id))
    gate.check(key_caller(gate), None, news(50))  # the default applies to the others


def test_callers_without_a_key_are_rated_per_address(make_gate: MakeGate) -> None:
    away_from_the_turn()
    gate = make_gate(rate_per_minute=1, max_queued=1)
    gate.check(ANONYMOUS, "10.0.0.1", news(1))
    assert refused(gate, ANONYMOUS, client="10.0.0.1").limit == RATE
    gate.check(ANONYMOUS, "10.0.0.2", news(1))  # another address
    gate.check(ANONYMOUS, "2001:db8::1", news(1))
    assert refused(gate, ANONYMOUS, client="2001:db8::2").limit == RATE  # one /64
    gate.check(ANONYMOUS, "2001:db8:0:1::1", news(1))  # the next /64
    gate.check(ANONYMOUS, "10.0.0.3", news(1))  # max_queued counts keys' submissions only


def test_client_net() -> None:
    assert client_net("192.0.2.7") == "192.0.2.7"
    assert client_net("2001:db8::1") == client_net("2001:db8::ffff") == "2001:db8::/64"
    assert client_net("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_net(None) == "unknown" and client_net("testclient") == "testclient"


def test_maintenance_first_and_it_spends_nothing(make_gate: MakeGate) -> None:
    away_from_the_turn()
    gate = make_gate(maintenance_retry_seconds=120)
    caller = key_caller(gate, rate_per_minute=1)
    gate.store.admission.set_maintenance(Maintenance("upgrading"))
    for _ in range(3):
        with pytest.raises(Unavailable, match=r"maintenance.*upgrading") as info:
            gate.check(caller, None, news(1))
        assert info.value.retry_after == 120
    end = datetime.now(UTC) + timedelta(minutes=10)
    gate.store.admission.set_maintenance(Maintenance("moving", end))
    with pytest.raises(Unavailable) as info:
        gate.check(caller, None, news(1))
    assert info.value.retry_after is not None and 590 <= info.value.retry_after <= 600
    gate.store.admission.set_maintenance(None)
    gate.check(caller, None, news(1))  # the refusals spent none of its 1 a minute


def test_queue_depth_per_priority(make_gate: MakeGate) -> None:
    gate = make_gate(max_depth={"submit": 2}, busy_retry_seconds=7)
    for job in ("a", "b"):
        gate.queue.enqueue(job, Priority.SUBMIT)
    with pytest.raises(Unavailable, match="2 submit jobs are waiting") as info:
        gate.check(ANONYMOUS, None, news(1))
    assert info.value.retry_after == 7
    gate.check(ANONYMOUS, None, news(3, priority=Priority.RUN))  # runs are not capped
    fresh = make_gate(max_depth={"submit": 2})  # another process: a cache of its own
    fresh.queue.claim("w", 1)
    fresh.check(ANONYMOUS, None, news(1))  # 1 + 1 <= 2
    with pytest.raises(Unavailable):
        fresh.check(ANONYMOUS, None, news(2))  # 1 + 2 > 2: the batch is refused whole


def test_settings_name_what_is_wrong(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``CODEJUDGE_MAX_DEPTH`` is JSON of priority names to counts; a typo stops the server
    at start with the name of the setting, not at the first submission."""
    monkeypatch.setenv("CODEJUDGE_MAX_DEPTH", '{"submit": 10, "run": 0}')
    assert Settings(data_dir=tmp_path).max_depth == {"submit": 10, "run": 0}
    for bad in ('{"submits": 10}', '{"run": -1}', "10"):
        monkeypatch.setenv("CODEJUDGE_MAX_DEPTH", bad)
        with pytest.raises(ValidationError, match="max_depth"):
            Settings(data_dir=tmp_path)
    monkeypatch.delenv("CODEJUDGE_MAX_DEPTH")
    monkeypatch.setenv("CODEJUDGE_RATE_PER_MINUTE", "0")
    with pytest.raises(ValidationError, match="rate_per_minute"):
        Settings(data_dir=tmp_path)


@pytest.mark.parametrize("where", ["store", "redis"])
def test_counters_down_is_503_not_a_guess(tmp_path: Path, where: str) -> None:
    """When the rate counters' backend does not answer, intake is refused as unavailable
    (retry in a second), neither admitted unlimited nor failed with a 500."""
    url = f"sqlite:///{tmp_path / 'codejudge.db'}"
    with Store(url) as store:
        store.migrate()
        queue = open_queue(url)
        away = Store("postgresql+psycopg://x@127.0.0.1:1/x")  # nothing listens on port 1
        rates = (
            redis_rate_storage("redis://127.0.0.1:1/0")
            if where == "redis"
            else SqlRateStorage(away.engine, True)
        )
        assert rates is not None
        gate = Gate(Settings(data_dir=tmp_path, rate_per_minute=5), store, queue, rates)
        with pytest.raises(Unavailable, match="briefly unavailable") as info:
            gate.check(ANONYMOUS, "10.0.0.1", news(1))
        assert info.value.retry_after == 1
        queue.close()
