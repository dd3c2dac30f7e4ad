"""Checkers for function problems: pure functions of two JSON values and the spec."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from codejudge.checkers.tolerance import Tolerance
from codejudge.models import CheckerSpec


def same_value(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """Equal as JSON values: order matters, ``1 == 1.0``, but ``true != 1``."""
    return _same(expected, actual)


def any_value(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """Any value is accepted (a custom-input run with no expected value to compare with)."""
    return True


def unordered(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """Equal as multisets: LeetCode's "return the answer in any order".

    Option ``depth`` (default 1) is how many levels of lists are unordered: 1 compares the
    top-level list as a multiset of values, 2 also ignores the order inside each element (for
    answers like "all triplets, in any order, each in any order"). Non-lists compare as values.
    """
    depth = int(spec.options.get("depth", 1))
    return _multiset_key(expected, depth) == _multiset_key(actual, depth)


def close_values(expected: object, actual: object, spec: CheckerSpec) -> bool:
    """``same_value``, with numbers (anywhere in the value) equal within the tolerance of the
    options ``absolute`` and ``relative`` (a function returning ``double``).

    Numbers are compared as ``checkers.tolerance`` says (Kattis' rule, exactly): parse the
    JSON with ``parse_float=Decimal`` so that nothing is rounded first. An expected number no
    double holds (``1e400``, ``10**400``) or a NaN/Infinity is matched only by the same value.
    """
    return _close(expected, actual, Tolerance.of(spec))


Number = int | float | Decimal


def _close(expected: object, actual: object, tolerance: Tolerance) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, Number) and isinstance(actual, Number):
        return _close_numbers(expected, actual, tolerance)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _close(e, a, tolerance) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _close(v, actual[k], tolerance) for k, v in expected.items()
        )
    return _same(expected, actual)


def _close_numbers(expected: Number, actual: Number, tolerance: Tolerance) -> bool:
    if expected == actual:
        return True
    e, a = _finite_double(expected), _finite_double(actual)
    if e is None:  # as Kattis compares inf, nan and overflowing numbers: as text
        return _is_nan(expected) and _is_nan(actual)
    if a is None:
        return False
    return tolerance.accepts(e, a, lambda: (_exact(expected), _exact(actual)))


def _finite_double(value: Number) -> float | None:
    try:
        double = float(value)
    except OverflowError:  # an int beyond any double
        return None
    return double if math.isfinite(double) else None


def _exact(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)  # exact from int and float


def _is_nan(value: Number) -> bool:
    return not isinstance(value, int) and math.isnan(value)


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
