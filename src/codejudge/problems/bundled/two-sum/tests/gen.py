"""Write every two-sum test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums, target], "expected": [i, j]}.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 20240601
LIMIT = 10**9
MAX_N = 10**4  # LeetCode's constraint


def make(rng: random.Random, n: int, i: int, j: int, spread: int = LIMIT) -> tuple[list[int], int]:
    """nums of length n whose only pair summing to target sits at positions i and j."""
    target = rng.randint(-spread, spread)
    a = rng.randint(max(-spread, target - spread), min(spread, target + spread))
    b = target - a
    seen = {a, b}
    fillers: list[int] = []
    while len(fillers) < n - 2:
        value = rng.randint(-spread, spread)
        # Adding value creates no second pair as long as its complement is not already there.
        if target - value not in seen:
            seen.add(value)
            fillers.append(value)
    rng.shuffle(fillers)
    fillers[i:i] = [a]
    fillers[j:j] = [b]
    return fillers, target


def pairs(nums: list[int], target: int) -> int:
    """How many pairs i < j have nums[i] + nums[j] == target, in linear time."""
    counts = Counter(nums)
    total = sum(c * counts[target - v] for v, c in counts.items() if v != target - v)
    return total // 2 + sum(c * (c - 1) // 2 for v, c in counts.items() if v == target - v)


def tests(rng: random.Random) -> dict[str, tuple[list[int], int, list[int]]]:
    cases: dict[str, tuple[list[int], int, list[int]]] = {
        "sample-1": ([2, 7, 11, 15], 9, [0, 1]),
        "sample-2": ([3, 2, 4], 6, [1, 2]),
        "sample-3": ([3, 3], 6, [0, 1]),
        "negatives": ([-3, 4, 3, 90], 0, [0, 2]),
        "zeros": ([0, 4, 3, 0], 0, [0, 3]),
        "extremes": ([LIMIT, -LIMIT, 5, 6], 0, [0, 1]),
        "same-value-apart": ([5, 1, 2, 7, 5], 10, [0, 4]),
    }
    for k in range(1, 4):
        n = rng.randint(2, 12)
        i, j = sorted(rng.sample(range(n), 2))
        nums, target = make(rng, n, i, j, spread=20)
        cases[f"small-{k}"] = (nums, target, [i, j])
    shapes = {
        "medium-1": (1000, None),
        "large-1": (10**4, None),
        # Answer at the very end: a brute-force double loop scans ~5 * 10^7 pairs first.
        "large-2": (MAX_N, (MAX_N - 2, MAX_N - 1)),
        "large-3": (MAX_N, (0, MAX_N - 1)),
        "large-4": (MAX_N - 1, None),
    }
    for name, (n, where) in shapes.items():
        i, j = where or sorted(rng.sample(range(n), 2))
        nums, target = make(rng, n, i, j)
        cases[name] = (nums, target, [i, j])
    # Added later, from a stream of their own so that the cases above stay byte for byte the same.
    more = random.Random(SEED + 1)
    cases["max-target"] = ([1, LIMIT // 2, 7, LIMIT // 2], LIMIT, [1, 3])
    cases["min-target"] = ([-LIMIT // 2, 0, -LIMIT // 2, 8], -LIMIT, [0, 2])
    for k in range(4, 6):
        n = more.randint(2, 12)
        i, j = sorted(more.sample(range(n), 2))
        nums, target = make(more, n, i, j, spread=20)
        cases[f"small-{k}"] = (nums, target, [i, j])
    for name, n, where in (("medium-2", 5000, (0, 1)), ("medium-3", 8000, None)):
        i, j = where or sorted(more.sample(range(n), 2))
        nums, target = make(more, n, i, j, spread=10**6)
        cases[name] = (nums, target, [i, j])
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (nums, target, expected) in tests(random.Random(SEED)).items():
        i, j = expected
        assert nums[i] + nums[j] == target and pairs(nums, target) == 1, name
        assert all(-LIMIT <= v <= LIMIT for v in [*nums, target]), name
        test = {"args": [nums, target], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
