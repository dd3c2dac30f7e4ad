"""Checkers: tables of cases, and Hypothesis properties for the general rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.checkers import (
    CHECKERS,
    FUNCTION_CHECKERS,
    OPTIONS,
    STDIO_CHECKERS,
    VALUE_CHECKERS,
    canonical_json,
    check,
    check_value,
)
from codejudge.models import CheckerSpec, ProblemKind

EXACT = CheckerSpec("exact")
TOKENS = CheckerSpec("tokens")
VALUE = CheckerSpec("value")
UNORDERED = CheckerSpec("unordered")

# --- tables -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "actual", "accepted"),
    [
        ("3\n", "3\n", True),
        ("3\n", "3", True),  # one trailing newline is forgiven
        ("3", "3\n", True),
        ("3\n", "3\n\n", False),
        ("3\n", " 3\n", False),
        ("a b\n", "a  b\n", False),
        ("", "", True),
        ("x\r\n", "x\n", True),  # the line-ending rule: a program's \\r\\n is its \\n
    ],
)
def test_exact(expected: str, actual: str, accepted: bool) -> None:
    assert check(EXACT, expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "accepted"),
    [
        ("hi bob\n", "hi bob\n", True),
        ("hi bob", "hi bob\n\n\n", True),  # blank lines at the end do not count
        ("hi bob  \n\n", "hi bob\t\n", True),  # nor the whitespace at the end of a line
        ("a \nb\n", "a\nb \x00\n", True),  # Ruby's rstrip takes NULs too
        ("a\nb\n", "a\r\nb\r\n", True),  # \r is whitespace at a line's end anyway
        ("", "", True),
        ("", "\n \n", True),
        ("hi bob\n", " hi bob\n", False),  # leading whitespace counts
        ("a\nb\n", "a\n\nb\n", False),  # a blank line inside counts
        ("a b\n", "a  b\n", False),  # whitespace inside a line counts
        ("a\nb\n", "a b\n", False),
        ("Hi\n", "hi\n", False),
        ("1\n", "", False),
    ],
)
def test_lines_is_judge0s_comparison(expected: str, actual: str, accepted: bool) -> None:
    """Judge0 CE compares ``expected_output`` with ``stdout`` after ``strip``: every line
    right-stripped, joined with \\n, the whole right-stripped (``IsolateJob#strip``)."""
    assert check(CheckerSpec("lines"), expected, actual) is accepted


def test_any_accepts_every_output_and_value() -> None:
    assert check(CheckerSpec("any"), "", "anything\n") and check(CheckerSpec("any"), "x", "")
    assert check_value(CheckerSpec("any"), "null", "[1,2]")


@pytest.mark.parametrize(
    ("expected", "actual", "options", "accepted"),
    [
        ("1 2 3\n", "1 2 3", {}, True),
        ("1 2 3\n", "1\n2\n3\n\n", {}, True),
        ("1 2 3\n", "  1\t2 3  ", {}, True),
        ("1 2 3\n", "1 2\n", {}, False),
        ("1 2\n", "1 2 3\n", {}, False),
        ("12\n", "1 2\n", {}, False),
        ("YES\n", "yes\n", {}, False),
        ("YES\n", "yes\n", {"case_sensitive": False}, True),
        ("YES NO\n", "yes yes\n", {"case_sensitive": False}, False),
        ("\n", "", {}, True),
    ],
)
def test_tokens(expected: str, actual: str, options: dict[str, Any], accepted: bool) -> None:
    assert check(CheckerSpec("tokens", options), expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "accepted"),
    [
        ("[0,1]", "[0, 1]", True),
        ("[0,1]", "[1,0]", False),  # order matters for plain values
        ("[0,1]", "[0,1,2]", False),
        ("1", "1.0", True),
        ("true", "1", False),  # bool is not int, even though Python says True == 1
        ("1", "true", False),
        ("false", "0", False),
        ("[true]", "[1]", False),
        ('{"a": true}', '{"a": 1}', False),
        ('{"a": [1, 2]}', '{ "a" : [1,2] }', True),
        ('{"a": 1}', '{"b": 1}', False),
        ('"1"', "1", False),
        ("null", "null", True),
        ("null", "[]", False),
        ('["a","b"]', '[\n  "a",\n  "b"\n]', True),
        ("[[1,2],[3]]", "[[1,2],[3]]", True),
        ("[[1,2],[3]]", "[[2,1],[3]]", False),
        ("[1]", "not json", False),
        ("[1]", "", False),
    ],
)
def test_check_value(expected: str, actual: str, accepted: bool) -> None:
    assert check_value(VALUE, expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "depth", "accepted"),
    [
        ("[0,1]", "[1,0]", 1, True),
        ("[0,1]", "[0,1]", 1, True),
        ("[0,1]", "[0,0]", 1, False),
        ("[1,1,2]", "[1,2,2]", 1, False),  # a multiset: how many times counts
        ("[1,1,2]", "[2,1,1]", 1, True),
        ("[0,1]", "[0,1,1]", 1, False),
        ("[1,true]", "[true,1]", 1, True),
        ("[1,true]", "[1,1]", 1, False),
        ("[1]", "[1.0]", 1, True),
        ("[[1,2],[3]]", "[[3],[1,2]]", 1, True),
        ("[[1,2],[3]]", "[[3],[2,1]]", 1, False),  # inner order still matters at depth 1
        ("[[1,2],[3]]", "[[3],[2,1]]", 2, True),
        ("[[1,1,2]]", "[[1,2,2]]", 2, False),
        ("5", "5", 1, True),  # not a list: compared as a value
        ("5", "[5]", 1, False),
        ("[]", "[]", 1, True),
        ('["a","b"]', '["b", "a"]', 1, True),
        ("[0,1]", "oops", 1, False),
    ],
)
def test_unordered(expected: str, actual: str, depth: int, accepted: bool) -> None:
    spec = CheckerSpec("unordered", {"depth": depth})
    assert check_value(spec, expected, actual) is accepted


