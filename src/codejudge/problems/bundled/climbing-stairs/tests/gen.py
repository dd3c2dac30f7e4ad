"""Write every climbing-stairs test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [n], "expected": number of ways}.
"""

from __future__ import annotations

import json
import random
import sys
from itertools import product
from pathlib import Path

SEED = 20240616
MAX_N = 45


def ways(n: int) -> int:
    """Ways to climb n steps: the Fibonacci recurrence ways(n) = ways(n-1) + ways(n-2)."""
    a, b = 1, 1  # ways(0), ways(1)
    for _ in range(n - 1):
        a, b = b, a + b
    return b


def brute_force(n: int) -> int:
    """Count the sequences of 1s and 2s summing to n by listing them (small n only)."""
    return sum(sum(moves) == n for k in range(n + 1) for moves in product((1, 2), repeat=k))


def tests(rng: random.Random) -> dict[str, int]:
    cases = {"sample-1": 2, "sample-2": 4, "one": 1, "three": 3, "five": 5, "ten": 10}
    for k, n in enumerate(sorted(rng.sample(range(6, 31), 6)), start=1):
        cases[f"medium-{k}"] = n
    # Plain recursion makes about 1.6^n calls: hopeless from n = 40 on.
    for k, n in enumerate([40, 41, 42, 43, 44, 45, rng.randint(40, 44), 36], start=1):
        cases[f"large-{k}"] = n
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for n in range(1, 16):
        assert ways(n) == brute_force(n), n
    assert ways(MAX_N) < 2**31
    for name, n in tests(random.Random(SEED)).items():
        assert 1 <= n <= MAX_N, name
        test = {"args": [n], "expected": ways(n)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
