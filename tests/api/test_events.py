"""The API's event listener: one thread follows the queue's events and wakes the waiters."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from codejudge.api.events import FALLBACK_S, EventHub
from codejudge.queue import open_queue

pytestmark = pytest.mark.timeout(20)


def test_a_waiter_is_woken_by_its_jobs_event_not_by_others(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    listened, publisher = open_queue(url), open_queue(url)  # another process's instance
    hub = EventHub(listened)
    hub.start()

    async def scenario() -> tuple[float, float]:
        with hub.watch("job", frozenset({"finished"})) as watch:
            await asyncio.sleep(0.2)  # the listener is following by now
            # Another job's event and this job's non-final one do not wake it...
            threading.Timer(0.05, publisher.publish, ("other", "finished")).start()
            threading.Timer(0.1, publisher.publish, ("job", "test", {"index": 1})).start()
            threading.Timer(0.4, publisher.publish, ("job", "finished")).start()
            started = time.monotonic()
            await watch.wait(5.0)
            first = time.monotonic() - started
            # ...and with nothing more to come, a waiter still looks again after FALLBACK_S.
            started = time.monotonic()
            await watch.wait(5.0)
            return first, time.monotonic() - started

    try:
        woken, fallback = asyncio.run(scenario())
    finally:
        hub.stop()
        listened.close()
        publisher.close()
    assert 0.35 <= woken < 0.9  # by the "finished" at 0.4 s, not earlier, well before 1 s
    assert FALLBACK_S - 0.05 <= fallback < FALLBACK_S + 1


def test_a_listener_survives_a_queue_it_cannot_read(tmp_path: Path) -> None:
    """A broken queue costs waiters latency (they fall back to looking every second), never
    the listener thread."""
    queue = open_queue(f"sqlite:///{tmp_path / 'q.db'}")
    hub = EventHub(queue)
    queue.close()  # every call now raises
    hub.start()
    time.sleep(0.3)
    assert hub._thread is not None and hub._thread.is_alive()
    hub.stop()
    assert not hub._thread.is_alive()
