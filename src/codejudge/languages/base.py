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

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from codejudge.models import ProblemKind, Signature
from codejudge.sandbox import Mount, RunLimits

WORKDIR = "/box"  # the box's private work dir (SandboxPolicy.workdir); sources are placed here
MAIN = "{main}"  # in file names and commands: the program's main class (Java), else "main"
STDOUT_LIMIT = "{stdout_limit}"  # in function_run: bytes a test may print
MEMORY_MB = "{memory_mb}"  # in run commands: the problem's memory limit (e.g. the JVM's -Xmx)
_DRIVERS = Path(__file__).parent / "drivers"

# (signature, user code) -> {file name: text}: the function-problem program's files.
FunctionFiles = Callable[[Signature, str], dict[str, str]]
# (signature, language id) -> the starter code shown to the user.
Starter = Callable[[Signature], str]


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A tiny program per problem kind that a working toolchain must get right."""

    stdio_code: str
    stdio_input: str
    stdio_output: str
    function_code: str  # defines ``add(a, b)`` the way a submission would (see selftest())


def _compile_limits() -> RunLimits:
    return RunLimits(
        cpu_ms=15_000, wall_ms=30_000, memory_kb=1024 * 1024, processes=64,
        stdout_bytes=64 * 1024 * 1024, stderr_bytes=64 * 1024, file_size_bytes=64 * 1024 * 1024,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Language:
    id: str
    name: str
    source_file: str  # the submission's file name in the work dir (may use MAIN)
    run: tuple[str, ...]  # runs a stdio program
    version: tuple[str, ...]
    selftest: SelfTest
    compile: tuple[str, ...] | None = None  # None: nothing to check before running
    artifact: str | None = None  # where compile's stdout goes in run boxes; None: no artifact
    artifact_mode: int = 0o444
    compile_limits: RunLimits = field(default_factory=_compile_limits)
    kinds: frozenset[ProblemKind] = frozenset(ProblemKind)
    # Function problems: the files of the program (compiled like a stdio source when there is
    # a compile step) and the command that runs it; the command may use CHANNEL_FD, MAIN and
    # STDOUT_LIMIT.
    function_files: FunctionFiles | None = None
    function_run: tuple[str, ...] = ()
    function_types: frozenset[str] = frozenset()  # base types the driver converts (T[], list<T>)
    starter: Starter | None = None
    main_class: Callable[[str], str] | None = None  # Java: the public class of a stdio program
    # Driver files placed beside a stdio program (a launcher that runs it, see runner.py's
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

    @property
    def source_path(self) -> str:
        return f"{WORKDIR}/{self.source_file}"

    def entry(self, code: str) -> str:
        """The value of MAIN for this code."""
        return self.main_class(code) if self.main_class is not None else "main"

    def out_of_memory(self, text: str) -> bool:
        """Whether an error text (stderr's tail, an exception type) means memory ran out."""
        return any(marker in text for marker in self.memory_errors)


@cache
def read_driver(name: str) -> str:
    """A driver template or prelude from languages/drivers/."""
    return (_DRIVERS / name).read_text()
