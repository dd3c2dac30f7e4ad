"""Write every contains-duplicate test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums], "expected": true | false}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240611
LIMIT = 10**9
MAX_N = 10**5


def distinct(rng: random.Random, n: int, spread: int = LIMIT) -> list[int]:
    values = rng.sample(range(-spread, spread + 1), n)
    rng.shuffle(values)
    return values


def with_pair(rng: random.Random, n: int, i: int, j: int) -> list[int]:
    """n values, all distinct except that positions i and j hold the same one."""
    values = distinct(rng, n - 1)
    values.insert(j, values[i])
    return values


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [4, 1, 7, 4],
        "sample-2": [5, 6, 7, 8],
        "sample-3": [2, 2, 9, 3, 9, 9, 1],
        "single": [7],
        "pair-equal": [-3, -3],
        "pair-distinct": [-3, 3],
        "extremes-distinct": [LIMIT, -LIMIT, 0],
        "extremes-repeated": [LIMIT, -LIMIT, 0, LIMIT],
        "zeros": [0, 0, 0, 0],
        # Neighbours in value but not equal: catches "compare after dividing" tricks.
        "adjacent-values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        # The duplicates are far apart and not next to each other.
        "unsorted-apart": [3, 1, 2, 5, 4, 3],
    }
    for k in range(1, 4):
        n = rng.randint(2, 15)
        if k == 2:
            cases[f"small-{k}"] = distinct(rng, n, spread=30)
        else:
            i, j = sorted(rng.sample(range(n), 2))
            cases[f"small-{k}"] = with_pair(rng, n, i, j)
    cases["medium-1"] = distinct(rng, 2000)
    cases["medium-2"] = with_pair(rng, 2000, 17, 1500)
    # All distinct: a pairwise check scans all ~5 * 10^9 pairs.
    cases["large-1"] = distinct(rng, MAX_N)
    # The only repeat is in the last two positions.
    cases["large-2"] = with_pair(rng, MAX_N // 2, MAX_N // 2 - 2, MAX_N // 2 - 1)
    # The only repeat is the first and the last position.
    cases["large-3"] = with_pair(rng, MAX_N // 2, 0, MAX_N // 2 - 1)
    # Few distinct values: lots of repeats.
    cases["large-4"] = [rng.randint(-50, 50) for _ in range(MAX_N)]
    # Sorted and distinct.
    cases["large-5"] = sorted(distinct(rng, MAX_N // 2))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, nums in tests(random.Random(SEED)).items():
        assert 1 <= len(nums) <= MAX_N and all(-LIMIT <= v <= LIMIT for v in nums), name
        expected = len(set(nums)) < len(nums)
        test = {"args": [nums], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
