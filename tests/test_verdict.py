"""verdict.py: facts → verdict, by table and by property. No kernel involved."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.models import Verdict
from codejudge.models.run import Attempt, CompileFacts
from codejudge.verdict import (
    Facts,
    facts_of,
    is_failure,
    judge_compile,
    judge_test,
    ran_cleanly,
    worst,
)

V = Verdict


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(answer_ok=True), V.ACCEPTED),
        (Facts(answer_ok=False), V.WRONG_ANSWER),
        (Facts(), V.WRONG_ANSWER),  # nothing to judge is not a pass
        (Facts(crashed=True), V.RUNTIME_ERROR),
        (Facts(crashed=True, answer_ok=True), V.RUNTIME_ERROR),
        (Facts(output_limit_hit=True, crashed=True), V.OUTPUT_LIMIT_EXCEEDED),
        (Facts(memory_limit_hit=True, crashed=True), V.MEMORY_LIMIT_EXCEEDED),
        (Facts(memory_limit_hit=True, output_limit_hit=True), V.MEMORY_LIMIT_EXCEEDED),
        (Facts(time_limit_hit=True, crashed=True), V.TIME_LIMIT_EXCEEDED),
        (Facts(time_limit_hit=True, memory_limit_hit=True), V.TIME_LIMIT_EXCEEDED),
        (Facts(time_limit_hit=True, answer_ok=True), V.TIME_LIMIT_EXCEEDED),
        # A clean run with the right answer whose peak went over the limit (issue 10, class
        # 6: Kattis memory_limit.cc, 0.9 MiB over and not killed, was accepted).
        (Facts(memory_limit_hit=True, answer_ok=True), V.MEMORY_LIMIT_EXCEEDED),
    ],
)
def test_judge_test_precedence(facts: Facts, expected: Verdict) -> None:
    """Each fact maps to its verdict; when several hold, the worse one wins."""
    assert judge_test(facts) == expected


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [
        (Attempt(answer_ok=True), V.ACCEPTED),
        # A crash: a nonzero exit, a signal, or a failure the language reports.
        (Attempt(exit_code=1, answer_ok=True), V.RUNTIME_ERROR),
        (Attempt(exit_code=None, signal=11), V.RUNTIME_ERROR),
        (Attempt(crashed=True, answer_ok=True), V.RUNTIME_ERROR),
        # The time limit: a kill at the CPU or the wall limit, or CPU time over the test's.
        (Attempt(cpu_limit_hit=True, exit_code=None, signal=9), V.TIME_LIMIT_EXCEEDED),
        (Attempt(wall_limit_hit=True, exit_code=None, signal=9), V.TIME_LIMIT_EXCEEDED),
        (Attempt(cpu_ms=1001, time_limit_ms=1000, answer_ok=True), V.TIME_LIMIT_EXCEEDED),
        (Attempt(cpu_ms=1000, time_limit_ms=1000, answer_ok=True), V.ACCEPTED),
        (Attempt(cpu_ms=5000, answer_ok=True), V.ACCEPTED),  # no limit of the test's own
        # The time shown (a driver's own figure) never decides; the measured CPU time does.
        (Attempt(cpu_ms=900, time_ms=1200, time_limit_ms=1000, answer_ok=True), V.ACCEPTED),
        (
            Attempt(cpu_ms=1005, time_ms=990, time_limit_ms=1000, answer_ok=True),
            V.TIME_LIMIT_EXCEEDED,
        ),
        # The memory limit: the sandbox's, a peak over the test's, or the runtime's own word.
        (Attempt(memory_limit_hit=True, exit_code=None, signal=9), V.MEMORY_LIMIT_EXCEEDED),
        (Attempt(out_of_memory=True, exit_code=1), V.MEMORY_LIMIT_EXCEEDED),
        (Attempt(out_of_memory=True, crashed=True), V.MEMORY_LIMIT_EXCEEDED),
        (Attempt(memory_kb=2049, memory_limit_kb=2048, answer_ok=True), V.MEMORY_LIMIT_EXCEEDED),
        (Attempt(memory_kb=2048, memory_limit_kb=2048, answer_ok=True), V.ACCEPTED),
        (Attempt(memory_kb=10**6, answer_ok=True), V.ACCEPTED),  # the sandbox decided: not over
        (Attempt(output_limit_hit=True, exit_code=1), V.OUTPUT_LIMIT_EXCEEDED),
        (
            Attempt(cpu_limit_hit=True, out_of_memory=True, exit_code=None, signal=9),
            V.TIME_LIMIT_EXCEEDED,
        ),
        (Attempt(stack_overflow=True, exit_code=1), V.RUNTIME_ERROR),
        # Interactive: a validator that rejected before the program ended decides alone, over
        # the program's later crash on the closed pipe or its wait for input that never came.
        (
            Attempt(rejected_first=True, answer_ok=False, crashed=True, exit_code=None, signal=13),
            V.WRONG_ANSWER,
        ),
        (
            Attempt(
                rejected_first=True, answer_ok=False, wall_limit_hit=True, exit_code=None, signal=9
            ),
            V.WRONG_ANSWER,
        ),
        (
            Attempt(
                rejected_first=True,
                answer_ok=False,
                cpu_ms=3000,
                time_limit_ms=1000,
                memory_limit_hit=True,
                output_limit_hit=True,
            ),
            V.WRONG_ANSWER,
        ),
        # ... otherwise the program's own failure comes first, whatever the validator said.
        (Attempt(wall_limit_hit=True, exit_code=None, signal=9), V.TIME_LIMIT_EXCEEDED),
        (Attempt(exit_code=None, signal=13, answer_ok=False), V.RUNTIME_ERROR),
    ],
)
def test_judge_test_merges_the_raw_facts(attempt: Attempt, expected: Verdict) -> None:
    """Which kill is which limit, what a crash is, and which outcome wins are decided here,
    from an attempt's raw facts."""
    assert judge_test(attempt) == expected
    assert judge_test(facts_of(attempt)) == expected


