"""Queue fixtures: every conformance test runs once per backend in ``BACKENDS``.

A backend is a context manager that, given a fresh temporary directory, yields the URL of an
empty queue private to one test and cleans up after it. Adding the Redis backend is one more
such function (e.g. a unique key prefix per test, deleted afterwards) and one more entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from codejudge.queue import Queue, open_queue

Backend = Callable[[Path], AbstractContextManager[str]]

RETRY_BASE = 0.2  # the tests' default backoff base: real, but short


@contextmanager
def sqlite_backend(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'queue.db'}"


BACKENDS: dict[str, Backend] = {"sqlite": sqlite_backend}


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