@pytest.mark.parametrize("name", ["exact", "tokens", "value"])
def test_text_checker_names_mean_ordered_values_for_function_problems(name: str) -> None:
    """A function problem left with the default CheckerSpec() ("tokens") still compares values."""
    assert check_value(CheckerSpec(name), "[1, 2]", "[1,2]")
    assert not check_value(CheckerSpec(name), "[1, 2]", "[2,1]")


def test_unknown_checker_names_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown checker 'nope'"):
        check(CheckerSpec("nope"), "1", "1")
    with pytest.raises(ValueError, match="unknown value checker 'nope'"):
        check_value(CheckerSpec("nope"), "1", "1")
    with pytest.raises(ValueError, match="unknown checker 'value'"):
        check(VALUE, "1", "1")  # value compares JSON values, not program output


def test_checker_registries_agree() -> None:
    assert set(CHECKERS) | {"custom"} == STDIO_CHECKERS
    assert set(VALUE_CHECKERS) >= FUNCTION_CHECKERS
    assert set(OPTIONS[ProblemKind.STDIO]) == STDIO_CHECKERS
    assert set(OPTIONS[ProblemKind.FUNCTION]) == FUNCTION_CHECKERS


def test_canonical_json_is_compact_and_keeps_unicode() -> None:
    assert canonical_json([1, "é", {"a": None}]) == '[1,"é",{"a":null}]'


# --- properties ---------------------------------------------------------------------------

WHITESPACE = st.text(alphabet=" \t\n\r", min_size=1, max_size=4)
TOKEN = st.text(alphabet=st.characters(blacklist_categories=("Zs", "Cc")), min_size=1, max_size=6)
TOKEN_LISTS = st.lists(TOKEN.filter(lambda t: t.split() == [t]), max_size=8)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=12,
)


@given(TOKEN_LISTS, st.data())
def test_tokens_ignores_how_tokens_are_separated(words: list[str], data: st.DataObject) -> None:
    """Any whitespace between, before and after tokens gives the same verdict."""
    seps = data.draw(st.lists(WHITESPACE, min_size=len(words) + 1, max_size=len(words) + 1))
    spaced = seps[0] + "".join(w + s for w, s in zip(words, seps[1:], strict=True))
    assert check(TOKENS, " ".join(words) + "\n", spaced)
    assert check(TOKENS, spaced, " ".join(words))


@given(st.text(max_size=30), st.text(max_size=30))
def test_exact_implies_tokens_and_both_are_symmetric(a: str, b: str) -> None:
    assert check(EXACT, a, b) == check(EXACT, b, a)
    assert check(TOKENS, a, b) == check(TOKENS, b, a)
    if check(EXACT, a, b):
        assert check(TOKENS, a, b)
    assert check(EXACT, a, a) and check(TOKENS, a, a)


@given(TOKEN_LISTS.filter(lambda ws: len(ws) >= 1))
def test_exact_is_stricter_than_tokens(words: list[str]) -> None:
    """Doubling the spaces keeps the tokens but changes the bytes."""
    one, two = " ".join(words) + " x", "  ".join(words) + "  x"
    assert check(TOKENS, one, two)
    assert not check(EXACT, one, two)


