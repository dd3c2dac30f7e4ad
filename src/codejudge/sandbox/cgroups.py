"""A cgroup per run: memory limit and peak, OOM-kill events, a process limit, CPU accounting.

Run cgroups are created below the judge's own cgroup (``<own>/codejudge/<pid>-<random>``), so
whatever limits the judge itself is under also hold for its boxes, and the judge never touches
cgroups it does not own. cgroup v2 is used where its memory and pids controllers can be
delegated to our subtree; otherwise the v1 memory, pids and cpuacct hierarchies. The spawner
joins a run's cgroups before it execs bubblewrap (see ``spawn.c``), so no box process ever runs
outside them.

Every file is opened relative to a directory descriptor with ``O_NOFOLLOW``; removal is
``rmdir`` of an empty cgroup, which follows no link. The box cannot see cgroupfs at all.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import logging
import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

log = logging.getLogger(__name__)

_V1_CONTROLLERS = ("memory", "pids", "cpuacct")
_V2_CONTROLLERS = ("memory", "pids")
_SUBTREE = "codejudge"
_OPEN = os.O_NOFOLLOW | os.O_CLOEXEC
_MS_REMOUNT = 32


class CgroupMode(StrEnum):
    AUTO = "auto"  # v2 if its controllers can be used, else v1, else none (logged loudly)
    V1 = "v1"
    V2 = "v2"
    NONE = "none"  # rlimits only


class CgroupUnavailable(Exception):
    """This cgroup version cannot be used here; the message says why."""


@dataclass(frozen=True, slots=True)
class CgroupUsage:
    cpu_ns: int
    peak_bytes: int
    oom_kills: int


class RunCgroup(Protocol):
    version: str

    def procs_fds(self) -> list[int]:
        """Fresh write-only descriptors of each hierarchy's ``cgroup.procs`` (caller closes)."""
        ...

    def usage(self) -> CgroupUsage: ...

    def remove(self) -> bool:
        """Remove the (by then empty) cgroup, waiting for exiting processes to leave it; False
        if it could not be (logged, swept later)."""
        ...

    def release(self) -> None:
        """Remove the cgroup if it is already empty, else leave it to be removed by the next
        ``create`` or ``collect()`` (the kernel detaches an exited process a little after its
        parent has reaped it: waiting for that would cost every run a millisecond or more)."""
        ...


class Cgroups(Protocol):
    version: str

    def create(self, memory_bytes: int, processes: int) -> RunCgroup: ...


def detect(mode: CgroupMode = CgroupMode.AUTO) -> Cgroups | None:
    """The cgroups to use in ``mode``; None for rlimits only. Raises for an explicit version
    that is unusable; AUTO falls back and logs why, loudly."""
    if mode == CgroupMode.NONE:
        return None
    favor_dynamic_changes()
    attempts: dict[CgroupMode, type[_V1Cgroups | _V2Cgroups]] = {
        CgroupMode.V2: _V2Cgroups,
        CgroupMode.V1: _V1Cgroups,
    }
    order = [mode] if mode != CgroupMode.AUTO else [CgroupMode.V2, CgroupMode.V1]
    reasons = []
    for version in order:
        try:
            return attempts[version]()
        except (CgroupUnavailable, OSError) as e:
            if mode != CgroupMode.AUTO:
                raise CgroupUnavailable(f"cgroup {version}: {e}") from e
            reasons.append(f"{version}: {e}")
    log.error(
        "SANDBOX WITHOUT CGROUPS: memory is limited by an address-space rlimit only, peak memory "
        "is sampled, and processes by RLIMIT_NPROC (%s). Run the judge as root with cgroup v2 "
        "memory+pids delegated, or the v1 memory, pids and cpuacct hierarchies mounted.",
        "; ".join(reasons),
    )
    return None


@functools.cache
def favor_dynamic_changes() -> bool:
    """Make moving a process into a cgroup cheap at every start of a box, not only when boxes
    start back to back: the cgroup2 mount option ``favordynmods`` (kernel 6.0+).

    Every move (our spawner joining a run's cgroup) takes a global lock whose writer waits for
    an RCU grace period unless another writer passed in the last one or two: measured here,
    a box started 50 ms after the previous one took 18 ms instead of 4.6. With the option, the
    lock is kept in its writer-friendly mode (forks and exits pay a little more), which is the
    trade the kernel offers this option for. It is host-wide, so it is only ever added: the
    mount's other options are kept. Needs root; True if the option is (now) in effect."""
    mount = next((m for m in _mounts() if m[2] == "cgroup2"), None)
    if mount is None:
        return False
    if "favordynmods" in mount[3]:
        return True
    options = [*sorted(mount[3] - {"rw", "ro"}), "favordynmods"]
    libc = ctypes.CDLL(None, use_errno=True)
    done = libc.mount(b"cgroup2", mount[0].encode(), b"cgroup2", _MS_REMOUNT,
                      ",".join(options).encode())  # fmt: skip
    if done != 0:
        why = os.strerror(ctypes.get_errno())
        log.warning("could not add favordynmods to %s (%s): a box started after an idle moment "
                    "takes about 10 ms longer", mount[0], why)  # fmt: skip
        return False
    log.info("cgroup2 at %s remounted with favordynmods (cheap moves into run cgroups)", mount[0])
    return True


