"""Judge0 CE's words for codejudge's things: its language ids, its status ids, its Base64 and
its number and time formats. Pure functions and tables, no I/O.

Every rule here is Judge0 CE 1.13.1's (github.com/judge0/judge0, tag v1.13.1), the version
whose language ids the official Python SDK (PyPI ``judge0``) maps its aliases to:
``db/languages/active.rb`` (ids and names), ``app/enumerations/status.rb`` (statuses),
``app/jobs/isolate_job.rb`` (how a run gets its status), ``app/services/base64_service.rb``
(Ruby's ``Base64.encode64``/``decode64``), ``app/serializers/submission_serializer.rb``.
"""

from __future__ import annotations

import base64
import binascii
import re
import signal
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from codejudge.models import Status, Submission, TestResult, Verdict

JUDGE0_VERSION = "1.13.1"  # /about's version: the SDK picks its language-alias table by it


class Judge0Status(IntEnum):
    """Judge0 CE's statuses (``app/enumerations/status.rb``), ``description`` as it names them."""

    IN_QUEUE = 1
    PROCESSING = 2
    ACCEPTED = 3
    WRONG_ANSWER = 4
    TIME_LIMIT_EXCEEDED = 5
    COMPILATION_ERROR = 6
    RUNTIME_ERROR_SIGSEGV = 7
    RUNTIME_ERROR_SIGXFSZ = 8
    RUNTIME_ERROR_SIGFPE = 9
    RUNTIME_ERROR_SIGABRT = 10
    RUNTIME_ERROR_NZEC = 11
    RUNTIME_ERROR_OTHER = 12
    INTERNAL_ERROR = 13
    EXEC_FORMAT_ERROR = 14

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    def as_json(self) -> dict[str, object]:
        return {"id": int(self), "description": self.description}


_DESCRIPTIONS = {
    Judge0Status.IN_QUEUE: "In Queue",
    Judge0Status.PROCESSING: "Processing",
    Judge0Status.ACCEPTED: "Accepted",
    Judge0Status.WRONG_ANSWER: "Wrong Answer",
    Judge0Status.TIME_LIMIT_EXCEEDED: "Time Limit Exceeded",
    Judge0Status.COMPILATION_ERROR: "Compilation Error",
    Judge0Status.RUNTIME_ERROR_SIGSEGV: "Runtime Error (SIGSEGV)",
    Judge0Status.RUNTIME_ERROR_SIGXFSZ: "Runtime Error (SIGXFSZ)",
    Judge0Status.RUNTIME_ERROR_SIGFPE: "Runtime Error (SIGFPE)",
    Judge0Status.RUNTIME_ERROR_SIGABRT: "Runtime Error (SIGABRT)",
    Judge0Status.RUNTIME_ERROR_NZEC: "Runtime Error (NZEC)",
    Judge0Status.RUNTIME_ERROR_OTHER: "Runtime Error (Other)",
    Judge0Status.INTERNAL_ERROR: "Internal Error",
    Judge0Status.EXEC_FORMAT_ERROR: "Exec Format Error",
}

# Judge0's ``Status.find_runtime_error_by_status_code``: the signal that ended the program.
_SIGNAL_STATUS: dict[int, Judge0Status] = {
    signal.SIGSEGV.value: Judge0Status.RUNTIME_ERROR_SIGSEGV,
    signal.SIGXFSZ.value: Judge0Status.RUNTIME_ERROR_SIGXFSZ,
    signal.SIGFPE.value: Judge0Status.RUNTIME_ERROR_SIGFPE,
    signal.SIGABRT.value: Judge0Status.RUNTIME_ERROR_SIGABRT,
}

