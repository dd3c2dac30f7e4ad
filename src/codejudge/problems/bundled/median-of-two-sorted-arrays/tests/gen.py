"""Write every median-of-two-sorted-arrays test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums1, nums2], "expected": median as a float}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240619
# LeetCode's constraints: each array at most 1000 values, 1 <= m + n.
MAX_EACH = 1000
MAX_TOTAL = 2 * MAX_EACH
LIMIT = 10**6


def median(a: list[int], b: list[int]) -> float:
    """Merge, then take the middle; exact, since every median is a half-integer."""
    merged = sorted(a + b)
    k = len(merged)
    if k % 2:
        return float(merged[k // 2])
    return (merged[k // 2 - 1] + merged[k // 2]) / 2


def rand(rng: random.Random, n: int, lo: int = -LIMIT, hi: int = LIMIT) -> list[int]:
    return sorted(rng.randint(lo, hi) for _ in range(n))


def tests(rng: random.Random) -> dict[str, tuple[list[int], list[int]]]:
    cases = {
        "sample-1": ([1, 4], [2, 7]),
        "sample-2": ([5], [1, 9]),
        "sample-3": ([], [-3, 8]),
        "first-only": ([2, 3, 10], []),
        "single": ([], [-7]),
        "two-singles": ([1], [2]),
        "all-equal": ([4, 4, 4], [4, 4]),
        "disjoint": ([1, 2, 3], [10, 20, 30, 40]),
        "negative-half": ([-5, -4], [-1, 0]),
        "extremes": ([-LIMIT, -LIMIT], [LIMIT, LIMIT]),
        "nested": ([-100, 100], [0, 1, 2, 3]),
    }
    for k in range(1, 6):
        m, n = rng.randint(0, 8), rng.randint(0, 8)
        if m + n == 0:
            m = 1
        cases[f"small-{k}"] = (rand(rng, m, -20, 20), rand(rng, n, -20, 20))
    cases["medium-1"] = (rand(rng, 999), rand(rng, 1000))
    # Picking the smallest value 5 * 10^4 times from 10^5 values: ~5 * 10^9 steps.
    cases["large-1"] = (rand(rng, MAX_EACH), rand(rng, MAX_EACH))
    cases["large-2"] = (rand(rng, MAX_EACH, -9999, 9999), rand(rng, 1))
    cases["large-3"] = (rand(rng, MAX_EACH - 1, -LIMIT, 0), rand(rng, MAX_EACH, 0, LIMIT))
    cases["large-4"] = ([], rand(rng, MAX_EACH, -99, 99))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (a, b) in tests(random.Random(SEED)).items():
        assert len(a) + len(b) >= 1 and max(len(a), len(b)) <= MAX_EACH, name
        for values in (a, b):
            assert values == sorted(values) and all(-LIMIT <= v <= LIMIT for v in values), name
        test = {"args": [a, b], "expected": median(a, b)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
