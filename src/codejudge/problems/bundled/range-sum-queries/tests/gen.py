"""Write every range-sum-queries test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.in ("n q", the n numbers, then q lines "l r") and NAME.ans (one sum a line).
"""

from __future__ import annotations

import random
import sys
from itertools import accumulate
from pathlib import Path

SEED = 20240621
LIMIT = 10**9
MAX_N = 10**5
MAX_Q = 10**5

Case = tuple[list[int], list[tuple[int, int]]]


def queries(rng: random.Random, n: int, q: int, wide: bool = False) -> list[tuple[int, int]]:
    result = []
    for _ in range(q):
        if wide:  # nearly the whole array every time
            result.append((rng.randint(1, min(n, 100)), rng.randint(max(1, n - 99), n)))
        else:
            lo, hi = sorted((rng.randint(1, n), rng.randint(1, n)))
            result.append((lo, hi))
    return result


def numbers(rng: random.Random, n: int, spread: int = LIMIT) -> list[int]:
    return [rng.randint(-spread, spread) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, Case]:
    cases: dict[str, Case] = {
        "sample-1": ([3, -1, 4, 1, 5], [(1, 3), (2, 5), (4, 4)]),
        "sample-2": ([LIMIT, LIMIT], [(1, 2), (2, 2)]),
        "single": ([-7], [(1, 1)]),
        "negative-overflow": ([-LIMIT] * 5, [(1, 5), (3, 4)]),
        "cancel": ([LIMIT, -LIMIT, LIMIT, -LIMIT], [(1, 4), (1, 3), (2, 4), (2, 3)]),
        "zeros": ([0] * 6, [(1, 6), (2, 5), (6, 6)]),
        "same-query-repeated": ([1, 2, 3], [(1, 3)] * 5),
        "first-and-last": ([5, 6, 7, 8, 9], [(1, 1), (5, 5), (1, 5)]),
    }
    for k in range(1, 6):
        n = rng.randint(1, 15)
        cases[f"small-{k}"] = (numbers(rng, n, 20), queries(rng, n, rng.randint(1, 10)))
    cases["medium-1"] = (numbers(rng, 1000), queries(rng, 1000, 1000))
    cases["medium-2"] = (numbers(rng, 5000, 100), queries(rng, 5000, 5000))
    # Large: with 10^5 questions spanning almost all of 10^5 numbers, summing each range afresh
    # adds up ~10^10 numbers.
    cases["large-1"] = (numbers(rng, MAX_N, 9), queries(rng, MAX_N, MAX_Q, wide=True))
    cases["large-2"] = (numbers(rng, 30000), queries(rng, 30000, 2000))  # sums beyond 32 bits
    cases["large-3"] = ([LIMIT] * 20000, [(1, 20000), (20000, 20000), (2, 19999)])
    cases["large-5"] = ([-LIMIT] * 20000, queries(rng, 20000, 100))
    cases["large-4"] = (numbers(rng, 20000, 1000), queries(rng, 20000, 20000))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (a, qs) in tests(random.Random(SEED)).items():
        n = len(a)
        assert 1 <= n <= MAX_N and 1 <= len(qs) <= MAX_Q, name
        assert all(-LIMIT <= v <= LIMIT for v in a), name
        assert all(1 <= lo <= hi <= n for lo, hi in qs), name
        prefix = [0, *accumulate(a)]
        lines = [f"{n} {len(qs)}", " ".join(map(str, a)), *(f"{lo} {hi}" for lo, hi in qs)]
        (out / f"{name}.in").write_text("\n".join(lines) + "\n")
        answers = [prefix[hi] - prefix[lo - 1] for lo, hi in qs]
        (out / f"{name}.ans").write_text("\n".join(map(str, answers)) + "\n")


if __name__ == "__main__":
    main()