# Verdicts Judge0 has a status of its own for. The others are mapped by ``status_of``:
# - runtime_error: by the signal as Judge0 does (SIGSEGV 7, SIGXFSZ 8, SIGFPE 9, SIGABRT 10,
#   another signal 12), an exit status without a signal 11 (NZEC);
# - memory_limit_exceeded: 12, Runtime Error (Other). Judge0 has no such status: a program
#   over its memory limit is killed (SIGKILL under cgroups, status 12) or fails to allocate
#   (a crash, 7 to 11); ``message`` says "Memory limit exceeded";
# - output_limit_exceeded: 8, Runtime Error (SIGXFSZ): what Judge0 reports when a program's
#   output passes ``max_file_size`` (its stdout is a file in the box).
_VERDICT_STATUS = {
    Verdict.ACCEPTED: Judge0Status.ACCEPTED,
    Verdict.WRONG_ANSWER: Judge0Status.WRONG_ANSWER,
    Verdict.TIME_LIMIT_EXCEEDED: Judge0Status.TIME_LIMIT_EXCEEDED,
    Verdict.COMPILE_ERROR: Judge0Status.COMPILATION_ERROR,
    Verdict.MEMORY_LIMIT_EXCEEDED: Judge0Status.RUNTIME_ERROR_OTHER,
    Verdict.OUTPUT_LIMIT_EXCEEDED: Judge0Status.RUNTIME_ERROR_SIGXFSZ,
    Verdict.INTERNAL_ERROR: Judge0Status.INTERNAL_ERROR,
    Verdict.SKIPPED: Judge0Status.INTERNAL_ERROR,  # never the verdict of a whole submission
}


def status_of(sub: Submission) -> Judge0Status:
    """The Judge0 status of a submission: queued 1, running 2, cancelled 13 (Internal Error),
    finished by its verdict (see ``_VERDICT_STATUS``; a runtime error by its signal)."""
    if sub.status is Status.QUEUED:
        return Judge0Status.IN_QUEUE
    if sub.status is Status.RUNNING:
        return Judge0Status.PROCESSING
    if sub.status is Status.CANCELLED or sub.verdict is None:
        return Judge0Status.INTERNAL_ERROR
    if sub.verdict is Verdict.RUNTIME_ERROR:
        row = run_row(sub)
        sig = row.signal if row is not None else None
        if sig is None:
            return Judge0Status.RUNTIME_ERROR_NZEC
        return _SIGNAL_STATUS.get(sig, Judge0Status.RUNTIME_ERROR_OTHER)
    return _VERDICT_STATUS[sub.verdict]


def run_row(sub: Submission) -> TestResult | None:
    """The row of an ad hoc submission's one test; None when it did not run: a compile error
    (Judge0 then clears time, memory, stdout, stderr, exit code and signal)."""
    if sub.result is None or not sub.result.tests:
        return None
    if sub.result.verdict is Verdict.COMPILE_ERROR:
        return None
    return sub.result.tests[0]


def message_of(sub: Submission) -> str | None:
    """Judge0's ``message``: isolate's words for how the run ended ("Time limit exceeded",
    "Exited with error status 1", "Caught fatal signal 11"), or the internal error's detail;
    None for a clean run and a compile error (Judge0 clears it there)."""
    if sub.status is Status.CANCELLED:
        return "the submission was cancelled before it was judged"
    if sub.result is None:
        return None
    verdict = sub.result.verdict
    if verdict is Verdict.INTERNAL_ERROR:
        return sub.result.error or "internal error"
    if verdict is Verdict.TIME_LIMIT_EXCEEDED:
        return "Time limit exceeded"
    if verdict is Verdict.MEMORY_LIMIT_EXCEEDED:
        return "Memory limit exceeded"
    if verdict is Verdict.OUTPUT_LIMIT_EXCEEDED:
        return "Output limit exceeded"
    row = run_row(sub)
    if verdict is Verdict.RUNTIME_ERROR and row is not None:
        if row.signal is not None:
            return f"Caught fatal signal {row.signal}"
        return f"Exited with error status {row.exit_code if row.exit_code is not None else 1}"
    return None


