"""Interactive and multi-pass stdio problems: the problem's validator talks to the submission.

As in the Kattis problem package format (``type: interactive`` / ``multi-pass``; DOMjudge's
``validation: custom interactive`` / ``custom multi-pass``) and problemtools' runner:

- **interactive**: the validator runs as ``validator input answer feedback_dir [flags]`` with
  its stdout connected to the submission's stdin and the submission's stdout to its stdin.
  Two boxes, two pipes; the host only watches (it never relays or reads the conversation).
- **multi-pass** (``passes`` > 1): after a pass the validator accepts (exit 42), it may write
  ``nextpass.in`` into its feedback dir: the submission then runs again on that input (a fresh
  process; interactive or not), and the feedback dir is kept across passes. The submission's
  time is its slowest pass. A validator that neither rejects nor finishes within ``passes``
  passes is the problem's fault (an internal error).

Which outcome wins (problemtools' rule, ``judge/execute.py``): a validator that exits with
43 (wrong answer) before the submission ended decides (the submission may then crash on a
closed pipe, or wait forever for input); otherwise the submission's own time limit, memory
limit and crash come first, and only a clean run gets the validator's verdict (the attempt
says ``rejected_first``; ``verdict.py`` applies the rule). A validator that crashes, hangs or
exits with anything but 42/43 raises ``CheckerError`` (an internal error).

Nothing a box writes is read from a path: the validator's judge message, its feedback dir (a
tar archive) and ``nextpass.in`` come back base64-encoded on the validator box's result
channel, and go into the next pass's box from memory.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import signal
import tarfile
import threading
import time
from dataclasses import dataclass, replace

from codejudge import verdict as verdicts
from codejudge.judging.attempt import attempt_of
from codejudge.judging.clock import STARTUP_WALL_MS, Clock, await_ready, wall_limit_ms
from codejudge.judging.compile import CompileResult, language_mounts, program_command
from codejudge.judging.custom_checker import (
    ACCEPTED_EXIT,
    ANSWER,
    INPUT,
    RUN_LIMITS,
    WRONG_ANSWER_EXIT,
    CheckerError,
    failure,
    validator_command,
)
from codejudge.judging.limits import run_limits
from codejudge.languages.base import Language
from codejudge.models import Problem, TestCase
from codejudge.models.run import CHANNEL_FD, Attempt, InputFile, RunFacts, RunLimits
from codejudge.sandbox import Box, Sandbox

_FEEDBACK_TAR = "/box/data/feedback.tar"
_MESSAGE_BYTES = 16 * 1024
_VALIDATOR_GRACE_S = 2.0  # wall time the validator gets beyond the submission's
_ENDED_EARLY = "the program ended while the validator was still writing to it"

# Runs the validator: restores the feedback dir of the previous pass,
# runs the validator (interactive: stdin/stdout are the submission's pipes, closed as soon as it
# ends so the submission sees end of file; otherwise its stdout goes to stderr), then reports
# the judge message, the feedback dir and nextpass.in on the channel ($1), base64 per line.
_RUN = f"""ch=$1; mode=$2; shift 2
mkdir -p /tmp/feedback || exit 111
if [ -f {_FEEDBACK_TAR} ]; then tar -xf {_FEEDBACK_TAR} -C /tmp/feedback || exit 111; fi
rm -f /tmp/feedback/nextpass.in
# SIGPIPE ignored (inherited through exec), as problemtools' interactive runner has it: a
# validator writing to a program that has gone gets EPIPE, reads end of file, and decides.
if [ "$mode" = interactive ]; then trap '' PIPE; "$@"; else "$@" >&2; fi
code=$?
exec 0<&- 1>&-
echo "exit $code" >&"$ch"
{{
  printf "message "
  head -c {_MESSAGE_BYTES} /tmp/feedback/judgemessage.txt 2>/dev/null | base64 -w0
  printf '\\nnextpass '
  if [ -f /tmp/feedback/nextpass.in ]; then base64 -w0 /tmp/feedback/nextpass.in; else echo -n -; fi
  printf '\\nfeedback '; tar -C /tmp/feedback --exclude=./nextpass.in -cf - . | base64 -w0
  printf '\\n'
}} >&"$ch"
exit $code
"""


def is_interactive(problem: Problem) -> bool:
    """Whether the problem's validator talks to the submission (or runs it several times)."""
    options = problem.checker.options
    return bool(options.get("interactive")) or int(options.get("passes", 1)) > 1