@given(json_values, st.sampled_from([None, 2, 4]), st.sampled_from([(",", ":"), (", ", ": ")]))
def test_check_value_ignores_formatting(
    value: object, indent: int | None, separators: tuple[str, str]
) -> None:
    pretty = json.dumps(value, indent=indent, separators=separators, ensure_ascii=True)
    assert check_value(VALUE, canonical_json(value), pretty)
    assert check_value(UNORDERED, canonical_json(value), pretty)


@given(st.lists(st.booleans(), min_size=1, max_size=5))
def test_booleans_never_equal_numbers(flags: list[bool]) -> None:
    numbers = [int(f) for f in flags]
    for spec in (VALUE, UNORDERED):
        assert not check_value(spec, canonical_json(flags), canonical_json(numbers))
        assert not check_value(spec, canonical_json(numbers), canonical_json(flags))


@given(st.lists(json_values, max_size=8), st.randoms(use_true_random=False))
def test_unordered_accepts_any_permutation(items: list[object], rng: Any) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert check_value(UNORDERED, canonical_json(items), canonical_json(shuffled))


@given(st.lists(json_values, max_size=6), st.lists(json_values, max_size=6))
def test_unordered_is_symmetric_and_weaker_than_value(a: list[object], b: list[object]) -> None:
    ja, jb = canonical_json(a), canonical_json(b)
    assert check_value(UNORDERED, ja, jb) == check_value(UNORDERED, jb, ja)
    if check_value(VALUE, ja, jb):
        assert check_value(UNORDERED, ja, jb)


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=8), st.integers(-5, 5))
def test_unordered_counts_multiplicity(items: list[int], extra: int) -> None:
    assert not check_value(UNORDERED, canonical_json(items), canonical_json([*items, extra]))


# --- float, space-sensitive tokens, unordered lines (tables) -----------------------------------

FLOAT = CheckerSpec("float")


@pytest.mark.parametrize(
    ("expected", "actual", "options", "accepted"),
    [
        ("2.5\n", "2.5000001\n", {}, True),  # default: 1e-6 absolute or relative
        ("2.5\n", "2.5001\n", {}, False),
        ("2.5\n", "2.5000009\n", {"absolute": 1e-6}, True),
        ("2.5\n", "2.500002\n", {"absolute": 1e-6}, False),
        ("1000000\n", "1000000.5\n", {"relative": 1e-6}, True),
        ("1000000\n", "1000000.5\n", {"absolute": 1e-6}, False),  # only the tolerance given
        ("1e6\n", "1000000\n", {}, True),  # spelling does not matter, the number does
        ("0\n", "-0.0000001\n", {}, True),
        ("0\n", "0.001\n", {"relative": 0.5}, False),  # relative to 0 accepts only 0
        ("3.0\n", "three\n", {}, False),
        ("3.0\n", "nan\n", {}, False),
        ("3.0\n", "inf\n", {}, False),
        ("YES 1.0\n", "yes 1.0\n", {}, False),
        ("YES 1.0\n", "yes 1.0\n", {"case_sensitive": False}, True),
        ("1.0 2.0\n", "1.0\n", {}, False),
        ("1.0 2.0\n", "1.0\n2.0", {}, True),
        ("1.0 2.0\n", "1.0\n2.0", {"space_change_sensitive": True}, False),
    ],
)
def test_float(expected: str, actual: str, options: dict[str, Any], accepted: bool) -> None:
    assert check(CheckerSpec("float", options), expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "accepted"),
    [
        ("1 2\n3\n", "1 2\n3\n", True),
        ("1 2\n3\n", "1 2\n3", True),  # one trailing newline forgiven, as by exact
        ("1 2\n3\n", "1  2\n3\n", False),
        ("1 2\n3\n", "1 2 3\n", False),
        ("1 2\n3\n", " 1 2\n3\n", False),
        ("a\tb\n", "a\tb\n", True),
        ("a\tb\n", "a b\n", False),
    ],
)
def test_tokens_space_change_sensitive(expected: str, actual: str, accepted: bool) -> None:
    spec = CheckerSpec("tokens", {"space_change_sensitive": True})
    assert check(spec, expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "options", "accepted"),
    [
        ("a b\nc d\n", "c d\na b\n", {}, True),
        ("a b\nc d\n", "c  d\n\na b", {}, True),  # blank lines and spacing do not count
        ("a b\nc d\n", "d c\na b\n", {}, False),
        ("a b\nc d\n", "d c\na b\n", {"depth": 2}, True),
        ("a b\na b\n", "a b\n", {}, False),  # a multiset: how many times counts
        ("A\nb\n", "a\nB\n", {}, False),
        ("A\nb\n", "B\na\n", {"case_sensitive": False}, True),
        ("", "\n\n", {}, True),
    ],
)
def test_unordered_lines(
    expected: str, actual: str, options: dict[str, Any], accepted: bool
) -> None:
    assert check(CheckerSpec("unordered", options), expected, actual) is accepted


