"""Write every maximum-subarray test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums], "expected": best_sum}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240612
LIMIT = 10**4
MAX_N = 10**5


def best(nums: list[int]) -> int:
    """The largest sum of a non-empty contiguous stretch (Kadane)."""
    answer = current = nums[0]
    for value in nums[1:]:
        current = max(value, current + value)
        answer = max(answer, current)
    return answer


def brute(nums: list[int]) -> int:
    return max(sum(nums[i : j + 1]) for i in range(len(nums)) for j in range(i, len(nums)))


def randoms(rng: random.Random, n: int, lo: int = -LIMIT, hi: int = LIMIT) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [-3, 4, -1, 2, 1, -6, 3],
        "sample-2": [8],
        "sample-3": [-4, -2, -7],
        "single-negative": [-LIMIT],
        "all-zero": [0, 0, 0],
        "negatives-and-zero": [-5, 0, -3],
        "whole-array": [2, -1, 2, -1, 2],
        "dip-worth-crossing": [5, -4, 5],
        "dip-not-worth-crossing": [5, -6, 5],
        "best-at-end": [-1, -2, -3, 10],
    }
    for k in range(1, 6):
        cases[f"small-{k}"] = randoms(rng, rng.randint(1, 12), -10, 10)
    cases["medium-1"] = randoms(rng, 3000)
    cases["medium-2"] = randoms(rng, 3000, -LIMIT, LIMIT // 10)
    # Large: a quadratic scan does ~5 * 10^9 additions.
    cases["large-1"] = randoms(rng, MAX_N)
    cases["large-2"] = randoms(rng, MAX_N, -LIMIT, -1)
    cases["large-3"] = [LIMIT] * MAX_N  # the answer is 10^9: still fits in 32 bits
    cases["large-4"] = randoms(rng, MAX_N, -LIMIT, LIMIT // 2)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, nums in tests(random.Random(SEED)).items():
        assert 1 <= len(nums) <= MAX_N and all(-LIMIT <= v <= LIMIT for v in nums), name
        expected = best(nums)
        if len(nums) <= 50:
            assert expected == brute(nums), name
        test = {"args": [nums], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
