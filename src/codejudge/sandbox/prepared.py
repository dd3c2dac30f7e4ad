"""A bubblewrap box set up ahead of its run, waiting at its gate (``gate.c``) for the host's word
(``BwrapSandbox.prepare``)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from codejudge.models.run import RunFacts, RunLimits
from codejudge.sandbox.box import Box
from codejudge.sandbox.fds import fill_sealed


@dataclass(frozen=True, slots=True)
class Started:
    box: Box
    go_fd: int | None  # gated: the pipe whose one byte lets the program start
    stdin_fd: int | None  # gated: the box's stdin, still empty and unsealed


class PreparedBox:
    """A box set up ahead of its run; use as a context manager, so that a box never run is
    taken down. ``started`` is the gated box, or None: then ``start`` starts one at the go."""

    def __init__(
        self, start: Callable[[bytes], Box], limits: RunLimits, started: Started | None
    ) -> None:
        self._start, self._limits, self._started = start, limits, started
        self._box: Box | None = None

    def __enter__(self) -> PreparedBox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def go(self, stdin: bytes = b"") -> Box:
        """Let the command start, with ``stdin`` as its input. Its wall clock starts now."""
        if self._box is not None:
            raise RuntimeError("a prepared box runs once")
        started = self._started
        if started is None:  # no gate: start it only now
            self._box = self._start(stdin)
            return self._box
        assert started.go_fd is not None and started.stdin_fd is not None
        self._box = started.box
        try:
            fill_sealed(started.stdin_fd, stdin)
        finally:
            os.close(started.stdin_fd)
        started.box.restart_clock()
        with contextlib.suppress(BrokenPipeError):  # the box is already gone: its facts say why
            os.write(started.go_fd, b"g")
        os.close(started.go_fd)
        return started.box

    def run(self, stdin: bytes = b"") -> RunFacts:
        """``go`` and wait for the end, as ``Sandbox.run`` does."""
        box = self.go(stdin)
        deadline = time.monotonic() + self._limits.wall_ms / 1000
        return box.wait(wall_deadline=deadline, cpu_deadline_ms=self._limits.cpu_ms)

    def close(self) -> None:
        """Take the box down (a box never run: its gate sees end of file and exits)."""
        started = self._started
        if started is not None and self._box is None:
            assert started.go_fd is not None and started.stdin_fd is not None
            os.close(started.go_fd)
            os.close(started.stdin_fd)
            self._box = started.box
        if self._box is not None:
            self._box.finish()