@pytest.mark.parametrize(
    ("expected", "actual", "options", "accepted"),
    [
        ("2.5", "2.5000001", {}, True),
        ("2.5", "2.51", {}, False),
        ("[1.0,2.0]", "[1.0000001,1.9999999]", {}, True),
        ("[1.0,2.0]", "[2.0,1.0]", {}, False),
        ("2", "2.0", {}, True),
        ("true", "1", {}, False),
        ('"2.5"', "2.5", {}, False),
        ("1e300", "1.0000001e300", {"relative": 1e-6}, True),
        (str(10**400), str(10**400), {}, True),  # too large for a float: compared exactly
        ("2.5", "NaN", {}, False),
        ("2.5", "oops", {}, False),
    ],
)
def test_float_values(expected: str, actual: str, options: dict[str, Any], accepted: bool) -> None:
    """A function returning double (median-of-two-sorted-arrays) is judged with a tolerance."""
    assert check_value(CheckerSpec("float", options), expected, actual) is accepted


# --- float properties ----------------------------------------------------------------------

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
epsilons = st.floats(min_value=0, max_value=1.0, allow_nan=False)


@given(finite, finite, epsilons)
def test_absolute_tolerance_is_symmetric(a: float, b: float, eps: float) -> None:
    spec = CheckerSpec("float", {"absolute": eps})
    assert check(spec, repr(a), repr(b)) == check(spec, repr(b), repr(a))
    assert check_value(spec, repr(a), repr(b)) == check_value(spec, repr(b), repr(a))


@given(finite, epsilons)
def test_float_accepts_within_and_rejects_beyond_the_tolerance(x: float, eps: float) -> None:
    spec = CheckerSpec("float", {"absolute": eps})
    assert check(spec, repr(x), repr(x))
    inside, outside = x + eps / 2, x + 2 * eps + 1e-3 * (1 + abs(x))
    if abs(inside - x) <= eps:  # rounding can push a float just past the bound
        assert check(spec, repr(x), repr(inside))
    assert not check(spec, repr(x), repr(outside))


@given(st.lists(finite, min_size=1, max_size=6), st.data())
def test_float_ignores_separators_and_is_weaker_than_tokens(
    xs: list[float], data: st.DataObject
) -> None:
    text = " ".join(map(repr, xs))
    seps = data.draw(st.lists(WHITESPACE, min_size=len(xs), max_size=len(xs)))
    spaced = "".join(repr(x) + s for x, s in zip(xs, seps, strict=True))
    assert check(FLOAT, text, spaced)
    if check(TOKENS, text, spaced):
        assert check(FLOAT, text, spaced)


@given(st.lists(TOKEN_LISTS, max_size=6), st.randoms(use_true_random=False))
def test_unordered_lines_accepts_any_order_of_lines(lines: list[list[str]], rng: Any) -> None:
    text = "\n".join(" ".join(words) for words in lines)
    shuffled = list(lines)
    rng.shuffle(shuffled)
    spec = CheckerSpec("unordered")
    assert check(spec, text, "\n".join(" ".join(words) for words in shuffled))


@given(st.text(max_size=30), st.text(max_size=30))
def test_text_checkers_are_symmetric(a: str, b: str) -> None:
    for spec in (
        CheckerSpec("tokens", {"case_sensitive": False}),
        CheckerSpec("tokens", {"space_change_sensitive": True}),
        CheckerSpec("unordered", {"depth": 2}),
    ):
        assert check(spec, a, b) == check(spec, b, a), spec


def test_the_same_spelling_is_accepted_without_walking_the_value() -> None:
    """Results and tests are both canonical JSON, so equal text is an equal value for every
    checker (a 10^5-element answer is compared as one string); text that is not JSON still
    never passes."""
    big = canonical_json(list(range(100_000)))
    for name in ("exact", "float", "unordered"):
        assert check_value(CheckerSpec(name), big, big)
    assert not check_value(CheckerSpec("exact"), "not json", "not json")
    assert not check_value(CheckerSpec("exact"), "", "")
