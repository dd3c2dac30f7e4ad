"""Facts → verdict. Pure: no I/O, no sandbox; the precedence is the order of ``Verdict``.

Like DMOJ's ``populate_result``: a test that ran out of time is time_limit_exceeded even if it
also crashed (the kill is what crashed it), a memory failure outranks the exception it caused,
and only a run that ended cleanly is given to the checker's judgement; where a validator talks
to the program, its rejection before the program ended decides alone. The facts come raw
(``models.run.Attempt``): which kill is which limit, and what a crash is, are decided here. A
compile that failed, or a language that cannot be used, is compile_error, decided here as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from codejudge.models import Verdict
from codejudge.models.run import Attempt, CompileFacts

_RANK = {verdict: rank for rank, verdict in enumerate(Verdict)}


@dataclass(frozen=True, slots=True)
class Facts:
    """What a test's verdict is decided from: an ``Attempt``'s facts merged (``facts_of``).
    ``judge_test`` and ``ran_cleanly`` take either (the tables are written in these)."""

    time_limit_hit: bool = False  # CPU time over the limit, or killed by the wall clock
    memory_limit_hit: bool = False
    output_limit_hit: bool = False
    crashed: bool = False  # nonzero exit, killed by a signal, or an uncaught exception
    answer_ok: bool | None = None


def facts_of(attempt: Attempt) -> Facts:
    """An attempt's facts merged into what decides its verdict.

    A kill at the CPU or wall limit, or CPU time over the test's limit, is the time limit; the
    sandbox's memory limit, a peak over the test's limit, or a runtime that says it ran out of
    memory, the memory limit; a nonzero exit, a signal, or a failure the language reports, a
    crash. Where a validator talks to the program (problemtools' rule), a rejection that came
    before the program ended decides alone: a crash on the closed pipe, or a wait for input
    that never comes, afterwards is not the program's verdict."""
    if attempt.rejected_first:
        return Facts(answer_ok=attempt.answer_ok)
    over_time = attempt.time_limit_ms is not None and attempt.cpu_ms > attempt.time_limit_ms
    over_memory = (
        attempt.memory_limit_kb is not None and attempt.memory_kb > attempt.memory_limit_kb
    )
    return Facts(
        time_limit_hit=attempt.cpu_limit_hit or attempt.wall_limit_hit or over_time,
        memory_limit_hit=attempt.memory_limit_hit or attempt.out_of_memory or over_memory,
        output_limit_hit=attempt.output_limit_hit,
        crashed=attempt.crashed or attempt.exit_code != 0,
        answer_ok=attempt.answer_ok,
    )


def judge_test(attempt: Attempt | Facts) -> Verdict:
    """The verdict of one test: the worst that its facts support."""
    facts = _merged(attempt)
    candidates = [
        (facts.time_limit_hit, Verdict.TIME_LIMIT_EXCEEDED),
        (facts.memory_limit_hit, Verdict.MEMORY_LIMIT_EXCEEDED),
        (facts.output_limit_hit, Verdict.OUTPUT_LIMIT_EXCEEDED),
        (facts.crashed, Verdict.RUNTIME_ERROR),
        (facts.answer_ok is not True, Verdict.WRONG_ANSWER),
    ]
    return worst(verdict for hit, verdict in candidates if hit)


def ran_cleanly(attempt: Attempt | Facts) -> bool:
    """Whether the answer decides the test: the run ended within its limits and without
    crashing (or a validator rejected it first). Only then does its answer go to the
    checker."""
    facts = _merged(attempt)
    return not (
        facts.time_limit_hit or facts.memory_limit_hit or facts.output_limit_hit or facts.crashed
    )


def _merged(attempt: Attempt | Facts) -> Facts:
    return attempt if isinstance(attempt, Facts) else facts_of(attempt)


def judge_compile(facts: CompileFacts) -> Verdict:
    """compile_error if the language cannot be used here, a compile limit stopped the
    compiler, or the compiler failed; else accepted (the tests decide)."""
    failed = facts.unsupported or facts.limit_hit or facts.exit_code != 0
    return Verdict.COMPILE_ERROR if failed else Verdict.ACCEPTED


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict by ``Verdict``'s declared order; accepted when there is none.

    Skipped tests rank below accepted, so they never decide a submission's verdict.
    """
    return min(verdicts, key=_RANK.__getitem__, default=Verdict.ACCEPTED)


def is_failure(verdict: Verdict) -> bool:
    """Whether a test's verdict stops judging (unless the problem runs all tests)."""
    return verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED)
