"""Running a submission's code in the sandbox, per language: the execution engine's entry
points, by concept in their own modules: the program (``compile.py``), a run's facts as the
language reads them (``attempt.py``), stdio tests (``stdio.py``) and a function problem's tests
in one driver process (``function_session.py``). Produces ``Attempt``s: what the host observed
about each test, interpreted for the language but not yet judged (``verdict.py`` judges)."""

from __future__ import annotations

from codejudge.judging.attempt import attempt_of
from codejudge.judging.compile import (
    CompileResult,
    compile_cache,
    compile_function,
    compile_source,
    language_mounts,
    program_command,
    run_command,
    unchecked_function_program,
)
from codejudge.judging.function_session import (
    FunctionSession,
    loading_clock_start,
    reported_ms,
)
from codejudge.judging.limits import run_limits
from codejudge.judging.stdio import StdioRunner, run_stdio
from codejudge.models.run import Attempt

__all__ = [
    "Attempt",
    "CompileResult",
    "FunctionSession",
    "StdioRunner",
    "attempt_of",
    "compile_cache",
    "compile_function",
    "compile_source",
    "language_mounts",
    "loading_clock_start",
    "program_command",
    "reported_ms",
    "run_command",
    "run_limits",
    "run_stdio",
    "unchecked_function_program",
]
