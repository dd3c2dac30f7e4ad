"""Facts → verdict. Pure: no I/O, no sandbox; the precedence is the order of ``Verdict``.

Like DMOJ's ``populate_result``: a test that ran out of time is time_limit_exceeded even if it
also crashed (the kill is what crashed it), a memory failure outranks the exception it caused,
and only a run that ended cleanly is given to the checker's judgement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from codejudge.models import Verdict

_RANK = {verdict: rank for rank, verdict in enumerate(Verdict)}


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known about one test, already interpreted per language (e.g. MemoryError)."""

    time_limit_hit: bool = False  # CPU time over the limit, or killed by the wall clock
    memory_limit_hit: bool = False
    output_limit_hit: bool = False
    crashed: bool = False  # nonzero exit, killed by a signal, or an uncaught exception
    answer_ok: bool | None = None  # the checker's judgement; None: no answer to judge


def judge_test(facts: Facts) -> Verdict:
    """The verdict of one test: the worst that its facts support."""
    candidates = [
        (facts.time_limit_hit, Verdict.TIME_LIMIT_EXCEEDED),
        (facts.memory_limit_hit, Verdict.MEMORY_LIMIT_EXCEEDED),
        (facts.output_limit_hit, Verdict.OUTPUT_LIMIT_EXCEEDED),
        (facts.crashed, Verdict.RUNTIME_ERROR),
        (facts.answer_ok is not True, Verdict.WRONG_ANSWER),
    ]
    return worst(verdict for hit, verdict in candidates if hit)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict by ``Verdict``'s declared order; accepted when there is none.

    Skipped tests rank below accepted, so they never decide a submission's verdict.
    """
    return min(verdicts, key=_RANK.__getitem__, default=Verdict.ACCEPTED)


def is_failure(verdict: Verdict) -> bool:
    """Whether a test's verdict stops judging (unless the problem runs all tests)."""
    return verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED)
