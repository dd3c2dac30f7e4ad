"""Write every search-in-rotated-sorted-array test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums, target], "expected": index or -1}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240614
# LeetCode's constraints.
LIMIT = 10**4
MAX_N = 5000


def rotated(rng: random.Random, n: int, shift: int, spread: int = LIMIT) -> list[int]:
    """n distinct sorted values with the first `shift` of them moved to the back."""
    values = sorted(rng.sample(range(-spread, spread + 1), n))
    return values[shift:] + values[:shift]


def absent(rng: random.Random, nums: list[int], spread: int = LIMIT) -> int:
    present = set(nums)
    while True:
        target = rng.randint(-spread, spread)
        if target not in present:
            return target


def tests(rng: random.Random) -> dict[str, tuple[list[int], int]]:
    cases: dict[str, tuple[list[int], int]] = {
        "sample-1": ([5, 8, 9, 1, 3], 1),
        "sample-2": ([5, 8, 9, 1, 3], 4),
        "sample-3": ([7], 7),
        "single-absent": ([7], -7),
        "two-rotated": ([3, 1], 1),
        "two-rotated-first": ([3, 1], 3),
        "two-sorted": ([1, 3], 3),
        "not-rotated": ([1, 2, 3, 4, 5, 6], 5),
        "between-halves": ([6, 8, 1, 3], 5),
        "extremes": ([LIMIT, -LIMIT, 0], -LIMIT),
        "target-at-pivot": ([40, 50, 60, 10, 20, 30], 10),
        "target-before-pivot": ([40, 50, 60, 10, 20, 30], 60),
    }
    for k in range(1, 9):
        n = rng.randint(1, 12)
        nums = rotated(rng, n, rng.randrange(n), spread=40)
        target = rng.choice(nums) if k % 2 else absent(rng, nums, spread=40)
        cases[f"small-{k}"] = (nums, target)
    for k in range(1, 3):
        nums = rotated(rng, 5000, rng.randrange(5000))
        cases[f"medium-{k}"] = (nums, rng.choice(nums) if k == 1 else absent(rng, nums))
    # Large: the minimum sits at the very end, so finding the rotation point by trying every
    # start does ~5 * 10^9 comparisons.
    nums = rotated(rng, MAX_N, 1)
    cases["large-1"] = (nums, nums[rng.randrange(MAX_N)])
    nums = rotated(rng, MAX_N // 2, MAX_N // 4)
    cases["large-2"] = (nums, absent(rng, nums))
    nums = rotated(rng, MAX_N // 2, 0)
    cases["large-3"] = (nums, nums[-1])
    nums = rotated(rng, MAX_N // 2, 3)
    cases["large-4"] = (nums, nums[0])
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (nums, target) in tests(random.Random(SEED)).items():
        n = len(nums)
        assert 1 <= n <= MAX_N and len(set(nums)) == n, name
        assert all(-LIMIT <= v <= LIMIT for v in [*nums, target]), name
        breaks = sum(nums[i] > nums[i + 1] for i in range(n - 1))
        assert breaks == 0 or (breaks == 1 and nums[-1] < nums[0]), name
        expected = nums.index(target) if target in nums else -1
        test = {"args": [nums, target], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
