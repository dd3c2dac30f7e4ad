"""The adapter from a ``SandboxPolicy`` to bubblewrap (namespaces, mounts) + prlimit (rlimits).

rlimits are set inside the box by util-linux ``prlimit``, which sets them on itself and execs the
program: bwrap has no rlimit options, and setting them on bwrap would count RLIMIT_NPROC against
the host uid that every box shares instead of against the box's own user namespace.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import time
from collections.abc import Sequence

from codejudge.exceptions import SandboxUnavailable
from codejudge.sandbox.box import Box, RunFacts, current_rss_kb
from codejudge.sandbox.policy import (
    Dev,
    InputFile,
    Mount,
    Proc,
    RoBind,
    RunLimits,
    SandboxPolicy,
    Symlink,
    Tmpfs,
)

# In a command, replaced by the descriptor number of the result channel (see Sandbox.start).
CHANNEL_FD = "{channel_fd}"
PRLIMIT = "/usr/bin/prlimit"  # util-linux, Essential in Debian; under /usr, so visible in the box
_INSTALL_HINT = (
    "install bubblewrap and util-linux (`apt-get install bubblewrap util-linux`) and allow "
    "unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on Debian also "
    "kernel.unprivileged_userns_clone=1)"
)


class Sandbox:
    """Runs commands in bubblewrap boxes confined by one ``SandboxPolicy``."""

    def __init__(self, policy: SandboxPolicy | None = None, *, bwrap: str = "bwrap") -> None:
        self.policy = policy or SandboxPolicy()
        self._bwrap = shutil.which(bwrap) or bwrap
        self._checked = False

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
        self._checked = True

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
        with self.start(command, limits=limits, files=files, env=env) as box:
            box.send(stdin)
            box.close_stdin()
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
    ) -> Box:
        """Start ``command`` in a new box. With ``channel``, the box gets one more pipe for
        results; ``CHANNEL_FD`` in the command becomes its descriptor number."""
        with _Descriptors() as fds:
            stdin_r, stdin_w = fds.pipe()
            stdout_r, stdout_w = fds.pipe()
            stderr_r, stderr_w = fds.pipe()
            info_r, info_w = fds.pipe()
            channel_r, channel_w = fds.pipe() if channel else (None, None)
            file_fds = [(fds.memfd(f.data), f.path) for f in files]
            if channel_w is not None:
                command = [arg.replace(CHANNEL_FD, str(channel_w)) for arg in command]
            argv = bwrap_argv(self.policy, limits, command, files=file_fds, info_fd=info_w, env=env)
            inherited = [fd for fd, _ in file_fds] + [info_w]
            if channel_w is not None:
                inherited.append(channel_w)
            run_as = self.policy.run_as()
            spawner_rss_kb = current_rss_kb()
            proc = subprocess.Popen(
                [self._bwrap, *argv],
                stdin=stdin_r,
                stdout=stdout_w,
                stderr=stderr_w,
                pass_fds=inherited,
                env={},  # nothing of the host's environment, not even for bwrap itself
                start_new_session=True,
                user=run_as[0] if run_as else None,
                group=run_as[1] if run_as else None,
                extra_groups=[] if run_as else None,
            )
            # The parent keeps only its ends; everything else is closed when this block ends.
            for fd in (stdin_w, stdout_r, stderr_r, info_r, channel_r):
                if fd is not None:
                    fds.keep(fd)
            return Box(
                proc,
                limits=limits,
                stdin_fd=stdin_w,
                stdout_fd=stdout_r,
                stderr_fd=stderr_r,
                info_fd=info_r,
                channel_fd=channel_r,
                spawner_rss_kb=spawner_rss_kb,
            )


def bwrap_argv(
    policy: SandboxPolicy,
    limits: RunLimits,
    command: Sequence[str],
    *,
    files: Sequence[tuple[int, str]],
    info_fd: int,
    env: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """bwrap's arguments (without the bwrap path itself) for one run. Pure."""
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
    for fd, path in files:
        argv += ["--ro-bind-data", str(fd), path]
    for path in policy.read_only:
        argv += ["--remount-ro", path]
    argv += ["--chdir", policy.workdir.dest, "--clearenv"]
    for name, value in (*policy.env, *env):
        argv += ["--setenv", name, value]
    argv += ["--info-fd", str(info_fd), "--", *prlimit_argv(limits), "--", *command]
    return argv


def prlimit_argv(limits: RunLimits) -> list[str]:
    """The rlimits of one run. RLIMIT_CPU is a backstop with whole-second granularity: the host
    samples the box's CPU time and kills it at ``cpu_ms`` exactly."""
    cpu_s = math.ceil(limits.cpu_ms / 1000) + 1
    return [
        PRLIMIT,
        f"--cpu={cpu_s}:{cpu_s + 1}",
        f"--as={limits.memory_kb * 1024}",
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

    def pipe(self) -> tuple[int, int]:
        r, w = os.pipe2(os.O_CLOEXEC)
        self._open |= {r, w}
        return r, w

    def memfd(self, data: bytes) -> int:
        # A memfd is a file with no path anywhere: the box gets a copy, the host never has to
        # open (or clean up) a location the box could have changed.
        fd = os.memfd_create("codejudge-input")
        self._open.add(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.lseek(fd, 0, os.SEEK_SET)
        return fd

    def keep(self, fd: int) -> None:
        self._open.discard(fd)
