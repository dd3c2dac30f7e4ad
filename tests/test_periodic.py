"""``periodic.Periodic``: the thread behind the sampler, the scheduler and the autoscaler."""

from __future__ import annotations

import threading
import time

import pytest

from codejudge.periodic import Periodic


class Counting(Periodic):
    def __init__(self, period: float, *, aligned: bool, fail_first: int = 0) -> None:
        super().__init__("test-periodic", period, aligned=aligned)
        self.calls: list[float] = []
        self.fail_first = fail_first
        self.third = threading.Event()

    def tick(self) -> None:
        self.calls.append(time.monotonic())
        if len(self.calls) >= 3:
            self.third.set()
        if len(self.calls) <= self.fail_first:
            raise RuntimeError("the store is away")


def test_an_aligned_thread_runs_at_once_and_a_failing_pass_does_not_end_it() -> None:
    started = time.monotonic()
    periodic = Counting(0.05, aligned=True, fail_first=2)
    periodic.start()
    try:
        assert periodic.third.wait(10), "the thread died after a failing pass"
        assert periodic.calls[0] - started < 5  # the first pass did not wait for a long period
    finally:
        periodic.stop()
    assert not periodic._thread.is_alive()


def test_an_unaligned_thread_waits_one_period_first_and_stops_at_once() -> None:
    periodic = Counting(30.0, aligned=False)
    periodic.start()
    time.sleep(0.2)
    begun = time.monotonic()
    periodic.stop()
    assert periodic.calls == []  # its first pass is one period away
    assert time.monotonic() - begun < 5 and not periodic._thread.is_alive()
    assert periodic.stopping


def test_a_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Counting(0, aligned=True)
