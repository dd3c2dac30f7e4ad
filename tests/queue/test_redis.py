"""What only the Redis backend promises: URLs, one cluster slot, trimming, the server's clock,
running jobs and deleted dead letters down to the keys, tokens that survive losing Redis's
data, and recovery after a restart with AOF on.

Tests that flush or restart Redis start their own ``redis-server`` on a free port in
``tmp_path``, never touching the shared one.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import redis
from redis.crc import key_slot

from codejudge.models import Priority
from codejudge.queue import JobState, open_queue
from codejudge.queue.keys import QueueKeys
from codejudge.queue.redis import SCRIPT_BATCH, RedisQueue, split_url

from .conftest import REDIS_URL, purge, shared_redis

pytestmark = pytest.mark.timeout(30)


class PrivateRedis:
    """A ``redis-server`` of one test's own, in its own directory, that it may kill."""

    def __init__(self, directory: Path, *options: str) -> None:
        assert shutil.which("redis-server"), "redis-server is missing: run `make install`"
        self.directory = directory
        self.options = options
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", str(self.directory), "--save", "", *self.options]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        end = time.monotonic() + 10
        while True:
            try:
                client.ping()  # answers LOADING (an error) until the AOF is replayed
                break
            except (redis.ConnectionError, redis.BusyLoadingError):
                assert time.monotonic() < end, "redis-server did not come up"
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, only what is already in the AOF survives."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path, "--appendonly", "yes", "--appendfsync", "always")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def keys() -> Iterator[QueueKeys]:
    keys = QueueKeys(f"test-{os.urandom(8).hex()}")
    yield keys
    purge(shared_redis(), keys)


@pytest.fixture
def queue(keys: QueueKeys) -> Iterator[RedisQueue]:
    queue = RedisQueue(f"{REDIS_URL}?queue={keys.name}", retry_base=0.05)
    yield queue
    queue.close()


# -- URLs and names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "client_url", "name"),
    [
        ("redis://h:6379/0", "redis://h:6379/0", None),
        ("redis://h/2?queue=judge", "redis://h/2", "judge"),
        ("rediss://:pw@h/0?queue=q&socket_timeout=5", "rediss://:pw@h/0?socket_timeout=5", "q"),
        ("unix:///run/redis.sock?db=1&queue=q", "unix:///run/redis.sock?db=1", "q"),
    ],
)
def test_the_queue_parameter_names_the_queue(url: str, client_url: str, name: str | None) -> None:
    assert split_url(url) == (client_url, name)


@pytest.mark.parametrize("name", ["", "a{b}", "a b", "x" * 65, "a*"])
def test_names_that_would_break_the_hash_tag_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        QueueKeys(name)


def test_open_queue_picks_redis(keys: QueueKeys) -> None:
    queue = open_queue(f"{REDIS_URL}?queue={keys.name}", max_deliveries=5, retry_base=0.5)
    assert isinstance(queue, RedisQueue)
    assert (queue.keys.name, queue.max_deliveries, queue.retry_base) == (keys.name, 5, 0.5)
    queue.close()
    queue.close()  # closing twice is harmless
    with pytest.raises(RuntimeError):
        queue.enqueue("a")


# -- layout ----------------------------------------------------------------------------------


def test_every_key_of_a_queue_is_in_one_cluster_slot(queue: RedisQueue, keys: QueueKeys) -> None:
    """So each Lua script touches one slot, as Redis Cluster requires."""
    queue.enqueue("ready")
    queue.enqueue("later", delay=60)
    queue.enqueue("dead")
    queue.enqueue("leased", Priority.REJUDGE)
    leases = queue.claim("w", n=2)
    queue.fail(leases[1], "boom", retry=False)
    queue.enqueue_many(["acked", "batch"], Priority.REJUDGE)
    queue.enqueue_many(["later2"], delay=60)
    assert queue.ack_many(queue.claim("w", n=2)[1:]) == [True]  # "leased" stays leased
    queue.publish("ready", "queued")
    queue.wait(0.01)
    found = {key.decode() for key in shared_redis().scan_iter(match=keys.pattern)}
    assert set(keys.fixed()) - {keys.wake} <= found
    assert {keys.job("leased"), keys.job("later"), keys.job_events("ready")} <= found
    assert {keys.job("acked"), keys.job("batch"), keys.job("later2")} <= found
    assert {key_slot(key.encode()) for key in found} == {key_slot(keys.tag.encode())}


