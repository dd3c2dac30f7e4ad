"""A ``SandboxPolicy`` and a run's ``RunLimits`` as bubblewrap's, prlimit's and the spawner's
arguments. Pure: checkable without a kernel."""

from __future__ import annotations

import math
import resource
from collections.abc import Sequence

from codejudge.models.run import Dev, DevNode, Mount, Proc, RoBind, RunLimits, Symlink, Tmpfs
from codejudge.sandbox.policy import SandboxPolicy

PRLIMIT = "/usr/bin/prlimit"  # util-linux, Essential in Debian; under /usr, so visible in the box


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
