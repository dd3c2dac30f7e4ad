"""Write every count-inversions test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.in ("n", then the n numbers) and NAME.ans (the number of inversions).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20240624
MAX_N = 2 * 10**5
MAX_A = 10**9


def inversions(a: list[int]) -> int:
    """A Fenwick tree over the ranks: for each entry, count the earlier entries above it."""
    rank = {v: i + 1 for i, v in enumerate(sorted(set(a)))}
    size = len(rank)
    tree = [0] * (size + 1)
    total = 0
    for seen, value in enumerate(a):
        r = rank[value]
        at_most = 0  # earlier entries <= value
        i = r
        while i:
            at_most += tree[i]
            i &= i - 1
        total += seen - at_most
        while r <= size:
            tree[r] += 1
            r += r & -r
    return total


def brute(a: list[int]) -> int:
    return sum(a[i] > a[j] for i in range(len(a)) for j in range(i + 1, len(a)))


def randoms(rng: random.Random, n: int, hi: int = MAX_A) -> list[int]:
    return [rng.randint(1, hi) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases: dict[str, list[int]] = {
        "sample-1": [3, 1, 4, 1, 5],
        "sample-2": [7, 7, 7, 7],
        "sample-3": [4, 3, 2, 1],
        "single": [MAX_A],
        "two-in-order": [1, 2],
        "two-swapped": [2, 1],
        "extremes": [MAX_A, 1, MAX_A, 1],
        "equal-pairs": [2, 2, 1, 1, 3, 3],
    }
    for k in range(1, 6):
        cases[f"small-{k}"] = randoms(rng, rng.randint(1, 15), 8)
    cases["medium-1"] = randoms(rng, 2000)
    cases["medium-2"] = randoms(rng, 2000, 20)
    # Large: checking all pairs is ~5 * 10^9 comparisons or more.
    perm = list(range(1, MAX_N // 2 + 1))
    rng.shuffle(perm)
    cases["large-1"] = perm
    cases["large-2"] = list(range(MAX_N, 0, -1))  # the most: n (n - 1) / 2 ~ 2 * 10^10
    cases["large-3"] = randoms(rng, MAX_N, 10)
    cases["large-4"] = randoms(rng, 20000)
    cases["large-5"] = [MAX_A] * 1000 + list(range(1, 30001))  # one block above a sorted run
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, a in tests(random.Random(SEED)).items():
        assert 1 <= len(a) <= MAX_N and all(1 <= v <= MAX_A for v in a), name
        expected = inversions(a)
        if len(a) <= 2000:
            assert expected == brute(a), name
        (out / f"{name}.in").write_text(f"{len(a)}\n{' '.join(map(str, a))}\n")
        (out / f"{name}.ans").write_text(f"{expected}\n")


if __name__ == "__main__":
    main()