@dataclass(frozen=True, slots=True)
class _Validated:
    """One validator run: its facts, its report, and when it ended (``time.monotonic``)."""

    facts: RunFacts
    message: str | None
    nextpass: bytes | None
    feedback: bytes
    ended: float  # when its "exit" line came: the validator's own end, before its report


def run_test(
    language: Language, sandbox: Sandbox, program: CompileResult, problem: Problem, test: TestCase
) -> Attempt:
    """Judge one test of an interactive or multi-pass problem: an ``Attempt`` whose
    ``answer_ok`` is the validator's word (None when the submission's own failure decides).

    Raises ``CheckerError`` when the validator fails or never decides.
    """
    options = problem.checker.options
    passes = max(1, int(options.get("passes", 1)))
    test_input, feedback = test.input.encode(), b""
    slowest, peak = 0, 0
    for _ in range(passes):
        attempt, validated = _one_pass(
            language, sandbox, program, problem, test_input, test.expected, feedback
        )
        slowest, peak = max(slowest, attempt.time_ms), max(peak, attempt.memory_kb)
        attempt = replace(attempt, time_ms=slowest, memory_kb=peak)
        if attempt.answer_ok is not True or validated.nextpass is None:
            return attempt
        test_input, feedback = validated.nextpass, validated.feedback
    raise CheckerError(f"the validator did not give a verdict within {passes} passes")


def _one_pass(
    language: Language,
    sandbox: Sandbox,
    program: CompileResult,
    problem: Problem,
    test_input: bytes,
    answer: str,
    feedback: bytes,
) -> tuple[Attempt, _Validated]:
    interactive = bool(problem.checker.options.get("interactive"))
    timing = _Timing.of(language, problem, sandbox)
    command = program_command(language, program, problem.limits, timing.limits)
    mounts = language_mounts(language)
    validator_files = _validator_files(problem, sandbox, test_input, answer, feedback)
    if not interactive:
        with sandbox.start(
            command, limits=timing.limits, files=program.files, env=language.env,
            mounts=mounts, stdin=test_input, channel=timing.launcher,
        ) as box:  # fmt: skip
            attempt, facts = timing.run(language, box)
        validated = _validate(sandbox, validator_files, stdin=facts.stdout)
        return _decide(attempt, time.monotonic(), validated), validated
    to_program = os.pipe()  # validator's stdout -> program's stdin
    to_validator = os.pipe()  # program's stdout -> validator's stdin
    try:
        validator = _start_validator(sandbox, validator_files, to_validator, to_program)
        try:
            box = sandbox.start(
                command, limits=timing.limits, files=program.files, env=language.env,
                mounts=mounts, pipes=(to_program[0], to_validator[1]), channel=timing.launcher,
            )  # fmt: skip
        except BaseException:
            validator.finish()
            raise
    finally:
        for fd in (*to_program, *to_validator):
            os.close(fd)  # the boxes hold their own ends now: end of file reaches each side
    with box, validator:
        result: list[_Validated] = []
        wall_ms = timing.wall_ms + (STARTUP_WALL_MS if timing.launcher else 0)
        waiter = threading.Thread(target=lambda: result.append(_wait_validator(validator, wall_ms)))
        waiter.start()
        attempt, _ = timing.run(language, box)
        program_ended = box.ended_at or time.monotonic()
        waiter.join()
    return _decide(attempt, program_ended, result[0]), result[0]