@pytest.mark.parametrize(
    ("attempt", "clean"),
    [
        (Attempt(actual="1\n"), True),
        (Attempt(exit_code=1, actual="1\n"), False),
        (Attempt(cpu_ms=11, time_limit_ms=10), False),
        (Attempt(memory_kb=11, memory_limit_kb=10), False),
        (Attempt(out_of_memory=True), False),
        # Rejected first: the answer (the validator's word) decides, not the later crash.
        (Attempt(rejected_first=True, exit_code=None, signal=13), True),
    ],
)
def test_ran_cleanly_reads_the_raw_facts(attempt: Attempt, clean: bool) -> None:
    assert ran_cleanly(attempt) == clean


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CompileFacts(), V.ACCEPTED),  # compiled (or nothing to compile): the tests decide
        (CompileFacts(exit_code=1), V.COMPILE_ERROR),
        (CompileFacts(exit_code=None), V.COMPILE_ERROR),  # the compiler was killed by a signal
        (CompileFacts(limit_hit=True), V.COMPILE_ERROR),  # e.g. a program over the stdout cap
        (CompileFacts(exit_code=1, limit_hit=True), V.COMPILE_ERROR),
        (CompileFacts(unsupported=True), V.COMPILE_ERROR),  # no such language, or wrong kind
    ],
)
def test_judge_compile(facts: CompileFacts, expected: Verdict) -> None:
    """A compile that failed or hit a compile limit, or a language that cannot be used, is
    compile_error; anything else lets the tests decide."""
    assert judge_compile(facts) == expected


@given(
    st.builds(
        CompileFacts,
        exit_code=st.none() | st.integers(0, 255),
        limit_hit=st.booleans(),
        unsupported=st.booleans(),
    )
)
def test_a_compile_is_accepted_only_when_nothing_is_against_it(facts: CompileFacts) -> None:
    clean = facts.exit_code == 0 and not facts.limit_hit and not facts.unsupported
    assert (judge_compile(facts) == V.ACCEPTED) == clean
    assert judge_compile(facts) in (V.ACCEPTED, V.COMPILE_ERROR)


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([], V.ACCEPTED),
        ([V.ACCEPTED, V.ACCEPTED], V.ACCEPTED),
        ([V.ACCEPTED, V.SKIPPED], V.ACCEPTED),
        ([V.WRONG_ANSWER, V.SKIPPED, V.SKIPPED], V.WRONG_ANSWER),
        ([V.ACCEPTED, V.RUNTIME_ERROR, V.WRONG_ANSWER], V.RUNTIME_ERROR),
        ([V.WRONG_ANSWER, V.TIME_LIMIT_EXCEEDED], V.TIME_LIMIT_EXCEEDED),
        ([V.COMPILE_ERROR, V.INTERNAL_ERROR], V.INTERNAL_ERROR),
    ],
)
def test_worst(verdicts: list[Verdict], expected: Verdict) -> None:
    """A submission's verdict is its worst test's; skipped tests never decide it."""
    assert worst(verdicts) == expected