def test_ready_scores_order_priority_then_fifo(queue: RedisQueue, keys: QueueKeys) -> None:
    queue.enqueue("s", Priority.SUBMIT)
    queue.enqueue("r", Priority.RUN)
    # redis-py types every reply as ``Awaitable | Any``; these clients are synchronous.
    ready = shared_redis().zrange(keys.ready, 0, -1, withscores=True)
    scores = dict(cast(list[tuple[bytes, float]], ready))
    assert scores[b"r"] < 2**44 <= scores[b"s"] < 2 * 2**44


def test_the_events_stream_is_trimmed_and_so_is_each_jobs_index(keys: QueueKeys) -> None:
    queue = RedisQueue(f"{REDIS_URL}?queue={keys.name}", max_events=100)
    for i in range(1000):
        queue.publish("a" if i % 2 else "b", "test", {"index": i})
    client = shared_redis()
    assert 100 <= cast(int, client.xlen(keys.events)) < 300  # MAXLEN ~ trims whole nodes of entries
    kept = queue.events("a")
    assert kept[-1].data == {"index": 999}
    assert 50 <= len(kept) < 150
    seqs = [event.seq for event in kept]
    assert seqs == sorted(set(seqs))
    assert cast(int, client.zcard(keys.job_events("a"))) == len(
        kept
    )  # reading dropped trimmed seqs
    assert 0 < cast(int, client.pttl(keys.job_events("a"))) <= queue.done_ttl * 1000
    queue.close()


def test_done_jobs_are_forgotten_after_done_ttl(keys: QueueKeys) -> None:
    queue = RedisQueue(f"{REDIS_URL}?queue={keys.name}", done_ttl=0.2)
    queue.enqueue("a")
    [first] = queue.claim("w")
    queue.ack(first)
    assert queue.state("a") is JobState.DONE
    time.sleep(0.3)
    assert queue.state("a") is None
    assert queue.enqueue("a")
    [second] = queue.claim("w")
    assert second.token > first.token
    queue.close()


def test_ack_many_remembers_done_jobs_for_done_ttl(keys: QueueKeys) -> None:
    queue = RedisQueue(f"{REDIS_URL}?queue={keys.name}", done_ttl=60)
    queue.enqueue_many(["a", "b"])
    assert queue.ack_many(queue.claim("w", n=2)) == [True, True]
    for job_id in ("a", "b"):
        assert 0 < cast(int, shared_redis().pttl(keys.job(job_id))) <= 60_000
    queue.close()


@pytest.mark.parametrize("batched", [False, True], ids=["enqueue", "enqueue_many"])
def test_wake_markers_stay_bounded_without_waiters(
    queue: RedisQueue, keys: QueueKeys, batched: bool
) -> None:
    job_ids = [f"j{i}" for i in range(1500)]
    if batched:
        queue.enqueue_many(job_ids)
    else:
        for job_id in job_ids:
            queue.enqueue(job_id)
    assert shared_redis().llen(keys.wake) == 1024
    start = time.monotonic()
    queue.wait(5)  # jobs are ready: no sleep
    while queue.claim("w", n=500):
        pass
    queue.wait(0.2)  # the markers left are stale: sleeps the whole timeout
    assert 0.2 <= time.monotonic() - start < 1.5
    assert shared_redis().llen(keys.wake) == 0


def test_leases_use_the_servers_clock(queue: RedisQueue) -> None:
    queue.enqueue("a")
    seconds, micros = cast(tuple[int, int], shared_redis().time())
    [lease] = queue.claim("w", lease_seconds=10)
    assert 10 <= lease.deadline - (seconds + micros / 1e6) < 11


def test_claim_times_are_the_servers_clock(queue: RedisQueue) -> None:
    queue.enqueue("a")
    seconds, micros = cast(tuple[int, int], shared_redis().time())
    [lease] = queue.claim("w", lease_seconds=10)
    [job] = queue.running()
    assert 0 <= job.claimed_at - (seconds + micros / 1e6) < 1
    assert job.deadline == lease.deadline


# -- running and deleting dead letters -------------------------------------------------------


