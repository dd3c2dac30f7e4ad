"""The adapter from a ``SandboxPolicy`` to bubblewrap (namespaces, mounts, seccomp) + prlimit
(rlimits) + the run's cgroup (memory, processes, CPU accounting).

rlimits: in a box with a cgroup, the spawner sets them before it execs bwrap (bwrap and the
program inherit them), all but RLIMIT_NPROC, which would count the processes of every box
against the one host uid they share: the pids cgroup limits processes instead. Without a cgroup,
util-linux ``prlimit`` sets them inside the box (RLIMIT_NPROC and an address-space limit
included) and execs the program: one exec more, about 0.8 ms.

A box is started by the spawner helper (``spawn.c``): the judge vfork+execs it (cheap), it joins
the run's cgroups, drops to the box's host uid, sets no_new_privs and execs bwrap.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codejudge.exceptions import SandboxUnavailable
from codejudge.models.run import (
    CHANNEL_FD,
    Dev,
    DevNode,
    InputFile,
    Mount,
    Proc,
    RoBind,
    RunFacts,
    RunLimits,
    Symlink,
    Tmpfs,
    Usage,
)
from codejudge.sandbox import cgroups, seccomp
from codejudge.sandbox.box import Box, current_rss_kb
from codejudge.sandbox.cgroups import CgroupMode, Cgroups, RunCgroup
from codejudge.sandbox.policy import SandboxPolicy
from codejudge.sandbox.spawner import gate_path, spawner_path

log = logging.getLogger(__name__)

# Processes of a box besides the program's: bwrap itself and the box's init.
_BOX_PROCESSES = 2
# Memory a box's cgroup is charged before the program starts (bwrap's two processes, prlimit):
# added to the cgroup's hard limit, so the program gets all of ``memory_kb`` and no more (see
# Box for the reporting side). Until ``check()`` has measured an empty box, a safe guess; then
# the measured charge plus the slack it varies by between runs (about 0.2 MiB here).
BOX_MEMORY_OVERHEAD_KB = 4096
BOX_MEMORY_SLACK_KB = 512
GATE_PATH = "/.cjgate"  # in a pre-started box, outside the work dir
_BIG_PIPE = 1024 * 1024  # stdout: answers of up to a megabyte in one transfer
PRLIMIT = "/usr/bin/prlimit"  # util-linux, Essential in Debian; under /usr, so visible in the box
_INSTALL_HINT = (
    "install bubblewrap and util-linux (`apt-get install bubblewrap util-linux`) and allow "
    "unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on Debian also "
    "kernel.unprivileged_userns_clone=1)"
)


class Sandbox:
    """Runs commands in bubblewrap boxes confined by one ``SandboxPolicy``.

    ``cgroups`` chooses the cgroup version (``auto``: v2 where usable, else v1, else rlimits
    only, logged loudly); ``spawner=False`` starts bwrap from Python directly (slower, and
    without cgroups, since nothing could join them before the box starts).
    """

    def __init__(
        self,
        policy: SandboxPolicy | None = None,
        *,
        bwrap: str = "bwrap",
        cgroups: CgroupMode | str = CgroupMode.AUTO,
        spawner: bool = True,
    ) -> None:
        self.policy = policy or SandboxPolicy()
        self._bwrap = shutil.which(bwrap) or bwrap
        self._checked = False
        self._spawner = spawner_path() if spawner else None
        mode = CgroupMode(cgroups)
        if self._spawner is None and mode != CgroupMode.NONE:
            log.error("SANDBOX WITHOUT CGROUPS: no spawner helper (disabled or not built)")
            mode = CgroupMode.NONE
        self.cgroups: Cgroups | None = cgroups_detect(mode)
        self._seccomp_bpf()  # fail now, not at the first run, if libseccomp is missing
        self._baseline = self._gate_baseline = Usage(0, 0)
        gate = gate_path() if self._spawner else None
        self._gate = Path(gate).read_bytes() if gate else None

    @property
    def cgroup_version(self) -> str:
        """ "v1", "v2", or "" when memory and processes are limited by rlimits only."""
        return self.cgroups.version if self.cgroups else ""

    def check(self) -> None:
        """Start one trivial box; raise ``SandboxUnavailable`` telling the operator what to fix."""
        if self._checked:
            return
        for tool in (self._bwrap, PRLIMIT):
            if not os.access(tool, os.X_OK):
                raise SandboxUnavailable(f"{tool} not found: {_INSTALL_HINT}")
        try:
            facts = self.run(["/usr/bin/true"], limits=RunLimits(cpu_ms=1000, wall_ms=5000))
        except OSError as e:
            raise SandboxUnavailable(f"cannot start bubblewrap ({e}): {_INSTALL_HINT}") from e
        if facts.exit_code != 0:
            detail = facts.stderr.decode(errors="replace").strip()
            raise SandboxUnavailable(f"bubblewrap cannot create a box ({detail}): {_INSTALL_HINT}")
        if self.cgroups is not None:
            # What an empty box costs (bwrap's processes, prlimit): not the program's, so it is
            # subtracted from every run's figures. The same for a pre-started one (its gate).
            self._baseline = Usage(facts.cpu_ms, facts.memory_kb)
            with self.prepare(["/usr/bin/true"], limits=RunLimits(cpu_ms=1000, wall_ms=5000)) as p:
                gated = p.run()
            if gated.exit_code == 0:
                self._gate_baseline = Usage(gated.cpu_ms, gated.memory_kb)
        self._checked = True

    def collect_cgroups(self, wait: bool = True) -> int:
        """Remove the cgroups of finished runs that are still there (see ``RunCgroup.release``);
        returns how many are left."""
        return cgroups.collect(wait) if self.cgroups is not None else 0

    def available(self) -> bool:
        try:
            self.check()
        except SandboxUnavailable:
            return False
        return True

    def run(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        stdin: bytes = b"",
        env: Sequence[tuple[str, str]] = (),
    ) -> RunFacts:
        """Run ``command`` to completion (or until a limit stops it) with ``stdin`` as input."""
        with self.start(command, limits=limits, files=files, env=env, stdin=stdin) as box:
            deadline = time.monotonic() + limits.wall_ms / 1000
            return box.wait(wall_deadline=deadline, cpu_deadline_ms=limits.cpu_ms)

    def start(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        channel: bool = False,
        stdin: bytes = b"",
        pipes: tuple[int, int] | None = None,
    ) -> Box:
        """Start ``command`` in a new box with ``stdin`` as its standard input (a sealed
        in-memory file: the box reads it at its own pace, to end of file). With ``channel``,
        the box gets one more pipe for results; ``CHANNEL_FD`` in the command becomes its
        descriptor number. ``pipes`` (read end, write end) replaces both: the box's stdin and
        stdout are those pipe ends (an interactive problem's program and its validator talk
        through two pipes), and its stdout is not captured. The caller keeps its descriptors."""
        return self._in_cgroup(command, limits, files, env, channel, stdin, pipes=pipes).box

    def prepare(
        self,
        command: Sequence[str],
        *,
        limits: RunLimits,
        files: Sequence[InputFile] = (),
        env: Sequence[tuple[str, str]] = (),
        channel: bool = False,
    ) -> PreparedBox:
        """Set up a box for ``command`` now and run it later (``PreparedBox.run``) with the
        stdin known by then: the set-up (namespaces, mounts, cgroup, seccomp, the file copies)
        overlaps whatever the caller does meanwhile, such as the previous test's run. The
        command does not start before ``run``: a gate (``gate.c``) waits in the box for the
        host's word. Without the spawner the box is only started at ``run``. ``channel`` as
        for ``start``."""
        if self._gate is None:
            return PreparedBox(self, command, limits, files, env, None, channel)
        started = self._in_cgroup(command, limits, files, env, channel, b"", gated=True)
        return PreparedBox(self, command, limits, files, env, started, channel)

    def _in_cgroup(
        self,
        command: Sequence[str],
        limits: RunLimits,
        files: Sequence[InputFile],
        env: Sequence[tuple[str, str]],
        channel: bool,
        stdin: bytes,
        gated: bool = False,
        pipes: tuple[int, int] | None = None,
    ) -> _Started:
        """``_start`` in a new run cgroup, which goes again if the box cannot start."""
        cgroup = self._cgroup(limits, files)
        try:
            return self._start(command, limits, files, env, channel, stdin, cgroup, gated, pipes)
        except BaseException:
            if cgroup is not None:
                cgroup.remove()
            raise

    def _seccomp_bpf(self) -> bytes | None:
        # Read from the policy at every start (compiled once per policy): a copy of this
        # Sandbox with a replaced policy (as languages make) gets its own filter.
        policy = self.policy.seccomp
        return seccomp.compile_bpf(policy) if policy is not None else None

    def _cgroup(self, limits: RunLimits, files: Sequence[InputFile]) -> RunCgroup | None:
        if self.cgroups is None:
            return None
        memory = self.cgroup_memory_bytes(limits, files)
        return self.cgroups.create(memory, limits.processes + _BOX_PROCESSES)

    def cgroup_memory_bytes(self, limits: RunLimits, files: Sequence[InputFile] = ()) -> int:
        """The hard limit of a run's memory cgroup: ``limits.memory_kb`` (the program's) plus
        what the empty box itself is charged and the files placed in it. A program that stays
        below ``memory_kb`` is never killed; one that goes on allocating past it is OOM-killed
        within a MiB or so, and anything between is reported by its peak
        (``RunFacts.memory_limit_hit``)."""
        box_kb = BOX_MEMORY_OVERHEAD_KB
        if self._checked:
            box_kb = max(self._baseline.memory_kb, self._gate_baseline.memory_kb)
            box_kb += BOX_MEMORY_SLACK_KB
        return (limits.memory_kb + box_kb + files_kb(files)) * 1024

    def _charged_before(self, gated: bool, files: Sequence[InputFile]) -> Usage:
        """What a box is charged before its program runs: subtracted from its counters."""
        empty = self._gate_baseline if gated else self._baseline
        return Usage(empty.cpu_ms, empty.memory_kb + files_kb(files))

    def _start(
        self,
        command: Sequence[str],
        limits: RunLimits,
        files: Sequence[InputFile],
        env: Sequence[tuple[str, str]],
        channel: bool,
        stdin: bytes,
        cgroup: RunCgroup | None,
        gated: bool = False,
        pipes: tuple[int, int] | None = None,
    ) -> _Started:
        with _Descriptors() as fds:
            if pipes is not None:
                stdin_fd, stdout_w = pipes  # the caller's: not closed here
                stdout_r: int | None = None
            else:
                # Gated, stdin is written (and sealed) at the go: the box shares the open file.
                stdin_fd = fds.memfd(stdin, sealed=not gated, sealable=True)
                stdout_r, stdout_w = fds.pipe(_BIG_PIPE)
            stderr_r, stderr_w = fds.pipe()
            info_r, info_w = fds.pipe()
            channel_r, channel_w = fds.pipe() if channel else (None, None)
            go_r, go_w = fds.pipe() if gated else (None, None)
            box_files = list(files)
            if gated:
                assert self._gate is not None
                box_files.append(InputFile(GATE_PATH, self._gate, 0o555))
            file_fds = [(fds.memfd(f.data), f.path, f.mode) for f in box_files]
            bpf = self._seccomp_bpf()
            seccomp_fd = fds.memfd(bpf) if bpf is not None else None
            inherited = [fd for fd in (channel_w, info_w, seccomp_fd, go_r) if fd is not None]
            inherited += [fd for fd, _, _ in file_fds]
            # With the spawner the box sees them as 3, 4, ... (the channel first): stable
            # numbers, whatever the judge has open.
            box_fd = {fd: n + 3 if self._spawner else fd for n, fd in enumerate(inherited)}
            if channel_w is not None:
                command = [arg.replace(CHANNEL_FD, str(box_fd[channel_w])) for arg in command]
            if go_r is not None:
                command = [GATE_PATH, str(box_fd[go_r]), "--", *command]
            # A cgroup means the spawner is in use (see __init__): it sets the rlimits.
            argv = bwrap_argv(
                self.policy, limits, command,
                files=[(box_fd[fd], path, mode) for fd, path, mode in file_fds],
                info_fd=box_fd[info_w], env=env, address_space=cgroup is None,
                seccomp_fd=box_fd[seccomp_fd] if seccomp_fd is not None else None,
                prlimit=cgroup is None,
            )  # fmt: skip
            procs = fds.adopt(cgroup.procs_fds()) if cgroup is not None else []
            largest = max((len(f.data) for f in box_files), default=0)
            rlimits = spawner_rlimits(limits, largest) if cgroup is not None else []
            spawner_rss_kb = current_rss_kb()
            proc = self._popen(argv, procs, box_fd, (stdin_fd, stdout_w, stderr_w), rlimits)
            # The parent keeps only its ends; everything else is closed when this block ends.
            for fd in (stdout_r, stderr_r, info_r, channel_r, go_w):
                if fd is not None:
                    fds.keep(fd)
            if go_w is not None:
                fds.keep(stdin_fd)
            box = Box(
                proc,
                limits=limits,
                stdout_fd=stdout_r,
                stderr_fd=stderr_r,
                info_fd=info_r,
                channel_fd=channel_r,
                spawner_rss_kb=spawner_rss_kb,
                cgroup=cgroup,
                baseline=self._charged_before(gated, files),
            )
            return _Started(box, go_w, stdin_fd if gated else None)

    def _popen(
        self,
        argv: list[str],
        procs: list[int],
        box_fd: dict[int, int],
        stdio: tuple[int, int, int],
        rlimits: list[str],
    ) -> subprocess.Popen[bytes]:
        run_as = self.policy.run_as()
        if self._spawner is not None:
            # No user/group change in Python, so subprocess can vfork: the helper changes them.
            uid, gid = run_as if run_as else (-1, -1)
            head = [self._spawner, str(uid), str(gid), *(f"cg={fd}" for fd in procs)]
            head += [f"fd={fd}:{n}" for fd, n in box_fd.items()]
            head += rlimits
            return subprocess.Popen(
                [*head, "--", self._bwrap, *argv],
                stdin=stdio[0],
                stdout=stdio[1],
                stderr=stdio[2],
                pass_fds=[*procs, *box_fd],
                env={},  # nothing of the host's environment, not even for bwrap itself
                start_new_session=True,
            )
        return subprocess.Popen(
            [self._bwrap, *argv],
            stdin=stdio[0],
            stdout=stdio[1],
            stderr=stdio[2],
            pass_fds=list(box_fd),
            env={},
            start_new_session=True,
            user=run_as[0] if run_as else None,
            group=run_as[1] if run_as else None,
            extra_groups=[] if run_as else None,
        )


def files_kb(files: Sequence[InputFile]) -> int:
    """What the files placed in a box are charged to its memory cgroup (bwrap copies each into
    a tmpfs file of the box's): the program itself, a driver, a spec. They are the judge's
    copies, not memory the program allocated, so a peak is reported without them: a program
    with 200 MB of static data is charged the 200 MB it maps, not twice that."""
    return sum(-(-len(f.data) // 4096) * 4 for f in files)


def cgroups_detect(mode: CgroupMode) -> Cgroups | None:
    try:
        return cgroups.detect(mode)
    except cgroups.CgroupUnavailable as e:
        raise SandboxUnavailable(str(e)) from e


def bwrap_argv(
    policy: SandboxPolicy,
    limits: RunLimits,
    command: Sequence[str],
    *,
    files: Sequence[tuple[int, str] | tuple[int, str, int | None]],
    info_fd: int,
    env: Sequence[tuple[str, str]] = (),
    seccomp_fd: int | None = None,
    address_space: bool = True,
    prlimit: bool = True,
) -> list[str]:
    """bwrap's arguments (without the bwrap path itself) for one run. Pure. Without
    ``prlimit`` the caller sets the rlimits itself (``spawner_rlimits``)."""
    argv = [
        "--unshare-all",  # user, pid, net, ipc, uts, mount, cgroup namespaces
        "--unshare-user",  # explicit: --disable-userns requires it
        "--disable-userns",
        "--die-with-parent",
        "--new-session",  # no controlling terminal: blocks TIOCSTI injection
        "--uid", str(policy.uid),
        "--gid", str(policy.gid),
        "--hostname", policy.hostname,
    ]  # fmt: skip
    for mount in policy.mounts:
        argv += _mount_args(mount)
    argv += _mount_args(policy.workdir)
    for fd, path, *mode in files:
        if mode and mode[0] is not None:
            argv += ["--perms", f"{mode[0]:o}"]
        argv += ["--ro-bind-data", str(fd), path]
    for path in policy.masked:
        argv += ["--size", "4096", "--tmpfs", path]
    devs = tuple(m.dest for m in policy.mounts if isinstance(m, Dev))
    for path in dict.fromkeys((*policy.read_only, *devs, *policy.masked)):
        argv += ["--remount-ro", path]
    argv += ["--chdir", policy.workdir.dest, "--clearenv"]
    for name, value in (*policy.env, *env):
        argv += ["--setenv", name, value]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    argv += ["--info-fd", str(info_fd), "--"]
    if prlimit:
        argv += [*prlimit_argv(limits, address_space), "--"]
    return [*argv, *command]


def _cpu_backstop_s(limits: RunLimits) -> int:
    return math.ceil(limits.cpu_ms / 1000) + 1


def spawner_rlimits(limits: RunLimits, largest_file: int = 0) -> list[str]:
    """The spawner's ``rl=RESOURCE:SOFT:HARD`` arguments for a box with a cgroup: the same
    limits as ``prlimit_argv`` but RLIMIT_NPROC and the address space (the cgroup limits both).
    bwrap copies the input files into the box under them, so the file-size limit is at least
    the largest one. Pure."""
    cpu_s = _cpu_backstop_s(limits)
    fsize = max(limits.file_size_bytes, largest_file)
    values = [
        (resource.RLIMIT_CPU, cpu_s, cpu_s + 1),
        (resource.RLIMIT_FSIZE, fsize, fsize),
        (resource.RLIMIT_NOFILE, limits.open_files, limits.open_files),
        (resource.RLIMIT_STACK, limits.stack_kb * 1024, limits.stack_kb * 1024),
        (resource.RLIMIT_CORE, 0, 0),
    ]
    return [f"rl={name}:{soft}:{hard}" for name, soft, hard in values]


def prlimit_argv(limits: RunLimits, address_space: bool = True) -> list[str]:
    """The rlimits of one run. RLIMIT_CPU is a backstop with whole-second granularity: the host
    samples the box's CPU time and kills it at ``cpu_ms`` exactly. The address-space limit is
    only for boxes without a memory cgroup: runtimes such as the JVM and Go reserve far more
    address space than they use, so it would fail them long before their real limit."""
    cpu_s = _cpu_backstop_s(limits)
    memory = [f"--as={limits.memory_kb * 1024}"] if address_space else []
    return [
        PRLIMIT,
        f"--cpu={cpu_s}:{cpu_s + 1}",
        *memory,
        f"--nproc={limits.processes}",
        f"--fsize={limits.file_size_bytes}",
        f"--nofile={limits.open_files}",
        f"--stack={limits.stack_kb * 1024}",
        "--core=0",
    ]


def _mount_args(mount: Mount) -> list[str]:
    match mount:
        case RoBind(source, dest, optional):
            return ["--ro-bind-try" if optional else "--ro-bind", source, dest]
        case Symlink(target, dest):
            return ["--symlink", target, dest]
        case Proc(dest):
            return ["--proc", dest]
        case Dev(dest):
            return ["--dev", dest]
        case DevNode(path):
            return ["--dev-bind", path, path]
        case Tmpfs(dest, size_bytes):
            return ["--size", str(size_bytes), "--tmpfs", dest]
    raise TypeError(f"unknown mount {mount!r}")


class _Descriptors:
    """Descriptors opened to start a box; all but the kept ones are closed at the end."""

    def __init__(self) -> None:
        self._open: set[int] = set()

    def __enter__(self) -> _Descriptors:
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


@dataclass(frozen=True, slots=True)
class _Started:
    box: Box
    go_fd: int | None  # gated: the pipe whose one byte lets the program start
    stdin_fd: int | None  # gated: the box's stdin, still empty and unsealed


class PreparedBox:
    """A box set up ahead of its run (``Sandbox.prepare``); use as a context manager, so that
    a box never run is taken down."""

    def __init__(
        self,
        sandbox: Sandbox,
        command: Sequence[str],
        limits: RunLimits,
        files: Sequence[InputFile],
        env: Sequence[tuple[str, str]],
        started: _Started | None,
        channel: bool = False,
    ) -> None:
        self._sandbox, self._command, self._limits = sandbox, command, limits
        self._channel = channel
        self._files, self._env, self._started = files, env, started
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
            self._box = self._sandbox.start(
                self._command, limits=self._limits, files=self._files, env=self._env,
                stdin=stdin, channel=self._channel,
            )  # fmt: skip
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
