"""Output comparison: pure functions from (expected, actual) to accepted or not.

``check`` compares program output (stdio problems); ``check_value`` compares the canonical JSON a
function-problem driver returns with the expected JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from codejudge.models import CheckerSpec

Checker = Callable[[str, str, CheckerSpec], bool]


def exact(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Byte-for-byte equal, except that one trailing newline is forgiven on either side."""
    return _strip_one_newline(expected) == _strip_one_newline(actual)


def tokens(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Equal as sequences of whitespace-separated tokens (the judge default)."""
    if spec.options.get("case_sensitive", True):
        return expected.split() == actual.split()
    return [t.casefold() for t in expected.split()] == [t.casefold() for t in actual.split()]


CHECKERS: dict[str, Checker] = {"exact": exact, "tokens": tokens}


def check(spec: CheckerSpec, expected: str, actual: str) -> bool:
    try:
        checker = CHECKERS[spec.name]
    except KeyError:
        raise ValueError(f"unknown checker {spec.name!r}; known: {sorted(CHECKERS)}") from None
    return checker(expected, actual, spec)


def check_value(spec: CheckerSpec, expected_json: str, actual_json: str) -> bool:
    """Compare two JSON texts as values: formatting never matters, types and order do."""
    try:
        return _same(json.loads(expected_json), json.loads(actual_json))
    except ValueError:
        return False


def canonical_json(value: object) -> str:
    """The one JSON spelling of a value that results and tests are stored in."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _same(expected: object, actual: object) -> bool:
    # bool is an int in Python: true must not equal 1.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_same, expected, actual))
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and expected == actual


def _strip_one_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text