def test_is_failure() -> None:
    assert not is_failure(V.ACCEPTED)
    assert not is_failure(V.SKIPPED)
    assert all(is_failure(v) for v in V if v not in (V.ACCEPTED, V.SKIPPED))


facts_strategy = st.builds(
    Facts,
    time_limit_hit=st.booleans(),
    memory_limit_hit=st.booleans(),
    output_limit_hit=st.booleans(),
    crashed=st.booleans(),
    answer_ok=st.none() | st.booleans(),
)


@given(facts_strategy)
def test_accepted_only_for_a_clean_correct_run(facts: Facts) -> None:
    """Accepted iff no limit was hit, nothing crashed and the checker said yes."""
    clean = not (
        facts.time_limit_hit or facts.memory_limit_hit or facts.output_limit_hit or facts.crashed
    )
    assert (judge_test(facts) == V.ACCEPTED) == (clean and facts.answer_ok is True)


@given(facts_strategy)
def test_only_a_clean_run_goes_to_the_checker(facts: Facts) -> None:
    """A run that hit a limit or crashed is judged by that, whatever its answer: exactly the
    runs whose verdict is decided by the checker's judgement are the clean ones."""
    decided_by_answer = judge_test(facts) in (V.ACCEPTED, V.WRONG_ANSWER)
    assert ran_cleanly(facts) == decided_by_answer


@given(facts_strategy, st.sampled_from(["time", "memory", "output", "crash"]))
def test_adding_a_bad_fact_never_improves_the_verdict(facts: Facts, extra: str) -> None:
    """Monotonic: one more fact against the run can only keep or worsen its verdict."""
    field = {
        "time": "time_limit_hit",
        "memory": "memory_limit_hit",
        "output": "output_limit_hit",
        "crash": "crashed",
    }[extra]
    worse = Facts(**{**_as_dict(facts), field: True})
    assert worst([judge_test(facts), judge_test(worse)]) == judge_test(worse)


@given(st.lists(st.sampled_from(list(Verdict))))
def test_worst_is_order_independent_and_a_member(verdicts: list[Verdict]) -> None:
    result = worst(verdicts)
    assert result == worst(reversed(verdicts))
    assert result in verdicts or (result == V.ACCEPTED and not verdicts)


def _as_dict(facts: Facts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in Facts.__dataclass_fields__}


attempts_strategy = st.builds(
    Attempt,
    exit_code=st.none() | st.integers(0, 255),
    cpu_limit_hit=st.booleans(),
    wall_limit_hit=st.booleans(),
    cpu_ms=st.integers(0, 3000),
    time_limit_ms=st.none() | st.integers(1, 2000),
    memory_kb=st.integers(0, 4096),
    memory_limit_kb=st.none() | st.integers(1, 2048),
    memory_limit_hit=st.booleans(),
    output_limit_hit=st.booleans(),
    out_of_memory=st.booleans(),
    crashed=st.booleans(),
    answer_ok=st.none() | st.booleans(),
    rejected_first=st.booleans(),
)


@given(attempts_strategy)
def test_an_attempt_is_judged_by_its_merged_facts(attempt: Attempt) -> None:
    """The verdict of an attempt is the verdict of its merged facts; and a rejection that came
    first leaves only the answer to decide."""
    assert judge_test(attempt) == judge_test(facts_of(attempt))
    assert ran_cleanly(attempt) == ran_cleanly(facts_of(attempt))
    if attempt.rejected_first:
        assert judge_test(attempt) == (V.ACCEPTED if attempt.answer_ok else V.WRONG_ANSWER)
