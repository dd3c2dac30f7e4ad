"""The supervisor's handle on one judging child process."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from codejudge import metrics
from codejudge.worker.protocol import JobRequest

_LINE_CAP = (
    64 * 1024 * 1024
)  # a result line is bounded by the result size; anything larger is broken


class ChildDied(Exception):
    """The child exited or broke the protocol; ``str()`` explains how."""


class JudgeChild:
    """Starts ``python -m codejudge.worker.child`` in its own session and talks JSON lines."""

    def __init__(self, problem_dirs: list[Path], start_timeout: float = 60.0) -> None:
        self._dirs = problem_dirs
        self._start_timeout = start_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    @property
    def problem_dirs(self) -> list[Path]:
        """Where problems are served from; the last is the data dir's (imports go there)."""
        return self._dirs

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def ensure_started(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._buffer = b""
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "codejudge.worker.child", *map(str, self._dirs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # its own process group: killpg takes it and its boxes
            close_fds=True,
        )
        message = self.read(time.monotonic() + self._start_timeout)
        if message is None or message.get("type") != "ready":
            self.kill()
            raise ChildDied(f"judging child did not start: {message!r}")

    def send(self, request: JobRequest) -> None:
        self.ensure_started()
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(request.encode())
            self._proc.stdin.flush()
        except OSError as exc:
            raise ChildDied(f"judging child is gone: {exc}") from exc

    def read(self, deadline: float) -> dict[str, Any] | None:
        """The next message, or None if ``deadline`` (monotonic) passes first. The child's
        ``observe`` messages (its boxes' start times) are recorded here, not returned."""
        while True:
            message = self._read(deadline)
            if message is None or message.get("type") != "observe":
                return message
            for seconds in message.get("sandbox_start_seconds", []):
                metrics.SANDBOX_START.observe(float(seconds))

    def _read(self, deadline: float) -> dict[str, Any] | None:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with selectors.DefaultSelector() as sel:
                sel.register(fd, selectors.EVENT_READ)
                if not sel.select(remaining):
                    return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise ChildDied(self._death_reason())
            self._buffer += chunk
            if len(self._buffer) > _LINE_CAP:
                self.kill()
                raise ChildDied("judging child sent an oversized message")
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            message: dict[str, Any] = json.loads(line)
        except ValueError as exc:
            self.kill()
            raise ChildDied(f"judging child broke the protocol: {line[:200]!r}") from exc
        return message

    def _death_reason(self) -> str:
        assert self._proc is not None
        try:
            code = self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return "judging child closed its output and hung"
        self.kill()  # already dead: this takes what is left of its group and closes the pipes
        if code < 0:
            return f"judging child killed by {signal.Signals(-code).name}"
        return f"judging child exited with status {code}"

    def kill(self) -> None:
        """Kill the child's whole process group (the child and any box it started)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        self.kill()