# -- discovery ------------------------------------------------------------------------------


def _own_paths() -> dict[str, str]:
    """controller (or "" for v2) → this process's cgroup path, from /proc/self/cgroup."""
    paths = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                paths[name] = path
    return paths


def _mounts() -> list[tuple[str, str, str, set[str]]]:
    """(mount point, root in hierarchy, fs type, super options) of every cgroup mount."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, right = line.rstrip("\n").split(" - ", 1)
            fields, (fstype, _, options) = left.split(), right.split(" ", 2)
            if fstype in ("cgroup", "cgroup2"):
                found.append((fields[4], fields[3], fstype, set(options.split(","))))
    return found


def _own_dir(mount: str, root: str, path: str) -> str:
    relative = path[len(root) :] if root != "/" and path.startswith(root) else path
    return os.path.join(mount, relative.lstrip("/"))


def _sweep(base_fd: int) -> None:
    """Remove run cgroups left behind by judges that died, killing what still runs in them
    (only boxes ever join a run cgroup: a box whose judge was killed mid-start can hang)."""
    for name in os.listdir(base_fd):
        pid = name.split("-", 1)[0]
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            with contextlib.suppress(OSError):
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _OPEN, dir_fd=base_fd)
                _rmdir(base_fd, name, fd)


def _kill_members(dir_fd: int) -> None:
    """SIGKILL every process still in a run cgroup (pidfd: no signal to a recycled pid)."""
    for pid in map(int, _read(dir_fd, "cgroup.procs").split()):
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            continue
        try:
            if str(pid) in _read(dir_fd, "cgroup.procs").split():
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except OSError:
            pass
        finally:
            os.close(pidfd)


def _open_subtree(own: str) -> int:
    """Our subtree's directory descriptor, creating it if needed."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(os.path.join(own, _SUBTREE), 0o755)
    fd = os.open(os.path.join(own, _SUBTREE), os.O_RDONLY | os.O_DIRECTORY | _OPEN)
    _sweep(fd)
    return fd


# -- reading and writing control files --------------------------------------------------------


def _read(dir_fd: int, name: str) -> str:
    fd = os.open(name, os.O_RDONLY | _OPEN, dir_fd=dir_fd)
    try:
        return os.read(fd, 4096).decode()
    finally:
        os.close(fd)


def _write(dir_fd: int, name: str, value: str) -> None:
    fd = os.open(name, os.O_WRONLY | _OPEN, dir_fd=dir_fd)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _keyed(text: str, key: str) -> int:
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    return 0


class _Graveyard:
    """Released run cgroups not yet removed: one per process, whichever ``Sandbox`` (and
    ``Cgroups``) made them. Thread-safe."""

    # A released cgroup still busy after this long gets the full treatment (its members killed).
    PATIENCE_S = 5.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: list[tuple[_Run, float]] = []

    def add(self, run: _Run) -> None:
        with self._lock:
            self._runs.append((run, time.monotonic()))

    def collect(self, wait: bool = False) -> int:
        with self._lock:
            runs, self._runs = self._runs, []
        now, left = time.monotonic(), []
        for run, released in runs:
            if run.try_remove():
                continue
            if wait or now - released > self.PATIENCE_S:
                run.remove()
            else:
                left.append((run, released))
        with self._lock:
            self._runs.extend(left)
            return len(self._runs)


_GRAVEYARD = _Graveyard()
atexit.register(_GRAVEYARD.collect, True)


def collect(wait: bool = False) -> int:
    """Remove the released run cgroups (of any ``Cgroups`` of this process) that have emptied
    since; with ``wait``, all of them (killing what still runs in one). Returns how many are
    still left. Every ``create`` does this (without waiting) first."""
    return _GRAVEYARD.collect(wait)


class _Run:
    """One run's cgroup: a directory (per hierarchy in v1) below our subtree."""

    version = ""

    def __init__(self, bases: dict[str, int], name: str) -> None:
        self._name, self._bases = name, bases
        self._dirs: dict[str, int] = {}
        try:
            for controller, base in bases.items():
                os.mkdir(name, 0o755, dir_fd=base)
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | _OPEN, dir_fd=base)
                self._dirs[controller] = fd
        except OSError:
            self.remove()
            raise

    def procs_fds(self) -> list[int]:
        unique = dict.fromkeys(self._dirs.values())
        return [os.open("cgroup.procs", os.O_WRONLY | _OPEN, dir_fd=fd) for fd in unique]

    def remove(self) -> bool:
        ok = True
        for controller, fd in self._dirs.items():
            ok = _rmdir(self._bases[controller], self._name, fd) and ok
        self._dirs.clear()
        return ok

    def try_remove(self) -> bool:
        """One ``rmdir`` attempt per hierarchy, never waiting; True once all are gone."""
        for controller, fd in list(self._dirs.items()):
            try:
                os.rmdir(self._name, dir_fd=self._bases[controller])
            except FileNotFoundError:
                pass
            except OSError:  # EBUSY: a process is still leaving it
                continue
            os.close(fd)
            del self._dirs[controller]
        return not self._dirs

    def release(self) -> None:
        if not self.try_remove():
            _GRAVEYARD.add(self)


