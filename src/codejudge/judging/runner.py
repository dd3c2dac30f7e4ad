"""Running a submission's code in the sandbox, per language: compile, stdio tests, and a
function problem's tests in one driver process. Produces ``Attempt``s: what the host observed
about each test, interpreted for the language but not yet judged."""

from __future__ import annotations

import copy
import dataclasses
import signal
import time
import weakref
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from codejudge.judging import harness
from codejudge.judging import limits as limits_
from codejudge.judging.artifacts import SizedLRU, cache_key
from codejudge.judging.clock import (
    STARTUP_WALL_MS,
    Clock,
    LauncherError,
    await_ready,
    wall_limit_ms,
    wall_message,
)
from codejudge.languages.base import (
    MAIN,
    MEMORY_ALLOWANCE_KB,
    MEMORY_MB,
    RUNTIME_STACK_KB,
    STACK_KB,
    STDOUT_LIMIT,
    WORKDIR,
    Language,
    read_driver,
    stack_kb,
)
from codejudge.models import Limits, Problem, Signature, TestCase
from codejudge.sandbox import (
    CHANNEL_FD,
    Box,
    InputFile,
    PreparedBox,
    RunFacts,
    RunLimits,
    Sandbox,
    Usage,
)

_MESSAGE_CHARS = 4000  # of stderr / a traceback shown to the user
# The compile limits' memory limit when no problem says otherwise (self-tests, tools).
DEFAULT_MEMORY_MB = Limits().memory_mb
# A function session restarts its box's count of CPU waits (see Box.restart_starvation: a
# walk of /proc, ~1.5 ms for a JVM) for a test only if the last restart is older than this:
# a test's wall deadline may then move by at most this much of an earlier test's waits.
_STARVATION_RESET_S = 0.1


@dataclass(frozen=True, slots=True)
class Attempt:
    """One test as the host observed it. ``actual`` is None when there is no answer to check."""

    time_limit_hit: bool = False
    memory_limit_hit: bool = False
    output_limit_hit: bool = False
    crashed: bool = False
    actual: str | None = None
    stdout: str = ""
    message: str | None = None
    time_ms: int = 0
    memory_kb: int = 0
    internal_error: str | None = None  # the judge's own failure, not the submission's
    # The validator's word where it talked to the program (interactive problems); None: the
    # checker judges ``actual``.
    answer_ok: bool | None = None


@dataclass(frozen=True, slots=True)
class CompileResult:
    """A compiled (or checked) program: what its run boxes get, or why there is none."""

    ok: bool
    output: str
    files: tuple[InputFile, ...] = ()  # the program's files for the run boxes
    main: str = "main"  # MAIN in the run command
    cached: bool = False


_CACHE: SizedLRU[CompileResult] = SizedLRU()


def compile_cache() -> SizedLRU[CompileResult]:
    """The process's compile cache (tests and benchmarks look at its counters)."""
    return _CACHE


def language_sandbox(sandbox: Sandbox, language: Language) -> Sandbox:
    """``sandbox`` with the language's toolchain folders mounted (read-only) as well.

    A shallow copy sharing everything (cgroups, seccomp filter, the availability check) but the
    policy; made once per (sandbox, language).
    """
    if language.prepare is not None:
        language.prepare()  # cached: a no-op after the first call
    if not language.mounts:
        return sandbox
    per_language = _LANGUAGE_SANDBOXES.setdefault(sandbox, {})
    found = per_language.get(language.id)
    if found is None:
        found = copy.copy(sandbox)
        mounts = (*sandbox.policy.mounts, *language.mounts)
        found.policy = dataclasses.replace(sandbox.policy, mounts=mounts)
        per_language[language.id] = found
    return found


_LANGUAGE_SANDBOXES: weakref.WeakKeyDictionary[Sandbox, dict[str, Sandbox]] = (
    weakref.WeakKeyDictionary()
)


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


def compile_source(
    language: Language, sandbox: Sandbox, code: str, *, memory_mb: int = DEFAULT_MEMORY_MB
) -> CompileResult:
    """Compile (or check) a stdio program for a problem whose memory limit is ``memory_mb``
    (the compile box holds that much static data)."""
    main = language.entry(code)
    sources = {language.source_file.replace(MAIN, main): code}
    sources |= {name: read_driver(name) for name in language.stdio_files}
    return build(language, sandbox, sources, main, memory_mb=memory_mb)