@dataclass(frozen=True, slots=True)
class Judge0Language:
    """One of Judge0's language ids for a codejudge language. ``primary``: the id codejudge
    answers with (Judge0 CE 1.13.1's newest toolchain of that language); the others are
    Judge0's older toolchains of it, accepted so that a client pinned to one (or the SDK's
    ``LanguageAlias.CPP``, which is 52) keeps working, and judged by codejudge's toolchain."""

    id: int
    language: str  # codejudge's language id
    judge0_name: str  # what Judge0 CE 1.13.1 calls it
    primary: bool = True


# Judge0 CE 1.13.1's ids (db/languages/active.rb) for codejudge's languages. A codejudge
# language missing here is not offered on the Judge0 face (tests/api/test_judge0_vocabulary
# asserts every language has one, so adding a language asks for its row).
JUDGE0_LANGUAGES = (
    Judge0Language(50, "c", "C (GCC 9.2.0)"),
    Judge0Language(49, "c", "C (GCC 8.3.0)", primary=False),
    Judge0Language(48, "c", "C (GCC 7.4.0)", primary=False),
    Judge0Language(54, "cpp", "C++ (GCC 9.2.0)"),
    Judge0Language(53, "cpp", "C++ (GCC 8.3.0)", primary=False),
    Judge0Language(52, "cpp", "C++ (GCC 7.4.0)", primary=False),
    Judge0Language(60, "go", "Go (1.13.5)"),
    Judge0Language(62, "java", "Java (OpenJDK 13.0.1)"),
    Judge0Language(63, "javascript", "JavaScript (Node.js 12.14.0)"),
    Judge0Language(71, "python", "Python (3.8.1)"),
    Judge0Language(73, "rust", "Rust (1.40.0)"),
    Judge0Language(74, "typescript", "TypeScript (3.7.4)"),
)
BY_ID = {entry.id: entry for entry in JUDGE0_LANGUAGES}
PRIMARY_ID = {entry.language: entry.id for entry in JUDGE0_LANGUAGES if entry.primary}


# -- Base64, as Ruby's Base64.encode64 / decode64 (RFC 2045) ------------------------------

_LINE_BYTES = 45  # Ruby's pack("m"): 45 bytes, 60 characters, then "\n", on every line
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")


def encode64(text: str | None) -> str | None:
    """``Base64.encode64`` of ``text``'s UTF-8: 60 characters a line, each line ending in
    ``\\n`` (as Judge0 sends it; decoders ignore the newlines). None stays None."""
    if text is None:
        return None
    data = text.encode("utf-8", errors="surrogateescape")
    lines = (data[i : i + _LINE_BYTES] for i in range(0, len(data), _LINE_BYTES))
    return "".join(base64.b64encode(line).decode("ascii") + "\n" for line in lines)


def decode64(text: str) -> bytes:
    """``Base64.decode64``: lenient, as Ruby's is: characters outside the alphabet (newlines,
    spaces) are skipped and missing padding is supplied; a stray last character is dropped."""
    data = _NOT_BASE64.sub(b"", text.encode("ascii", errors="ignore"))
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data
    try:
        return base64.b64decode(data + b"=" * (-len(data) % 4))
    except binascii.Error:  # pragma: no cover - the alphabet and length are fixed above
        return b""


# -- numbers and times as Rails writes them -------------------------------------------------


def seconds(ms: int | None) -> str | None:
    """A time in ms as Judge0 writes a ``decimal`` column: a string of seconds ("0.042")."""
    return None if ms is None else f"{ms / 1000:.3f}"


def decimal(value: float) -> str:
    """A configured limit as Rails writes a ``decimal`` column ("5.0", "2.5")."""
    return str(float(value))


def timestamp(at: datetime | None) -> str | None:
    """A time as Rails writes it in JSON: UTC, milliseconds, ``Z`` ("2024-04-03T05:40:51.306Z"),
    the format the SDK parses (``%Y-%m-%dT%H:%M:%S.%fZ``)."""
    if at is None:
        return None
    utc = at.astimezone(UTC) if at.tzinfo else at
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
