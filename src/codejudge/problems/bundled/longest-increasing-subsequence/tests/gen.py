"""Write every longest-increasing-subsequence test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums], "expected": length}.
"""

from __future__ import annotations

import bisect
import json
import random
import sys
from pathlib import Path

SEED = 20240616
# LeetCode's constraints.
LIMIT = 10**4
MAX_N = 2500


def lis(nums: list[int]) -> int:
    """Patience sorting: tails[i] is the smallest tail of an increasing run of length i + 1."""
    tails: list[int] = []
    for value in nums:
        i = bisect.bisect_left(tails, value)
        if i == len(tails):
            tails.append(value)
        else:
            tails[i] = value
    return len(tails)


def quadratic(nums: list[int]) -> int:
    best = [1] * len(nums)
    for i in range(len(nums)):
        for j in range(i):
            if nums[j] < nums[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best)


def randoms(rng: random.Random, n: int, spread: int = LIMIT) -> list[int]:
    return [rng.randint(-spread, spread) for _ in range(n)]


def staircase(rng: random.Random, n: int, steps: int) -> list[int]:
    """A noisy increasing trend: long increasing runs with plenty of traps."""
    return [i * ((2 * LIMIT - steps) // n) - LIMIT + rng.randint(0, steps) for i in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [6, 2, 8, 3, 4, 1, 9],
        "sample-2": [5, 5, 5],
        "sample-3": [1, 3, 2, 4, 3, 5],
        "single": [-4],
        "decreasing": [9, 7, 5, 3, 1],
        "increasing": [-3, -1, 0, 2, 10],
        "extremes": [LIMIT, -LIMIT, 0, LIMIT],
        "plateau-then-rise": [2, 2, 2, 3, 3, 4],
        "late-better-chain": [10, 11, 12, 1, 2, 3, 4],
    }
    for k in range(1, 6):
        cases[f"small-{k}"] = randoms(rng, rng.randint(1, 15), spread=10)
    cases["medium-1"] = randoms(rng, 1000)
    cases["medium-2"] = randoms(rng, 1000, spread=100)
    # Large: the quadratic programme compares ~5 * 10^9 pairs.
    cases["large-1"] = randoms(rng, MAX_N)
    cases["large-2"] = randoms(rng, MAX_N, spread=100)
    cases["large-3"] = staircase(rng, MAX_N, 1000)
    cases["large-4"] = sorted(randoms(rng, MAX_N, spread=1000))  # non-decreasing, repeats
    cases["large-5"] = [v % 50 for v in range(MAX_N)]  # 50 increasing runs of 50
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, nums in tests(random.Random(SEED)).items():
        assert 1 <= len(nums) <= MAX_N and all(-LIMIT <= v <= LIMIT for v in nums), name
        expected = lis(nums)
        if len(nums) <= 2500:
            assert expected == quadratic(nums), name
        test = {"args": [nums], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
