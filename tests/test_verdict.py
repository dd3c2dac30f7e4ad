"""verdict.py: facts → verdict, by table and by property. No kernel involved."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.models import Verdict
from codejudge.models.run import CompileFacts
from codejudge.verdict import Facts, is_failure, judge_compile, judge_test, ran_cleanly, worst

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
