"""What a language is, as data. A language module declares one ``Language``; it never touches the
sandbox's confinement (that is ``SandboxPolicy``'s job)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from codejudge.models import ProblemKind
from codejudge.sandbox import RunLimits

WORKDIR = "/box"  # the box's private work dir (SandboxPolicy.workdir); sources are placed here
_DRIVERS = Path(__file__).parent / "drivers"


@dataclass(frozen=True, slots=True)
class SelfTest:
    """A tiny program per problem kind that a working toolchain must get right."""

    stdio_code: str
    stdio_input: str
    stdio_output: str
    function_code: str  # defines ``add(a, b)`` the way a submission would (see selftest())


@dataclass(frozen=True, slots=True)
class Language:
    id: str
    name: str
    source_file: str  # the submission's file name in the work dir
    run: tuple[str, ...]  # runs a stdio program
    version: tuple[str, ...]
    selftest: SelfTest
    compile: tuple[str, ...] | None = None  # None: nothing to check before running
    compile_limits: RunLimits = field(
        default_factory=lambda: RunLimits(cpu_ms=5000, wall_ms=10000, stdout_bytes=64 * 1024)
    )
    kinds: frozenset[ProblemKind] = frozenset(ProblemKind)
    # Function problems: the driver (a file in languages/drivers/) and the command running it;
    # the command may use CHANNEL_FD and gets the spec and source paths appended.
    driver: str | None = None
    function_run: tuple[str, ...] = ()
    function_types: frozenset[str] = frozenset()  # base types the driver converts (T[], list<T>)
    env: tuple[tuple[str, str], ...] = ()
    memory_overhead_kb: int = 0  # address space the runtime itself needs, on top of the problem's
    processes: int = 16
    # How this runtime says it ran out of memory under the address-space limit (stderr text or a
    # driver-reported exception type). Issue 4 replaces this with the cgroup's OOM events.
    memory_errors: tuple[str, ...] = ()

    @property
    def source_path(self) -> str:
        return f"{WORKDIR}/{self.source_file}"

    def driver_source(self) -> bytes:
        if self.driver is None:
            raise ValueError(f"{self.name} has no function-problem driver")
        return _read_driver(self.driver)

    def out_of_memory(self, text: str) -> bool:
        """Whether an error text (stderr's tail, an exception type) means memory ran out."""
        return any(marker in text for marker in self.memory_errors)


@cache
def _read_driver(name: str) -> bytes:
    return (_DRIVERS / name).read_bytes()
