"""Limits that follow a problem's memory limit, and the messages that name a limit when a run
or a compilation hits it. No sandbox is started here.

- The stack (``base.stack_kb``) is the memory limit less a reserve; a crash the runtime says
  was a stack overflow keeps its runtime_error verdict, and its message names the stack.
- The compile box holds a program with up to the memory limit of static data: the object file
  and the program (each about that size) fit in its /tmp, its file-size limit and its stdout,
  and its memory (tmpfs files are memory) holds both beside the compiler's own.
"""

from __future__ import annotations

import dataclasses
import signal

from codejudge.judging import harness
from codejudge.judging.clock import wall_limit_ms
from codejudge.languages.base import MEMORY_ALLOWANCE_KB, Language, stack_kb
from codejudge.models import Limits
from codejudge.models.run import RunFacts, RunLimits, Tmpfs
from codejudge.sandbox import Sandbox

_MIB = 1024 * 1024
# Room beside the static data: code, libraries, symbol tables (the object and the program).
_CODE_BYTES = 64 * _MIB
# What the compiler itself may use beside the files it writes (1 GiB: g++ on heavy templates).
_COMPILER_KB = 1024 * 1024
_MESSAGE_CHARS = 4000
# Static data is held to the memory limit up to this: the program leaves the compile box on
# stdout into the judge's memory and is copied into every run box, so a 2 GiB Kattis limit
# must not let one submission make the judge hold gigabytes.
_MAX_STATIC_MB = 1024


def size(kib: int) -> str:
    """``kib`` KiB for people: "256 MiB", "1 GiB", "12 KiB"."""
    if kib and kib % (1024 * 1024) == 0:
        return f"{kib // (1024 * 1024)} GiB"
    return f"{kib // 1024} MiB" if kib % 1024 == 0 else f"{kib} KiB"


# -- a run ------------------------------------------------------------------------------------


def run_limits(
    language: Language, limits: Limits, sandbox: Sandbox, *, cpu_ms: int | None = None
) -> RunLimits:
    """The sandbox limits of one run under a problem's limits.

    Memory: the problem's limit, plus the runtime's own (``memory_overhead_kb``: the JVM's
    code cache and metaspace, V8's isolate; the heap is the problem's limit, never counted
    twice), plus ``MEMORY_ALLOWANCE_KB`` for the measurement's noise; a peak above that is
    memory_limit_exceeded, and the cgroup's hard limit is at the same point. The stack is the
    memory limit less a reserve (``base.stack_kb``) and is part of that memory, not extra.
    """
    cpu = cpu_ms if cpu_ms is not None else limits.time_ms
    memory_kb = limits.memory_mb * 1024 + language.memory_overhead_kb + MEMORY_ALLOWANCE_KB
    cgroup = bool(sandbox.cgroup_version)
    if not cgroup:
        memory_kb += language.address_space_overhead_kb  # an address-space rlimit, not memory
    return RunLimits(
        cpu_ms=cpu,
        # The wall clock catches programs that wait instead of computing (sleep, a blocked
        # read); the CPU limit catches the rest. (Runners keep their own wall deadlines, from
        # the start of the test's clock: see clock.py.)
        wall_ms=wall_limit_ms(cpu),
        memory_kb=memory_kb,
        stdout_bytes=limits.output_kb * 1024,
        # A result line: the output in base64 (4/3 of it) and an answer of up to the drivers'
        # own limit, beside a few fields.
        channel_line_bytes=limits.output_kb * 1024 * 2 + harness.VALUE_LIMIT_BYTES + 64 * 1024,
        processes=language.processes,
        stack_kb=stack_kb(limits.memory_mb, cgroup),
    )


# -- the stack --------------------------------------------------------------------------------


def stack_message(language: Language, limits: RunLimits, message: str | None) -> str:
    """A crash the runtime (or the C stack guard) said was a stack overflow: named first, with
    the program's stack size, then what the program printed."""
    head = f"stack overflow (stack limit {size(language.stack_kb(limits.stack_kb))})"
    return f"{head}\n{message.strip()}" if message else head


def excerpt(text: str, chars: int = _MESSAGE_CHARS) -> str:
    """``text``, or its start and end if it is longer than ``chars``."""
    if len(text) <= chars:
        return text
    head = text[: chars // 4]
    return f"{head}\n...\n{text[-(chars - len(head) - 5) :]}"


# -- compiling --------------------------------------------------------------------------------


def compile_limits(base: RunLimits, memory_mb: int) -> RunLimits:
    """The compile box's limits for a problem whose memory limit is ``memory_mb`` MiB: the
    language's own (``base``, for CPU, time and processes), raised so that a program with up
    to ``memory_mb`` (at most 1 GiB) of static data compiles. Its memory holds the
    compiler, the object file and the program (tmpfs files are charged to the box)."""
    data = min(memory_mb, _MAX_STATIC_MB) * _MIB
    one_file = data + _CODE_BYTES
    return dataclasses.replace(
        base,
        memory_kb=max(base.memory_kb, _COMPILER_KB + 2 * one_file // 1024),
        stdout_bytes=max(base.stdout_bytes, one_file),
        file_size_bytes=max(base.file_size_bytes, one_file),
    )


def scratch_bytes(limits: RunLimits) -> int:
    """The compile box's /tmp: the object file and the program, each up to the file size."""
    return 2 * limits.file_size_bytes


def scratch_mount(limits: RunLimits) -> Tmpfs:
    """The compile box's /tmp, of ``scratch_bytes(limits)`` (it replaces the sandbox's own). A
    tmpfs's size only caps it: what its files hold is charged to the run's memory cgroup."""
    return Tmpfs("/tmp", scratch_bytes(limits))


def compile_failure(facts: RunFacts, limits: RunLimits, output: str) -> str | None:
    """Why a compilation failed, naming the compile limit it hit and its size; None if it hit
    none (then the compiler's own messages say why)."""
    if facts.cpu_limit_hit:
        return f"compilation exceeded the {limits.cpu_ms // 1000} s CPU time limit"
    if facts.wall_limit_hit:
        return f"compilation exceeded the {limits.wall_ms // 1000} s wall-time limit"
    if facts.memory_limit_hit:
        return f"compilation exceeded the {size(limits.memory_kb)} memory limit"
    if facts.output_limit_hit:
        if len(facts.stdout) >= limits.stdout_bytes:  # the program leaves on stdout
            return f"the compiled program exceeds the {size(limits.stdout_bytes // 1024)} limit"
        return f"the compiler's messages exceed the {size(limits.stderr_bytes // 1024)} limit"
    if facts.signal == signal.SIGXFSZ or "File size limit exceeded" in output:
        return (
            f"a compiler's file exceeds the {size(limits.file_size_bytes // 1024)} file size limit"
        )
    if "No space left on device" in output:
        scratch = size(scratch_bytes(limits) // 1024)
        return f"the compiler's files exceed the {scratch} of scratch space (/tmp)"
    return None
