"""One daemon thread that runs a pass every so often: the base of the runtime's queue-depth
sampler, the scheduler and the autoscaler (one start/stop/loop, not three)."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("codejudge.periodic")


class Periodic:
    """Calls ``tick`` every ``period`` seconds on a daemon thread named ``name`` until ``stop``.

    ``aligned``: each pass starts just past a multiple of ``period`` in wall-clock time (so every
    process samples or looks for due work at the same instants), the first at once; otherwise
    the first pass waits one ``period``. A pass that raises is logged and the next one runs on
    time: the store or queue briefly away must not end the thread. ``stop`` waits up to 10 s for
    a running pass."""

    def __init__(self, name: str, period: float, *, aligned: bool = False) -> None:
        if period <= 0:
            raise ValueError("period must be positive")
        self.period = period
        self.aligned = aligned
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def tick(self) -> None:
        """One pass; subclasses define it."""
        raise NotImplementedError

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _delay(self) -> float:
        if not self.aligned:
            return self.period
        return self.period - time.time() % self.period + 0.01  # just past the boundary

    def _loop(self) -> None:
        if not self.aligned and self._stop.wait(self.period):
            return
        while True:
            try:
                self.tick()
            except Exception:
                log.warning("%s: pass failed; next one on time", self._thread.name, exc_info=True)
            if self._stop.wait(self._delay()):
                return
