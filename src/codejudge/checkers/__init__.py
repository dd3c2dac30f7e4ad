"""Output comparison: from (expected, actual) to accepted or not.

``check`` compares program output (stdio problems); ``check_value`` compares the canonical JSON a
function-problem driver returns with the expected JSON; ``check_output`` is the one entry point
grading uses for both kinds (but ``custom``: the problem's own output validator is a program,
run in the sandbox by ``judging.custom_checker``). Which comparison runs is data: the problem's
``CheckerSpec`` names it, and ``OPTIONS`` says which options each name takes per problem kind
(the problem loader validates packages against it).

Everything here is pure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from codejudge.checkers.normalise import normalise_text
from codejudge.checkers.text import any_output, exact, floats, lines, tokens, unordered_lines
from codejudge.checkers.values import any_value, close_values, same_value, unordered
from codejudge.models import CheckerSpec, Problem, ProblemKind, TestCase

Checker = Callable[[str, str, CheckerSpec], bool]
ValueChecker = Callable[[object, object, CheckerSpec], bool]
OptionTypes = dict[str, tuple[type, ...]]

CUSTOM = "custom"

CHECKERS: dict[str, Checker] = {
    "exact": exact,
    "tokens": tokens,
    "float": floats,
    "unordered": unordered_lines,
    "lines": lines,  # Judge0's comparison
    "any": any_output,  # nothing to compare with: how the program ended decides
}

# Function problems compare values, not text. "exact" and "tokens" are accepted as aliases of
# "value" so that a function problem left with the default ``CheckerSpec()`` still compares
# values in order.
VALUE_CHECKERS: dict[str, ValueChecker] = {
    "value": same_value,
    "exact": same_value,
    "tokens": same_value,
    "unordered": unordered,
    "float": close_values,
    # Not a function problem's to declare: a custom-input run's when nothing is expected.
    "any": any_value,
}

_TOLERANCE: OptionTypes = {"absolute": (float, int), "relative": (float, int)}
_TEXT: OptionTypes = {"case_sensitive": (bool,), "space_change_sensitive": (bool,)}

# The options each checker accepts per problem kind, with their types: the loader rejects
# anything else. (The custom checker's "validator" is added by the loader, never written.)
OPTIONS: dict[ProblemKind, dict[str, OptionTypes]] = {
    ProblemKind.STDIO: {
        "exact": {},
        "tokens": _TEXT,
        "float": _TEXT | _TOLERANCE,
        "unordered": {"depth": (int,), "case_sensitive": (bool,)},
        "lines": {},
        "any": {},
        # interactive: the validator talks to the program; passes > 1: multi-pass (Kattis).
        CUSTOM: {"program": (str,), "flags": (list,), "interactive": (bool,), "passes": (int,)},
    },
    ProblemKind.FUNCTION: {
        "value": {},
        "unordered": {"depth": (int,)},
        "float": _TOLERANCE,
    },
}

# The checker names a problem may declare, per problem kind.
STDIO_CHECKERS = frozenset(OPTIONS[ProblemKind.STDIO])
FUNCTION_CHECKERS = frozenset(OPTIONS[ProblemKind.FUNCTION])


@dataclass(frozen=True, slots=True)
class Checked:
    """A checker's answer: accepted or not, and what a custom validator said about it."""

    ok: bool
    message: str | None = None


def check_output(problem: Problem, test: TestCase, actual: str) -> Checked:
    """Judge ``actual`` (program output, or a function's result JSON) on ``test``. The
    ``custom`` checker is ``judging.custom_checker.check_custom`` (it needs the sandbox)."""
    spec = problem.checker
    if problem.kind is ProblemKind.FUNCTION:
        return Checked(check_value(spec, test.expected, actual))
    if spec.name == CUSTOM:
        raise ValueError("the custom checker runs a program: use custom_checker.check_custom")
    return Checked(check(spec, test.expected, actual))


def check(spec: CheckerSpec, expected: str, actual: str) -> bool:
    """Compare program output with the text checker ``spec`` names (not ``custom``). Both
    texts are taken through ``normalise_text`` (BOM, CRLF) by every checker."""
    try:
        checker = CHECKERS[spec.name]
    except KeyError:
        raise ValueError(f"unknown checker {spec.name!r}; known: {sorted(CHECKERS)}") from None
    return checker(expected, actual, spec)


def check_value(spec: CheckerSpec, expected_json: str, actual_json: str) -> bool:
    """Compare two JSON texts as values with the checker ``spec`` names.

    Formatting never matters; types do (``true != 1``); order matters unless the checker is
    ``unordered``; numbers are compared with a tolerance by ``float``. Text that is not JSON is
    never accepted.
    """
    try:
        checker = VALUE_CHECKERS[spec.name]
    except KeyError:
        known = sorted(VALUE_CHECKERS)
        raise ValueError(f"unknown value checker {spec.name!r}; known: {known}") from None
    if expected_json == actual_json and expected_json.strip():
        # The same spelling is the same value, whatever the checker (results and tests are
        # both canonical JSON): no need to parse and walk a 10^5-element answer in Python.
        try:
            json.loads(expected_json)
        except ValueError:
            return False
        return True
    # The float checker compares the numbers as written: a double would round them first,
    # and make 1e400 and 7e450 the same infinity.
    parse_float = Decimal if checker is close_values else float
    try:
        expected = json.loads(expected_json, parse_float=parse_float)
        actual = json.loads(actual_json, parse_float=parse_float)
    except ValueError:
        return False
    return checker(expected, actual, spec)


def canonical_json(value: object) -> str:
    """The one JSON spelling of a value that results and tests are stored in."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


__all__ = [
    "CHECKERS",
    "CUSTOM",
    "FUNCTION_CHECKERS",
    "OPTIONS",
    "STDIO_CHECKERS",
    "VALUE_CHECKERS",
    "Checked",
    "any_output",
    "canonical_json",
    "check",
    "check_output",
    "check_value",
    "close_values",
    "exact",
    "floats",
    "lines",
    "normalise_text",
    "same_value",
    "tokens",
    "unordered",
    "unordered_lines",
]
