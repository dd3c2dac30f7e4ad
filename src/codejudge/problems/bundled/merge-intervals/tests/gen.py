"""Write every merge-intervals test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [intervals], "expected": merged}; merged is sorted by start
(the problem's checker accepts any order).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240622
MAX_N = 10**4
LIMIT = 10**4  # LeetCode's constraint, as is MAX_N

Intervals = list[list[int]]


def merge(intervals: Intervals) -> Intervals:
    """Mark the covered numbers on a line (a different method from the sort-and-sweep solutions).

    Numbers are doubled so that [1, 2] and [3, 4], which share no number, stay apart.
    """
    cover = [0] * (2 * LIMIT + 2)
    for start, end in intervals:
        cover[2 * start] += 1
        cover[2 * end + 1] -= 1
    merged: Intervals = []
    depth = 0
    for x, delta in enumerate(cover):
        before = depth
        depth += delta
        if before == 0 and depth > 0:
            merged.append([x // 2, -1])
        elif before > 0 and depth == 0:
            merged[-1][1] = (x - 1) // 2
    return merged


def rand(rng: random.Random, n: int, hi: int = LIMIT, max_len: int = LIMIT) -> Intervals:
    out = []
    for _ in range(n):
        start = rng.randint(0, hi)
        out.append([start, min(hi, start + rng.randint(0, max_len))])
    return out


def tests(rng: random.Random) -> dict[str, Intervals]:
    cases = {
        "sample-1": [[4, 7], [1, 2], [6, 9], [12, 15]],
        "sample-2": [[2, 5], [5, 6]],
        "sample-3": [[1, 10], [3, 4], [2, 6]],
        "single": [[3, 3]],
        "points": [[5, 5], [5, 5], [6, 6]],
        "adjacent-not-touching": [[1, 2], [3, 4]],
        "unsorted": [[8, 9], [0, 1], [4, 6], [1, 3]],
        "contained-first": [[0, 100], [10, 20], [30, 200]],
        "same-start": [[2, 3], [2, 9], [2, 4]],
        "extremes": [[0, 0], [LIMIT, LIMIT], [0, LIMIT]],
        "chain": [[i, i + 1] for i in range(0, 20, 1)],
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = rand(rng, rng.randint(2, 12), 30, 6)
    cases["medium-1"] = rand(rng, 1000, LIMIT, 200)
    # 10^4 disjoint intervals: comparing every pair is 5 * 10^7 comparisons in one pass.
    disjoint = [[s, s] for s in sorted(rng.sample(range(0, LIMIT + 1), MAX_N))]
    rng.shuffle(disjoint)
    cases["large-1"] = disjoint
    cases["large-2"] = rand(rng, MAX_N, LIMIT, 30)
    cases["large-3"] = rand(rng, MAX_N, LIMIT, 3000)
    cases["large-4"] = [[0, LIMIT], *rand(rng, MAX_N - 1, LIMIT, 10)]
    nested = [[i // 2, LIMIT - i // 2] for i in range(MAX_N)]
    rng.shuffle(nested)
    cases["large-5"] = nested
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, intervals in tests(random.Random(SEED)).items():
        assert 1 <= len(intervals) <= MAX_N, name
        assert all(0 <= a <= b <= LIMIT for a, b in intervals), name
        merged = merge(intervals)
        assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1)), name
        test = {"args": [intervals], "expected": merged}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
