"""Write every trapping-rain-water test into this folder (or the folder given as the first
argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [height], "expected": trapped water}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240620
# LeetCode's constraints.
MAX_H = 10**5
MAX_N = 2 * 10**4


def trapped(height: list[int]) -> int:
    """min(tallest to the left, tallest to the right) - height, summed over the columns."""
    n = len(height)
    right = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        right[i] = max(right[i + 1], height[i])
    total = left = 0
    for i, h in enumerate(height):
        left = max(left, h)
        total += min(left, right[i]) - h
    return total


def brute(height: list[int]) -> int:
    n = len(height)
    return sum(min(max(height[: i + 1]), max(height[i:])) - height[i] for i in range(n))


def randoms(rng: random.Random, n: int, hi: int = MAX_H) -> list[int]:
    return [rng.randint(0, hi) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [3, 0, 2, 0, 4, 1, 2],
        "sample-2": [4, 2, 3],
        "sample-3": [1, 2, 3, 4],
        "single": [5],
        "two": [5, 0],
        "all-zero": [0, 0, 0, 0],
        "valley": [5, 0, 0, 0, 5],
        "decreasing": [9, 7, 5, 3, 1],
        "peak-in-middle": [1, 3, 6, 2, 0],
        "nested-pools": [5, 1, 3, 1, 5],
        "uneven-walls": [2, 0, 0, 9, 0, 0, 3],
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = randoms(rng, rng.randint(1, 15), 10)
    cases["medium-1"] = randoms(rng, 3000)
    cases["medium-2"] = randoms(rng, 3000, 5)
    # Large: scanning both sides of every column is ~10^10 steps.
    cases["large-1"] = randoms(rng, MAX_N)
    # The deepest possible basin: about 10^9 units, still within 32 bits.
    cases["large-2"] = [MAX_H] + [0] * (MAX_N - 2) + [MAX_H]
    cases["large-3"] = sorted(randoms(rng, MAX_N), reverse=True)
    middle = randoms(rng, MAX_N // 2)
    cases["large-4"] = sorted(middle[: MAX_N // 4]) + sorted(middle[MAX_N // 4 :], reverse=True)
    cases["large-5"] = [MAX_H if i % 200 == 0 else rng.randint(0, 100) for i in range(MAX_N)]
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, height in tests(random.Random(SEED)).items():
        assert 1 <= len(height) <= MAX_N and all(0 <= h <= MAX_H for h in height), name
        expected = trapped(height)
        assert expected < 2**31, name
        if len(height) <= 3000:
            assert expected == brute(height), name
        test = {"args": [height], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
