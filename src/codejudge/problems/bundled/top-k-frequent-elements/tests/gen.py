"""Write every top-k-frequent-elements test into this folder (or the folder given as the first
argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [nums, k], "expected": the k most frequent values}; the
answer is unique (no tie at the boundary) and judged in any order.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 20240615
LIMIT = 10**4
MAX_N = 10**5


def build(rng: random.Random, distinct: int, top: int, low: int, high: int) -> list[int]:
    """`distinct` random values: `top` of them occur between low + 1 and high times, the others
    between 1 and low times, so the top ones are the unique answer. Shuffled."""
    values = rng.sample(range(-LIMIT, LIMIT + 1), distinct)
    counts = [rng.randint(low + 1, high) for _ in range(top)]
    counts += [rng.randint(1, low) for _ in range(distinct - top)]
    nums = [v for v, c in zip(values, counts, strict=True) for _ in range(c)]
    rng.shuffle(nums)
    return nums


def tests(rng: random.Random) -> dict[str, tuple[list[int], int]]:
    cases: dict[str, tuple[list[int], int]] = {
        "sample-1": ([4, 4, 4, 9, 2, 9, 7], 2),
        "sample-2": ([-5], 1),
        "sample-3": ([3, 1, 3, 1, 2, 3, 1, 8], 2),
        "all-distinct-take-all": ([5, -3, 8, 0], 4),
        "single-value": ([7] * 6, 1),
        "extremes": ([LIMIT, -LIMIT, LIMIT, -LIMIT, 0], 2),
        "small-beats-large-value": ([1, 1, 1, 100, 100, 9999], 1),
        "negative-wins": ([-2, -2, -2, 5, 5, 6, 6, 7, 7], 1),
    }
    for k in range(1, 6):
        distinct = rng.randint(1, 8)
        top = rng.randint(1, distinct)
        cases[f"small-{k}"] = (build(rng, distinct, top, 2, 5), top)
    cases["medium-1"] = (build(rng, 500, 10, 10, 30), 10)
    cases["medium-2"] = (build(rng, 2000, 1500, 1, 3), 1500)
    # Large: every possible value occurs, and k is large, so picking the most frequent value k
    # times over scans ~10^8 counts.
    cases["large-1"] = (build(rng, 2 * LIMIT + 1, 15000, 2, 8), 15000)
    cases["large-2"] = (build(rng, 2 * LIMIT + 1, 1, 4, 40000), 1)
    cases["large-3"] = (build(rng, 1000, 100, 50, 500), 100)
    cases["large-4"] = ([*[1] * 50001, *[-1] * 49998, 0], 2)
    cases["large-5"] = (build(rng, 2 * LIMIT + 1, 2 * LIMIT + 1, 0, 5), 2 * LIMIT + 1)
    return cases


def top_k(nums: list[int], k: int) -> list[int]:
    ranked = Counter(nums).most_common()
    assert 1 <= k <= len(ranked)
    assert k == len(ranked) or ranked[k - 1][1] > ranked[k][1], "the answer must be unique"
    return sorted(v for v, _ in ranked[:k])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (nums, k) in tests(random.Random(SEED)).items():
        assert 1 <= len(nums) <= MAX_N and all(-LIMIT <= v <= LIMIT for v in nums), name
        test = {"args": [nums, k], "expected": top_k(nums, k)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
