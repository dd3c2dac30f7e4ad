"""Confinement and measurement of one program run. Reports facts (``RunFacts``), never verdicts."""

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
from codejudge.sandbox.box import Box
from codejudge.sandbox.bwrap import (
    PreparedBox,
    Sandbox,
    bwrap_argv,
    prlimit_argv,
    spawner_rlimits,
)
from codejudge.sandbox.cgroups import CgroupMode
from codejudge.sandbox.policy import (
    DEFAULT_MOUNTS,
    DENIED_SYSCALLS,
    SandboxPolicy,
    SeccompPolicy,
)
from codejudge.sandbox.seccomp import compile_bpf

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
    "PreparedBox",
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
    "prlimit_argv",
    "spawner_rlimits",
]