def test_a_lease_claimed_without_a_claim_time_runs_from_when_first_seen(
    queue: RedisQueue, keys: QueueKeys
) -> None:
    """A worker of the version before ``claimed_at`` (a rolling upgrade) records no claim time:
    ``running`` stamps the job when it first sees it, and keeps that time."""
    queue.enqueue("old")
    [lease] = queue.claim("old-worker:0")
    client = shared_redis()
    client.hdel(keys.job("old"), "claimed_at")  # what that version's claim.lua left
    seconds, micros = cast(tuple[int, int], client.time())
    [job] = queue.running()
    assert (job.job_id, job.worker, job.delivery) == ("old", "old-worker:0", 1)
    assert 0 <= job.claimed_at - (seconds + micros / 1e6) < 1
    time.sleep(0.01)
    assert queue.running() == [job]
    queue.ack(lease)
    assert client.hget(keys.job("old"), "claimed_at") is None  # the lease takes it away


def test_delete_dead_leaves_no_key_or_stream_entry_of_the_job(
    queue: RedisQueue, keys: QueueKeys
) -> None:
    """Every event the job's index lists goes from the stream, more than one XDEL's worth."""
    queue.enqueue("a")
    [lease] = queue.claim("w")
    for i in range(1200):
        queue.publish("a", "test", {"index": i})
    queue.publish("b", "queued")
    queue.fail(lease, "boom", retry=False)
    assert queue.delete_dead("a")
    client = shared_redis()
    assert client.exists(keys.job("a"), keys.job_events("a")) == 0
    assert client.zscore(keys.dead, "a") is None
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], client.xrange(keys.events))
    assert [fields[b"job"] for _, fields in entries] == [b"b"]


# -- losing Redis's data ---------------------------------------------------------------------


def test_tokens_and_event_seqs_keep_increasing_after_a_flush(private_redis: PrivateRedis) -> None:
    """The store refuses a token not above the last it saw, so a flushed counter must not
    restart at 1: it is seeded from the server clock."""
    queue = RedisQueue(f"{private_redis.url}?queue=q")
    queue.enqueue("a")
    [before] = queue.claim("w")
    queue.publish("a", "running")
    [event_before] = queue.events("a")
    redis.Redis.from_url(private_redis.url).flushdb()
    assert queue.state("a") is None
    queue.enqueue("a")
    [after] = queue.claim("w")
    assert after.token > before.token
    queue.publish("a", "running")
    [event_after] = queue.events("a")
    assert event_after.seq > event_before.seq
    queue.close()


def test_a_restart_with_aof_loses_nothing(private_redis: PrivateRedis) -> None:
    """Jobs, leases, dead letters, events and counters come back; the same instance goes on
    (its pooled connections are dead and its scripts forgotten by the new server)."""
    queue = RedisQueue(f"{private_redis.url}?queue=q", max_deliveries=1)
    for job_id in ("a", "b", "c", "d"):
        queue.enqueue(job_id)
    queue.enqueue("later", delay=60)
    [a, b, c] = queue.claim("w", n=3)
    queue.fail(b, "boom")
    queue.ack(c)
    queue.publish("a", "running")
    private_redis.kill()
    private_redis.start()
    assert [queue.state(j) for j in ("a", "b", "c", "d", "later")] == [
        JobState.LEASED,
        JobState.DEAD,
        JobState.DONE,
        JobState.READY,
        JobState.DELAYED,
    ]
    [d] = queue.claim("w")
    assert (d.job_id, d.token > a.token) == ("d", True)
    queue.heartbeat(a)
    queue.ack(a)
    assert [letter.job_id for letter in queue.dead_letters()] == ["b"]
    assert [event.kind for event in queue.events("a")] == ["running"]
    queue.close()


def test_a_large_batch_is_split_into_bounded_scripts(queue: RedisQueue) -> None:
    """No single script runs for a whole huge batch (it would hold up the server), and the
    batch still behaves as one: order, per-id answers, acks."""
    job_ids = [f"j{i}" for i in range(2 * SCRIPT_BATCH + 7)]
    calls: list[str] = []
    run = queue._run

    def counting(script: str, *args: Any) -> Any:
        calls.append(script)
        return run(script, *args)

    queue._run = counting  # type: ignore[method-assign]
    assert queue.enqueue_many([*job_ids, "j0"]) == [True] * len(job_ids) + [False]
    assert calls.count("enqueue_many") == 3
    leases = queue.claim("w", n=len(job_ids))
    assert [lease.job_id for lease in leases] == job_ids
    assert queue.ack_many(leases) == [True] * len(job_ids)
    assert calls.count("ack_many") == 3
