"""Write every reverse-linked-list test into this folder (or the folder given as the first
argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [head], "expected": reversed}; a linked list is written as the
array of its values.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240613
MAX_N = 5000  # LeetCode's constraint
LIMIT = 5000


def rand(rng: random.Random, n: int, lo: int = -LIMIT, hi: int = LIMIT) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases = {
        "sample-1": [4, 8, 15, 16],
        "sample-2": [7, 9],
        "sample-3": [],
        "single": [42],
        "negative-single": [-LIMIT],
        "palindrome": [1, 2, 3, 2, 1],
        "all-equal": [6, 6, 6, 6],
        "extremes": [LIMIT, -LIMIT, 0, LIMIT],
        "ascending": list(range(1, 21)),
        "descending": list(range(10, -11, -1)),
    }
    for k in range(1, 6):
        cases[f"small-{k}"] = rand(rng, rng.randint(3, 15), -50, 50)
    cases["medium-1"] = rand(rng, 1000)
    # The longest lists LeetCode allows: random, every value once, few distinct values.
    cases["large-1"] = rand(rng, MAX_N)
    cases["large-2"] = list(range(-LIMIT, LIMIT + 1, 2))[:MAX_N]
    cases["large-3"] = rand(rng, MAX_N, 0, 9)
    cases["large-4"] = rand(rng, MAX_N - 1)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, values in tests(random.Random(SEED)).items():
        assert len(values) <= MAX_N and all(-LIMIT <= v <= LIMIT for v in values), name
        test = {"args": [values], "expected": values[::-1]}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
