"""Write every coin-change test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [coins, amount], "expected": fewest coins or -1}.
"""

from __future__ import annotations

import json
import random
import sys
from collections import deque
from pathlib import Path

SEED = 20240617
MAX_COIN = 2**31 - 1
MAX_AMOUNT = 10**4


def fewest(coins: list[int], amount: int) -> int:
    """Breadth-first search over the amounts paid so far: the first time `amount` is reached
    is with the fewest coins."""
    depth = {0: 0}
    queue = deque([0])
    while queue:
        paid = queue.popleft()
        if paid == amount:
            return depth[paid]
        for coin in coins:
            nxt = paid + coin
            if nxt <= amount and nxt not in depth:
                depth[nxt] = depth[paid] + 1
                queue.append(nxt)
    return -1


def tests(rng: random.Random) -> dict[str, tuple[list[int], int]]:
    cases: dict[str, tuple[list[int], int]] = {
        "sample-1": ([1, 4, 6], 8),
        "sample-2": ([4], 10),
        "sample-3": ([3, 5], 0),
        "one-coin-exact": ([7], 7),
        "coin-too-big": ([MAX_COIN], 5),
        "huge-and-small": ([MAX_COIN, 2], 10**4),
        "greedy-gets-stuck": ([5, 3], 9),
        "greedy-not-optimal": ([1, 3, 4], 6),
        "unsorted": ([9, 1, 6, 5], 11),
        "even-coins-odd-amount": ([2, 4, 6, 8], 9999),
    }
    for k in range(1, 6):
        coins = rng.sample(range(1, 30), rng.randint(1, 4))
        cases[f"small-{k}"] = (coins, rng.randint(0, 60))
    # Large: twelve coins of 40..95, so paying by plain recursion branches twelve ways at
    # every one of up to ~250 levels.
    cases["large-1"] = (rng.sample(range(40, 96), 12), MAX_AMOUNT)
    cases["large-2"] = ([1, *rng.sample(range(2, 10**4), 11)], MAX_AMOUNT)
    cases["large-3"] = (rng.sample(range(100, 2000), 12), rng.randint(9000, MAX_AMOUNT))
    cases["large-4"] = ([186, 419, 83, 408], 6249)
    cases["large-5"] = ([1], MAX_AMOUNT)
    cases["large-6"] = (rng.sample(range(2, MAX_COIN, 2), 12), 9999)  # even coins, odd amount
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (coins, amount) in tests(random.Random(SEED)).items():
        assert 1 <= len(coins) <= 12 and len(set(coins)) == len(coins), name
        assert all(1 <= c <= MAX_COIN for c in coins) and 0 <= amount <= MAX_AMOUNT, name
        test = {"args": [coins, amount], "expected": fewest(coins, amount)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
