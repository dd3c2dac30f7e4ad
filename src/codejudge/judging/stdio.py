"""A stdio program's tests: each in a fresh box, set up while the previous test runs."""

from __future__ import annotations

import dataclasses
import time

from codejudge.judging.attempt import attempt_of
from codejudge.judging.clock import Clock, LauncherError, await_ready, wall_limit_ms
from codejudge.judging.compile import CompileResult, language_mounts, program_command
from codejudge.judging.limits import run_limits
from codejudge.languages.base import Language
from codejudge.models import Limits, TestCase
from codejudge.models.run import CHANNEL_FD, Attempt
from codejudge.sandbox import Box, Prepared, Sandbox


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
        self._sandbox = sandbox
        self._mounts = language_mounts(language)
        self._launcher = CHANNEL_FD in language.run
        self._time_ms, self._wall_ms = limits.time_ms, wall_limit_ms(limits.time_ms)
        # With a launcher the box's own limits leave room for the runtime's boot (the RLIMIT_CPU
        # backstop is on the whole box); the host's deadlines below are the test's.
        boot_ms = language.startup_cpu_ms if self._launcher else 0
        self._limits = run_limits(language, limits, sandbox, cpu_ms=limits.time_ms + boot_ms)
        self._command = program_command(language, program, limits, self._limits)
        self._files = program.files
        self._next: Prepared | None = None

    def __enter__(self) -> StdioRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._next is not None:
            self._next.close()
            self._next = None

    def _prepare(self) -> Prepared:
        return self._sandbox.prepare(
            self._command, limits=self._limits, files=self._files, env=self._language.env,
            mounts=self._mounts, channel=self._launcher,
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
        stderr = facts.stderr.decode(errors="replace")
        return dataclasses.replace(attempt, actual=stdout, stdout=stdout, stderr=stderr)

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