def compile_function(
    language: Language,
    sandbox: Sandbox,
    code: str,
    signature: Signature,
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> CompileResult:
    """Compile (or check) a function problem's program: the user's code and its driver."""
    if language.function_files is None:
        raise ValueError(f"{language.name} has no function-problem driver")
    # Java: the file is named after the (possibly public) class Solution.
    main = signature.class_name if language.main_class is not None else "main"
    sources = language.function_files(signature, code)
    return build(language, sandbox, sources, main, memory_mb=memory_mb)


def unchecked_function_program(
    language: Language, code: str, signature: Signature
) -> CompileResult | None:
    """The program a function problem's run box needs, before its compile step, for a language
    whose compile step only checks the sources (Python, JavaScript: no artifact, so the files
    to run are the sources themselves); None for the others. Judging starts the driver with it
    while the check runs, and drops it if the check fails."""
    if language.artifact is not None or language.function_files is None:
        return None
    main = signature.class_name if language.main_class is not None else "main"
    sources = language.function_files(signature, code)
    files = tuple(InputFile(f"{WORKDIR}/{name}", text.encode()) for name, text in sources.items())
    return CompileResult(ok=True, output="", files=files, main=main)


def build(
    language: Language,
    sandbox: Sandbox,
    sources: dict[str, str],
    main: str,
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> CompileResult:
    """Compile ``sources`` in the box with the language's own limits (raised to hold
    ``memory_mb`` of static data: ``limits.compile_limits``), once per toolchain, source and
    memory limit (the cache). The artifact leaves the box on the compiler box's stdout."""
    if language.compile is not None:
        sources = {**sources, **dict(language.support_files)}
    files = tuple(InputFile(f"{WORKDIR}/{name}", text.encode()) for name, text in sources.items())
    if language.compile is None:
        return CompileResult(ok=True, output="", files=files, main=main)
    command = [arg.replace(MAIN, main) for arg in language.compile]
    key = cache_key([language.id, _version(language), str(memory_mb), *command, *_flatten(sources)])
    hit = _CACHE.get(key)
    if hit is not None:
        return dataclasses.replace(hit, cached=True)
    result = _compile(language, sandbox, command, files, main, memory_mb)
    _CACHE.put(key, result, sum(len(f.data) for f in result.files) + len(result.output) + 256)
    return result


def _compile(
    language: Language,
    sandbox: Sandbox,
    command: list[str],
    files: tuple[InputFile, ...],
    main: str,
    memory_mb: int,
) -> CompileResult:
    limits = limits_.compile_limits(language.compile_limits, memory_mb)
    box = limits_.scratch_sandbox(language_sandbox(sandbox, language), limits)
    facts = box.run(command, limits=limits, files=files, env=language.env)
    output = facts.stderr.decode(errors="replace")
    if language.artifact is None:
        output += facts.stdout.decode(errors="replace")
    failure = limits_.compile_failure(facts, limits, output)
    if failure is not None:
        return CompileResult(ok=False, output=f"{output.rstrip()}\n{failure}".lstrip())
    if facts.exit_code != 0:
        return CompileResult(ok=False, output=output or _describe(facts) or "")
    if language.artifact is None:
        return CompileResult(ok=True, output=output, files=files, main=main)
    source = language.source_path.replace(MAIN, main)
    artifact = InputFile(
        f"{WORKDIR}/{language.artifact.replace(MAIN, main)}", facts.stdout, language.artifact_mode
    )
    # Drivers and data beside the program; the sources compiled into it stay behind.
    support = {f"{WORKDIR}/{name}" for name, _ in language.support_files}
    rest = tuple(f for f in files if f.path != source and f.path not in support)
    return CompileResult(ok=True, output=output, files=(artifact, *rest), main=main)


def _version(language: Language) -> str:
    from codejudge.languages import language_version  # the registry imports this module

    return language_version(language) or ""


def _flatten(sources: dict[str, str]) -> list[str]:
    return [part for name in sorted(sources) for part in (name, sources[name])]


def run_stdio(
    language: Language, sandbox: Sandbox, program: CompileResult, test: TestCase, limits: Limits
) -> Attempt:
    """One stdio test in a box of its own (see ``StdioRunner`` for a series of tests)."""
    with StdioRunner(language, sandbox, program, limits) as runner:
        return runner.run(test, more=False)


class StdioRunner:
    """A stdio program's tests, each in a fresh box, the next box set up (``Sandbox.prepare``)
    while the current test runs: a test then costs the program's run plus about a millisecond,
    not a whole box start-up. Use as a context manager: a box set up for a test that never
    comes (the judging stopped at a failure) is taken down at the end.

    A run command that uses CHANNEL_FD starts a launcher (Java, Python, JavaScript): the
    test's clocks start at its "ready" message, once the runtime has booted (``clock.py``);
    the CPU limit and the wall limit (``wall_limit_ms``) run from there. Otherwise (native
    programs) they start with the box."""

    def __init__(
        self, language: Language, sandbox: Sandbox, program: CompileResult, limits: Limits
    ) -> None:
        self._language = language
        self._sandbox = language_sandbox(sandbox, language)
        self._launcher = CHANNEL_FD in language.run
        self._time_ms, self._wall_ms = limits.time_ms, wall_limit_ms(limits.time_ms)
        # With a launcher the box's own limits leave room for the runtime's boot (the RLIMIT_CPU
        # backstop is on the whole box); the host's deadlines below are the test's.
        boot_ms = language.startup_cpu_ms if self._launcher else 0
        self._limits = run_limits(language, limits, sandbox, cpu_ms=limits.time_ms + boot_ms)
        self._command = _command(language, language.run, program, limits, self._limits)
        self._files = program.files
        self._next: PreparedBox | None = None

    def __enter__(self) -> StdioRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._next is not None:
            self._next.close()
            self._next = None

    def _prepare(self) -> PreparedBox:
        return self._sandbox.prepare(
            self._command, limits=self._limits, files=self._files, env=self._language.env,
            channel=self._launcher,
        )  # fmt: skip

    def run(self, test: TestCase, *, more: bool) -> Attempt:
        """Run ``test``; with ``more``, set up the box of the test after it meanwhile."""
        current, self._next = self._next or self._prepare(), None
        with current:
            box = current.go(test.input.encode())
            started = time.monotonic()
            if more:
                self._next = self._prepare()
            clock = self._clock(box, started)
            if clock is None:  # the box ended (or was killed) before the runtime was up
                facts = box.finish()
                attempt = attempt_of(self._language, facts, self._limits)
                why = f"the runtime did not start: {attempt.message}"
                attempt = dataclasses.replace(attempt, message=why)
            else:
                facts = box.wait(
                    wall_deadline=clock.at + self._wall_ms / 1000,
                    cpu_deadline_ms=clock.cpu_ms + self._time_ms,
                )
                attempt = attempt_of(
                    self._language, facts, self._limits, clock, self._time_ms, self._wall_ms,
                    box.starved_ms,
                )  # fmt: skip
        stdout = facts.stdout.decode(errors="replace")
        return dataclasses.replace(attempt, actual=stdout, stdout=stdout)

    def _clock(self, box: Box, started: float) -> Clock | None:
        if not self._launcher:
            return Clock(0, started)
        budget = self._time_ms + self._language.startup_cpu_ms
        try:
            clock = await_ready(box, budget, self._wall_ms)
            if clock is not None:
                box.restart_starvation()  # the runtime's boot is not the test's
            return clock
        except LauncherError as e:
            box.finish()
            raise RuntimeError(str(e)) from e


def _command(
    language: Language,
    argv: tuple[str, ...],
    program: CompileResult,
    limits: Limits,
    run: RunLimits,
) -> list[str]:
    values = {
        MAIN: program.main,
        MEMORY_MB: str(limits.memory_mb),
        STACK_KB: str(run.stack_kb),
        RUNTIME_STACK_KB: str(language.stack_kb(run.stack_kb)),
        STDOUT_LIMIT: str(limits.output_kb * 1024),
    }
    command = []
    for arg in argv:
        for marker, value in values.items():
            arg = arg.replace(marker, value)
        command.append(arg)
    return command


def program_command(
    language: Language, program: CompileResult, limits: Limits, run: RunLimits
) -> list[str]:
    """A language's stdio run command (``Language.run``) for this program and these limits."""
    return _command(language, language.run, program, limits, run)


def attempt_of(
    language: Language,
    facts: RunFacts,
    limits: RunLimits,
    clock: Clock | None = None,
    time_ms: int | None = None,
    wall_ms: int | None = None,
    starved_ms: int = 0,
) -> Attempt:
    """What a finished run's facts mean for the language: an attempt (the answer, if any, is
    added by callers).
    The program's CPU time counts from ``clock`` (default: the box's start), against
    ``time_ms`` if given; a wall-clock kill is named, with the time since ``clock`` (less
    ``starved_ms`` spent waiting for a CPU, see ``Box.starved_ms``) and the limit ``wall_ms``,
    in the message; a stack overflow is named with the stack limit of ``limits``."""
    stderr = facts.stderr.decode(errors="replace")
    cpu_ms = max(0, facts.cpu_ms - clock.cpu_ms) if clock is not None else facts.cpu_ms
    message = stderr[-_MESSAGE_CHARS:] or _describe(facts)
    crashed = facts.exit_code != 0
    # Runtimes name the overflow first (Go, then a traceback of every frame) or last.
    if crashed and language.stack_overflow(stderr[:1000] + stderr[-_MESSAGE_CHARS:]):
        message = limits_.stack_message(language, limits, limits_.excerpt(stderr) or message)
    if facts.wall_limit_hit and clock is not None and wall_ms is not None:
        wall = wall_message(clock.elapsed_ms() - starved_ms, wall_ms)
        message = f"{wall}\n{message}" if message else wall
    over = time_ms is not None and cpu_ms > time_ms
    return Attempt(
        time_limit_hit=facts.cpu_limit_hit or facts.wall_limit_hit or over,
        memory_limit_hit=facts.memory_limit_hit or language.out_of_memory(stderr[-2000:]),
        output_limit_hit=facts.output_limit_hit,
        crashed=crashed,
        message=message,
        time_ms=cpu_ms,
        memory_kb=facts.memory_kb,
    )


def _describe(facts: RunFacts) -> str | None:
    if facts.signal is not None:
        return f"killed by signal {facts.signal}"
    if facts.exit_code:
        return f"exit code {facts.exit_code}"
    return None


# How far the host's reading of a running box's CPU time can lag: the kernel folds a running
# task's time into its cgroup's counter at scheduler ticks (4 ms at HZ=250, 10 ms at HZ=100).
TICK_SLACK_MS = 10


def reported_ms(host_ms: int, driver_ms: float, room_ms: float | None = None) -> int:
    """The CPU time shown for one test of a function problem.

    The host's figure (the box's cgroup, between the host's receipt of two results) decides the
    time limit: the submission cannot touch it. But it is only as fine as the scheduler tick
    (a 1 ms test reads as 0 or 4), and since the driver has every test from the start and never
    waits, a host slow to read a result charges part of one test's CPU to its neighbour. The
    driver measures the call itself exactly, as LeetCode's harness does, in the process the
    submission shares: it is shown unless it claims more than ``room_ms`` (the CPU the host has
    seen the box use so far, less what earlier tests were shown as; by default ``host_ms``)
    plus a tick, which no honest driver does. A submission can make its shown
    time smaller, as on LeetCode; never its verdict."""
    room = host_ms if room_ms is None else room_ms
    if -0.5 < driver_ms <= room + TICK_SLACK_MS:
        return max(0, round(driver_ms))
    return host_ms


class FunctionSession:
    """One driver process running a function problem's tests in order.

    Every test's input is the driver's stdin from the start (a file the host wrote before the
    box started), so the driver never waits for the host between tests, and the host checks
    one answer while the driver computes the next. Each test's CPU time is the box's
    CPU time (cgroup, else /proc) between the host's receipt of the previous result and of its
    own, measured by the host, not by the driver the submission shares a process with; it
    decides the time limit. The samples telescope: their sum is exact, and a test's figure is
    off by at most what the driver did between writing a result and the host reading it (the
    time shown is the driver's, see ``reported_ms``). Each test gets its own CPU
    budget and a wall deadline, so an endless loop costs one time limit, not one per test.
    After a test that ends the process (a kill, a crash) the session is ``dead``.
    """

    def __init__(
        self,
        sandbox: Sandbox,
        language: Language,
        program: CompileResult,
        problem: Problem,
        tests: Sequence[TestCase],
    ) -> None:
        assert problem.signature is not None
        self._language, self._limits = language, problem.limits
        self._arity = len(problem.signature.params)
        stdout_limit = problem.limits.output_kb * 1024
        spec = harness.spec_json(problem.signature, stdout_limit)
        self._files = [*program.files, InputFile(f"{WORKDIR}/spec.json", spec)]
        self._startup_cpu_ms = language.startup_cpu_ms
        total_cpu = problem.limits.time_ms * len(tests) + self._startup_cpu_ms  # RLIMIT_CPU
        # The drivers capture fd 1 and 2 in a file emptied after each test: one byte over a
        # test's output limit there is a file-size signal (SIGXFSZ) or EFBIG, an output limit.
        self._run_limits = dataclasses.replace(
            run_limits(language, problem.limits, sandbox, cpu_ms=total_cpu),
            file_size_bytes=stdout_limit + 1,
        )
        self._command = _command(
            language, language.function_run, program, problem.limits, self._run_limits
        )
        self._sandbox = language_sandbox(sandbox, language)
        self._tests: deque[TestCase] = deque(tests)
        self._box: Box | None = None
        self._loading_seen = False
        self._last = Usage(0, 0)  # the box's usage when the previous result (or loading) came
        self._clock: Clock | None = None  # the current test's (or the loading's) clock
        self._box_started = 0.0  # time.monotonic() when the box was started
        self._wall_ms = wall_limit_ms(problem.limits.time_ms)
        self._starvation_since = 0.0  # when the box last started counting CPU waits
        self._shown_ms = 0  # the CPU times shown for the tests so far
        self._malformed: tuple[int, str] | None = None  # a test whose input cannot be sent
        self.dead = False

    def __enter__(self) -> FunctionSession:
        if self._box is not None:  # started early (see unchecked_function_program)
            return self
        lines = []
        for test in self._tests:
            try:
                lines.append(harness.input_line(test.input, self._arity))
            except ValueError as e:
                # Reported when that test's turn comes; the driver stops before it.
                self._malformed = (test.index, f"test {test.index}: {e}")
                break
        self._box = self._sandbox.start(
            self._command, limits=self._run_limits, files=self._files, env=self._language.env,
            channel=True, stdin=b"".join(lines),
        )  # fmt: skip
        self._box_started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._box is not None:
            self._box.finish()

    def start(self) -> Attempt | None:
        """Wait for the driver to load the submission; an Attempt if that failed (it counts as
        the first test's outcome), else None.

        The runtime's boot, up to the driver's "loading" message, is not timed. From there on
        everything is the submission's: loading it runs its top-level code (Python, JavaScript),
        so "loading" starts the first test's clocks: that code and the first call share one
        time limit."""
        box = self._require_box()
        native = self._language.native
        # Machine code boots in no time: what runs before the driver's "loading" (C++ global
        # constructors, C constructors, Go init, Rust .init_array) is the submission's, so a
        # native program's first test is timed from the box's start.
        boot_ms = 0 if native else box.usage().cpu_ms + self._startup_cpu_ms
        cpu_deadline = boot_ms + self._limits.time_ms
        wall_deadline = time.monotonic() + (self._wall_ms + STARTUP_WALL_MS) / 1000
        while True:
            line = box.read_line(wall_deadline=wall_deadline, cpu_deadline_ms=cpu_deadline)
            if line is None:
                return self._box_ended(during_startup=True)
            message = self._parse(line)
            if isinstance(message, Attempt):
                return message
            if isinstance(message, harness.Loading):
                if self._loading_seen:  # only the submission can send another
                    return self._broken("a second loading message on the judge's channel")
                self._loading_seen = True
                if native:
                    self._last = Usage(0, box.usage().memory_kb)
                    self._clock = Clock(0, self._box_started)
                else:
                    self._last = loading_clock_start(box.usage(), message.cpu_ms)
                    self._clock = Clock(self._last.cpu_ms, time.monotonic())
                box.restart_starvation()
                self._starvation_since = self._clock.at
                cpu_deadline = self._last.cpu_ms + self._limits.time_ms
                wall_deadline = self._clock.at + self._wall_ms / 1000
            elif isinstance(message, harness.Ready):
                if not self._loading_seen:
                    usage = box.usage()
                    self._last = Usage(0, usage.memory_kb) if native else usage
                return None
            elif isinstance(message, harness.LoadError):
                box.finish()
                self.dead = True
                oom = self._language.out_of_memory(message.type)
                flood = message.type == harness.OUTPUT_LIMIT_ERROR
                return Attempt(crashed=True, memory_limit_hit=oom, output_limit_hit=flood,
                               message=message.message)  # fmt: skip
            else:
                return self._broken("a result before the driver was ready")

    def run(self, test: TestCase) -> Attempt:
        """The outcome of ``test``, which must be the session's next one."""
        box = self._require_box()
        if not self._tests or self._tests[0].index != test.index:
            raise RuntimeError(f"test {test.index} is not the session's next test")
        self._tests.popleft()
        if self._malformed is not None and self._malformed[0] == test.index:
            return Attempt(internal_error=self._malformed[1])
        before, limit = self._last, self._limits.time_ms
        # Timed from the host's receipt of the previous result (the driver has every input
        # from the start: it is already computing this test, never waiting for us).
        self._clock = Clock(before.cpu_ms, time.monotonic())
        if self._clock.at - self._starvation_since > _STARVATION_RESET_S:
            box.restart_starvation()
            self._starvation_since = self._clock.at
        wall_deadline = self._clock.at + self._wall_ms / 1000
        line = box.read_line(wall_deadline=wall_deadline, cpu_deadline_ms=before.cpu_ms + limit)
        if line is None:
            return self._box_ended(during_startup=False)
        message = self._parse(line)
        if isinstance(message, Attempt):
            return message
        if not isinstance(message, harness.DriverResult):
            return self._broken(f"unexpected {type(message).__name__} message")
        self._last = after = box.usage()
        # All the box's CPU so far (start-up included: a sample taken at "ready" may already
        # hold some of the first tests, if the host read it late) less what was shown.
        room = after.cpu_ms - self._shown_ms
        attempt = self._attempt(message, after.cpu_ms - before.cpu_ms, after.memory_kb, room)
        self._shown_ms += attempt.time_ms
        return attempt

    def _attempt(
        self, result: harness.DriverResult, cpu_ms: int, memory_kb: int, room_ms: int
    ) -> Attempt:
        error_type = result.error_type or ""
        if result.status == "too_large":  # the judge's limit, not the submission's fault
            return Attempt(internal_error=result.message, stdout=result.stdout)
        message = result.message[-_MESSAGE_CHARS:] if result.message else None
        crashed = result.status == "exception"
        if crashed and self._language.stack_overflow(f"{error_type}: {message or ''}"):
            message = limits_.stack_message(self._language, self._run_limits, message)
        return Attempt(
            time_limit_hit=cpu_ms > self._limits.time_ms,
            # The box's peak so far (the driver goes on): over the limit is over, killed or not.
            memory_limit_hit=self._language.out_of_memory(error_type)
            or memory_kb > self._run_limits.memory_kb,
            output_limit_hit=result.status == "output_limit",
            crashed=crashed,
            actual=result.value,
            stdout=result.stdout,
            message=message,
            time_ms=reported_ms(cpu_ms, result.driver_ms, room_ms),
            memory_kb=memory_kb,
        )

    def _parse(self, line: bytes) -> harness.Message | Attempt:
        try:
            return harness.parse_line(line)
        except harness.ProtocolError:
            # The submission shares the driver's process, so it can write to the channel too:
            # garbage there is its doing, not ours.
            return self._broken("the program wrote garbage to the judge's result channel")

    def _broken(self, why: str) -> Attempt:
        facts = self._require_box().finish()
        self.dead = True
        attempt = attempt_of(self._language, facts, self._run_limits)
        return dataclasses.replace(attempt, crashed=True, message=why)

    def _box_ended(self, *, during_startup: bool) -> Attempt:
        facts = self._require_box().finish()
        self.dead = True
        if self._clock is None:  # in the runtime's boot
            attempt = attempt_of(self._language, facts, self._run_limits)
        else:
            limit = self._limits.time_ms
            starved = self._require_box().starved_ms
            attempt = attempt_of(
                self._language, facts, self._run_limits, self._clock, limit, self._wall_ms, starved
            )
        if facts.signal == signal.SIGXFSZ:  # the capture file passed the output limit
            attempt = dataclasses.replace(attempt, output_limit_hit=True)
        if during_startup and not self._loading_seen and not attempt.time_limit_hit:
            # The driver did not even start: nothing of the submission had run yet.
            return Attempt(internal_error=f"driver failed to start: {attempt.message}")
        return dataclasses.replace(attempt, crashed=True)

    def _require_box(self) -> Box:
        if self._box is None:
            raise RuntimeError("FunctionSession used outside its with block")
        return self._box


def loading_clock_start(host: Usage, driver_ms: float | None) -> Usage:
    """The start of the first test's CPU clock: the host's reading when "loading" arrived, or
    the driver's own figure from when it sent it if smaller (the host may read late, by then
    the submission's module-level code runs; the driver's figure predates it)."""
    if driver_ms is None or not 0 <= driver_ms < host.cpu_ms:
        return host
    return Usage(int(driver_ms), host.memory_kb)
