"""What a language is, as data. A language module declares one ``Language``; it never touches the
sandbox's confinement beyond naming the read-only toolchain folders it needs (``mounts``).

How a submission becomes a program:

- ``compile`` (optional) runs in a box over the source files. When the language declares an
  ``artifact``, the compile command ends by writing the program (a binary, a jar, a .js file) to
  its stdout; the host keeps those bytes (and caches them) and later boxes get them as a
  read-only file at ``artifact``: no path inside a box is ever read by the host.
- stdio problems run ``run``; function problems run ``function_run`` over the files
  ``function_files`` generates from the signature (a driver beside, or around, the user's code).
"""

from __future__ import annotations

import glob
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from codejudge.models import ProblemKind, Signature
from codejudge.models.run import CHANNEL_FD, Mount, RunLimits

WORKDIR = "/box"  # the box's private work dir (SandboxPolicy.workdir); sources are placed here
MAIN = "{main}"  # in file names and commands: the program's main class (Java), else "main"
STDOUT_LIMIT = "{stdout_limit}"  # in function_run: bytes a test may print
MEMORY_MB = "{memory_mb}"  # in run commands: the problem's memory limit (e.g. the JVM's -Xmx)
STACK_KB = "{stack_kb}"  # in run commands: the run's stack (``stack_kb``), e.g. the JVM's -Xss
# In run commands: the stack the runtime itself is told to use (V8's --stack-size):
# ``Language.runtime_stack`` of the run's stack.
RUNTIME_STACK_KB = "{runtime_stack_kb}"
# What a run may use beyond its limit before it is memory_limit_exceeded: the noise of the
# measurement (an empty box's charge, subtracted from every peak, varies by about 0.2 MiB).
MEMORY_ALLOWANCE_KB = 512
# The stack is the memory limit less this room for the program's code, libraries and heap, so
# that a runaway recursion ends at the stack limit (a runtime error naming the stack), not in
# an out-of-memory kill. Stack pages count toward the memory limit like any other memory.
STACK_RESERVE_KB = 16 * 1024
# Without a memory cgroup the memory limit is an address-space rlimit, and every thread's
# stack (glibc, libuv and the JVM size them from RLIMIT_STACK or -Xss) is reserved in full.
FALLBACK_STACK_KB = 64 * 1024
# Never more than this (the JVM's largest -Xss, Go's default maximum stack): deeper than any
# judge's, and only reached under a memory limit over 1 GiB.
MAX_STACK_KB = 1024 * 1024
# The C and C++ stack guard (drivers/stack_guard.c), compiled beside every program, and the
# line it writes to stderr when the program dies of a stack overflow.
STACK_GUARD = "cj_stack_guard.c"
STACK_GUARD_ERROR = "codejudge: stack overflow"
_DRIVERS = Path(__file__).parent / "drivers"

# (signature, user code) -> {file name: text}: the function-problem program's files.
FunctionFiles = Callable[[Signature, str], dict[str, str]]
# signature -> the starter code shown to the user.
Starter = Callable[[Signature], str]


