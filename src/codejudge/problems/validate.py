"""The slower checks ``codejudge problems check`` runs on a package beyond loading it."""

from __future__ import annotations

import json
from pathlib import Path

from codejudge.exceptions import ProblemFormatError
from codejudge.models import Problem, ProblemKind, Signature, Verdict
from codejudge.models.vocabulary import VOID, parse_type, value_error
from codejudge.problems.loader import SOLUTIONS, TESTS, load_problem, solutions


def validate_problem(path: Path) -> list[str]:
    """Everything wrong with the package at ``path``, one message per problem; empty if fine.

    Beyond what loading checks: every function test's arguments and expected value have the
    signature's types, stdio answers fit the output limit, every test's input keeps the
    package's ``[constraints]`` (as Kattis input validators check), there is a sample and an
    accepted solution, solution folders are verdicts, and an ``unordered`` checker judges a list.
    """
    path = Path(path)
    try:
        problem = load_problem(path)
    except ProblemFormatError as e:
        return [str(e)]
    issues: list[str] = []
    try:
        expected_verdicts = {verdict for verdict, _ in solutions(path)}
    except ProblemFormatError as e:
        issues.append(str(e))
        expected_verdicts = set()
    if not problem.samples:
        issues.append(
            f"{path / TESTS}: no sample tests; name one to three tests sample* so that users "
            "see examples (samples are shown, other tests are hidden)"
        )
    if Verdict.ACCEPTED not in expected_verdicts:
        issues.append(f"{path / SOLUTIONS}: add at least one solution in solutions/accepted/")
    if problem.kind is ProblemKind.FUNCTION:
        assert problem.signature is not None
        issues += _signature_issues(path, problem, problem.signature)
        issues += _function_test_issues(path, problem, problem.signature)
    else:
        issues += _stdio_test_issues(path, problem)
    return issues + constraint_issues(path, problem)


def constraint_issues(path: Path, problem: Problem) -> list[str]:
    """One message per test whose input breaks the problem's ``[constraints]``, naming the
    test, the argument (or input line and token) and the rule; empty without constraints."""
    if problem.constraints is None:
        return []
    issues = []
    suffix = ".json" if problem.kind is ProblemKind.FUNCTION else ".in"
    for test in problem.tests:
        try:
            problem_text = problem.constraints.violation(test.input)
        except (TypeError, ValueError, KeyError, IndexError) as e:  # a value of the wrong type
            problem_text = f"cannot be checked ({type(e).__name__}: {e})"
        if problem_text is not None:
            where = path / TESTS / f"{test.name}{suffix}"
            issues.append(f"{where}: breaks the constraints: {problem_text}")
    return issues


def _signature_issues(path: Path, problem: Problem, signature: Signature) -> list[str]:
    if problem.checker.name == "unordered" and not parse_type(judged_type(signature)).is_sequence:
        return [
            f"{path / 'problem.toml'}: [checker] 'unordered' compares lists, but the judged "
            f"value is a {judged_type(signature)}; use name = 'value'"
        ]
    return []


def _function_test_issues(path: Path, problem: Problem, signature: Signature) -> list[str]:
    issues = []
    judged = judged_type(signature)
    for test in problem.tests:
        where = path / TESTS / f"{test.name}.json"
        args = json.loads(test.input)
        for param, arg in zip(signature.params, args, strict=True):
            if (error := value_error(param.type, arg)) is not None:
                issues.append(f"{where}: args, parameter {param.name} ({param.type}): {error}")
        if (error := value_error(judged, json.loads(test.expected))) is not None:
            issues.append(f"{where}: expected ({judged}): {error}")
    return issues


def _stdio_test_issues(path: Path, problem: Problem) -> list[str]:
    limit = problem.limits.output_kb * 1024
    return [
        f"{path / TESTS}/{test.name}: the answer is larger than [limits] output_kb; raise it"
        for test in problem.tests
        if len(test.expected.encode()) > limit
    ]


def judged_type(signature: Signature) -> str:
    """The type of the value compared with ``expected``: the return value, or the in-place
    parameter's final value."""
    if signature.returns != VOID:
        return signature.returns
    return next(p.type for p in signature.params if p.name == signature.inplace)
