"""Float tolerance, shared by the stdio and the value ``float`` checkers. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from codejudge.models import CheckerSpec

DEFAULT_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Kattis' rule: a number is accepted when it is within ``absolute`` of the expected one,
    or within ``relative`` times the expected one's magnitude. Either may be 0 (off)."""

    absolute: float = DEFAULT_TOLERANCE
    relative: float = DEFAULT_TOLERANCE

    @classmethod
    def of(cls, spec: CheckerSpec) -> Tolerance:
        """From the options ``absolute`` / ``relative``; neither given means both 1e-6, one
        given means only that one applies."""
        options = spec.options
        if "absolute" not in options and "relative" not in options:
            return cls()
        return cls(float(options.get("absolute", 0.0)), float(options.get("relative", 0.0)))

    def accepts(self, expected: float, actual: float) -> bool:
        if expected == actual:  # also equal infinities, whose difference is nan
            return True
        if math.isnan(expected) or math.isnan(actual):
            return False
        diff = abs(expected - actual)
        return diff <= self.absolute or diff <= self.relative * abs(expected)