class DiagnosticFormat(StrEnum):
    """How a compiler (or a language's check) writes its messages; judging/diagnostics.py
    reads each into lines and columns of the submitted source."""

    GCC = "gcc"  # gcc and clang: file:line:column: error: message (columns in bytes)
    JAVAC = "javac"  # file:line: error: message, the line quoted, a caret under the column
    PYTHON = "python"  # the check's traceback, and its own JSON report on stdout
    NODE = "node"  # V8: file:line, the line quoted, a caret under the column, then the error
    TSC = "tsc"  # file(line,column): error TSnnnn: message (columns in UTF-16 code units)
    ESBUILD = "esbuild"  # [ERROR] message, then file:line:column: (0-based, in bytes)
    GO = "go"  # file:line:column: message (columns in bytes), related places tab-indented
    RUSTC_JSON = "rustc-json"  # rustc --error-format=json: a JSON diagnostic per line


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A tiny program per problem kind that a working toolchain must get right."""

    stdio_code: str
    stdio_input: str
    stdio_output: str
    function_code: str  # defines ``add(a, b)`` the way a submission would (see selftest())


@dataclass(frozen=True, slots=True)
class Debian:
    """A Debian package a language needs, and what it installs: a command on the PATH, or an
    absolute path (a glob) that exists once it is installed."""

    name: str
    provides: str

    def installed(self) -> bool:
        if self.provides.startswith("/"):
            return bool(glob.glob(self.provides))
        return shutil.which(self.provides) is not None


def compile_limits() -> RunLimits:
    return RunLimits(
        cpu_ms=15_000, wall_ms=30_000, memory_kb=1024 * 1024, processes=64,
        stdout_bytes=64 * 1024 * 1024, stderr_bytes=64 * 1024, file_size_bytes=64 * 1024 * 1024,
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """Everything about one language. A module of this package declares one as ``LANGUAGE``
    (the registry finds it there), usually on a family base (``native.Native``,
    ``native.CFamily``, ``node.NodeFamily``) that holds what its languages share."""

    id: str
    name: str
    order: int  # where it is listed (the API, the docs): python first, as users expect
    extensions: tuple[str, ...]  # source file extensions (`codejudge submit FILE`), first = own
    # Other judges' spellings of its files (Kattis ``.C`` for C++, DOMjudge ``.c++``), for the
    # submissions of an imported package; matched as written, before lower-casing (``.c`` is C).
    foreign_extensions: tuple[str, ...] = ()
    # (file name, source) -> why a file with one of its extensions cannot be judged as this
    # language (a Python 2 program in a ``.py`` file of a Kattis package), or None: it can.
    refusal: Callable[[str, str], str | None] | None = None
    source_file: str  # the submission's file name in the work dir (may use MAIN)
    run: tuple[str, ...]  # runs a stdio program
    version: tuple[str, ...]
    selftest: SelfTest
    compile: tuple[str, ...] | None = None  # None: nothing to check before running
    # What the compile step writes its messages in (judging/diagnostics.py reads them into
    # places in the submitted source: a wrapper's or a driver's lines around it are found
    # from the files themselves, so no offset is declared).
    diagnostics: tuple[DiagnosticFormat, ...] = ()
    artifact: str | None = None  # where compile's stdout goes in run boxes; None: no artifact
    artifact_mode: int = 0o444
    compile_limits: RunLimits = field(default_factory=compile_limits)
    kinds: frozenset[ProblemKind] = frozenset(ProblemKind)
    # Function problems: the files of the program (compiled like a stdio source when there is
    # a compile step) and the command that runs it; the command may use CHANNEL_FD, MAIN and
    # STDOUT_LIMIT.
    function_files: FunctionFiles | None = None
    function_run: tuple[str, ...] = ()
    function_types: frozenset[str] = frozenset()  # base types the driver converts (T[], list<T>)
    starter: Starter | None = None
    main_class: Callable[[str], str] | None = None  # Java: the public class of a stdio program
    # Driver files placed beside a stdio program (a launcher that runs it, see judging/stdio.py's
    # StdioRunner: a run command using CHANNEL_FD says the runtime's boot is not timed).
    stdio_files: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    mounts: tuple[Mount, ...] = ()  # toolchain folders the boxes of this language need
    prepare: Callable[[], None] | None = None  # makes the mounts' sources exist (host, once)
    memory_overhead_kb: int = 0  # memory the runtime itself uses, on top of the problem's
    # Address space the runtime reserves without using it (JVM, Go, V8): only needed when the
    # sandbox has no memory cgroup and falls back to an address-space rlimit.
    address_space_overhead_kb: int = 0
    processes: int = 16
    startup_cpu_ms: int = 1000  # CPU to start the runtime and load the code, before test 1
    # How this runtime says it ran out of memory (stderr text or a driver-reported exception
    # type); the cgroup's OOM events cover the rest.
    memory_errors: tuple[str, ...] = ()
    # How it says its stack overflowed (stderr text, an exception type or message); the run
    # stays a runtime error, its message names the stack and its size.
    stack_errors: tuple[str, ...] = ()
    # The stack (KiB) the runtime is told to use (RUNTIME_STACK_KB) out of the run's stack;
    # None: it uses the run's stack as it is (native code, Go, Python).
    runtime_stack: Callable[[int], int] | None = None
    # Lines of a runtime error's text (stderr, a driver's exception message) that are the
    # runtime's internals or the judge's, not the submission's: regular expressions matched
    # against whole lines, left out of the message shown (``tidy_message``).
    trace_noise: tuple[str, ...] = ()
    # Files compiled beside every program of this language ({name: text}), e.g. the C stack
    # guard or Go's stack setting: the compile command must include them.
    support_files: tuple[tuple[str, str], ...] = ()
    # A compiler and its flags which, given ``-o OUT SOURCES...``, build a program: what the
    # submission's compile command runs, and what builds a problem's output validator written
    # in this language (judging/custom_checker.py). Empty: no such compiler.
    compiler: tuple[str, ...] = ()
    # A command which, given a script, runs it: what runs a problem's output validator written
    # in this language (judging/custom_checker.py). Empty: no such interpreter.
    interpreter: tuple[str, ...] = ()
    # What the host needs installed (scripts/install-toolchains.sh and deploy/Dockerfile ask
    # the registry: ``python -m codejudge.languages packages``): Debian packages, and npm
    # packages as ``name@version`` (package.json pins the same).
    debian: tuple[Debian, ...] = ()
    npm: tuple[str, ...] = ()
    # The folders ``prepare`` makes under ``prepared.TOOLCHAIN_DIR``; any other folder there is
    # an earlier version's, removed at install (``prepared.remove_stale``).
    toolchain_dirs: tuple[Path, ...] = ()

    @property
    def source_path(self) -> str:
        return f"{WORKDIR}/{self.source_file}"

    def entry(self, code: str) -> str:
        """The value of MAIN for this code."""
        return self.main_class(code) if self.main_class is not None else "main"

    @property
    def native(self) -> bool:
        """Machine code with no runtime to boot (C, C++, Go, Rust): timed from its box's start,
        static initialisers included. The others run behind a launcher or a driver that says
        when their runtime is up (``judging/clock.py``)."""
        return CHANNEL_FD not in self.run

    def out_of_memory(self, text: str) -> bool:
        """Whether an error text (stderr's tail, an exception type) means memory ran out."""
        return any(marker in text for marker in self.memory_errors)

    def tidy_message(self, text: str) -> str:
        """A runtime error's text as the user sees it: paths relative to the box's work dir
        (``solution.js:3:9``, not ``/box/solution.js:3:9``) and the lines of ``trace_noise``
        (the runtime's or the judge's stack frames, hints the user cannot act on) left out."""
        text = text.replace(f"{WORKDIR}/", "")
        if not self.trace_noise:
            return text
        noise = _noise(self.trace_noise)
        kept = "\n".join(line for line in text.split("\n") if not noise.fullmatch(line))
        return re.sub(r"\n{3,}", "\n\n", kept).strip("\n")  # the gaps the noise left

    def stack_kb(self, run_stack_kb: int) -> int:
        """The stack (KiB) a program of this language gets in a run with ``run_stack_kb``."""
        return self.runtime_stack(run_stack_kb) if self.runtime_stack else run_stack_kb

    def stack_overflow(self, text: str) -> bool:
        """Whether an error text (stderr's tail, an exception type and message) means the
        program overflowed its stack."""
        return any(marker in text for marker in self.stack_errors)


@cache
def _noise(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def stack_kb(memory_mb: int, cgroup: bool = True) -> int:
    """The stack (KiB) of a run under a problem's memory limit (MiB): the limit less
    ``STACK_RESERVE_KB`` (at least half the limit, at most ``MAX_STACK_KB``), as on Codeforces
    and LeetCode where the stack is bounded by the memory limit alone. Without a memory
    cgroup: at most ``FALLBACK_STACK_KB``."""
    limit_kb = memory_mb * 1024
    stack = min(max(limit_kb - STACK_RESERVE_KB, limit_kb // 2), MAX_STACK_KB)
    return stack if cgroup else min(stack, FALLBACK_STACK_KB)


def checked_stack_kb(stack: int) -> int:
    """What a runtime that checks its own depth on the main thread's stack (V8) may fill of a
    ``stack`` KiB stack: 1/8 (at least 1 MiB) is left for the native frames of its runtime
    functions, which run below the check, and for what its heap allocates meanwhile (a
    runaway recursion that allocates a number per call makes V8 collect its young generation,
    up to 48 MiB, with the stack full)."""
    return stack - max(stack // 8, 1024)


@cache
def read_driver(name: str) -> str:
    """A driver template or prelude from languages/drivers/."""
    return (_DRIVERS / name).read_text()