def _rmdir(base_fd: int, name: str, dir_fd: int) -> bool:
    """rmdir a run cgroup, waiting briefly for exiting processes to leave it and killing any
    that stay (a box init orphaned before it could start, say)."""
    try:
        for attempt in range(100):
            try:
                os.rmdir(name, dir_fd=base_fd)
                return True
            except FileNotFoundError:
                return True
            except OSError:  # EBUSY: a process is still in it, or being torn down
                if attempt % 10 == 5:
                    _kill_members(dir_fd)
                time.sleep(0.002)
        log.error("cgroup %s still busy: %s", name, _read(dir_fd, "cgroup.procs").split())
        return False
    finally:
        os.close(dir_fd)


def _run_name() -> str:
    # The pid first: ``_sweep`` removes what judges that died left behind.
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


# -- v1 ---------------------------------------------------------------------------------------


class _V1Run(_Run):
    version = "v1"

    def usage(self) -> CgroupUsage:
        memory = self._dirs["memory"]
        return CgroupUsage(
            cpu_ns=int(_read(self._dirs["cpuacct"], "cpuacct.usage")),
            peak_bytes=int(_read(memory, "memory.max_usage_in_bytes")),
            oom_kills=_keyed(_read(memory, "memory.oom_control"), "oom_kill"),
        )


class _V1Cgroups:
    version = "v1"

    def __init__(self) -> None:
        own, mounts = _own_paths(), _mounts()
        self._bases: dict[str, int] = {}
        for controller in _V1_CONTROLLERS:
            mount = next((m for m in mounts if m[2] == "cgroup" and controller in m[3]), None)
            if mount is None or controller not in own:
                raise CgroupUnavailable(f"the {controller} controller is not mounted")
            directory = _own_dir(mount[0], mount[1], own[controller])
            self._bases[controller] = _open_subtree(directory)
        # Probe: a cgroup we can create, limit and remove.
        self.create(64 * 1024 * 1024, 4).remove()

    def create(self, memory_bytes: int, processes: int) -> RunCgroup:
        _GRAVEYARD.collect()
        run = _V1Run(self._bases, _run_name())
        try:
            memory = run._dirs["memory"]
            _write(memory, "memory.limit_in_bytes", str(memory_bytes))
            with contextlib.suppress(FileNotFoundError):  # no swap accounting: nothing to cap
                _write(memory, "memory.memsw.limit_in_bytes", str(memory_bytes))
            _write(run._dirs["pids"], "pids.max", str(processes))
        except OSError:
            run.remove()
            raise
        return run


# -- v2 ---------------------------------------------------------------------------------------


class _V2Run(_Run):
    version = "v2"

    def usage(self) -> CgroupUsage:
        fd = self._dirs[""]
        return CgroupUsage(
            cpu_ns=_keyed(_read(fd, "cpu.stat"), "usage_usec") * 1000,
            peak_bytes=int(_read(fd, "memory.peak")),
            oom_kills=_keyed(_read(fd, "memory.events"), "oom_kill"),
        )


class _V2Cgroups:
    version = "v2"

    def __init__(self) -> None:
        mount = next((m for m in _mounts() if m[2] == "cgroup2"), None)
        own = _own_paths().get("")
        if mount is None or own is None:
            raise CgroupUnavailable("no cgroup2 mount")
        directory = _own_dir(mount[0], mount[1], own)
        with open(os.path.join(directory, "cgroup.controllers")) as f:
            missing = set(_V2_CONTROLLERS) - set(f.read().split())
        if missing:
            raise CgroupUnavailable(f"controllers {sorted(missing)} are not available in v2")
        enable = " ".join(f"+{c}" for c in _V2_CONTROLLERS)
        # Fails (EBUSY) if our own cgroup holds processes and is not the root: v2 has no
        # controllers in inner nodes with processes. Delegate a subtree to the judge then.
        with open(os.path.join(directory, "cgroup.subtree_control"), "w") as f:
            f.write(enable)
        self._base = _open_subtree(directory)
        _write(self._base, "cgroup.subtree_control", enable)
        self.create(64 * 1024 * 1024, 4).remove()

    def create(self, memory_bytes: int, processes: int) -> RunCgroup:
        _GRAVEYARD.collect()
        run = _V2Run({"": self._base}, _run_name())
        try:
            fd = run._dirs[""]
            _write(fd, "memory.max", str(memory_bytes))
            with contextlib.suppress(FileNotFoundError):
                _write(fd, "memory.swap.max", "0")
            _write(fd, "pids.max", str(processes))
        except OSError:
            run.remove()
            raise
        return run