@dataclass(frozen=True, slots=True)
class _Timing:
    """A pass's limits and clocks, as ``StdioRunner`` has them: a program behind a launcher
    (Java, Python, JavaScript, TypeScript) is timed from its runtime's "ready" line (see
    ``clock.py``), a native one from its box's start."""

    limits: RunLimits
    time_ms: int
    wall_ms: int
    launcher: bool

    @classmethod
    def of(cls, language: Language, problem: Problem, sandbox: Sandbox) -> _Timing:
        launcher = CHANNEL_FD in language.run
        time_ms = problem.limits.time_ms
        boot_ms = language.startup_cpu_ms if launcher else 0
        limits = run_limits(language, problem.limits, sandbox, cpu_ms=time_ms + boot_ms)
        return cls(limits, time_ms, wall_limit_ms(time_ms), launcher)

    def run(self, language: Language, box: Box) -> tuple[Attempt, RunFacts]:
        """Wait for the program's end (or kill it at a limit): what it did, and its facts."""
        if self.launcher:
            clock = await_ready(box, self.time_ms + language.startup_cpu_ms, self.wall_ms)
            if clock is None:  # ended (or was killed) before its runtime was up
                facts = box.finish()
                return attempt_of(language, facts, self.limits), facts
        else:
            clock = Clock(0, time.monotonic())
        facts = box.wait(
            wall_deadline=clock.at + self.wall_ms / 1000,
            cpu_deadline_ms=clock.cpu_ms + self.time_ms,
        )
        attempt = attempt_of(language, facts, self.limits, clock, self.time_ms, self.wall_ms)
        return attempt, facts


def _decide(attempt: Attempt, program_ended: float, validated: _Validated) -> Attempt:
    """The pass's attempt with the validator's word attached where it decides (by
    problemtools' precedence, see the module docstring; ``verdict.py`` applies it).

    A validator that fails (exits with neither 42 nor 43, or hits a limit) is the problem's
    fault, ``CheckerError``, unless the submission caused it:

    - the program failed (crash, time or memory limit) and the validator failed after it
      ended, or failed on the broken pipe the program left (which only its end, or its
      closing of stdin, can cause): the program's own failure is its verdict;
    - the program exited (or closed its input) and the validator then died writing to it
      (EPIPE, SIGPIPE): wrong answer, the 43 a validator that handles the closed pipe gives.
      problemtools' interactive runner ignores SIGPIPE in the validator precisely so that it
      sees EPIPE or end of file and rejects a submission that quit early
      (``problemtools/verifyproblem.py``, ``validate_interactive``); one that dies there
      instead is read as that rejection.

    problemtools itself calls any other failing validator a judge error ("val_JE"), and so
    does this judge: it departs from that only where the failure follows from what the
    submission did."""
    code = validated.facts.exit_code
    if code not in (ACCEPTED_EXIT, WRONG_ANSWER_EXIT) or _limit_hit(validated.facts):
        broken_pipe = _broken_pipe(validated.facts)
        if not verdicts.ran_cleanly(attempt) and (program_ended <= validated.ended or broken_pipe):
            return attempt  # the program failed first; the validator's failure follows
        if broken_pipe:
            return replace(attempt, answer_ok=False, message=_ENDED_EARLY)
        raise CheckerError(f"the validator {failure(validated.facts)}")
    rejected_first = code == WRONG_ANSWER_EXIT and validated.ended <= program_ended
    attempt = replace(attempt, rejected_first=rejected_first)
    if not verdicts.ran_cleanly(attempt):  # the program's own failure decides
        return attempt
    return replace(attempt, answer_ok=code == ACCEPTED_EXIT, message=validated.message)


def _validator_files(
    problem: Problem, sandbox: Sandbox, test_input: bytes, answer: str, feedback: bytes
) -> tuple[list[str], list[InputFile]]:
    program = problem.checker.options.get("validator")
    if program is None:
        raise ValueError("an interactive CheckerSpec needs options['validator'] (the loader's)")
    command, files = validator_command(program, sandbox)
    files = [*files, InputFile(INPUT, test_input), InputFile(ANSWER, answer.encode())]
    if feedback:
        files.append(InputFile(_FEEDBACK_TAR, feedback))
    return [*command, INPUT, ANSWER, "/tmp/feedback/", *program.flags], files


