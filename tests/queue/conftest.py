"""Queue fixtures: every conformance test runs once per backend in ``BACKENDS``.

A backend is a context manager that, given a fresh temporary directory, yields the URL of an
empty queue private to one test and cleans up after it. Redis: a uniquely named queue per test
on the shared server (``CODEJUDGE_TEST_REDIS_URL``, default 127.0.0.1:6379 db 0), whose keys
alone are deleted afterwards, so parallel runs (``-n 2``, other checkouts) never collide.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import redis

from codejudge.queue import Queue, open_queue
from codejudge.queue.keys import QueueKeys

Backend = Callable[[Path], AbstractContextManager[str]]

RETRY_BASE = 0.2  # the tests' default backoff base: real, but short


@contextmanager
def sqlite_backend(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'queue.db'}"


REDIS_URL = os.environ.get("CODEJUDGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@functools.cache
def shared_redis() -> redis.Redis:
    """A client of the shared test Redis; starts one on 6379 (no persistence) if none runs."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
        return client
    except redis.ConnectionError:
        if not REDIS_URL.startswith("redis://127.0.0.1:6379/") or not shutil.which("redis-server"):
            pytest.fail(f"no Redis at {REDIS_URL} (set CODEJUDGE_TEST_REDIS_URL or start one)")
    # Two xdist workers may both get here: the loser's server fails to bind, which is fine.
    command = ["redis-server", "--daemonize", "yes", "--port", "6379"]
    subprocess.run(
        [*command, "--save", "", "--appendonly", "no"],
        check=False,
        capture_output=True,
    )
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            client.ping()
            return client
        except redis.ConnectionError:
            time.sleep(0.05)
    pytest.fail("could not start redis-server on 127.0.0.1:6379")


def purge(client: redis.Redis, keys: QueueKeys) -> None:
    """Delete every key of one queue, and nothing else."""
    for batch in _batched(client.scan_iter(match=keys.pattern, count=1000), 500):
        client.unlink(*batch)


def _batched(items: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def redis_backend(tmp_path: Path) -> Iterator[str]:
    client = shared_redis()
    keys = QueueKeys(f"test-{uuid.uuid4().hex[:16]}")
    try:
        yield f"{REDIS_URL}?queue={keys.name}"
    finally:
        purge(client, keys)


BACKENDS: dict[str, Backend] = {"sqlite": sqlite_backend, "redis": redis_backend}


class QueueFactory:
    """Opens queues on one URL (several instances share the same jobs, like processes do)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opened: list[Queue] = []

    def __call__(self, *, max_deliveries: int = 3, retry_base: float = RETRY_BASE) -> Queue:
        queue = open_queue(self.url, max_deliveries=max_deliveries, retry_base=retry_base)
        self.opened.append(queue)
        return queue

    def close(self) -> None:
        for queue in self.opened:
            queue.close()


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Backend:
    return BACKENDS[request.param]


@pytest.fixture
def queue_url(backend: Backend, tmp_path: Path) -> Iterator[str]:
    with backend(tmp_path) as url:
        yield url


@pytest.fixture
def queue_factory(queue_url: str) -> Iterator[QueueFactory]:
    factory = QueueFactory(queue_url)
    yield factory
    factory.close()


@pytest.fixture
def queue(queue_factory: QueueFactory) -> Queue:
    """An empty queue with the default delivery limit (3) and a 0.2 s backoff base."""
    return queue_factory()
