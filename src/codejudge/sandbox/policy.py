"""What a box may see and use, as data. The adapter in ``bwrap.py`` turns it into arguments.

Mounts, limits and the syscall deny-list are frozen dataclasses; ``seccomp.py`` compiles the
deny-list, ``cgroups.py`` applies the memory and process limits.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from codejudge.models.run import (
    Dev,
    DevNode,
    Mount,
    Proc,
    RoBind,
    Symlink,
    Tmpfs,
)

# The unprivileged identity that bubblewrap runs as on the host when we are root. Run as root,
# bwrap maps the box's uid to host uid 0, and the kernel exempts uid 0 from RLIMIT_NPROC (a fork
# bomb then ignores the process limit). As an unprivileged uid the limit counts per user
# namespace, so each box has its own process budget and boxes cannot starve each other.
NOBODY = 65534


DEFAULT_MOUNTS: tuple[Mount, ...] = (
    RoBind("/usr", "/usr"),
    Symlink("usr/lib", "/lib"),
    Symlink("usr/lib64", "/lib64"),
    Symlink("usr/bin", "/bin"),
    Symlink("usr/sbin", "/sbin"),
    # Saves the dynamic linker a directory search at every start; not needed for correctness.
    RoBind("/etc/ld.so.cache", "/etc/ld.so.cache", optional=True),
    Proc(),
    DevNode("/dev/null"),
    DevNode("/dev/zero"),
    DevNode("/dev/urandom"),
    # Programs that open /dev/stdin and friends get their own descriptors (through the box's
    # own /proc), nothing of the host's.
    Symlink("/proc/self/fd", "/dev/fd"),
    Symlink("/proc/self/fd/0", "/dev/stdin"),
    Symlink("/proc/self/fd/1", "/dev/stdout"),
    Symlink("/proc/self/fd/2", "/dev/stderr"),
    Tmpfs("/tmp", 16 * 1024 * 1024),
)

# Syscalls a judged program never needs and that widen the kernel's attack surface (the
# usual container deny-lists: Docker's default profile, Chromium's baseline, go-judge's).
DENIED_SYSCALLS: tuple[str, ...] = (
    # other processes and the kernel's view of them
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    # file systems and namespaces
    "mount", "umount", "umount2", "mount_setattr", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "pivot_root", "chroot", "unshare", "setns",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "quotactl", "quotactl_fd",
    "lookup_dcookie", "nfsservctl", "uselib", "swapon", "swapoff", "acct",
    # kernel subsystems that are frequent exploit vectors
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    # the machine itself
    "kexec_load", "kexec_file_load", "reboot", "init_module", "finit_module", "delete_module",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "syslog", "vhangup",
    "sethostname", "setdomainname", "iopl", "ioperm", "modify_ldt", "_sysctl",
    "move_pages", "migrate_pages", "mbind", "set_mempolicy",
)  # fmt: skip

_NAMESPACE_FLAGS = (
    0x10000000,  # CLONE_NEWUSER
    0x00020000,  # CLONE_NEWNS
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
    0x08000000,  # CLONE_NEWIPC
    0x04000000,  # CLONE_NEWUTS
    0x02000000,  # CLONE_NEWCGROUP
)


@dataclass(frozen=True, slots=True)
class SeccompPolicy:
    """A deny-list: everything else is allowed. Denied calls fail with ``errno`` (EPERM) rather
    than killing the program, so it gets a clean error; a foreign architecture (32-bit, x32)
    kills the process, since the list's numbers do not apply to it."""

    deny: tuple[str, ...] = DENIED_SYSCALLS
    errno: int = errno.EPERM
    # Raw packet capture and host<->VM sockets; the box has no network anyway.
    deny_socket_families: tuple[int, ...] = (socket.AF_PACKET, socket.AF_VSOCK)
    deny_clone_flags: tuple[int, ...] = _NAMESPACE_FLAGS
    # clone3 passes its flags in memory a filter cannot read: ENOSYS makes libc fall back to
    # clone, whose flags it can (Docker does the same).
    clone3_enosys: bool = True


def _judge_files_in_usr() -> tuple[str, ...]:
    """codejudge's own package (with the bundled problems' test data) if it is installed under
    /usr, which every box sees: it is hidden behind an empty tmpfs then."""
    package = Path(__file__).resolve().parent.parent
    return (str(package),) if package.is_relative_to("/usr") else ()


@dataclass(frozen=True, slots=True)
class SandboxPolicy:
    """The confinement every run gets. ``workdir`` is a private tmpfs holding the input files."""

    mounts: tuple[Mount, ...] = DEFAULT_MOUNTS
    workdir: Tmpfs = field(default_factory=lambda: Tmpfs("/box", 64 * 1024 * 1024))
    seccomp: SeccompPolicy | None = field(default_factory=SeccompPolicy)  # None: no filter
    masked: tuple[str, ...] = field(default_factory=_judge_files_in_usr)  # hidden by empty tmpfs
    uid: int = NOBODY  # inside the box
    gid: int = NOBODY
    host_uid: int = NOBODY  # who runs bwrap when the judge runs as root (see NOBODY)
    host_gid: int = NOBODY
    hostname: str = "box"
    # Remounted read-only after everything is in place (and so is every ``Dev`` mount). bwrap's
    # own root is a tmpfs owned by the box's uid: left writable, it is memory for the box.
    read_only: tuple[str, ...] = ("/",)
    env: tuple[tuple[str, str], ...] = (
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("HOME", "/box"),
        ("LANG", "C.UTF-8"),
    )

    def run_as(self) -> tuple[int, int] | None:
        """The host (uid, gid) to drop to before starting bwrap, or None to stay as we are."""
        return (self.host_uid, self.host_gid) if os.geteuid() == 0 else None

    def with_mounts(self, extra: Sequence[Mount]) -> SandboxPolicy:
        """This policy with ``extra`` mounts as well (a language's toolchain folders, a larger
        /tmp): one at the destination of one of the policy's replaces it in place, the others
        come after the policy's own. A new policy; this one is unchanged."""
        if not extra:
            return self
        by_dest = {mount_dest(m): m for m in extra}
        mounts = [by_dest.pop(mount_dest(m), m) for m in self.mounts]
        return dataclasses.replace(self, mounts=(*mounts, *by_dest.values()))


def mount_dest(mount: Mount) -> str:
    """Where ``mount`` appears inside the box."""
    match mount:
        case DevNode(path):
            return path
        case RoBind() | Symlink() | Proc() | Dev() | Tmpfs():
            return mount.dest
    raise TypeError(f"unknown mount {mount!r}")
