"""Numbers within a tolerance, shared by the stdio and the value ``float`` checkers. Pure.

The rule is Kattis problemtools' default output validator (``support/default_validator``):

- a token is a number when C's ``strtod`` reads all of it (decimal or hexadecimal, any case)
  to a *finite* double; ``inf``, ``nan`` and anything that overflows (``1e400``, a 400-digit
  integer) are not numbers and are compared as words;
- an expected number is matched by an actual number ``a`` when ``|e - a| <= absolute`` or
  ``|e - a| <= relative * |e|`` (relative to the expected value only).

One difference on purpose: the comparison is exact, on the numbers the tokens spell (and on the
tolerances as written, ``1e-6`` meaning 10^-6), where Kattis subtracts doubles. So nothing
overflows and the bound is where the problem says; Kattis can go either way within an ulp of it.
A decimal exponent longer than 15 digits on a non-zero number (``1e-9999999999999999``, which
no double tells from 0) is beyond exact arithmetic and is compared as a word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, ROUND_UP, Context, Decimal

from codejudge.models import CheckerSpec

DEFAULT_TOLERANCE = 1e-6

# strtod's grammar, ASCII digits only (Python's float() would also take "1_0", "١٢" and spaces).
# Groups: mantissa, exponent sign, exponent digits without leading zeros.
_DECIMAL_RE = re.compile(r"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:[eE]([+-]?)0*([0-9]+))?")
# Groups: sign, integer digits, fraction digits, exponent sign, exponent digits (no leading 0s).
_HEX_RE = re.compile(r"([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?)0*([0-9]+))?")
_MAX_EXPONENT_DIGITS = 15  # Decimal takes exponents up to 10^18
_MAX_HEX_SHIFT = 100_000  # m * 2^-k takes k decimal digits

# The quick float comparison below decides only when its answer holds for the exact numbers
# too. Float errors, for finite doubles e, a (|e - E| <= 2^-53 |E| or 2^-1075 if subnormal)
# and d = fl(|e - a|): |d - |E - A|| <= 2^-52 (|e| + |a|) + 2^-1073. _SLACK covers that with a
# factor of >1000 to spare, including the rounding of computing it; _TINY covers every
# underflow (< 1e-300 while relative <= _MAX_FAST_RELATIVE); _DOWN/_UP cover a tolerance's
# double against its decimal (2^-53) and the rounding of the products (a few 2^-53).
_SLACK = 1e-12
_TINY = 1e-290
_DOWN, _UP = 1 - 1e-9, 1 + 1e-9
_BIG = 1e300
_MAX_FAST_RELATIVE = 1e10

Exact = Callable[[], tuple[Decimal, Decimal]]


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Kattis' rule: accepted when within ``absolute`` of the expected number, or within
    ``relative`` times its magnitude. Either may be 0 (then only equal numbers pass it)."""

    absolute: float = DEFAULT_TOLERANCE
    relative: float = DEFAULT_TOLERANCE
    _exact: tuple[Decimal, Decimal] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (self.absolute >= 0 and self.relative >= 0):
            raise ValueError(f"tolerances must be >= 0, got {self.absolute}, {self.relative}")
        # repr is the shortest decimal that reads back as the same double: what was written.
        exact = (Decimal(repr(float(self.absolute))), Decimal(repr(float(self.relative))))
        object.__setattr__(self, "_exact", exact)

    @classmethod
    def of(cls, spec: CheckerSpec) -> Tolerance:
        """From the options ``absolute`` / ``relative``; neither given means both 1e-6, one
        given means only that one applies (Kattis ``float_tolerance`` sets both)."""
        options = spec.options
        if "absolute" not in options and "relative" not in options:
            return cls()
        return cls(float(options.get("absolute", 0.0)), float(options.get("relative", 0.0)))

    def accepts(self, expected: float, actual: float, exact: Exact) -> bool:
        """Whether ``actual`` is within the tolerance of ``expected``: both finite doubles
        approximating the numbers that ``exact()`` returns exactly (called only when the
        doubles cannot decide)."""
        quick = self._quick(expected, actual)
        if quick is not None:
            return quick
        return self._accepts_exactly(*exact())

    def _quick(self, e: float, a: float) -> bool | None:
        if self.relative > _MAX_FAST_RELATIVE:
            return None
        d = abs(e - a)
        slack = _SLACK * (abs(e) + abs(a)) + _TINY
        if not (d < _BIG and slack < _BIG):
            return None
        hi, lo = d + slack, d - slack  # the exact difference is in [lo, hi]
        bound = self.relative * abs(e)
        if hi <= self.absolute * _DOWN or hi <= bound * _DOWN - _TINY:
            return True
        if lo > self.absolute * _UP + _TINY and lo > bound * _UP + _TINY:
            return False
        return None

    def _accepts_exactly(self, e: Decimal, a: Decimal) -> bool:
        absolute, relative = self._exact
        # Rounding |e - a| away from zero to P digits gives the least P-digit number >= it, so
        # "diff <= t" is decided exactly for any t of at most P digits: the tolerance (<= 17)
        # and relative * |e| (which is computed exactly in P digits).
        digits = len(e.as_tuple().digits) + len(a.as_tuple().digits) + 40
        context = Context(prec=digits, rounding=ROUND_UP, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
        diff = context.subtract(e, a).copy_abs()
        return diff <= absolute or diff <= context.multiply(relative, e.copy_abs())


def number(token: str) -> float | None:
    """The token as a finite double if Kattis' default validator takes it for a number
    (``strtod`` reads all of it, finitely), else None."""
    decimal = _DECIMAL_RE.fullmatch(token)
    if decimal is not None:
        value = float(token)
        if not math.isfinite(value):
            return None
        exponent = decimal.group(3)
        if exponent and len(exponent) > _MAX_EXPONENT_DIGITS and _nonzero(decimal.group(1)):
            return None
        return value
    hexa = _HEX_RE.fullmatch(token)
    if hexa is None or not (hexa.group(2) or hexa.group(3)) or _hex_scale(hexa) is None:
        return None
    try:
        value = float.fromhex(token)
    except OverflowError:
        return None
    return value


def exact_number(token: str) -> Decimal:
    """The exact value of a token that ``number`` takes for a number."""
    decimal = _DECIMAL_RE.fullmatch(token)
    if decimal is not None:
        mantissa, sign, exponent = decimal.groups()
        if not _nonzero(mantissa):
            return Decimal(0)
        return Decimal(f"{mantissa}e{sign or ''}{exponent or 0}")
    hexa = _HEX_RE.fullmatch(token)
    scale = None if hexa is None else _hex_scale(hexa)
    if hexa is None or scale is None:
        raise ValueError(f"not a number: {token!r}")
    mantissa, shift = scale
    # m * 2^k is m << k, or m * 5^-k / 10^-k: exact either way.
    scaled = mantissa << shift if shift >= 0 else mantissa * 5**-shift
    digits = Decimal(scaled).as_tuple().digits
    return Decimal((int(hexa.group(1) == "-"), digits, min(shift, 0)))


def _nonzero(mantissa: str) -> bool:
    return any(c in "123456789" for c in mantissa)


def _hex_scale(hexa: re.Match[str]) -> tuple[int, int] | None:
    """(m, k): the hex token is m * 2^k; None when k is too far out to compute exactly (then
    the token is a word)."""
    _, whole, fraction, sign, exponent = hexa.groups()
    mantissa = int(whole + fraction or "0", 16)
    if mantissa == 0:
        return 0, 0
    if exponent and len(exponent) > _MAX_EXPONENT_DIGITS:
        return None
    shift = int(f"{sign or ''}{exponent or 0}") - 4 * len(fraction)
    return (mantissa, shift) if shift >= -_MAX_HEX_SHIFT else None
