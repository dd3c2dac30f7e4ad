"""Facts → verdict. Pure: no I/O, no sandbox; the precedence is the order of ``Verdict``.

Like DMOJ's ``populate_result``: a test that ran out of time is time_limit_exceeded even if it
also crashed (the kill is what crashed it), a memory failure outranks the exception it caused,
and only a run that ended cleanly is given to the checker's judgement. A compile that failed,
or a language that cannot be used, is compile_error, decided here as well.
"""

from __future__ import annotations

from collections.abc import Iterable

from codejudge.models import Verdict
from codejudge.models.run import Attempt, CompileFacts

_RANK = {verdict: rank for rank, verdict in enumerate(Verdict)}

# What a test's verdict is decided from: an ``Attempt`` (its facts as the language reads them,
# and the answer's judgement). The name tables of facts are written with.
Facts = Attempt


def judge_test(facts: Attempt) -> Verdict:
    """The verdict of one test: the worst that its facts support."""
    candidates = [
        (facts.time_limit_hit, Verdict.TIME_LIMIT_EXCEEDED),
        (facts.memory_limit_hit, Verdict.MEMORY_LIMIT_EXCEEDED),
        (facts.output_limit_hit, Verdict.OUTPUT_LIMIT_EXCEEDED),
        (facts.crashed, Verdict.RUNTIME_ERROR),
        (facts.answer_ok is not True, Verdict.WRONG_ANSWER),
    ]
    return worst(verdict for hit, verdict in candidates if hit)


def ran_cleanly(facts: Attempt) -> bool:
    """Whether the run ended within its limits and without crashing: only then does its
    answer go to the checker."""
    return not (
        facts.time_limit_hit or facts.memory_limit_hit or facts.output_limit_hit or facts.crashed
    )


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
