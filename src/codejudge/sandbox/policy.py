"""What a box may see and use, as data. The adapter in ``bwrap.py`` turns it into arguments.

Issue 4 adds the cgroup and seccomp parts here; the adapter only grows, the policy stays data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# The unprivileged identity that bubblewrap runs as on the host when we are root. Run as root,
# bwrap maps the box's uid to host uid 0, and the kernel exempts uid 0 from RLIMIT_NPROC (a fork
# bomb then ignores the process limit). As an unprivileged uid the limit counts per user
# namespace, so each box has its own process budget and boxes cannot starve each other.
NOBODY = 65534


@dataclass(frozen=True, slots=True)
class RoBind:
    """A host path visible read-only inside the box. ``optional`` skips it if it is missing."""

    source: str
    dest: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Symlink:
    target: str
    dest: str


@dataclass(frozen=True, slots=True)
class Proc:
    """A procfs for the box's own pid namespace: it shows only the box's processes."""

    dest: str = "/proc"


@dataclass(frozen=True, slots=True)
class Dev:
    """A minimal /dev: null, zero, full, random, urandom, tty, shm, pts."""

    dest: str = "/dev"


@dataclass(frozen=True, slots=True)
class Tmpfs:
    """A private, size-capped tmpfs (RLIMIT_FSIZE caps one file, not the number of files)."""

    dest: str
    size_bytes: int = 64 * 1024 * 1024


Mount = RoBind | Symlink | Proc | Dev | Tmpfs


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file placed in the box from memory (read-only inside); no host path is involved."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class RunLimits:
    """Per-run limits. ``memory_kb`` is an address-space limit in this version (no cgroups yet)."""

    cpu_ms: int = 2000
    wall_ms: int = 5000
    memory_kb: int = 256 * 1024
    stdout_bytes: int = 8 * 1024 * 1024
    stderr_bytes: int = 64 * 1024
    channel_line_bytes: int = 16 * 1024 * 1024  # one line of the driver's result channel
    processes: int = 16  # counted per box: its init process, the program and its threads
    file_size_bytes: int = 16 * 1024 * 1024
    open_files: int = 64
    stack_kb: int = 64 * 1024

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            if getattr(self, name) <= 0:
                raise ValueError(f"RunLimits.{name} must be positive")


DEFAULT_MOUNTS: tuple[Mount, ...] = (
    RoBind("/usr", "/usr"),
    Symlink("usr/lib", "/lib"),
    Symlink("usr/lib64", "/lib64"),
    Symlink("usr/bin", "/bin"),
    Symlink("usr/sbin", "/sbin"),
    # Saves the dynamic linker a directory search at every start; not needed for correctness.
    RoBind("/etc/ld.so.cache", "/etc/ld.so.cache", optional=True),
    Proc(),
    Dev(),
    Tmpfs("/tmp", 16 * 1024 * 1024),
)


@dataclass(frozen=True, slots=True)
class SandboxPolicy:
    """The confinement every run gets. ``workdir`` is a private tmpfs holding the input files."""

    mounts: tuple[Mount, ...] = DEFAULT_MOUNTS
    workdir: Tmpfs = field(default_factory=lambda: Tmpfs("/box", 64 * 1024 * 1024))
    uid: int = NOBODY  # inside the box
    gid: int = NOBODY
    host_uid: int = NOBODY  # who runs bwrap when the judge runs as root (see NOBODY)
    host_gid: int = NOBODY
    hostname: str = "box"
    # Remounted read-only after everything is in place. bwrap's own root and /dev are tmpfs
    # mounts owned by the box's uid: left writable, they are unbounded memory for the box.
    read_only: tuple[str, ...] = ("/", "/dev")
    env: tuple[tuple[str, str], ...] = (
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", "/box"),
        ("LANG", "C.UTF-8"),
    )

    def run_as(self) -> tuple[int, int] | None:
        """The host (uid, gid) to drop to before starting bwrap, or None to stay as we are."""
        return (self.host_uid, self.host_gid) if os.geteuid() == 0 else None