def _argv(command: list[str], interactive: bool) -> list[str]:
    mode = "interactive" if interactive else "batch"
    return ["/bin/sh", "-c", _RUN, "sh", CHANNEL_FD, mode, *command]


def _start_validator(
    sandbox: Sandbox,
    validator: tuple[list[str], list[InputFile]],
    to_validator: tuple[int, int],
    to_program: tuple[int, int],
) -> Box:
    command, files = validator
    return sandbox.start(
        _argv(command, True), limits=RUN_LIMITS, files=files, channel=True,
        pipes=(to_validator[0], to_program[1]),
    )  # fmt: skip


def _validate(
    sandbox: Sandbox, validator: tuple[list[str], list[InputFile]], stdin: bytes
) -> _Validated:
    command, files = validator
    with sandbox.start(
        _argv(command, False), limits=RUN_LIMITS, files=files, channel=True, stdin=stdin
    ) as box:
        return _wait_validator(box, RUN_LIMITS.wall_ms)


def _wait_validator(box: Box, wall_ms: int) -> _Validated:
    """Read the validator's report lines, then its end. ``wall_ms``: interactive, the
    submission's wall limit (the validator waits as long as the program may run), else its
    own."""
    deadline = time.monotonic() + wall_ms / 1000 + _VALIDATOR_GRACE_S
    report: dict[str, bytes] = {}
    cpu = RUN_LIMITS.cpu_ms
    ended = None
    while (line := box.read_line(wall_deadline=deadline, cpu_deadline_ms=cpu)) is not None:
        key, _, value = line.partition(b" ")
        report[key.decode(errors="replace")] = value
        if key == b"exit" and ended is None:
            ended = time.monotonic()  # the validator itself ended (its report comes after)
    facts = box.wait(wall_deadline=deadline, cpu_deadline_ms=cpu)
    ended = ended or time.monotonic()
    message = _b64(report.get("message", b"")).decode(errors="replace").strip() or None
    nextpass = report.get("nextpass", b"-")
    return _Validated(
        facts=facts,
        message=message,
        nextpass=None if nextpass == b"-" else _b64(nextpass),
        feedback=_safe_tar(_b64(report.get("feedback", b""))),
        ended=ended,
    )


def _b64(data: bytes) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except ValueError:
        return b""


def _safe_tar(data: bytes) -> bytes:
    """The feedback archive, rebuilt from its regular files only (read in memory, never
    extracted on the host): a link or device the validator made does not travel on."""
    if not data:
        return b""
    out = io.BytesIO()
    with (
        contextlib.suppress(tarfile.TarError),
        tarfile.open(fileobj=io.BytesIO(data)) as source,
        tarfile.open(fileobj=out, mode="w") as target,
    ):
        for member in source.getmembers():
            extracted = source.extractfile(member) if member.isfile() else None
            if extracted is None or ".." in member.name.split("/"):
                continue
            info = tarfile.TarInfo(member.name)
            info.size, info.mode = member.size, 0o644
            target.addfile(info, extracted)
    return out.getvalue()


def _broken_pipe(facts: RunFacts) -> bool:
    """Whether the validator died writing to a pipe nobody reads: killed by SIGPIPE (or its
    shell saying so, 128 + 13), or an EPIPE error in its last words (Python's
    ``BrokenPipeError``, C's ``perror``, Java's ``IOException``: all say "Broken pipe")."""
    if facts.signal == signal.SIGPIPE or facts.exit_code == 128 + signal.SIGPIPE:
        return True
    tail = facts.stderr[-_MESSAGE_BYTES:]
    return b"Broken pipe" in tail or b"EPIPE" in tail


def _limit_hit(facts: RunFacts) -> bool:
    return facts.cpu_limit_hit or facts.wall_limit_hit or facts.memory_limit_hit
