"""A finished run's facts as the program's language reads them: an ``Attempt`` (the answer, if
any, is attached by the caller; ``verdict.judge_test`` decides what they mean)."""

from __future__ import annotations

import signal

from codejudge.judging import limits as limits_
from codejudge.judging.clock import Clock, wall_message
from codejudge.judging.compile import describe
from codejudge.languages.base import Language
from codejudge.models.run import Attempt, RunFacts, RunLimits

MESSAGE_CHARS = 4000  # of stderr / a traceback shown to the user


def attempt_of(
    language: Language,
    facts: RunFacts,
    limits: RunLimits,
    clock: Clock | None = None,
    time_ms: int | None = None,
    wall_ms: int | None = None,
    starved_ms: int = 0,
) -> Attempt:
    """A finished run's facts with the language's reading of them: an attempt (the answer, if
    any, is added by callers).
    The program's CPU time counts from ``clock`` (default: the box's start), against
    ``time_ms`` if given; a wall-clock kill is named, with the time since ``clock`` (less
    ``starved_ms`` spent waiting for a CPU, see ``Box.starved_ms``) and the limit ``wall_ms``,
    in the message; a stack overflow is named with the stack limit of ``limits``."""
    stderr = facts.stderr.decode(errors="replace")
    cpu_ms = max(0, facts.cpu_ms - clock.cpu_ms) if clock is not None else facts.cpu_ms
    shown = language.tidy_message(stderr)  # the submission's frames, not the runtime's
    message = shown[-MESSAGE_CHARS:] or _ending(facts)
    # Runtimes name the overflow first (Go, then a traceback of every frame) or last.
    overflow = facts.exit_code != 0 and language.stack_overflow(
        stderr[:1000] + stderr[-MESSAGE_CHARS:]
    )
    if overflow:
        message = limits_.stack_message(language, limits, limits_.excerpt(shown) or message)
    if facts.wall_limit_hit and clock is not None and wall_ms is not None:
        wall = wall_message(clock.elapsed_ms() - starved_ms, wall_ms)
        message = f"{wall}\n{message}" if message else wall
    return Attempt(
        exit_code=facts.exit_code,
        signal=facts.signal,
        cpu_limit_hit=facts.cpu_limit_hit,
        wall_limit_hit=facts.wall_limit_hit,
        cpu_ms=cpu_ms,
        time_limit_ms=time_ms,
        time_ms=cpu_ms,
        memory_kb=facts.memory_kb,
        memory_limit_hit=facts.memory_limit_hit,
        output_limit_hit=facts.output_limit_hit,
        out_of_memory=language.out_of_memory(stderr[-2000:]),
        stack_overflow=overflow,
        message=message,
    )


def _ending(facts: RunFacts) -> str | None:
    """How a run that printed no error ended: a signal by its name too ("killed by signal 11
    (SIGSEGV: Segmentation fault)"), as a C program's crash says nothing itself."""
    described = describe(facts)
    if facts.signal is None or described is None:
        return described
    try:
        name = signal.Signals(facts.signal).name
    except ValueError:  # not a signal this host names
        return described
    text = signal.strsignal(facts.signal)
    return f"{described} ({name}: {text})" if text else f"{described} ({name})"
