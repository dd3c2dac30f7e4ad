"""The descriptors a box is started with: pipes, sealed in-memory files, and which ends the host
keeps. Used by the bubblewrap adapter (``bwrap.py``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass

_BIG_PIPE = 1024 * 1024  # stdout: answers of up to a megabyte in one transfer


class Descriptors:
    """Descriptors opened to start a box; all but the kept ones are closed at the end."""

    def __init__(self) -> None:
        self._open: set[int] = set()

    def __enter__(self) -> Descriptors:
        return self

    def __exit__(self, *exc: object) -> None:
        for fd in self._open:
            with contextlib.suppress(OSError):
                os.close(fd)

    def pipe(self, size: int = 0) -> tuple[int, int]:
        r, w = os.pipe2(os.O_CLOEXEC)
        self._open |= {r, w}
        if size:
            # Fewer, larger transfers between host and box; the default (64 KiB) stays where
            # the system refuses (fs.pipe-max-size, or a user's pipe quota).
            with contextlib.suppress(OSError):
                fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, size)
        return r, w

    def adopt(self, fds: list[int]) -> list[int]:
        self._open.update(fds)
        return fds

    def memfd(self, data: bytes, sealed: bool = False, sealable: bool = False) -> int:
        # A memfd is a file with no path anywhere: the box gets a copy, the host never has to
        # open (or clean up) a location the box could have changed. ``sealed``: for a memfd
        # the box gets itself (its stdin), which it can then neither change nor resize.
        flags = os.MFD_CLOEXEC | (os.MFD_ALLOW_SEALING if sealed or sealable else 0)
        fd = os.memfd_create("codejudge-input", flags)
        self._open.add(fd)
        if sealed:
            fill_sealed(fd, data)
        else:
            _fill(fd, data)
        return fd

    def keep(self, fd: int) -> None:
        self._open.discard(fd)


@dataclass(frozen=True, slots=True)
class Ends:
    """Both ends of a box's standard streams and its extra pipes (None: not used)."""

    stdin: int  # the box's (a memfd, or the caller's pipe end)
    stdout_r: int | None  # None: stdout is the caller's pipe, not captured
    stdout_w: int
    stderr_r: int
    stderr_w: int
    info_r: int
    info_w: int
    channel_r: int | None = None
    channel_w: int | None = None
    go_r: int | None = None  # gated: the box's gate waits for a byte on this pipe
    go_w: int | None = None

    def keep_hosts(self, fds: Descriptors) -> None:
        """The host keeps its ends (and, gated, the stdin it fills at the go); the rest are
        closed when ``fds`` ends."""
        for fd in (self.stdout_r, self.stderr_r, self.info_r, self.channel_r, self.go_w):
            if fd is not None:
                fds.keep(fd)
        if self.go_w is not None:
            fds.keep(self.stdin)


def open_ends(
    fds: Descriptors, stdin: bytes, *, channel: bool, gated: bool, pipes: tuple[int, int] | None
) -> Ends:
    """The pipes and stdin file of one box. ``pipes`` (read end, write end): the caller's,
    which become the box's stdin and stdout (not closed here)."""
    if pipes is not None:
        stdin_fd, stdout_w = pipes
        stdout_r: int | None = None
    else:
        # Gated, stdin is written (and sealed) at the go: the box shares the open file.
        stdin_fd = fds.memfd(stdin, sealed=not gated, sealable=True)
        stdout_r, stdout_w = fds.pipe(_BIG_PIPE)
    stderr_r, stderr_w = fds.pipe()
    info_r, info_w = fds.pipe()
    channel_r, channel_w = fds.pipe() if channel else (None, None)
    go_r, go_w = fds.pipe() if gated else (None, None)
    return Ends(
        stdin_fd, stdout_r, stdout_w, stderr_r, stderr_w, info_r, info_w,
        channel_r, channel_w, go_r, go_w,
    )  # fmt: skip


def _fill(fd: int, data: bytes) -> None:
    """Write ``data`` at the start of ``fd`` (``pwrite``: the file offset, which a box may
    share, stays at 0)."""
    view, offset = memoryview(data), 0
    while offset < len(view):
        offset += os.pwrite(fd, view[offset:], offset)


def fill_sealed(fd: int, data: bytes) -> None:
    """Fill a memfd and seal it: from then on nobody, the box included, can change it."""
    _fill(fd, data)
    seals = fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE
    fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
