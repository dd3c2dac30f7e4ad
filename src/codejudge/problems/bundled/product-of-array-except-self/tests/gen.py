"""Write every product-of-array-except-self test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums], "expected": answer}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240613
INT_MAX = 2**31 - 1
MAX_N = 10**5


def except_self(nums: list[int]) -> list[int]:
    n = len(nums)
    answer = [1] * n
    left = 1
    for i in range(n):
        answer[i] = left
        left *= nums[i]
    right = 1
    for i in range(n - 1, -1, -1):
        answer[i] *= right
        right *= nums[i]
    return answer


def fits(nums: list[int]) -> bool:
    """Every prefix and suffix product fits in 32 bits."""
    for seq in (nums, nums[::-1]):
        product = 1
        for value in seq:
            product *= value
            if not -(2**31) <= product <= INT_MAX:
                return False
    return True


def build(rng: random.Random, n: int, zeros: int = 0, big: int = 8) -> list[int]:
    """Mostly 1 and -1, a few entries up to 30 in size (while the product stays in 32 bits)
    and `zeros` zeros, shuffled."""
    nums = [rng.choice((1, -1)) for _ in range(n - zeros)]
    budget = INT_MAX
    for _ in range(big):
        value = rng.randint(2, 30)
        if value <= budget:
            budget //= value
            nums[rng.randrange(len(nums))] = value * rng.choice((1, -1))
    nums += [0] * zeros
    rng.shuffle(nums)
    return nums


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [2, 3, 4, 5],
        "sample-2": [-2, 0, 3, 1],
        "sample-3": [0, 7, 0],
        "two": [6, -7],
        "two-zeros": [0, 0],
        "one-zero-first": [0, 30, 30, 30],
        "one-zero-last": [-30, -30, -30, 0],
        "all-minus-one": [-1] * 9,
        "near-limit": [30, 30, 30, 30, 30, 30, 2],  # 30^6 * 2 = 1.458 * 10^9
        "negative-limit": [-2] * 31,  # (-2)^31 fits, answers are (-2)^30
    }
    for k in range(1, 6):
        n = rng.randint(2, 10)
        cases[f"small-{k}"] = build(rng, n, zeros=rng.choice((0, 0, 1, 2)), big=n)
    cases["medium-1"] = build(rng, 5000, big=10)
    cases["medium-2"] = build(rng, 5000, zeros=1, big=10)
    # Large: the quadratic product of the others is ~10^10 multiplications.
    cases["large-1"] = build(rng, MAX_N, big=10)
    cases["large-2"] = build(rng, MAX_N, zeros=1, big=10)
    cases["large-3"] = build(rng, MAX_N, zeros=3, big=10)
    cases["large-4"] = build(rng, MAX_N, big=0)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, nums in tests(random.Random(SEED)).items():
        assert 2 <= len(nums) <= MAX_N and all(-30 <= v <= 30 for v in nums), name
        assert fits(nums), name
        expected = except_self(nums)
        if len(nums) <= 50:
            for i in range(len(nums)):
                product = 1
                for j, value in enumerate(nums):
                    product *= value if j != i else 1
                assert expected[i] == product, name
        test = {"args": [nums], "expected": expected}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
