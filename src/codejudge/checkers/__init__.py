"""Output comparison: pure functions from (expected, actual) to accepted or not.

``check`` compares program output (stdio problems); ``check_value`` compares the canonical JSON a
function-problem driver returns with the expected JSON. Which comparison runs is data: the
problem's ``CheckerSpec`` names it, and ``OPTIONS`` says which options each name takes (the problem
loader validates packages against it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

from codejudge.models import CheckerSpec

Checker = Callable[[str, str, CheckerSpec], bool]
ValueChecker = Callable[[object, object, CheckerSpec], bool]


def exact(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Byte-for-byte equal, except that one trailing newline is forgiven on either side."""
    return _strip_one_newline(expected) == _strip_one_newline(actual)


def tokens(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Equal as sequences of whitespace-separated tokens (the judge default)."""
    if spec.options.get("case_sensitive", True):
        return expected.split() == actual.split()
    return [t.casefold() for t in expected.split()] == [t.casefold() for t in actual.split()]


def same_value(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """Equal as JSON values: order matters, ``1 == 1.0``, but ``true != 1``."""
    return _same(expected, actual)


def unordered(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """Equal as multisets: LeetCode's "return the answer in any order".

    Option ``depth`` (default 1) is how many levels of lists are unordered: 1 compares the
    top-level list as a multiset of values, 2 also ignores the order inside each element (for
    answers like "all triplets, in any order, each in any order"). Non-lists compare as values.
    """
    depth = int(spec.options.get("depth", 1))
    return _multiset_key(expected, depth) == _multiset_key(actual, depth)


CHECKERS: dict[str, Checker] = {"exact": exact, "tokens": tokens}

# Function problems compare values, not text. "exact" and "tokens" are accepted as aliases of
# "value" so that a function problem left with the default ``CheckerSpec()`` still compares
# values in order.
VALUE_CHECKERS: dict[str, ValueChecker] = {
    "value": same_value,
    "exact": same_value,
    "tokens": same_value,
    "unordered": unordered,
}

# The options each checker accepts, with their types: the loader rejects anything else.
OPTIONS: dict[str, dict[str, type]] = {
    "exact": {},
    "tokens": {"case_sensitive": bool},
    "value": {},
    "unordered": {"depth": int},
}

# The checker names a problem may declare, per problem kind.
STDIO_CHECKERS = frozenset(CHECKERS)
FUNCTION_CHECKERS = frozenset({"value", "unordered"})


def check(spec: CheckerSpec, expected: str, actual: str) -> bool:
    try:
        checker = CHECKERS[spec.name]
    except KeyError:
        raise ValueError(f"unknown checker {spec.name!r}; known: {sorted(CHECKERS)}") from None
    return checker(expected, actual, spec)


def check_value(spec: CheckerSpec, expected_json: str, actual_json: str) -> bool:
    """Compare two JSON texts as values with the checker ``spec`` names.

    Formatting never matters; types do (``true != 1``); order matters unless the checker is
    ``unordered``. Text that is not JSON is never accepted.
    """
    try:
        checker = VALUE_CHECKERS[spec.name]
    except KeyError:
        known = sorted(VALUE_CHECKERS)
        raise ValueError(f"unknown value checker {spec.name!r}; known: {known}") from None
    try:
        expected, actual = json.loads(expected_json), json.loads(actual_json)
    except ValueError:
        return False
    return checker(expected, actual, spec)


def canonical_json(value: object) -> str:
    """The one JSON spelling of a value that results and tests are stored in."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _same(expected: object, actual: object) -> bool:
    # bool is an int in Python: true must not equal 1.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _same(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and expected == actual


def _multiset_key(value: object, depth: int) -> Hashable:
    """A hashable key such that two values get equal keys exactly when they are equal with the
    outer ``depth`` levels of lists taken as multisets (and ``_same`` below that)."""
    if isinstance(value, list) and depth > 0:
        counts = Counter(_multiset_key(v, depth - 1) for v in value)
        return ("multiset", frozenset(counts.items()))
    return _value_key(value)


def _value_key(value: Any) -> Hashable:
    # Tags keep true apart from 1; ints and floats share one tag because 1 == 1.0 in _same, and
    # Python already hashes them equal.
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("list", tuple(_value_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _value_key(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def _strip_one_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text
