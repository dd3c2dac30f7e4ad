"""Issue 10, class 10: the float checker, against Kattis problemtools' default validator.

The conformance table has one case of our own for each of the 24 kinds of case in
problemtools' ``tests/default_validator_tests`` (same flags, our data), fed through the Kattis
importer's flag mapping; then the numbers that used to overflow, the exact bound, the tokens
strtod does and does not read, and Hypothesis properties against an independent oracle
(``fractions.Fraction``) for the quick float path and the exact one.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codejudge.checkers import check, check_value
from codejudge.checkers.tolerance import Tolerance, exact_number, number
from codejudge.models import CheckerSpec
from codejudge.problems.kattis import _default_checker

AC, WA = True, False


def kattis_spec(args: str) -> CheckerSpec:
    """The checker a Kattis package with ``validator_flags: args`` imports as."""
    options = _default_checker(Path("pkg"), args.split())
    return CheckerSpec(options.pop("name"), options)


ROCKETS = "\U0001f680" * 40
LONG = "q" * 300


@pytest.mark.parametrize(
    ("args", "judge", "user", "accepted"),
    [
        # case_sensitive
        ("case_sensitive", "Yes\n", "Yes\n", AC),
        ("case_sensitive", "Yes\n", "yes\n", WA),
        # several flags at once
        ("case_sensitive space_change_sensitive float_tolerance 0.25", "E = 2.72\n",
         "E = 2.72\n", AC),
        ("case_sensitive space_change_sensitive float_tolerance 0.25", "E = 1.0",
         "E = 2.0", WA),
        # no output at all
        ("", "Goodbye, moon.\n", "", WA),
        # float_absolute_tolerance
        ("float_absolute_tolerance 0.25", "2\n", "2.2\n", AC),
        ("float_absolute_tolerance 0.05", "2\n", "2.2\n", WA),
        # an infinite judge value is no number: it is a word, and 0 is not that word
        ("float_tolerance 0.25", "-inf\n", "0\n", WA),
        # float_relative_tolerance
        ("float_relative_tolerance 0.2", "50\n", "59\n", AC),
        ("float_relative_tolerance 0.02", "50\n", "59\n", WA),
        # a number glued to other characters is no number
        ("float_absolute_tolerance 0.25", "2\n", f"2.2{ROCKETS}", WA),
        # float_tolerance sets both
        ("float_tolerance 0.25", "2\n", "2.2\n", AC),
        ("float_tolerance 0.25", "1\n", "1.25001\n", WA),
        # relative to a judge value of 0 only 0 is close
        ("float_relative_tolerance 0.5", "0\n", "0.5\n", WA),
        # long non-ASCII tokens that differ near the end
        ("", "\u00e9" * 300, "\u00e9" * 299 + "\u00e8", WA),
        # long tokens that differ early, case-sensitively
        ("case_sensitive", "b" + LONG, "B" + LONG, WA),
        # more output than the judge has
        ("", "Goodbye, moon.\n", f"Goodbye, moon. and more {ROCKETS}", WA),
        # less output than the judge has
        ("", "Goodbye, moon.\n", "Goodbye,\n", WA),
        # the plain default
        ("", "goodbye moon\n", "goodbye moon\n", AC),
        ("", "goodbye moon\n", "goodbye sun\n", WA),
        # space_change_sensitive: the same whitespace, or not
        ("space_change_sensitive", "up\n  down\n", "up\n  down\n", AC),
        ("space_change_sensitive", "up\n  down\n", "up\n down\n", WA),
        ("space_change_sensitive", "up\n down\n", "up\n  down\n", WA),
        # only whitespace where the judge has words
        ("", "Goodbye, moon.\n", " \n\t \n\n", WA),
    ],
)  # fmt: skip
def test_kattis_default_validator_conformance(
    args: str, judge: str, user: str, accepted: bool
) -> None:
    assert check(kattis_spec(args), judge, user) is accepted


def test_the_kattis_default_is_case_insensitive() -> None:
    assert check(kattis_spec(""), "Goodbye Moon\n", "GOODBYE moon\n")
    assert check(kattis_spec("float_tolerance 1e-6"), "NaN\n", "nan\n")  # words, folded


BIG = str(10**405 + 12345)
TOLERANCE = CheckerSpec("float", {"absolute": 1e-6, "relative": 1e-6})


@pytest.mark.parametrize(
    ("expected", "actual", "accepted"),
    [
        # the examples: they overflowed to the same infinity
        ("1e400", "7e450", WA),
        (BIG, str(2 * int(BIG)), WA),
        ("1e400", "1e400", AC),  # no number, but the same word
        ("1e400", "1E400", WA),  # ... a word compared case-sensitively here
        (BIG, BIG, AC),
        ("1e308", "1e309", WA),  # an actual that overflows is not a number
        ("1.7976931348623157e308", "1.7976931348623157e308", AC),
        ("1.7976931348623157e308", "-1.7976931348623157e308", WA),  # the difference overflows
        ("inf", "inf", AC),
        ("inf", "Inf", WA),
        ("inf", "infinity", WA),
        ("nan", "nan", AC),
        ("1", "nan", WA),
        ("1", "inf", WA),
        ("1e-400", "0", AC),  # underflows to 0 but is a number, within 1e-6 of 0
        # the bound is where it is written: exactly 10^-6 away is in, a hair more is out
        ("1", "1.000001", AC),
        ("1", "0.999999", AC),
        ("1", "1.0000010000000000000000000001", WA),
        ("100", "100.0001", AC),  # relative: exactly 1e-6 * 100
        ("100", "100.00010000000000000000001", WA),
        ("0.1", "0.10000000000000001", AC),
        # strtod's grammar, and nothing more
        ("0.5", ".5", AC),
        ("5", "5.", AC),
        ("5", "+5", AC),
        ("0", "-0", AC),
        ("1e5", "100000", AC),
        ("16", "0x10", AC),
        ("0.5", "0X.8P0", AC),
        ("1", "0x1p0", AC),
        ("1", "1e", WA),
        ("1", "0x", WA),
        ("10", "1_0", WA),
        ("12", "\u0661\u0662", WA),  # Arabic-Indic digits: Python's float() reads them
        ("1", " 1", AC),  # whitespace separates tokens, it is not part of one
        ("1 2", "1\u00a02", WA),  # a no-break space is not C whitespace
        ("1 2", "1\x1c2", WA),  # nor is a file separator, which str.split() splits at
        ("1", "1e-0000000000000000000000000000000000000000000000000", AC),
        ("0", "0e99999999999999999999999", AC),  # zero, whatever the exponent
    ],
)
def test_float_numbers(expected: str, actual: str, accepted: bool) -> None:
    assert check(TOLERANCE, expected, actual) is accepted


def test_a_non_zero_number_with_a_huge_exponent_is_a_word() -> None:
    """The one documented departure from Kattis: 1e-99999999999999999 (which strtod reads as
    0) has an exponent beyond exact decimal arithmetic and is compared as a word."""
    assert number("1e-99999999999999999") is None
    assert not check(TOLERANCE, "0", "1e-99999999999999999")
    assert check(TOLERANCE, "1e-99999999999999999", "1e-99999999999999999")


def test_case_folding_is_ascii_only_as_in_strcasecmp() -> None:
    folded = CheckerSpec("tokens", {"case_sensitive": False})
    assert check(folded, "STRASSE\n", "strasse\n")
    assert not check(folded, "STRASSE\n", "stra\u00dfe\n")
    assert not check(folded, "\u00c9T\u00c9\n", "\u00e9t\u00e9\n")  # accented letters stay


@pytest.mark.parametrize(
    ("expected", "actual", "options", "accepted"),
    [
        ("1e400", "7e450", {}, WA),
        (BIG, str(2 * int(BIG)), {}, WA),
        (BIG, BIG, {}, AC),
        ("1e400", "1e400", {}, AC),
        ("[1e400, 2.5]", "[1e400, 2.5000001]", {}, AC),
        ("NaN", "NaN", {}, AC),
        ("Infinity", "Infinity", {}, AC),
        ("Infinity", "-Infinity", {}, WA),
        ("Infinity", "1e308", {}, WA),
        ("1", "Infinity", {}, WA),
        ("1", "1.000001", {}, AC),
        ("1", "1.0000010000000000000000000001", {}, WA),
        ("0.1", "0.10000000000000001", {"absolute": 0.0}, WA),  # exact: no rounding first
        ("0.1", "0.1", {"absolute": 0.0}, AC),
        ("[0.5]", "[0.5000001]", {"relative": 1e-6}, AC),  # 1e-7 <= 1e-6 * 0.5
        ("2", "2.0", {"absolute": 0.0}, AC),
    ],
)
def test_float_values(
    expected: str, actual: str, options: dict[str, float], accepted: bool
) -> None:
    assert check_value(CheckerSpec("float", options), expected, actual) is accepted


def test_the_value_checker_keeps_0_1_and_its_17_digit_spelling_equal() -> None:
    """``value`` (not ``float``) still compares doubles: a driver printing 17 digits of the
    double 0.1 has returned 0.1."""
    assert check_value(CheckerSpec("value"), "0.1", "0.10000000000000001")


# --- properties against an independent oracle ------------------------------------------------


def oracle(expected: str, actual: str, absolute: float, relative: float) -> bool:
    """Kattis' rule on exact rationals, for tokens both of which are decimal numbers."""
    e, a = Fraction(expected), Fraction(actual)
    diff = abs(e - a)
    return diff <= Fraction(repr(absolute)) or diff <= Fraction(repr(relative)) * abs(e)


