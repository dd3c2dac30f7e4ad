"""What judging needs of a sandbox: run a command confined and measured, and report facts.

``BwrapSandbox`` (bubblewrap, ``bwrap.py``) is the one implementation; construct it with
``codejudge.sandbox.open_sandbox()``. Another (a pool of kept boxes, a fake for a unit test) is a
new class with these methods, not an ``if`` in the callers.

Everything that varies per run is an argument of the call: the limits, the files placed in the
box, the environment, and the extra mounts a language's toolchain needs (``mounts``: a mount at
the destination of one of the sandbox's own replaces it, e.g. a larger /tmp for a compiler). A
sandbox is never copied or changed per language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from codejudge.models.run import InputFile, Mount, RunFacts, RunLimits
from codejudge.sandbox.box import Box


class Prepared(Protocol):
    """A box set up ahead of its run (``Sandbox.prepare``). Use as a context manager, so that a
    box never run is taken down."""

    def __enter__(self) -> Prepared: ...

    def __exit__(self, *exc: object) -> None: ...

    def go(self, stdin: bytes = b"") -> Box:
        """Let the command start, with ``stdin`` as its input. Its wall clock starts now."""
        ...

    def run(self, stdin: bytes = b"") -> RunFacts:
        """``go`` and wait for the end, as ``Sandbox.run`` does."""
        ...

    def close(self) -> None:
        """Take the box down if it never ran."""
        ...


class Sandbox(Protocol):
    """Confinement and measurement of one process per call. Reports facts, never verdicts."""

    @property
    def cgroup_version(self) -> str:
        """ "v1", "v2", or "" when memory and processes are limited by rlimits only (then a
        memory limit is an address-space limit)."""
        ...

    def check(self) -> None:
        """Raise ``SandboxUnavailable`` (telling the operator what to fix) if no box can start
        here; cheap after the first success."""
        ...

    def available(self) -> bool:
        """``check`` as a yes/no."""
        ...

    def run(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        stdin: bytes = b"",
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
    ) -> RunFacts:
        """Run ``command`` to completion (or until a limit stops it) with ``stdin`` as input."""
        ...

    def start(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
        channel: bool = False,
        stdin: bytes = b"",
        pipes: tuple[int, int] | None = None,
    ) -> Box:
        """Start ``command`` in a new box; the caller waits for it (``Box.wait``). With
        ``channel``, the box gets one more pipe for results (``CHANNEL_FD`` in the command is
        its number); ``pipes`` (read end, write end) become its stdin and stdout."""
        ...

    def prepare(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        mounts: Sequence[Mount] = (),
        channel: bool = False,
    ) -> Prepared:
        """Set up a box for ``command`` now and run it later, with the stdin known by then."""
        ...

    def collect_cgroups(self, wait: bool = True) -> int:
        """Remove what finished runs left behind; returns how much is left."""
        ...
