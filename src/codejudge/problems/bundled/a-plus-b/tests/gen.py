"""Write every a-plus-b test into this folder (or the folder given as the first argument).

Deterministic: a fixed seed, so running it again reproduces the committed files byte for byte.
Each test is NAME.in ("a b") and NAME.ans (a + b).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20240604
LIMIT = 10**18


def tests(rng: random.Random) -> dict[str, tuple[int, int]]:
    cases = {
        "sample-1": (1, 2),
        "sample-2": (-7, 5),
        "zeros": (0, 0),
        "int32-overflow": (2**31 - 1, 1),
        "int32-underflow": (-(2**31), -1),
        "float-precision": (2**53 + 1, 0),  # a double rounds it to 2^53
        "large-max": (LIMIT, LIMIT),
        "large-min": (-LIMIT, -LIMIT),
        "large-cancel": (LIMIT, -LIMIT),
        "large-near-max": (LIMIT - 1, 999_999_999_999_999_999),
    }
    for k in range(1, 4):
        cases[f"large-random-{k}"] = (rng.randint(-LIMIT, LIMIT), rng.randint(-LIMIT, LIMIT))
    # Added later, from a stream of their own so that the cases above stay byte for byte the same.
    more = random.Random(SEED + 1)
    cases |= {"negatives": (-3, -4), "mixed-signs": (1000, -1), "large-minus-one": (LIMIT, -1)}
    for k in range(4, 6):
        cases[f"large-random-{k}"] = (more.randint(-LIMIT, LIMIT), more.randint(-LIMIT, LIMIT))
    for k in range(1, 3):
        cases[f"small-random-{k}"] = (more.randint(-1000, 1000), more.randint(-1000, 1000))
    return cases


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for name, (a, b) in tests(random.Random(SEED)).items():
        assert -LIMIT <= a <= LIMIT and -LIMIT <= b <= LIMIT, name
        (out / f"{name}.in").write_text(f"{a} {b}\n")
        (out / f"{name}.ans").write_text(f"{a + b}\n")


if __name__ == "__main__":
    main()