mantissas = st.integers(min_value=-(10**20), max_value=10**20)
exponents = st.integers(min_value=-330, max_value=290)
tolerances = st.sampled_from([0.0, 1e-9, 1e-6, 2.5e-4, 0.1, 1.0, 3.0, 1e20])


@st.composite
def near_pairs(draw: st.DrawFn) -> tuple[str, str, float, float]:
    """An expected number and an actual one near the bound of the tolerance: tolerance times
    a small factor, plus or minus a nudge far below it (where doubles cannot tell)."""
    m, x = draw(mantissas), draw(exponents)
    expected = Fraction(m) * Fraction(10) ** x
    absolute, relative = draw(tolerances), draw(tolerances)
    step = draw(
        st.sampled_from([Fraction(repr(absolute)), Fraction(repr(relative)) * abs(expected)])
    )
    factors: list[int | Fraction] = [0, 1, -1, Fraction(1, 2), 2]
    factor = draw(st.sampled_from(factors))
    nudge = draw(st.sampled_from([0, 1, -1])) * Fraction(10) ** draw(st.integers(-400, 0)) * step
    actual = expected + factor * step + nudge
    return decimal_text(expected), decimal_text(actual), absolute, relative


def decimal_text(value: Fraction) -> str:
    """The exact decimal spelling of a rational whose denominator divides a power of 10."""
    twos = fives = 0
    denominator = value.denominator
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    assert denominator == 1
    digits = max(twos, fives)
    return f"{value.numerator * 10**digits // value.denominator}e-{digits}"


