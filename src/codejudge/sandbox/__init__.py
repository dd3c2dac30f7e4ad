"""Confinement and measurement of one program run. Reports facts (``RunFacts``), never verdicts.

``Sandbox`` is the Protocol judging uses; ``open_sandbox`` makes one (the bubblewrap adapter,
``BwrapSandbox``). Callers outside this package never name the adapter.
"""

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
from codejudge.sandbox.argv import bwrap_argv, prlimit_argv, spawner_rlimits
from codejudge.sandbox.box import Box
from codejudge.sandbox.bwrap import BwrapSandbox  # the adapter: construct with open_sandbox
from codejudge.sandbox.cgroups import CgroupMode
from codejudge.sandbox.policy import (
    DEFAULT_MOUNTS,
    DENIED_SYSCALLS,
    SandboxPolicy,
    SeccompPolicy,
)
from codejudge.sandbox.protocol import Prepared, Sandbox
from codejudge.sandbox.seccomp import compile_bpf


def open_sandbox(
    policy: SandboxPolicy | None = None,
    *,
    bwrap: str = "bwrap",
    cgroups: CgroupMode | str = CgroupMode.AUTO,
    spawner: bool = True,
) -> Sandbox:
    """The sandbox to judge with: bubblewrap boxes confined by ``policy`` (default: the
    standard one). ``cgroups`` chooses the cgroup version (``auto``: v2 where usable, else v1,
    else rlimits only, logged loudly); ``bwrap`` and ``spawner`` are for tests and benchmarks.
    Raises ``SandboxUnavailable`` if the cgroups asked for cannot be used."""
    return BwrapSandbox(policy, bwrap=bwrap, cgroups=cgroups, spawner=spawner)


__all__ = [
    "CHANNEL_FD",
    "DEFAULT_MOUNTS",
    "DENIED_SYSCALLS",
    "Box",
    "CgroupMode",
    "Dev",
    "DevNode",
    "InputFile",
    "Mount",
    "Prepared",
    "Proc",
    "RoBind",
    "RunFacts",
    "RunLimits",
    "Sandbox",
    "SandboxPolicy",
    "SeccompPolicy",
    "Symlink",
    "Tmpfs",
    "Usage",
    "bwrap_argv",
    "compile_bpf",
    "open_sandbox",
    "prlimit_argv",
    "spawner_rlimits",
]
