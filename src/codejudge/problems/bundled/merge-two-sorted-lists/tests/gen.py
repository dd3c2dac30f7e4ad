"""Write every merge-two-sorted-lists test into this folder (or the folder given as the first
argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [list1, list2], "expected": merged}; a linked list is written
as the array of its values.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240612
# LeetCode's constraints: at most 50 nodes per list, values in [-100, 100].
MAX_N = 50
LIMIT = 100


def merge(a: list[int], b: list[int]) -> list[int]:
    out: list[int] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]


def rand(rng: random.Random, n: int, lo: int = -LIMIT, hi: int = LIMIT) -> list[int]:
    return sorted(rng.randint(lo, hi) for _ in range(n))


def tests(rng: random.Random) -> dict[str, tuple[list[int], list[int]]]:
    cases = {
        "sample-1": ([1, 3, 8], [2, 3, 4]),
        "sample-2": ([], [5]),
        "sample-3": ([], []),
        "first-empty": ([], [-3, 0, 0, 7]),
        "second-empty": ([1, 2, 2], []),
        "singles": ([2], [1]),
        "equal-values": ([4, 4, 4], [4, 4]),
        "all-first-smaller": ([1, 2, 3], [10, 11, 12]),
        "all-second-smaller": ([10, 11, 12], [1, 2, 3]),
        "extremes": ([-LIMIT, LIMIT], [-LIMIT, 0, LIMIT]),
        "one-inside-other": ([-5, 100], [0, 1, 2, 3]),
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = (
            rand(rng, rng.randint(0, 10), -20, 20),
            rand(rng, rng.randint(0, 10), -20, 20),
        )
    cases["medium-1"] = (rand(rng, 25), rand(rng, 30))
    # The largest lists: interleaved, many equal values, one wholly before the other.
    cases["large-1"] = (rand(rng, MAX_N), rand(rng, MAX_N))
    cases["large-2"] = (rand(rng, MAX_N, -5, 5), rand(rng, MAX_N, -5, 5))
    cases["large-3"] = (rand(rng, MAX_N, -LIMIT, 0), rand(rng, MAX_N, 0, LIMIT))
    cases["large-4"] = (rand(rng, MAX_N), [])
    cases["large-5"] = (rand(rng, 1), rand(rng, MAX_N))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (a, b) in tests(random.Random(SEED)).items():
        for values in (a, b):
            assert len(values) <= MAX_N and values == sorted(values), name
            assert all(-LIMIT <= v <= LIMIT for v in values), name
        test = {"args": [a, b], "expected": merge(a, b)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
