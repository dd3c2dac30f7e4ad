"""Checkers for program output (stdio problems): pure functions of (expected, actual, spec)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from codejudge.checkers.tolerance import Tolerance
from codejudge.models import CheckerSpec

# A decimal number as contest answers write it; not "nan", "inf" or hex, which float() takes.
NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPACE_RE = re.compile(r"(\s+)")

SameToken = Callable[[str, str], bool]


def exact(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Byte-for-byte equal, except that one trailing newline is forgiven on either side."""
    return _strip_one_newline(expected) == _strip_one_newline(actual)


def tokens(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Equal as sequences of whitespace-separated tokens (the judge default).

    Options: ``case_sensitive`` (default true), ``space_change_sensitive`` (default false: the
    whitespace between tokens must then be the same too, as Kattis' flag of that name means).
    """
    return _compare(expected, actual, spec, _same_word(spec))


def floats(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """``tokens``, except that where the expected token is a number the actual one must be a
    number within the tolerance (options ``absolute`` and ``relative``, see ``Tolerance``)."""
    tolerance, same_word = Tolerance.of(spec), _same_word(spec)

    def same(e: str, a: str) -> bool:
        if NUMBER_RE.fullmatch(e):
            return NUMBER_RE.fullmatch(a) is not None and tolerance.accepts(float(e), float(a))
        return same_word(e, a)

    return _compare(expected, actual, spec, same)


def unordered_lines(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """The non-blank lines in any order, each compared as tokens. Option ``depth`` = 2 also
    takes the tokens within each line in any order; ``case_sensitive`` as for ``tokens``."""
    depth = int(spec.options.get("depth", 1))
    fold = not spec.options.get("case_sensitive", True)

    def key(line: str) -> tuple[str, ...]:
        words = [w.casefold() for w in line.split()] if fold else line.split()
        return tuple(sorted(words)) if depth >= 2 else tuple(words)

    def lines(text: str) -> Counter[tuple[str, ...]]:
        return Counter(key(line) for line in text.splitlines() if line.strip())

    return lines(expected) == lines(actual)


def _compare(expected: str, actual: str, spec: CheckerSpec, same: SameToken) -> bool:
    if spec.options.get("space_change_sensitive", False):
        # re.split with a group alternates token, whitespace, token, ...: tokens at even places.
        e = _SPACE_RE.split(_strip_one_newline(expected))
        a = _SPACE_RE.split(_strip_one_newline(actual))
        return len(e) == len(a) and all(
            (x == y) if i % 2 else same(x, y) for i, (x, y) in enumerate(zip(e, a, strict=True))
        )
    e, a = expected.split(), actual.split()
    return len(e) == len(a) and all(map(same, e, a))


def _same_word(spec: CheckerSpec) -> SameToken:
    if spec.options.get("case_sensitive", True):
        return str.__eq__
    return lambda e, a: e.casefold() == a.casefold()


def _strip_one_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text
