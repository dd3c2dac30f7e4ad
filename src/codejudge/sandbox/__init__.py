"""Confinement and measurement of one program run. Reports facts (``RunFacts``), never verdicts."""

from codejudge.sandbox.box import Box, RunFacts, Usage
from codejudge.sandbox.bwrap import CHANNEL_FD, Sandbox, bwrap_argv, prlimit_argv
from codejudge.sandbox.policy import (
    DEFAULT_MOUNTS,
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

__all__ = [
    "CHANNEL_FD",
    "DEFAULT_MOUNTS",
    "Box",
    "Dev",
    "InputFile",
    "Mount",
    "Proc",
    "RoBind",
    "RunFacts",
    "RunLimits",
    "Sandbox",
    "SandboxPolicy",
    "Symlink",
    "Tmpfs",
    "Usage",
    "bwrap_argv",
    "prlimit_argv",
]
