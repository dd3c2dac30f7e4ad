"""One listener per API process for the queue's events, waking the requests that wait on a job.

``?wait=N`` and the event streams used to poll the store (every 50 and 100 ms) for as long as
they waited: latency of half a poll on average, and a store read per poll per waiting client.
Now one thread follows every job's events (``Queue.tail``: XREAD BLOCK on Redis, commit
notifications and ``data_version`` on SQLite) and wakes the waiters of the job an event is for;
they read the store only then. A waiter still looks at least every ``FALLBACK_S`` on its own, so
an event that never comes (a listener reconnecting, say) costs latency, never a hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from codejudge.queue import Event, Queue

log = logging.getLogger(__name__)

FALLBACK_S = 1.0  # a waiter re-checks at least this often, event or not
_TAIL_S = 1.0  # how long one ``tail`` call blocks (and so how long ``stop`` may take)


class Watch:
    """What one waiting request holds: set by the listener thread when an event comes."""

    def __init__(self, kinds: frozenset[str] | None) -> None:
        self.kinds = kinds
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()

    def notify(self) -> None:
        """From the listener thread."""
        with contextlib.suppress(RuntimeError):  # the loop has closed (shutting down)
            self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self, timeout: float) -> None:
        """Until an event of the watched job (and kinds) comes, or ``timeout`` passes."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), min(timeout, FALLBACK_S))
        self._event.clear()


class EventHub:
    """Follows the queue's events in a daemon thread; ``watch`` a job to be woken by them."""

    def __init__(self, queue: Queue) -> None:
        self._queue = queue
        self._lock = threading.Lock()
        self._watches: dict[str, set[Watch]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="codejudge-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=_TAIL_S + 2)

    @contextmanager
    def watch(self, job_id: str, kinds: frozenset[str] | None = None) -> Iterator[Watch]:
        """Register before reading the state you wait to change, so no event slips between
        the read and the wait. ``kinds``: only events of these kinds wake (None: any)."""
        watch = Watch(kinds)
        with self._lock:
            self._watches.setdefault(job_id, set()).add(watch)
        try:
            yield watch
        finally:
            with self._lock:
                watches = self._watches.get(job_id)
                if watches is not None:
                    watches.discard(watch)
                    if not watches:
                        del self._watches[job_id]

    def _run(self) -> None:
        after: int | None = None
        failing = False
        while not self._stop.is_set():
            try:
                if after is None:
                    after = self._queue.last_event_seq()  # only what comes from now on
                events = self._queue.tail(after, timeout=_TAIL_S)
            except Exception:
                if not failing and not self._stop.is_set():
                    log.warning("event listener: cannot read the queue's events", exc_info=True)
                failing = True
                self._stop.wait(_TAIL_S)
                continue
            if failing:
                log.info("event listener: reading the queue's events again")
                failing = False
            for event in events:
                after = event.seq
                self._dispatch(event)

    def _dispatch(self, event: Event) -> None:
        with self._lock:
            watches = list(self._watches.get(event.job_id, ()))
        for watch in watches:
            if watch.kinds is None or event.kind in watch.kinds:
                watch.notify()
