"""What one run of a program is given and what happened to it, as data: the mounts and limits a
language and a problem ask for, the files placed in the box, and the facts the sandbox reports.

Shared by ``languages`` (what to run), ``sandbox`` (how it is confined) and ``judging`` (what the
facts mean); pure data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# In commands: replaced by the number of the result channel's descriptor (function drivers and
# launchers report on it); a command using it runs behind a driver or launcher.
CHANNEL_FD = "{channel_fd}"


@dataclass(frozen=True, slots=True)
class RoBind:
    """A host path visible read-only inside the box. ``optional`` skips it if it is missing."""

    source: str
    dest: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Symlink:
    target: str
    dest: str


@dataclass(frozen=True, slots=True)
class Proc:
    """A procfs for the box's own pid namespace: it shows only the box's processes."""

    dest: str = "/proc"


@dataclass(frozen=True, slots=True)
class Dev:
    """bubblewrap's /dev: null, zero, full, random, urandom, tty, shm, pts. Not used by default:
    the default policy binds only the ``DevNode``s it needs."""

    dest: str = "/dev"


@dataclass(frozen=True, slots=True)
class DevNode:
    """One host device node, e.g. /dev/null, visible at the same path inside the box."""

    path: str


@dataclass(frozen=True, slots=True)
class Tmpfs:
    """A private, size-capped tmpfs (RLIMIT_FSIZE caps one file, not the number of files)."""

    dest: str
    size_bytes: int = 64 * 1024 * 1024


Mount = RoBind | Symlink | Proc | Dev | DevNode | Tmpfs


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file placed in the box from memory (read-only inside); no host path is involved.
    ``mode`` sets its permissions (e.g. 0o555 for a compiled program); None: bubblewrap's."""

    path: str
    data: bytes
    mode: int | None = None


@dataclass(frozen=True, slots=True)
class RunLimits:
    """Per-run limits. ``memory_kb`` is the most memory the program may use: its peak (the
    cgroup's, less what an empty box costs) above it is ``memory_limit_hit``, and the cgroup's
    hard limit sits at the same point (plus the empty box's own charge), so a program that
    keeps allocating is OOM-killed there. The cgroup counts memory really used, tmpfs files,
    stacks and kernel memory included; only without cgroups is it an address-space rlimit.
    ``stack_kb`` is RLIMIT_STACK: the main thread's stack (and glibc's default thread stack);
    its pages count toward ``memory_kb`` like any other. ``processes`` counts processes and
    threads."""

    cpu_ms: int = 2000
    wall_ms: int = 5000
    memory_kb: int = 256 * 1024
    stdout_bytes: int = 8 * 1024 * 1024
    stderr_bytes: int = 64 * 1024
    channel_line_bytes: int = 16 * 1024 * 1024  # one line of the driver's result channel
    processes: int = 16  # counted per box: its init process, the program and its threads
    file_size_bytes: int = 16 * 1024 * 1024
    open_files: int = 64
    stack_kb: int = 64 * 1024

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            if getattr(self, name) <= 0:
                raise ValueError(f"RunLimits.{name} must be positive")


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What happened to one run. Facts only: ``verdict.py`` decides what they mean."""

    exit_code: int | None  # None when the program was killed by a signal
    signal: int | None
    cpu_ms: int
    wall_ms: int
    memory_kb: int  # peak memory: the cgroup's peak charge, else the peak resident set
    cpu_limit_hit: bool
    wall_limit_hit: bool
    # The peak passed ``RunLimits.memory_kb``, or the cgroup OOM-killed a process of the box
    # (without cgroups: the sampled peak reached the address-space limit).
    memory_limit_hit: bool
    output_limit_hit: bool
    stdout: bytes
    stderr: bytes
    oom_killed: bool = False  # the kernel's OOM killer acted in the run's cgroup
    cgroup: str = ""  # "v1"/"v2": what measured and limited the run; "": rlimits only


@dataclass(frozen=True, slots=True)
class Usage:
    cpu_ms: int
    memory_kb: int


@dataclass(frozen=True, slots=True)
class Attempt:
    """One test as the host observed it, facts only: how the run ended and what it measured
    (the sandbox's ``RunFacts``, or a function driver's report on one call), what the program's
    language reads in them, and its answer. ``verdict.judge_test`` decides what they mean
    (which limit a kill counts as, what a crash is, which outcome wins). ``actual`` is None
    when there is no answer to check."""

    # How the run ended (a function driver's test that returned: still running, 0).
    exit_code: int | None = 0  # None when killed by a signal
    signal: int | None = None
    cpu_limit_hit: bool = False  # stopped at its CPU limit (the box's, or the test's deadline)
    wall_limit_hit: bool = False  # stopped by the wall clock
    # The program's CPU time from the test's own clock, judged against ``time_limit_ms`` (None:
    # no limit of the test's own beyond the box's).
    cpu_ms: int = 0
    time_limit_ms: int | None = None
    time_ms: int = 0  # the CPU time shown: ``cpu_ms``, or a driver's finer figure for the call
    memory_kb: int = 0  # the peak
    memory_limit_kb: int | None = None  # a peak above it is over (None: the sandbox decided)
    memory_limit_hit: bool = False  # the sandbox's: the peak passed its limit, or OOM-killed
    output_limit_hit: bool = False  # stopped at (or the driver's capture passed) the output cap
    # What the program's language reads in them: its runtime said it ran out of memory (a
    # MemoryError, an OutOfMemoryError...); the stack overflowed (the message names the
    # stack limit); it failed where no exit code says so: a driver caught an uncaught
    # exception, or the driver ended or broke its protocol before the test's result.
    out_of_memory: bool = False
    stack_overflow: bool = False
    crashed: bool = False
    # The answer: the program's output (or return value), and the checker's judgement or the
    # validator's word where it talked to the program (interactive problems); None: no answer
    # judged (yet). ``rejected_first``: the validator rejected it before the program ended.
    actual: str | None = None
    stdout: str = ""
    stderr: str | None = None  # a stdio program's stderr as it wrote it (None: not kept)
    answer_ok: bool | None = None
    rejected_first: bool = False
    message: str | None = None
    internal_error: str | None = None  # the judge's own failure, not the submission's


@dataclass(frozen=True, slots=True)
class CompileFacts:
    """What the compile step found (for a language without one: nothing against it).
    ``verdict.judge_compile`` decides what it means."""

    exit_code: int | None = 0  # the compiler's; None: killed by a signal
    # A compile limit stopped it: CPU, wall or memory, its output (the program leaves on
    # stdout), a file's size, the scratch space.
    limit_hit: bool = False
    # The language does not exist here, or cannot solve this kind of problem.
    unsupported: bool = False
