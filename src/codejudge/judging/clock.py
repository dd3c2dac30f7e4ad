"""When a test's clocks start, and the wall-clock limit: the rules shared by stdio runs and
function sessions (``stdio.py``, ``function_session.py``).

A test is timed from the moment the runtime has booted, never from the box's start: a JVM,
Node or a Python interpreter spends tens to hundreds of milliseconds of CPU starting, and more
under load, which is not the program's time (issue 10, class 9). A stdio program in such a
language runs behind a launcher (``drivers/CodejudgeLaunch.java``, ``codejudge_launch.py``,
``codejudge_launch.js``) that writes one line on the result channel once the runtime is up and
before any code of the submission runs, then closes the channel. The host reads the box's
CPU time (its cgroup) when that line arrives; the launcher also reports the CPU its process had
used when it wrote the line, which no code of the submission can have touched. The smaller of
the two is the start of the test's CPU clock (the host may read late; the launcher's figure
leaves out the box's own processes), and the CPU limit runs from there. Native programs (C,
C++, Go, Rust) have no launcher: their clock starts with the box.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass

from codejudge.sandbox import Box

# Wall time the runtime may take to boot before the launcher's message, on top of the test's
# own wall limit. Nothing of the submission runs in it, so it can be generous: it only bounds
# how long a box whose runtime hangs is waited for.
STARTUP_WALL_MS = 5000


def wall_limit_ms(cpu_limit_ms: int) -> int:
    """The wall-clock limit of a test under a CPU limit of ``cpu_limit_ms`` (both in ms):
    1.5 times the CPU limit, and at least the CPU limit + 1 s. A program past it is killed and
    judged time_limit_exceeded whatever CPU it used (a sleep, a blocked read). The margin over
    the CPU limit is for a loaded machine, where a busy program gets less than a whole core;
    DOMjudge gives a CPU and a wall limit of the same size plus an overshoot."""
    return cpu_limit_ms + max(1000, cpu_limit_ms // 2)


def wall_message(elapsed_ms: int, limit_ms: int) -> str:
    return f"wall time limit exceeded ({elapsed_ms} ms; limit {limit_ms} ms)"


@dataclass(frozen=True, slots=True)
class Clock:
    """Where a test's measurement starts: the box's CPU time (ms) and a monotonic instant."""

    cpu_ms: int
    at: float

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self.at) * 1000)


class LauncherError(RuntimeError):
    """The launcher's message is not one: the judge's fault (the submission has not run)."""


def await_ready(box: Box, startup_cpu_ms: int, wall_limit: int) -> Clock | None:
    """Wait for the launcher's "ready" line; the test's clock, or None if the box ended (or was
    killed: ``startup_cpu_ms`` of CPU, ``wall_limit`` + ``STARTUP_WALL_MS`` of wall) before.
    Raises ``LauncherError`` for a line that is not the launcher's message."""
    wall_deadline = time.monotonic() + (wall_limit + STARTUP_WALL_MS) / 1000
    line = box.read_line(wall_deadline=wall_deadline, cpu_deadline_ms=startup_cpu_ms)
    if line is None:
        return None
    at, host_ms = time.monotonic(), box.usage().cpu_ms
    return Clock(min(host_ms, _reported_ms(line, host_ms)), at)


def _reported_ms(line: bytes, host_ms: int) -> int:
    try:
        message = json.loads(line)
        reported = float(message["cpu_ms"])
        if message["event"] != "ready":
            raise ValueError(message["event"])
    except (ValueError, KeyError, TypeError) as e:
        raise LauncherError(f"not the launcher's ready message: {line[:200]!r}") from e
    # A launcher that cannot read its own CPU time says -1: the host's figure stands.
    return math.floor(reported) if math.isfinite(reported) and reported >= 0 else host_ms
