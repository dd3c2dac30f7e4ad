"""A function problem's tests, run in order by one driver process in one box."""

from __future__ import annotations

import dataclasses
import signal
import time
from collections import deque
from collections.abc import Sequence

from codejudge import verdict as verdicts
from codejudge.judging import harness
from codejudge.judging import limits as limits_
from codejudge.judging.attempt import MESSAGE_CHARS, attempt_of
from codejudge.judging.clock import STARTUP_WALL_MS, Clock, wall_limit_ms
from codejudge.judging.compile import CompileResult, language_mounts, run_command
from codejudge.languages.base import WORKDIR, Language
from codejudge.models import Problem, TestCase
from codejudge.models.run import Attempt, InputFile, Usage
from codejudge.sandbox import Box, Sandbox

# A function session restarts its box's count of CPU waits (see Box.restart_starvation: a
# walk of /proc, ~1.5 ms for a JVM) for a test only if the last restart is older than this:
# a test's wall deadline may then move by at most this much of an earlier test's waits.
_STARVATION_RESET_S = 0.1

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
            limits_.run_limits(language, problem.limits, sandbox, cpu_ms=total_cpu),
            file_size_bytes=stdout_limit + 1,
        )
        self._command = run_command(
            language, language.function_run, program, problem.limits, self._run_limits
        )
        self._sandbox, self._mounts = sandbox, language_mounts(language)
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
            mounts=self._mounts, channel=True, stdin=b"".join(lines),
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
                return Attempt(crashed=True, out_of_memory=oom, output_limit_hit=flood,
                               message=self._shown(message.message))  # fmt: skip
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
        message = self._shown(result.message) if result.message else None
        crashed = result.status == "exception"
        raw = result.message[-MESSAGE_CHARS:] if result.message else ""
        overflow = crashed and self._language.stack_overflow(f"{error_type}: {raw}")
        if overflow:
            message = limits_.stack_message(self._language, self._run_limits, message)
        return Attempt(
            cpu_ms=cpu_ms,
            time_limit_ms=self._limits.time_ms,
            time_ms=reported_ms(cpu_ms, result.driver_ms, room_ms),
            # The box's peak so far (the driver goes on): over the limit is over, killed or not.
            memory_kb=memory_kb,
            memory_limit_kb=self._run_limits.memory_kb,
            # An answer over the drivers' answer limit (harness.VALUE_LIMIT_BYTES, NODE_LIMIT) is
            # the submission's output over a limit, like printing past the output limit.
            output_limit_hit=result.status in ("output_limit", "too_large"),
            out_of_memory=self._language.out_of_memory(error_type),
            stack_overflow=overflow,
            crashed=crashed,
            actual=result.value,
            stdout=result.stdout,
            message=message,
        )

    def _shown(self, text: str) -> str:
        """A driver's error text as the user sees it: the submission's frames (drivers leave
        out their own; ``Language.tidy_message`` is the host's second look), its tail."""
        return self._language.tidy_message(text)[-MESSAGE_CHARS:]

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
        clock = self._clock
        if clock is None and self._language.native:
            # Machine code's boot is the submission's (C++ global constructors, Go package
            # initialisers, C constructors run before the driver's "loading"): timed, and its
            # failure a verdict, from the box's start.
            clock = Clock(0, self._box_started)
        if clock is None:  # in the runtime's boot
            attempt = attempt_of(self._language, facts, self._run_limits)
        else:
            limit = self._limits.time_ms
            starved = self._require_box().starved_ms
            attempt = attempt_of(
                self._language, facts, self._run_limits, clock, limit, self._wall_ms, starved
            )
        if facts.signal == signal.SIGXFSZ:  # the capture file passed the output limit
            attempt = dataclasses.replace(attempt, output_limit_hit=True)
        timed_out = verdicts.facts_of(attempt).time_limit_hit
        if during_startup and clock is None and not timed_out:
            # The runtime did not even start the driver: nothing of the submission had run yet.
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
