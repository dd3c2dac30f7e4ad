"""Checkers for program output (stdio problems): pure functions of (expected, actual, spec).

Both sides go through ``normalise_text`` first (a leading BOM dropped, CRLF and CR as LF), so
line endings never decide a verdict. Tokens are separated by C's whitespace (space, \\t, \\n,
\\v, \\f, \\r), and case is folded for ASCII letters only, as Kattis' default validator does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from codejudge.checkers.normalise import normalise_text
from codejudge.checkers.tolerance import Tolerance, exact_number, number
from codejudge.models import CheckerSpec

_SPACE = " \t\n\v\f\r"
_SPACE_RE = re.compile(f"([{_SPACE}]+)")
_WORD_RE = re.compile(f"[^{_SPACE}]+")
# str.split() also splits at these (and at non-ASCII spaces); C's isspace does not.
_PYTHON_ONLY_SPACE_RE = re.compile("[\x1c-\x1f]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

SameToken = Callable[[str, str], bool]


def exact(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Equal text, except that one trailing newline is forgiven on either side (after the
    line-ending rule: a program's ``\\r\\n`` is its ``\\n``)."""
    return _strip_one_newline(normalise_text(expected)) == _strip_one_newline(
        normalise_text(actual)
    )


def lines(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """The same lines, ignoring the whitespace at the end of each line and the blank lines at
    the end of the text: Judge0 CE's comparison of ``stdout`` with ``expected_output``
    (``IsolateJob#strip``: each line right-stripped, joined with \\n, right-stripped), after
    the line-ending rule. Leading whitespace counts."""
    return _right_stripped(normalise_text(expected)) == _right_stripped(normalise_text(actual))


def any_output(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Any output is accepted: only how the program ended is judged (a run with nothing to
    compare with, such as a Judge0 submission without ``expected_output``)."""
    return True


def tokens(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """Equal as sequences of whitespace-separated tokens (the judge default).

    Options: ``case_sensitive`` (default true), ``space_change_sensitive`` (default false: the
    whitespace between tokens must then be the same too, as Kattis' flag of that name means).
    """
    return _compare(expected, actual, spec, _same_word(spec))


def floats(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """``tokens``, except that where the expected token is a number the actual one must be a
    number within the tolerance (options ``absolute`` and ``relative``): Kattis' default
    validator with float flags, compared exactly (see ``checkers.tolerance``)."""
    tolerance, same_word = Tolerance.of(spec), _same_word(spec)

    def same(e: str, a: str) -> bool:
        if e == a:  # the same spelling: equal as numbers and as words
            return True
        expected_number = number(e)
        if expected_number is None:
            return same_word(e, a)
        actual_number = number(a)
        return actual_number is not None and tolerance.accepts(
            expected_number, actual_number, lambda: (exact_number(e), exact_number(a))
        )

    return _compare(expected, actual, spec, same)


def unordered_lines(expected: str, actual: str, spec: CheckerSpec) -> bool:
    """The non-blank lines in any order, each compared as tokens. Option ``depth`` = 2 also
    takes the tokens within each line in any order; ``case_sensitive`` as for ``tokens``."""
    depth = int(spec.options.get("depth", 1))
    fold = not spec.options.get("case_sensitive", True)

    def key(line: str) -> tuple[str, ...]:
        words = [_fold(w) for w in _words(line)] if fold else _words(line)
        return tuple(sorted(words)) if depth >= 2 else tuple(words)

    def lines(text: str) -> Counter[tuple[str, ...]]:
        return Counter(key(line) for line in normalise_text(text).split("\n") if _words(line))

    return lines(expected) == lines(actual)


def _compare(expected: str, actual: str, spec: CheckerSpec, same: SameToken) -> bool:
    expected, actual = normalise_text(expected), normalise_text(actual)
    if spec.options.get("space_change_sensitive", False):
        # re.split with a group alternates token, whitespace, token, ...: tokens at even places.
        e = _SPACE_RE.split(_strip_one_newline(expected))
        a = _SPACE_RE.split(_strip_one_newline(actual))
        return len(e) == len(a) and all(
            (x == y) if i % 2 else same(x, y) for i, (x, y) in enumerate(zip(e, a, strict=True))
        )
    e, a = _words(expected), _words(actual)
    return len(e) == len(a) and all(map(same, e, a))


def _words(text: str) -> list[str]:
    if text.isascii() and not _PYTHON_ONLY_SPACE_RE.search(text):
        return text.split()  # the same split, and several times faster
    return _WORD_RE.findall(text)


def _same_word(spec: CheckerSpec) -> SameToken:
    if spec.options.get("case_sensitive", True):
        return str.__eq__
    return lambda e, a: e == a or _fold(e) == _fold(a)


def _fold(word: str) -> str:
    """ASCII letters to lower case, nothing else (C's strcasecmp): 'STRASSE' is not 'straße'."""
    return word.lower() if word.isascii() else word.translate(_ASCII_LOWER)


def _right_stripped(text: str) -> str:
    # C's whitespace, as Ruby's String#rstrip strips (and NUL, which it strips too).
    return "\n".join(line.rstrip(_SPACE + "\0") for line in text.split("\n")).rstrip(_SPACE + "\0")


def _strip_one_newline(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text
