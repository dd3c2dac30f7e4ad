"""Write every best-time-to-buy-and-sell-stock test into this folder (or the folder given as the
first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [prices], "expected": best profit}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240617
MAX_N = 10**5
LIMIT = 10**4


def best(prices: list[int]) -> int:
    profit, low = 0, LIMIT
    for price in prices:
        low = min(low, price)
        profit = max(profit, price - low)
    return profit


def brute_force(prices: list[int]) -> int:
    n = len(prices)
    return max([0] + [prices[j] - prices[i] for i in range(n) for j in range(i + 1, n)])


def rand(rng: random.Random, n: int, lo: int = 0, hi: int = LIMIT) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def tests(rng: random.Random) -> dict[str, list[int]]:
    cases = {
        "sample-1": [3, 8, 2, 6, 1],
        "sample-2": [9, 7, 4, 1],
        "sample-3": [2, 4, 1, 7],
        "one-day": [5],
        "two-days-up": [1, 2],
        "two-days-down": [2, 1],
        "flat": [4, 4, 4, 4],
        "zeros-and-max": [0, LIMIT],
        "max-before-min": [LIMIT, 0],
        "later-low": [5, 11, 1, 4],  # the lowest price is not part of the best trade
        "extremes-around": [7, 1, 5, 0, 3, 6, 2],
    }
    for k in range(1, 5):
        cases[f"small-{k}"] = rand(rng, rng.randint(2, 20), 0, 30)
    cases["medium-1"] = rand(rng, 2000)
    # Every pair of 10^5 days is 5 * 10^9 pairs.
    cases["large-1"] = rand(rng, MAX_N)
    cases["large-2"] = sorted(rand(rng, MAX_N), reverse=True)
    falling = sorted(rand(rng, MAX_N // 2, 100, LIMIT), reverse=True)
    cases["large-3"] = falling + [v - 100 for v in falling[:10]]
    cases["large-4"] = [
        LIMIT // 2 + (k % 100) * (1 if k % 200 < 100 else -1) for k in range(MAX_N // 2)
    ]
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, prices in tests(random.Random(SEED)).items():
        assert 1 <= len(prices) <= MAX_N and all(0 <= p <= LIMIT for p in prices), name
        if len(prices) <= 2000:
            assert best(prices) == brute_force(prices), name
        test = {"args": [prices], "expected": best(prices)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
