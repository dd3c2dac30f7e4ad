"""Write every knapsack test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.in ("n W", then n lines "w v") and NAME.ans (the best total worth).
"""

from __future__ import annotations

import random
import sys
from itertools import combinations
from pathlib import Path

SEED = 20240623
MAX_N = 100
MAX_W = 10**5
MAX_V = 10**9

Item = tuple[int, int]
Case = tuple[int, list[Item]]


def best(capacity: int, items: list[Item]) -> int:
    """best[c] = the largest worth within weight c; downwards so each item is used once."""
    table = [0] * (capacity + 1)
    for w, v in items:
        for c in range(capacity, w - 1, -1):
            if table[c - w] + v > table[c]:
                table[c] = table[c - w] + v
    return table[capacity]


def brute(capacity: int, items: list[Item]) -> int:
    return max(
        sum(v for _, v in chosen)
        for k in range(len(items) + 1)
        for chosen in combinations(items, k)
        if sum(w for w, _ in chosen) <= capacity
    )


def randoms(rng: random.Random, n: int, max_w: int, max_v: int = MAX_V) -> list[Item]:
    return [(rng.randint(1, max_w), rng.randint(1, max_v)) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, Case]:
    cases: dict[str, Case] = {
        "sample-1": (10, [(3, 5), (4, 6), (5, 7)]),
        "sample-2": (4, [(5, 100), (6, 200)]),
        "sample-3": (8, [(8, 10), (2, 4), (3, 5), (3, 5)]),
        "exact-fit": (7, [(7, 9)]),
        "one-over": (6, [(7, 9)]),
        "capacity-one": (1, [(1, 3), (1, 4), (2, 100)]),
        "greedy-by-ratio-fails": (10, [(6, 60), (5, 45), (5, 45)]),
        "reuse-would-help": (9, [(3, 10), (5, 12)]),
        "all-fit-max-worth": (MAX_W, [(1000, MAX_V)] * MAX_N),  # 10^11, beyond 32 bits
    }
    for k in range(1, 5):
        n = rng.randint(1, 12)
        cases[f"small-{k}"] = (rng.randint(1, 60), randoms(rng, n, 20, 100))
    cases["medium-1"] = (5000, randoms(rng, 50, 500))
    # Large: 100 items, 10^5 capacity; with light items almost every subset of a few dozen fits,
    # so trying subsets never finishes.
    cases["large-1"] = (MAX_W, randoms(rng, MAX_N, 4000))
    cases["large-2"] = (MAX_W, randoms(rng, MAX_N, MAX_W))
    cases["large-3"] = (
        MAX_W,
        [(w, w * 1000 + rng.randint(0, 999)) for w, _ in randoms(rng, 100, 3000)],
    )
    cases["large-4"] = (
        MAX_W - 1,
        [(rng.randint(900, 1100), MAX_V - rng.randint(0, 9)) for _ in range(MAX_N)],
    )
    cases["large-5"] = (MAX_W, randoms(rng, MAX_N, 2 * MAX_W // MAX_N))  # total weight ~ W
    cases["large-6"] = (99991, randoms(rng, MAX_N, 20000, 1000))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (capacity, items) in tests(random.Random(SEED)).items():
        assert 1 <= len(items) <= MAX_N and 1 <= capacity <= MAX_W, name
        assert all(1 <= w <= MAX_W and 1 <= v <= MAX_V for w, v in items), name
        expected = best(capacity, items)
        if len(items) <= 12:
            assert expected == brute(capacity, items), name
        lines = [f"{len(items)} {capacity}", *(f"{w} {v}" for w, v in items)]
        (out / f"{name}.in").write_text("\n".join(lines) + "\n")
        (out / f"{name}.ans").write_text(f"{expected}\n")


if __name__ == "__main__":
    main()