@given(near_pairs())
def test_the_checker_is_kattis_rule_on_exact_numbers(pair: tuple[str, str, float, float]) -> None:
    expected, actual, absolute, relative = pair
    spec = CheckerSpec("float", {"absolute": absolute, "relative": relative})
    if number(expected) is None or number(actual) is None:  # overflowed: words
        return
    assert check(spec, expected, actual) is oracle(expected, actual, absolute, relative)
    # "123e-5" is JSON too: the function-problem checker decides the same
    assert check_value(spec, expected, actual) is oracle(expected, actual, absolute, relative)


doubles = st.floats(allow_nan=False, allow_infinity=False)


@given(doubles, doubles, tolerances, tolerances, st.sampled_from([None, 1, -1, 0.5, 1.0000001]))
def test_the_quick_path_agrees_with_the_exact_one(
    e: float, a: float, absolute: float, relative: float, near: float | None
) -> None:
    """Whatever doubles the quick comparison gets (independent ones, or ones a rounding
    away from the bound), it decides as the exact one would."""
    if near is not None:  # a at (about) the bound of one of the tolerances
        step = absolute if a > 0 else relative * abs(e)
        a = e + near * step
        if math.isinf(a):
            return
    tolerance = Tolerance(absolute, relative)
    exact = tolerance._accepts_exactly(Decimal(e), Decimal(a))
    assert tolerance.accepts(e, a, lambda: (Decimal(e), Decimal(a))) is exact
    diff = abs(Fraction(e) - Fraction(a))
    assert exact is (
        diff <= Fraction(repr(absolute)) or diff <= Fraction(repr(relative)) * abs(Fraction(e))
    )


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_reads_what_repr_printf_and_hex_write(x: float) -> None:
    for spelling in (repr(x), f"{x:.3e}", f"{x:f}"):
        if math.isinf(float(spelling)):  # rounded up past the largest double
            assert number(spelling) is None
            continue
        assert number(spelling) == float(spelling)
        assert Fraction(exact_number(spelling)) == Fraction(spelling)
    assert number(x.hex()) == x and Fraction(exact_number(x.hex())) == Fraction(x)
