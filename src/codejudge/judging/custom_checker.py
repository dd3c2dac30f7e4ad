"""The ``custom`` checker: the problem's own output validator, built and run in the sandbox.
(Outside ``checkers/``, which stays pure: this one runs programs.)

It speaks the Kattis output-validator protocol::

    validator input_file answer_file feedback_dir [flags...] < team_output

exit 42 = accepted, 43 = wrong answer; ``feedback_dir/judgemessage.txt`` is the message. Every
input goes into the box from memory (``InputFile``: memfds bound read-only), the team output
through stdin, and the message comes back on stdout: the host never opens a path the box could
have touched. A C/C++ validator is compiled once per process (in a box; the binary comes back as
bytes on stdout and goes into later boxes as an ``InputFile``), keyed by its sources' digest.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from codejudge.checkers import Checked
from codejudge.checkers.program import ValidatorProgram
from codejudge.exceptions import CodejudgeError, InvalidInput
from codejudge.languages import Language, get_language
from codejudge.models import Problem, TestCase
from codejudge.sandbox import InputFile, RunFacts, RunLimits, Sandbox

ACCEPTED_EXIT = 42
WRONG_ANSWER_EXIT = 43
CHECKER_DIR = "/box/checker"
INPUT, ANSWER, FEEDBACK = "/box/data/input", "/box/data/answer", "/tmp/feedback/"
_MESSAGE_BYTES = 16 * 1024

# Runs the validator with the team output as stdin and its own stdout on stderr, then prints the
# judge message: the exit code is the validator's.
_RUN = (
    "mkdir -p /tmp/feedback || exit 111\n"
    '"$@" >&2\n'
    "code=$?\n"
    f"head -c {_MESSAGE_BYTES} /tmp/feedback/judgemessage.txt 2>/dev/null\n"
    "exit $code\n"
)
_COMPILE = f'cd {CHECKER_DIR} && "$@" -o /tmp/validator -lm >&2 && cat /tmp/validator\n'

RUN_LIMITS = RunLimits(
    cpu_ms=10_000, wall_ms=20_000, memory_kb=1024 * 1024, stdout_bytes=_MESSAGE_BYTES + 1024
)
COMPILE_LIMITS = RunLimits(
    cpu_ms=60_000, wall_ms=120_000, memory_kb=2 * 1024 * 1024,
    stdout_bytes=64 * 1024 * 1024, processes=64, file_size_bytes=64 * 1024 * 1024,
)  # fmt: skip


class CheckerError(CodejudgeError):
    """The output validator did not build, crashed or hung: the problem's fault (an
    internal_error of the judge), never the submission's."""


def check_custom(problem: Problem, test: TestCase, actual: str, sandbox: Sandbox) -> Checked:
    """Judge ``actual`` (a stdio program's output) on ``test`` with the problem's validator.
    Raises ``CheckerError`` when the validator itself fails (grading reports an internal
    error)."""
    program = problem.checker.options.get("validator")
    if program is None:
        raise ValueError("a custom CheckerSpec needs options['validator'] (the loader sets it)")
    ok, message = run_validator(program, test.input, test.expected, actual, sandbox)
    return Checked(ok, message)


def run_validator(
    program: ValidatorProgram, test_input: str, answer: str, output: str, sandbox: Sandbox
) -> tuple[bool, str | None]:
    """Run ``program`` on one test: (accepted, judge message)."""
    command, files = validator_command(program, sandbox)
    argv = ["/bin/sh", "-c", _RUN, "sh", *command, INPUT, ANSWER, FEEDBACK, *program.flags]
    files = [*files, InputFile(INPUT, test_input.encode()), InputFile(ANSWER, answer.encode())]
    facts = sandbox.run(argv, limits=RUN_LIMITS, files=files, stdin=output.encode())
    message = facts.stdout.decode(errors="replace").strip() or None
    if facts.exit_code == ACCEPTED_EXIT and not _limit_hit(facts):
        return True, message
    if facts.exit_code == WRONG_ANSWER_EXIT and not _limit_hit(facts):
        return False, message
    raise CheckerError(f"the output validator {failure(facts)}")


def build(program: ValidatorProgram, sandbox: Sandbox) -> None:
    """Compile the validator now (``problems check`` does, to report a broken one up front)."""
    validator_command(program, sandbox)


def validator_command(
    program: ValidatorProgram, sandbox: Sandbox
) -> tuple[list[str], list[InputFile]]:
    """The command and files that run the validator in a box: its script under the interpreter
    of its language (``Language.interpreter``), else its program, compiled first if need be."""
    language = _language(program.language)
    if language is not None and language.interpreter:
        files = [InputFile(f"{CHECKER_DIR}/{name}", data) for name, data in program.files]
        return [*language.interpreter, f"{CHECKER_DIR}/{program.python_entry()}"], files
    binary = _BUILT.get(program, sandbox)
    return [f"{CHECKER_DIR}/validator"], [InputFile(f"{CHECKER_DIR}/validator", binary, 0o555)]


class _BuildCache:
    """Compiled validators by digest (a few per process, least recently used dropped)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._binaries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, program: ValidatorProgram, sandbox: Sandbox) -> bytes:
        key = program.digest
        with self._lock:
            if key in self._binaries:
                self._binaries.move_to_end(key)
                return self._binaries[key]
        binary = _compile(program, sandbox)
        with self._lock:
            self._binaries[key] = binary
            while len(self._binaries) > self._size:
                self._binaries.popitem(last=False)
        return binary


_BUILT = _BuildCache()


def _compiler(language_id: str) -> tuple[str, ...]:
    """The compiler and flags of the language the validator is written in: the ones its
    submissions compile with (``Language.compiler``)."""
    language = _language(language_id)
    compiler = language.compiler if language is not None else ()
    if not compiler:
        raise CheckerError(f"cannot build a {language_id} output validator")
    return compiler


def _language(language_id: str) -> Language | None:
    try:
        return get_language(language_id)
    except InvalidInput:
        return None


def _compile(program: ValidatorProgram, sandbox: Sandbox) -> bytes:
    compiler = _compiler(program.language)
    files = [InputFile(f"{CHECKER_DIR}/{name}", data) for name, data in program.files]
    argv = ["/bin/sh", "-c", _COMPILE, "sh", *compiler, *program.sources]
    facts = sandbox.run(argv, limits=COMPILE_LIMITS, files=files)
    if facts.exit_code != 0 or _limit_hit(facts) or not facts.stdout:
        raise CheckerError(f"the output validator does not compile: {failure(facts)}")
    return facts.stdout


def _limit_hit(facts: RunFacts) -> bool:
    return facts.cpu_limit_hit or facts.wall_limit_hit or facts.memory_limit_hit


def failure(facts: RunFacts) -> str:
    """How a validator run failed, for the internal error's message."""
    if facts.cpu_limit_hit or facts.wall_limit_hit:
        how = "took too long"
    elif facts.memory_limit_hit:
        how = "ran out of memory"
    elif facts.signal is not None:
        how = f"was killed by signal {facts.signal}"
    else:
        how = f"exited with {facts.exit_code} (42 = accepted, 43 = wrong answer)"
    stderr = facts.stderr.decode(errors="replace").strip()[-2000:]
    return f"{how}{': ' + stderr if stderr else ''}"
