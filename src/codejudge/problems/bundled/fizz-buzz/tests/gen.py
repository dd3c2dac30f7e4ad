"""Write every fizz-buzz test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.json = {"args": [n], "expected": [words]}.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20240602
MAX_N = 10**4


def words(n: int) -> list[str]:
    def word(i: int) -> str:
        return ("Fizz" if i % 3 == 0 else "") + ("Buzz" if i % 5 == 0 else "") or str(i)

    return [word(i) for i in range(1, n + 1)]


def tests(rng: random.Random) -> dict[str, int]:
    cases = {"sample-1": 3, "sample-2": 5, "sample-3": 15, "one": 1, "two": 2, "thirty": 30}
    cases |= {f"random-{k}": rng.randint(16, 999) for k in range(1, 4)}
    cases |= {"large-1": rng.randint(5000, MAX_N - 1), "large-2": MAX_N - 1, "large-3": MAX_N}
    # Added later, from a stream of their own so that the cases above stay byte for byte the same.
    more = random.Random(SEED + 1)
    cases |= {"four": 4, "six": 6, "ten": 10, "sixteen": 16, "hundred": 100}
    cases |= {f"random-{k}": more.randint(16, 999) for k in range(4, 6)}
    cases["large-4"] = more.randint(5000, MAX_N - 1)
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, n in tests(random.Random(SEED)).items():
        assert 1 <= n <= MAX_N, name
        test = {"args": [n], "expected": words(n)}
        (out / f"{name}.json").write_text(json.dumps(test, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
